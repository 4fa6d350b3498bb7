"""The JIM's API resources (marshmallow): the nomination with its history, and the body of
every step. Read models come from ``jimnet.jim.overview``; see docs/api.md."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from jimnet.api.common import (
    ApiSchema,
    Date,
    DateTime,
    Delegate,
    Id,
    Integer,
    StrictBoolean,
    Text,
    Version,
    enum_field,
)
from jimnet.jim.models import (
    CheckInBy,
    EndReason,
    HowItGoes,
    InvitationChannel,
    JimState,
    Outcome,
    Reachability,
    VogStatus,
    Willingness,
)
from jimnet.jim.overview import NominationView, Overview
from jimnet.youth.models import ConsentGiver, ConsentMethod

TEXT_MAX = 4000
SHORT_TEXT_MAX = 2000
# Shown to the care team only: what worried the professional in the conversation.
CARE_ONLY = frozenset(
    {"concerns", "concerns_handling", "vog_status", "vog_issued_on", "vog_not_needed_reason"}
)
# A check-in's note is for the care team, as on the professional's page.
NOTE_ONLY = frozenset({"note"})


class Hidden(Delegate):
    """A row with some attributes withheld: the schema leaves them out of the answer."""

    def __init__(self, obj: Any, hide: frozenset[str]) -> None:
        super().__init__(obj)
        self._hide = hide

    def __getattr__(self, name: str) -> Any:
        if name in self.__dict__.get("_hide", ()):
            raise AttributeError(name)
        return super().__getattr__(name)


# --- parts of a nomination --------------------------------------------------------------------


class EventSchema(ApiSchema):
    """One step of the nomination's history: who moved it from which state to which, and why."""

    step = fields.String(required=True)
    from_state = fields.String(allow_none=True)
    to_state = fields.String(required=True)
    actor_role = fields.String(required=True)
    actor_name = fields.String()
    occurred_at = DateTime(required=True)
    reason = fields.String(allow_none=True)


class ConversationSchema(ApiSchema):
    """The conversation with the candidate and its outcome. ``concerns``,
    ``concerns_handling`` and the VOG (certificate of conduct) are read by the care team only."""

    held_on = Date(required=True)
    willingness = enum_field(Willingness, required=True)
    reachability = enum_field(Reachability, required=True)
    outcome = enum_field(Outcome, required=True)
    reason_for_youth = Text(
        SHORT_TEXT_MAX, required=True, validate=validate.Regexp(r"\s*\S", error="Say why.")
    )
    concerns = Text(TEXT_MAX, allow_none=True)
    concerns_handling = Text(TEXT_MAX, allow_none=True)
    vog_status = enum_field(VogStatus, allow_none=True)
    vog_issued_on = Date(allow_none=True)
    vog_not_needed_reason = Text(TEXT_MAX, allow_none=True)
    version = Version(load_only=True, required=True)


class ConsentSchema(ApiSchema):
    """A consent given (by the young person or a parent with authority), and its withdrawal."""

    id = Id(dump_only=True)
    given_by_role = enum_field(ConsentGiver, dump_only=True)
    given_by_name = fields.String(dump_only=True)
    authority_id = fields.Integer(dump_only=True, allow_none=True)
    given_on = Date(dump_only=True)
    method = enum_field(ConsentMethod, dump_only=True)
    withdrawn_at = DateTime(dump_only=True, allow_none=True)


class ConsentStatusSchema(ApiSchema):
    """Whether consent is complete for the young person's age, and whose is missing."""

    valid = fields.Boolean(required=True)
    complete_on = Date(allow_none=True)
    age_band = fields.String(
        attribute="requirement.band.value",
        required=True,
        validate=validate.OneOf(["under_12", "12_15", "16_plus"]),
    )
    youth_missing = fields.Boolean(required=True)
    authorities_missing = fields.List(fields.Integer(), required=True)
    no_authority = fields.Boolean()


class CheckInSchema(ApiSchema):
    """A check-in: how it is going, said by the young person, the JIM or the professional.
    The care team reads the notes; others see how it goes."""

    id = Id(dump_only=True)
    by_role = enum_field(CheckInBy, dump_only=True)
    how = enum_field(HowItGoes, required=True)
    note = Text(SHORT_TEXT_MAX, allow_none=True, load_default=None)
    created_at = DateTime(dump_only=True)


class MemberRefSchema(ApiSchema):
    id = Id(required=True)
    display_name = fields.String(required=True)
    relation = fields.String(required=True)


class ShareSchema(ApiSchema):
    """What the young person shares with the JIM; on a change, send the version you read."""

    network = StrictBoolean(required=True)
    big5 = StrictBoolean(required=True)
    case_notes = StrictBoolean(required=True)
    version = Version(load_only=True, required=True)


