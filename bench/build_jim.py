"""JIM nominations in every state, in the demo's proportions (``jimnet.jim.demo.STORIES``):
each with its events, the conversation, consents by age on the day, invitations, and for JIMs
in position an account, a case-participant row, the positioning meeting and check-ins.

Rows are written directly (the demo walks the workflow one step at a time, which is far too
slow for 20,000 young people); the states and their rows follow the workflow's table."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from bench.build_people import _user
from bench.database import insert_rows
from bench.region import Region
from jimnet.jim.consent import PURPOSE, SUBJECT_TYPE, age_on, required_givers
from jimnet.jim.demo import END_REASONS, NOT_SUITABLE_REASONS, STORIES
from jimnet.jim.invitations import EMAIL_DAYS
from jimnet.jim.models import (
    JimCheckIn,
    JimConversation,
    JimEvent,
    JimInvitation,
    JimNomination,
    JimPositioning,
)
from jimnet.youth.models import CaseParticipant, Consent

# The states a story passes through, as (step, state) after the nomination.
_TO_SUITABLE = [("start_conversation", "in_conversation"), ("record_conversation", "suitable")]
_TO_INVITED = [*_TO_SUITABLE, ("request_consent", "awaiting_consent"), ("invite", "invited")]
_TO_ACTIVE = [*_TO_INVITED, ("accept", "active")]
PATHS: dict[str, list[tuple[str, str]]] = {
    "nominated": [],
    "in_conversation": _TO_SUITABLE[:1],
    "suitable": _TO_SUITABLE,
    "not_suitable": [
        ("start_conversation", "in_conversation"),
        ("record_conversation", "not_suitable"),
    ],
    "awaiting_consent": [*_TO_SUITABLE, ("request_consent", "awaiting_consent")],
    "invited": _TO_INVITED,
    "invited_expired": _TO_INVITED,
    "declined": [*_TO_INVITED, ("decline", "declined")],
    "withdrawn": [("start_conversation", "in_conversation"), ("withdraw", "withdrawn")],
    "active_long": _TO_ACTIVE,
    "active_half": _TO_ACTIVE,
    "active_recent": _TO_ACTIVE,
    "standby": [*_TO_ACTIVE, ("pause", "standby")],
    "standby_consent": [*_TO_ACTIVE, ("suspend", "standby")],
    "ended_early": [*_TO_ACTIVE, ("end", "ended")],
    "ended_late": [*_TO_ACTIVE, ("end", "ended")],
}
# How long ago the nomination was (days), per story.
AGO = {"active_long": (420, 700), "ended_late": (460, 700), "active_half": (240, 400),
       "ended_early": (200, 400), "active_recent": (90, 170), "standby": (120, 300),
       "standby_consent": (120, 300)}  # fmt: skip


def build(region: Region) -> None:
    rng, today = region.rng, region.today
    stories = [s for s, _ in STORIES]
    weights = [w for _, w in STORIES]
    rows: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in ("nomination", "event", "conversation", "consent", "invitation",
                     "participant", "positioning", "check_in", "user")
    }  # fmt: skip

    def add(kind: str, row: dict[str, Any]) -> int:
        row = {"id": len(rows[kind]) + 1, **row}
        rows[kind].append(row)
        return int(row["id"])

    for youth in region.youth:
        candidate = region.jim_candidates.get(youth.id)
        story = rng.choices(stories, weights=weights)[0]
        if candidate is None or story == "none":
            continue
        lead = region.lead_of[youth.id]
        lead_name = region.user_names[lead]
        low, high = AGO.get(story, (10, 90))
        day = today - timedelta(days=rng.randint(low, high))
        path = PATHS[story]

        def moment(at: date) -> Any:
            return region.moment(min(at, today))

        by_youth = rng.random() < 0.4
        nomination_id = len(rows["nomination"]) + 1
        events = [("nominate", None, "nominated", day, "youth" if by_youth else "professional")]
        state, state_day = "nominated", day
        consent_days: list[date] = []
        for step, target in path:
            day = min(day + timedelta(days=rng.randint(2, 12)), today)
            if step == "request_consent":
                consent_days.append(day)
            actor = {"accept": "candidate", "decline": "candidate", "withdraw": "youth"}.get(
                step, "professional"
            )
            events.append((step, state, target, day, actor))
            state, state_day = target, day
        nomination: dict[str, Any] = {
            "youth_id": youth.id,
            "member_id": candidate["id"],
            "state": state,
            "state_since": moment(state_day),
            "nominated_by_role": "youth" if by_youth else "professional",
            "nominated_by_id": None if by_youth else lead,
            "nominated_at": moment(events[0][3]),
            "motivation": rng.choice(
                ["Zij luistert echt naar me.", "Bij hem kan ik altijd terecht.", None]
            ),
            "member_facts": candidate["facts"],
            "share_network": True,
            "share_big5": True,
            "share_case_notes": False,
            "jim_user_id": None,
            "participant_id": None,
            "active_since": None,
            "ended_at": None,
            "end_reason": None,
            "version": len(events),
            "created_at": moment(events[0][3]),
            "updated_at": moment(state_day),
        }
        for step, from_state, to_state, at, role in events:
            add("event", {"nomination_id": nomination_id, "youth_id": youth.id, "step": step,
                          "from_state": from_state, "to_state": to_state,
                          "actor_user_id": lead if role == "professional" else None,
                          "actor_role": role,
                          "actor_name": lead_name if role == "professional" else youth.first_name,
                          "occurred_at": moment(at), "reason": None})  # fmt: skip
        steps = {e[0]: e[3] for e in events}
        if "record_conversation" in steps:
            suitable = story != "not_suitable"
            add("conversation", {
                "nomination_id": nomination_id, "youth_id": youth.id,
                "held_on": steps["record_conversation"],
                "willingness": "willing" if suitable else "hesitant",
                "reachability": rng.choice(["easy", "reasonable", "hard"]),
                "concerns": None, "concerns_handling": None,
                "outcome": "suitable" if suitable else "not_suitable",
                "reason_for_youth": "Jullie passen goed bij elkaar." if suitable
                else rng.choice(NOT_SUITABLE_REASONS),
                "recorded_by_id": lead, "recorded_at": moment(steps["record_conversation"]),
            })  # fmt: skip
        if consent_days:
            on = consent_days[0] + timedelta(days=1)
            need = required_givers(age_on(youth.date_of_birth, on))
            givers: list[tuple[str, int | None, str]] = []
            if need.youth:
                givers.append(("youth", None, youth.first_name))
            if need.parents:
                givers += [
                    ("parent", a_id, name) for a_id, name in region.authorities.get(youth.id, [])
                ]
            if story == "awaiting_consent":
                givers = givers[:-1]  # the last one is still missing
            for number, (role, authority_id, name) in enumerate(givers):
                withdrawn = story == "standby_consent" and number == 0
                add("consent", {
                    "youth_id": youth.id, "purpose": PURPOSE, "subject_type": SUBJECT_TYPE,
                    "subject_id": nomination_id, "given_by_role": role, "given_by_user_id": None,
                    "authority_id": authority_id, "given_by_name": name,
                    "given_on": min(on, today), "method": rng.choice(["paper", "in_person"]),
                    "recorded_by_id": lead, "recorded_at": moment(on), "note": None,
                    "withdrawn_at": moment(steps.get("suspend", today)) if withdrawn else None,
                    "withdrawn_by_id": None,
                })  # fmt: skip
        if "invite" in steps:
            sent = steps["invite"]
            expired = story == "invited_expired"
            if expired:
                sent = today - timedelta(days=EMAIL_DAYS + rng.randint(1, 20))
            answered = steps.get("accept") or steps.get("decline")
            jim_user = None
            if "accept" in steps:
                first = candidate["name"].split(" ")[0]
                jim_user = _user(region, rows["user"], f"jim{nomination_id}@bench.jimnet.test",
                                 candidate["name"] if " " in candidate["name"] else f"{first} {youth.last_name}")  # fmt: skip
            add("invitation", {
                "nomination_id": nomination_id, "youth_id": youth.id, "channel": "email",
                "token_hash": f"{rng.getrandbits(256):064x}", "email": f"kandidaat{nomination_id}@bench.jimnet.test",
                "created_by_id": lead, "created_at": moment(sent),
                "expires_at": moment(sent + timedelta(days=EMAIL_DAYS)),
                "used_at": moment(answered) if answered else None, "revoked_at": None,
                "used_by_id": jim_user, "answer": "accepted" if jim_user else ("declined" if answered else None),
            })  # fmt: skip
            if jim_user is not None:
                accepted = steps["accept"]
                in_position = story.startswith(("active", "standby"))
                participant = add("participant", {
                    "youth_id": youth.id, "user_id": jim_user, "role": "jim",
                    "active": in_position, "since": moment(accepted),
                    "until": None if in_position else moment(steps.get("end", today)),
                })  # fmt: skip
                nomination.update(jim_user_id=jim_user, participant_id=participant,
                                  active_since=moment(accepted))  # fmt: skip
                if "end" in steps:
                    reason, _text = rng.choice(END_REASONS)
                    nomination.update(ended_at=moment(steps["end"]), end_reason=str(reason))
                if in_position:
                    region.active_jim[youth.id] = (jim_user, region.user_names[jim_user])
                held = min(accepted + timedelta(days=rng.randint(5, 14)), today)
                add("positioning", {
                    "nomination_id": nomination_id, "youth_id": youth.id, "held_on": held,
                    "attendees": f"{youth.first_name}, {candidate['name']}, {lead_name}",
                    "jim_tasks": "Elke week even bellen; mee naar gesprekken op school.",
                    "jim_may_see": None, "contact_agreement": "De JIM en de professional bellen elke maand.",
                    "check_in_every_weeks": 6, "recorded_by_id": lead, "recorded_at": moment(held),
                })  # fmt: skip
                check = held + timedelta(days=rng.randint(35, 60))
                until = steps.get("end", today)
                while check < until:
                    role = rng.choice(["youth", "jim", "professional"])
                    add("check_in", {
                        "nomination_id": nomination_id, "youth_id": youth.id, "by_role": role,
                        "by_user_id": {"jim": jim_user, "professional": lead}.get(role),
                        "how": rng.choices(["good", "okay", "hard"], weights=[6, 3, 1])[0],
                        "note": None, "created_at": moment(check),
                    })  # fmt: skip
                    check += timedelta(days=rng.randint(35, 60))
        add("nomination", nomination)

    from jimnet.accounts.models import User

    for table, kind in (
        (User.__table__, "user"),
        (CaseParticipant.__table__, "participant"),
        (JimNomination.__table__, "nomination"),
        (JimEvent.__table__, "event"),
        (JimConversation.__table__, "conversation"),
        (Consent.__table__, "consent"),
        (JimInvitation.__table__, "invitation"),
        (JimPositioning.__table__, "positioning"),
        (JimCheckIn.__table__, "check_in"),
    ):
        region.count(table.name, insert_rows(region.conn, table, rows[kind]))  # type: ignore[arg-type]
