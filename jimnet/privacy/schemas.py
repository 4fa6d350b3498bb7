"""The export and erasure resources of the JSON API."""

from __future__ import annotations

from marshmallow import fields

from jimnet.api.common import ApiSchema, Date, Id, StrictBoolean, Text, enum_field, free_object
from jimnet.privacy.erasure import Requester
from jimnet.privacy.models import ErasureScope, ErasureStatus, ExportStatus


class DataExportSchema(ApiSchema):
    """A request for everything jimnet holds about a young person. When ``status`` is
    ``ready`` the two links work once each, until ``expires_at``, for the caller only."""

    id = Id(dump_only=True)
    youth_id = Id(dump_only=True)
    relation = fields.String(dump_only=True, metadata={"description": "youth or parent"})
    status = enum_field(ExportStatus, dump_only=True)
    requested_at = fields.DateTime(dump_only=True)
    ready_at = fields.DateTime(dump_only=True, allow_none=True)
    expires_at = fields.DateTime(dump_only=True, allow_none=True)
    json_taken_at = fields.DateTime(dump_only=True, allow_none=True)
    html_taken_at = fields.DateTime(dump_only=True, allow_none=True)
    json_url = fields.String(dump_only=True, allow_none=True)
    html_url = fields.String(dump_only=True, allow_none=True)


class ErasureRequestSchema(ApiSchema):
    """A written request to erase: derived data (carried out at once) or the whole file before
    its retention term (decided by an org admin, another person than who recorded it)."""

    id = Id(dump_only=True)
    youth_id = Id(dump_only=True, allow_none=True)
    scope = enum_field(ErasureScope, required=True)
    requested_by = enum_field(Requester, required=True)
    requested_on = Date(required=True)
    note = Text(2000, load_default=None, allow_none=True)
    status = enum_field(ErasureStatus, dump_only=True)
    recorded_at = fields.DateTime(dump_only=True)
    decided_at = fields.DateTime(dump_only=True, allow_none=True)
    refusal_reason = fields.String(dump_only=True, allow_none=True)
    executed_at = fields.DateTime(dump_only=True, allow_none=True)
    summary = free_object("Rows removed per table (counts only)", dump_only=True, allow_none=True)


class ErasureDecisionSchema(ApiSchema):
    """Approve (the file is erased at once) or refuse with a reason the young person reads."""

    approve = StrictBoolean(required=True)
    reason = Text(2000, load_default=None, allow_none=True)