class NominationSchema(ApiSchema):
    """A nomination: the person, its state, and everything that happened on the way."""

    id = Id(required=True)
    youth_id = Id(required=True)
    state = enum_field(JimState, required=True)
    state_since = DateTime()
    member = fields.Nested(MemberRefSchema, required=True)
    nominated_by_role = fields.String()
    nominated_at = DateTime()
    motivation = fields.String(allow_none=True)
    share = fields.Nested(ShareSchema)
    active_since = DateTime(allow_none=True)
    ended_at = DateTime(allow_none=True)
    end_reason = fields.String(allow_none=True)
    version = Version(required=True)
    events = fields.List(fields.Nested(EventSchema), required=True)
    conversations = fields.List(fields.Nested(ConversationSchema))
    consents = fields.List(fields.Nested(ConsentSchema))
    consent_status = fields.Nested(ConsentStatusSchema, allow_none=True)
    check_ins = fields.List(fields.Nested(CheckInSchema))


class OverviewSchema(ApiSchema):
    """A young person's JIM: the live nomination (if any) and every nomination, oldest first."""

    youth_id = Id(required=True)
    current = fields.Nested(NominationSchema, allow_none=True, required=True)
    nominations = fields.List(fields.Nested(NominationSchema), required=True)


class InvitationSchema(ApiSchema):
    """An invitation sent; a letter's ``code`` is shown this once."""

    id = Id(dump_only=True)
    channel = enum_field(InvitationChannel, required=True)
    email = fields.Email(validate=validate.Length(max=254), allow_none=True)
    expires_at = DateTime(dump_only=True)
    code = fields.String(
        dump_only=True, allow_none=True, metadata={"description": "The letter's code, once"}
    )
    answer_url = fields.String(dump_only=True)
    nomination = fields.Nested(NominationSchema, dump_only=True)
    version = Version(load_only=True, required=True)


class AnsweredSchema(ApiSchema):
    """A nomination's state after an answer (what a JIM or a candidate may see of it)."""

    id = Id(required=True)
    state = enum_field(JimState, required=True)


class AcceptedSchema(AnsweredSchema):
    youth_id = Id(required=True)


# --- the body of each step --------------------------------------------------------------------


class NominateSchema(ApiSchema):
    member_id = Id(required=True)
    motivation = Text(SHORT_TEXT_MAX)


class StepSchema(ApiSchema):
    """A step without data of its own: an optional reason, and the version you read."""

    reason = Text(SHORT_TEXT_MAX)
    version = Version(required=True)


class GiveConsentSchema(ApiSchema):
    """The young person and a parent give their own consent (method app, today). The care team
    records one given in person or on paper, naming who gave it."""

    given_by = enum_field(ConsentGiver, required=True)
    authority_id = Id()
    method = enum_field(ConsentMethod, required=True)
    given_on = Date()
    note = Text(SHORT_TEXT_MAX)


class ReasonSchema(ApiSchema):
    reason = Text(SHORT_TEXT_MAX)


class EndSchema(ApiSchema):
    end_reason = enum_field(EndReason, required=True)
    reason = Text(SHORT_TEXT_MAX)
    version = Version(required=True)


class PositioningSchema(ApiSchema):
    """The positioning meeting: who was there and what was agreed about the JIM's role."""

    held_on = Date(required=True)
    attendees = Text(SHORT_TEXT_MAX, min_length=1, required=True)
    jim_tasks = Text(TEXT_MAX, min_length=1, required=True)
    jim_may_see = Text(SHORT_TEXT_MAX)
    contact_agreement = Text(SHORT_TEXT_MAX, min_length=1, required=True)
    check_in_every_weeks = Integer(1, 26, load_default=6)


class AnswerSchema(ApiSchema):
    """The candidate's answer: the link's token or the letter's code."""

    token = Text(200, min_length=1, required=True)
    reason = Text(SHORT_TEXT_MAX)


# --- read models ------------------------------------------------------------------------------


def nomination(view: NominationView, *, care: bool) -> Delegate:
    """A nomination as the schema reads it; the care team's notes only for the care team."""
    n = view.nomination
    return Delegate(
        n,
        member=n.member,
        share={"network": n.share_network, "big5": n.share_big5, "case_notes": n.share_case_notes},
        events=view.events,
        conversations=[c if care else Hidden(c, CARE_ONLY) for c in view.conversations],
        consents=view.consents,
        consent_status=view.consent,
        check_ins=[c if care else Hidden(c, NOTE_ONLY) for c in view.check_ins],
    )


def overview(data: Overview, *, care: bool) -> dict[str, Any]:
    current = data.current
    return {
        "youth_id": data.youth.id,
        "current": nomination(current, care=care) if current else None,
        "nominations": [nomination(v, care=care) for v in data.nominations],
    }
