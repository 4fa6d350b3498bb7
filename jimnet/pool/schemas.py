"""The pool's API resources (marshmallow): volunteers, proposals and matches."""

from __future__ import annotations

from typing import Any

from marshmallow import fields

from jimnet.api.common import ApiSchema, Date, DateTime, Id, Text, Version, enum_field, list_schema
from jimnet.pool.models import EndReason, Gender, MatchState, VolunteerStatus


class VolunteerSchema(ApiSchema):
    """A volunteer mentor as the coordinator sees them."""

    id = Id(dump_only=True)
    organisation_id = Id(dump_only=True)
    name = fields.String(dump_only=True)
    status = enum_field(VolunteerStatus, dump_only=True)
    gender = enum_field(Gender, dump_only=True)
    municipality = fields.String(dump_only=True, allow_none=True)
    travel_km = fields.Integer(dump_only=True)
    interests = fields.List(fields.String(), dump_only=True)
    languages = fields.List(fields.String(), dump_only=True)
    vog_issued_on = Date(dump_only=True, allow_none=True)
    vog_valid = fields.Boolean(dump_only=True, metadata={"description": "VOG valid today"})
    capacity = fields.Integer(dump_only=True)
    places_taken = fields.Integer(dump_only=True)
    has_account = fields.Boolean(dump_only=True)
    version = Version(dump_only=True)


class ReasonSchema(ApiSchema):
    """Why this volunteer fits: a code, its values, and the sentence shown on screen."""

    code = fields.String(dump_only=True)
    text = fields.String(dump_only=True)
    values = fields.List(fields.String(), dump_only=True)
    km = fields.Integer(dump_only=True)


class MatchSchema(ApiSchema):
    """A proposal, and its life as a match."""

    id = Id(dump_only=True)
    youth_id = Id(dump_only=True)
    youth_first_name = fields.String(dump_only=True)
    volunteer_id = Id(dump_only=True)
    volunteer_name = fields.String(dump_only=True)
    state = enum_field(MatchState, dump_only=True)
    state_since = DateTime(dump_only=True)
    band = enum_field(["good", "fair", "weak"], dump_only=True)
    reasons = fields.List(fields.Nested(ReasonSchema), dump_only=True)
    method = fields.String(dump_only=True, metadata={"description": "rule or model"})
    share_network = fields.Boolean(dump_only=True)
    share_big5 = fields.Boolean(dump_only=True)
    share_case_notes = fields.Boolean(dump_only=True)
    active_since = DateTime(dump_only=True, allow_none=True)
    ended_at = DateTime(dump_only=True, allow_none=True)
    end_reason = enum_field(EndReason, dump_only=True, allow_none=True)
    version = Version(dump_only=True)


class StepSchema(ApiSchema):
    """A step on a match: the version you read, an optional note, and for ``end`` the reason."""

    version = Version(required=True)
    reason = Text(2000, load_default=None, allow_none=True)
    end_reason = enum_field(EndReason, load_default=None, allow_none=True)


class MentorPageSchema(ApiSchema):
    """A young person's place in the pool: the referral and the matches."""

    status = fields.String(dump_only=True, allow_none=True)
    interests = fields.List(fields.String(), dump_only=True)
    languages = fields.List(fields.String(), dump_only=True)
    mentor_gender = fields.String(dump_only=True, allow_none=True)
    max_km = fields.Integer(dump_only=True, allow_none=True)
    closed_at = fields.DateTime(dump_only=True, allow_none=True)
    version = fields.Integer(
        dump_only=True,
        allow_none=True,
        metadata={"description": "the referral's version: send it back to withdraw it"},
    )
    matches = fields.List(fields.Nested(MatchSchema), dump_only=True)


class WithdrawReferralSchema(ApiSchema):
    """Taking a young person off the pool's waiting list: the referral's version you read, and
    an optional note (not shown to the young person)."""

    version = Version(required=True)
    reason = Text(2000, load_default=None, allow_none=True)


VolunteerListSchema = list_schema(VolunteerSchema, "VolunteerList")
MatchListSchema = list_schema(MatchSchema, "MatchList")


def reasons_out(reasons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    from jimnet.pool.explain import sentence

    return [
        {**r, "text": sentence(r), "values": [str(v) for v in r.get("values", [])]} for r in reasons
    ]
