"""The export resource of the JSON API."""

from __future__ import annotations

from marshmallow import fields

from jimnet.api.common import ApiSchema, Id, enum_field
from jimnet.privacy.models import ExportStatus


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
