"""The foundation's API resource: the calling account. (The young person's are in
``jimnet.youth.schemas``.)"""

from __future__ import annotations

from marshmallow import fields

from jimnet.api.common import ApiSchema, Id


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
