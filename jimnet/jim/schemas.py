"""JSON schemas (OpenAPI components) and serialisers of the JIM's API resources."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from jimnet.api.openapi import schema
from jimnet.jim.candidates import Candidate
from jimnet.jim.models import (
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

DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
NULL_DATETIME = {"type": ["string", "null"], "format": "date-time"}
TEXT = {"type": "string", "maxLength": 4000}
SHORT_TEXT = {"type": "string", "maxLength": 2000}
VERSION = {
    "type": "integer",
    "minimum": 1,
    "description": "The version you saw; a stale one gets 409.",
}


def _enum(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [str(v) for v in values]}


EVENT = schema(
    "JimEvent",
    {
        "type": "object",
        "properties": {
            "step": {"type": "string"},
            "from_state": {"type": ["string", "null"]},
            "to_state": {"type": "string"},
            "actor_role": {"type": "string"},
            "actor_name": {"type": "string"},
            "occurred_at": DATETIME,
            "reason": {"type": ["string", "null"]},
        },
        "required": ["step", "to_state", "actor_role", "occurred_at"],
    },
)

CONVERSATION = schema(
    "JimConversation",
    {
        "type": "object",
        "properties": {
            "held_on": DATE,
            "willingness": _enum(Willingness),
            "reachability": _enum(Reachability),
            "outcome": _enum(Outcome),
            "reason_for_youth": {"type": "string"},
            "concerns": {"type": ["string", "null"], "description": "Care team only"},
            "concerns_handling": {"type": ["string", "null"], "description": "Care team only"},
            "vog_status": {"type": ["string", "null"], "description": "Care team only"},
            "vog_issued_on": {"type": ["string", "null"], "format": "date"},
            "vog_not_needed_reason": {"type": ["string", "null"]},
        },
        "required": ["held_on", "outcome", "reason_for_youth"],
    },
)

CONSENT = schema(
    "JimConsent",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "given_by_role": _enum(["youth", "parent"]),
            "given_by_name": {"type": "string"},
            "authority_id": {"type": ["integer", "null"]},
            "given_on": DATE,
            "method": _enum(["in_person", "paper", "app"]),
            "withdrawn_at": NULL_DATETIME,
        },
        "required": ["id", "given_by_role", "given_on", "method"],
    },
)

CONSENT_STATUS = schema(
    "JimConsentStatus",
    {
        "type": "object",
        "properties": {
            "valid": {"type": "boolean"},
            "complete_on": {"type": ["string", "null"], "format": "date"},
            "age_band": _enum(["under_12", "12_15", "16_plus"]),
            "youth_missing": {"type": "boolean"},
            "authorities_missing": {"type": "array", "items": {"type": "integer"}},
            "no_authority": {"type": "boolean"},
        },
        "required": ["valid", "age_band", "youth_missing", "authorities_missing"],
    },
)

NOMINATION = schema(
    "JimNomination",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "youth_id": {"type": "integer"},
            "state": _enum(JimState),
            "state_since": DATETIME,
            "member": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "display_name": {"type": "string"},
                    "relation": {"type": "string"},
                },
            },
            "nominated_by_role": {"type": "string"},
            "nominated_at": DATETIME,
            "motivation": {"type": ["string", "null"]},
            "share": {
                "type": "object",
                "properties": {
                    "network": {"type": "boolean"},
                    "big5": {"type": "boolean"},
                    "case_notes": {"type": "boolean"},
                },
            },
            "active_since": NULL_DATETIME,
            "ended_at": NULL_DATETIME,
            "end_reason": {"type": ["string", "null"]},
            "version": {"type": "integer"},
            "events": {"type": "array", "items": EVENT},
            "conversations": {"type": "array", "items": CONVERSATION},
            "consents": {"type": "array", "items": CONSENT},
            "consent_status": {"oneOf": [CONSENT_STATUS, {"type": "null"}]},
        },
        "required": ["id", "youth_id", "state", "member", "version", "events"],
    },
)

OVERVIEW = schema(
    "JimOverview",
    {
        "type": "object",
        "properties": {
            "youth_id": {"type": "integer"},
            "current": {"oneOf": [NOMINATION, {"type": "null"}]},
            "nominations": {"type": "array", "items": NOMINATION},
        },
        "required": ["youth_id", "current", "nominations"],
    },
)

CANDIDATES = schema(
    "JimCandidates",
    {
        "type": "object",
        "properties": {
            "items": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "member_id": {"type": "integer"},
                        "display_name": {"type": "string"},
                        "relation": {"type": "string"},
                        "sector": {"type": "string"},
                        "ring": {"type": "integer"},
                        "contact_frequency": {"type": ["string", "null"]},
                        "known_since": {"type": ["string", "null"], "format": "date"},
                        "quality": {"type": "string"},
                        "support_kinds": {"type": "array", "items": {"type": "string"}},
                        "support_domains": {"type": "array", "items": {"type": "string"}},
                        "has_email": {"type": "boolean"},
                        "earlier": {"type": "array", "items": {"type": "string"}},
                    },
                },
            }
        },
        "required": ["items"],
    },
)

NOMINATE = schema(
    "JimNominate",
    {
        "type": "object",
        "properties": {"member_id": {"type": "integer", "minimum": 1}, "motivation": SHORT_TEXT},
        "required": ["member_id"],
        "additionalProperties": False,
    },
)

STEP = schema(
    "JimStep",
    {
        "type": "object",
        "properties": {"reason": SHORT_TEXT, "version": VERSION},
        "additionalProperties": False,
    },
)

RECORD_CONVERSATION = schema(
    "JimRecordConversation",
    {
        "type": "object",
        "properties": {
            "held_on": DATE,
            "willingness": _enum(Willingness),
            "reachability": _enum(Reachability),
            "concerns": TEXT,
            "concerns_handling": TEXT,
            "outcome": _enum(Outcome),
            "reason_for_youth": {**SHORT_TEXT, "minLength": 1, "pattern": r"\S"},
            "vog_status": _enum(VogStatus),
            "vog_issued_on": DATE,
            "vog_not_needed_reason": TEXT,
            "version": VERSION,
        },
        "required": ["held_on", "willingness", "reachability", "outcome", "reason_for_youth"],
        "additionalProperties": False,
    },
)

GIVE_CONSENT = schema(
    "JimGiveConsent",
    {
        "type": "object",
        "description": (
            "The young person and a parent give their own consent (method app, today). The care "
            "team records one given in person or on paper, naming who gave it."
        ),
        "properties": {
            "given_by": _enum(["youth", "parent"]),
            "authority_id": {"type": "integer", "minimum": 1},
            "method": _enum(["in_person", "paper", "app"]),
            "given_on": DATE,
            "note": SHORT_TEXT,
        },
        "required": ["given_by", "method"],
        "additionalProperties": False,
    },
)

WITHDRAW_CONSENT = schema(
    "JimWithdrawConsent",
    {
        "type": "object",
        "properties": {"reason": SHORT_TEXT},
        "additionalProperties": False,
    },
)

INVITE = schema(
    "JimInvite",
    {
        "type": "object",
        "properties": {
            "channel": _enum(InvitationChannel),
            "email": {"type": "string", "format": "email", "maxLength": 254},
            "version": VERSION,
        },
        "required": ["channel"],
        "additionalProperties": False,
    },
)

INVITATION = schema(
    "JimInvitation",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "channel": _enum(InvitationChannel),
            "email": {"type": ["string", "null"]},
            "expires_at": DATETIME,
            "code": {
                "type": ["string", "null"],
                "description": "The letter's code, shown once (letters only)",
            },
            "answer_url": {"type": "string"},
            "nomination": NOMINATION,
        },
        "required": ["id", "channel", "expires_at", "nomination"],
    },
)

END = schema(
    "JimEnd",
    {
        "type": "object",
        "properties": {"end_reason": _enum(EndReason), "reason": SHORT_TEXT, "version": VERSION},
        "required": ["end_reason"],
        "additionalProperties": False,
    },
)

POSITIONING = schema(
    "JimPositioning",
    {
        "type": "object",
        "properties": {
            "held_on": DATE,
            "attendees": {**SHORT_TEXT, "minLength": 1},
            "jim_tasks": {**TEXT, "minLength": 1},
            "jim_may_see": SHORT_TEXT,
            "contact_agreement": {**SHORT_TEXT, "minLength": 1},
            "check_in_every_weeks": {"type": "integer", "minimum": 1, "maximum": 26},
        },
        "required": ["held_on", "attendees", "jim_tasks", "contact_agreement"],
        "additionalProperties": False,
    },
)

CHECK_IN = schema(
    "JimCheckIn",
    {
        "type": "object",
        "properties": {"how": _enum(HowItGoes), "note": SHORT_TEXT},
        "required": ["how"],
        "additionalProperties": False,
    },
)

SHARING = schema(
    "JimSharing",
    {
        "type": "object",
        "properties": {
            "network": {"type": "boolean"},
            "big5": {"type": "boolean"},
            "case_notes": {"type": "boolean"},
            "version": VERSION,
        },
        "required": ["network", "big5", "case_notes"],
        "additionalProperties": False,
    },
)

ANSWER = schema(
    "JimAnswer",
    {
        "type": "object",
        "properties": {
            "token": {"type": "string", "minLength": 1, "maxLength": 200},
            "reason": SHORT_TEXT,
        },
        "required": ["token"],
        "additionalProperties": False,
    },
)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def nomination(view: NominationView, *, care: bool) -> dict[str, Any]:
    n = view.nomination
    check = view.consent
    return {
        "id": n.id,
        "youth_id": n.youth_id,
        "state": n.state,
        "state_since": _iso(n.state_since),
        "member": {
            "id": n.member_id,
            "display_name": n.member.display_name,
            "relation": n.member.relation,
        },
        "nominated_by_role": n.nominated_by_role,
        "nominated_at": _iso(n.nominated_at),
        "motivation": n.motivation,
        "share": {
            "network": n.share_network,
            "big5": n.share_big5,
            "case_notes": n.share_case_notes,
        },
        "active_since": _iso(n.active_since),
        "ended_at": _iso(n.ended_at),
        "end_reason": n.end_reason,
        "version": n.version,
        "events": [
            {
                "step": e.step,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor_role": e.actor_role,
                "actor_name": e.actor_name,
                "occurred_at": _iso(e.occurred_at),
                "reason": e.reason,
            }
            for e in view.events
        ],
        "conversations": [
            {
                "held_on": _iso(c.held_on),
                "willingness": c.willingness,
                "reachability": c.reachability,
                "outcome": c.outcome,
                "reason_for_youth": c.reason_for_youth,
                **(
                    {
                        "concerns": c.concerns,
                        "concerns_handling": c.concerns_handling,
                        "vog_status": c.vog_status,
                        "vog_issued_on": _iso(c.vog_issued_on) if c.vog_issued_on else None,
                        "vog_not_needed_reason": c.vog_not_needed_reason,
                    }
                    if care
                    else {}
                ),
            }
            for c in view.conversations
        ],
        "consents": [
            {
                "id": c.id,
                "given_by_role": c.given_by_role,
                "given_by_name": c.given_by_name,
                "authority_id": c.authority_id,
                "given_on": _iso(c.given_on),
                "method": c.method,
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in view.consents
        ],
        "consent_status": None
        if check is None
        else {
            "valid": check.valid,
            "complete_on": _iso(check.complete_on),
            "age_band": check.requirement.band.value,
            "youth_missing": check.youth_missing,
            "authorities_missing": check.authorities_missing,
            "no_authority": check.no_authority,
        },
    }


def overview(data: Overview, *, care: bool) -> dict[str, Any]:
    current = data.current
    return {
        "youth_id": data.youth.id,
        "current": nomination(current, care=care) if current else None,
        "nominations": [nomination(v, care=care) for v in data.nominations],
    }


def candidate(c: Candidate) -> dict[str, Any]:
    m = c.member
    return {
        "member_id": m.id,
        "display_name": m.display_name,
        "relation": m.relation,
        "sector": m.sector,
        "ring": m.ring,
        "contact_frequency": m.contact_frequency,
        "known_since": _iso(m.known_since),
        "quality": m.quality,
        "support_kinds": c.support_kinds,
        "support_domains": c.support_domains,
        "has_email": bool(m.email),
        "earlier": c.earlier,
    }
