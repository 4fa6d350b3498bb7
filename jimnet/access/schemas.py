"""The access log on the API: one entry as a young person (or the admin) reads it."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from jimnet.access import search
from jimnet.api.common import ApiSchema, Date, DateTime, enum_field
from jimnet.paging import MAX_ID, MAX_PAGE


class LogEntrySchema(ApiSchema):
    """Who did what to the file, when, and whether it was allowed."""

    seq = fields.Integer(attribute="entry.seq", required=True)
    occurred_at = DateTime(attribute="entry.occurred_at", required=True)
    actor_name = fields.String(required=True)
    actor_role = fields.String(attribute="entry.actor_role", allow_none=True)
    organisation_name = fields.String(allow_none=True)
    action = fields.String(attribute="entry.action", required=True)
    action_text = fields.Method("_action_text", metadata={"type": "string"})
    object_type = fields.String(attribute="entry.object_type")
    object_id = fields.String(attribute="entry.object_id", allow_none=True)
    outcome = fields.String(
        attribute="entry.outcome", validate=validate.OneOf(["allowed", "denied"])
    )

    def _action_text(self, row: search.LogRow) -> str:
        return search.readable_action(row.entry.action)


class AdminLogEntrySchema(LogEntrySchema):
    """An entry in the admin's search: also whose file, from where and through which route."""

    youth_name = fields.String(allow_none=True)
    ip = fields.String(attribute="entry.ip", allow_none=True)
    route = fields.String(attribute="entry.route", allow_none=True)


class LogPageSchema(ApiSchema):
    items = fields.List(fields.Nested(LogEntrySchema), attribute="rows", required=True)
    page = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)


class AdminLogPageSchema(ApiSchema):
    items = fields.List(fields.Nested(AdminLogEntrySchema), attribute="rows", required=True)
    page = fields.Integer(required=True)
    has_next = fields.Boolean(required=True)
    youth_id = fields.Integer(allow_none=True)
    notes = fields.List(fields.String(), metadata={"description": "Why the page may be empty"})


class LogArgsSchema(ApiSchema):
    problem_type = "bad-query"

    page = fields.Integer(validate=validate.Range(min=1, max=MAX_PAGE), load_default=1)

    class Meta:
        unknown = ma.EXCLUDE


class LogSearchArgsSchema(LogArgsSchema):
    """The admin's filters: a young person, a staff member (e-mail), the outcome, a period
    (days in Amsterdam time, both included)."""

    youth_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    actor_email = fields.String(validate=validate.Length(max=254))
    outcome = enum_field(["allowed", "denied"])
    since = Date()
    until = Date()
