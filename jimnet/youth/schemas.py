"""The young person's API resources: the record, the care team, parents with authority and
invitations for the young person or a parent."""

from __future__ import annotations

from marshmallow import fields, validate

from jimnet.accounts.roles import CareTeamRole
from jimnet.api.common import (
    VERSION_DESCRIPTION,
    ApiSchema,
    Date,
    DateTime,
    Id,
    Integer,
    PatchSchema,
    Text,
    Version,
    enum_field,
    page_schema,
)
from jimnet.clock import today
from jimnet.youth.models import Youth, YouthStatus

EMAIL_MAX = 254


def Email(**kwargs: object) -> fields.Email:
    return fields.Email(validate=validate.Length(max=EMAIL_MAX), **kwargs)  # type: ignore[arg-type]


class CareTeamMemberSchema(ApiSchema):
    """A staff member on the young person's care team (being on it is what grants access).
    Added by e-mail address: a colleague with that role in an organisation of the consortium."""

    id = Id(dump_only=True)
    user_id = Id(dump_only=True)
    name = fields.String(attribute="user.name", dump_only=True)
    email = Email(load_only=True, required=True)
    role = enum_field(CareTeamRole, required=True)
    is_lead = fields.Boolean(dump_only=True)


class ParentSchema(ApiSchema):
    """A person with parental authority (gezag) over the young person."""

    id = Id(dump_only=True)
    name = Text(200, min_length=1, required=True)
    email = Email(allow_none=True, load_default=None)
    has_account = fields.Method("_has_account", dump_only=True, metadata={"type": "boolean"})

    def _has_account(self, authority: object) -> bool:
        return getattr(authority, "user_id", None) is not None


class YouthSummarySchema(ApiSchema):
    """A young person in a list."""

    id = Id(dump_only=True)
    first_name = Text(100, min_length=1, required=True)
    last_name = Text(100, min_length=1, required=True)
    date_of_birth = Date(required=True)
    organisation_id = Id(required=True)
    status = enum_field(YouthStatus, dump_only=True)


class YouthSchema(YouthSummarySchema):
    """One young person: the record, age today, version and care team. On creation, up to two
    parents with authority may be given; the creating professional leads the care team."""

    postcode = Text(7, allow_none=True, load_default=None)
    reporting_every_weeks = Integer(1, 52, allow_none=True, load_default=None)
    age = fields.Method("_age", dump_only=True, metadata={"type": "integer"})
    version = Version(dump_only=True)
    care_team = fields.List(fields.Nested(CareTeamMemberSchema), dump_only=True)
    parents = fields.List(
        fields.Nested(ParentSchema), load_only=True, validate=validate.Length(max=2)
    )

    def _age(self, youth: Youth) -> int:
        return youth.age_on(today())


class YouthPatchSchema(PatchSchema, YouthSchema):
    """A change to the record: the fields that change, and the version you read. The
    organisation does not change here."""

    organisation_id = Id(dump_only=True)
    parents = fields.List(fields.Nested(ParentSchema), dump_only=True)
    version = Version(required=True)


class InvitationSchema(ApiSchema):
    """An invitation for the young person's or a parent's own account (a link by e-mail)."""

    id = Id(dump_only=True)
    role = fields.String(required=True, validate=validate.OneOf(["youth", "parent"]))
    email = Email(required=True)
    expires_at = DateTime(dump_only=True)


YouthPageSchema = page_schema(YouthSummarySchema, "YouthList")


class ParentSharingSchema(ApiSchema):
    """What the young person shares with one parent's account, beyond what the law gives the
    parent at the young person's age (docs/access.md). Change it with the version you read
    (0 when nothing was chosen yet)."""

    parent_id = Id(attribute="user_id", dump_only=True)
    name = fields.String(dump_only=True)
    jim = fields.Boolean(required=True, metadata={"description": "The JIM overview"})
    network = fields.Boolean(required=True, metadata={"description": "The network map"})
    big5 = fields.Boolean(required=True, metadata={"description": "The BIG5 plan"})
    log = fields.Boolean(required=True, metadata={"description": "Who looked at the file"})
    details = fields.Boolean(
        required=True,
        metadata={"description": "Notes on network members and their phone numbers and e-mail"},
    )
    in_effect = fields.List(
        fields.String(),
        dump_only=True,
        metadata={"description": "What counts today (a choice made before 18 lapses at 18)"},
    )
    decided_on = Date(dump_only=True, allow_none=True)
    version = Integer(0, 2**31 - 1, required=True, metadata={"description": VERSION_DESCRIPTION})
