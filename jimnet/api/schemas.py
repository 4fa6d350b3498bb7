"""The foundation's API resources: the calling account and the young person."""

from __future__ import annotations

from marshmallow import fields

from jimnet.api.common import ApiSchema, Date, Id, Text, Version, enum_field, page_schema
from jimnet.clock import today
from jimnet.youth.models import Youth, YouthStatus


class StaffRoleSchema(ApiSchema):
    organisation_id = Id(required=True)
    role = fields.String(required=True)


class MeSchema(ApiSchema):
    """The account making the call."""

    id = Id(dump_only=True)
    email = fields.String(dump_only=True, required=True)
    name = fields.String(dump_only=True, required=True)
    locale = fields.String(dump_only=True, allow_none=True)
    staff_roles = fields.List(fields.Nested(StaffRoleSchema), dump_only=True, required=True)


class CareTeamEntrySchema(ApiSchema):
    user_id = Id(required=True)
    name = fields.String(attribute="user.name", required=True)
    role = fields.String(required=True)
    is_lead = fields.Boolean(required=True)


class YouthSummarySchema(ApiSchema):
    """A young person in a list."""

    id = Id(dump_only=True)
    first_name = Text(100, min_length=1, required=True)
    last_name = Text(100, min_length=1, required=True)
    date_of_birth = Date(required=True)
    organisation_id = Id(required=True)
    status = enum_field(YouthStatus, dump_only=True)


class YouthSchema(YouthSummarySchema):
    """One young person: the record, age today, version and care team."""

    postcode = Text(7, allow_none=True, load_default=None)
    age = fields.Method("_age", dump_only=True, metadata={"type": "integer"})
    version = Version(dump_only=True)
    care_team = fields.List(fields.Nested(CareTeamEntrySchema), dump_only=True)

    def _age(self, youth: Youth) -> int:
        return youth.age_on(today())


YouthPageSchema = page_schema(YouthSummarySchema, "YouthList")
