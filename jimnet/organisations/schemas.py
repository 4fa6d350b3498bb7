"""Organisation administration on the API: organisations, staff members and invitations."""

from __future__ import annotations

from marshmallow import fields, validate

from jimnet.accounts.roles import StaffRole
from jimnet.api.common import ApiSchema, DateTime, Id, StrictBoolean, enum_field


class OrganisationSchema(ApiSchema):
    """An organisation the caller administers."""

    id = Id(dump_only=True)
    name = fields.String(dump_only=True)
    consortium_id = fields.Integer(dump_only=True, allow_none=True)


class StaffMemberSchema(ApiSchema):
    """A staff member of one organisation: the roles held there and whether the account is on.
    A change sends ``roles`` (the whole set) and/or ``active``."""

    user_id = Id(attribute="user.id", dump_only=True)
    name = fields.String(attribute="user.name", dump_only=True)
    email = fields.String(attribute="user.email", dump_only=True)
    roles = fields.List(enum_field(StaffRole), validate=validate.Length(max=len(StaffRole)))
    active = StrictBoolean()


class StaffInvitationSchema(ApiSchema):
    """An invitation to work for the organisation (a link by e-mail, once, 3 days)."""

    id = Id(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    role = enum_field(StaffRole, required=True)
    expires_at = DateTime(dump_only=True)
