"""Every role on every step: allowed roles move the nomination on, every other role is refused,
the refusal is logged, and nothing changes. Through the API and through the HTML forms."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from jimnet.access.models import AccessLogEntry
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.jim.models import JimCheckIn, JimNomination, JimPositioning, JimState
from jimnet.youth.models import CaseParticipant, Consent

S = JimState
ROLES = ["professional", "coach", "youth", "parent", "jim", "org_admin", "outsider", "stranger"]
CARE = {"professional", "coach"}


@dataclass(frozen=True)
class Case:
    state: JimState
    api: str  # path after /api/v1/youth/<id>/jim/<nomination_id>/ ("" = nominate)
    body: dict[str, Any]
    html: str | None  # path after /jongeren/<id>/jim/<nomination_id>/
    form: dict[str, Any]
    allowed: set[str]
    after: JimState | None  # None: the state stays (a note, a consent, a check-in)
    suitable: bool = True
    consents: bool = True


CONVERSATION = {
    "held_on": today().isoformat(),
    "willingness": "willing",
    "reachability": "easy",
    "outcome": "suitable",
    "reason_for_youth": "Ze wil graag.",
    "vog_status": "requested",
}
POSITIONING = {
    "held_on": today().isoformat(),
    "attendees": "iedereen",
    "jim_tasks": "bellen",
    "contact_agreement": "maandelijks",
    "check_in_every_weeks": 6,
}
CASES = {
    "start_conversation": Case(
        S.NOMINATED,
        "start_conversation",
        {},
        "gesprek-starten",
        {},
        CARE,
        S.IN_CONVERSATION,
        suitable=False,
        consents=False,
    ),
    "record_conversation": Case(
        S.IN_CONVERSATION,
        "conversation",
        CONVERSATION,
        "gesprek",
        CONVERSATION,
        CARE,
        S.SUITABLE,
        suitable=False,
        consents=False,
    ),
    "request_consent": Case(
        S.SUITABLE,
        "request_consent",
        {},
        "toestemming-vragen",
        {},
        CARE,
        S.AWAITING_CONSENT,
        consents=False,
    ),
    "invite": Case(
        S.AWAITING_CONSENT,
        "invite",
        {"channel": "letter"},
        "uitnodigen",
        {"channel": "letter"},
        CARE,
        S.INVITED,
    ),
    "pause": Case(S.ACTIVE, "pause", {}, "pauzeren", {}, CARE | {"youth", "jim"}, S.STANDBY),
    "resume": Case(S.STANDBY, "resume", {}, "hervatten", {}, CARE | {"youth", "jim"}, S.ACTIVE),
    "end": Case(
        S.ACTIVE,
        "end",
        {"end_reason": "other"},
        "beeindigen",
        {"end_reason": "other"},
        CARE | {"youth", "jim"},
        S.ENDED,
    ),
    "withdraw": Case(
        S.AWAITING_CONSENT, "withdraw", {}, "intrekken", {}, CARE | {"youth"}, S.WITHDRAWN
    ),
    "positioning": Case(
        S.ACTIVE,
        "positioning",
        POSITIONING,
        "positionering",
        {**POSITIONING, "check_in_every_weeks": "6"},
        CARE,
        None,
    ),
    "check_in": Case(
        S.ACTIVE,
        "check_ins",
        {"how": "good"},
        "checkin",
        {"checkin-how": "good"},
        CARE | {"youth", "jim"},
        None,
    ),
    "share": Case(
        S.ACTIVE,
        "sharing",
        {"network": True, "big5": False, "case_notes": False},
        "delen",
        {"share-share_network": "y"},
        CARE | {"youth"},
        None,
    ),
}

# Steps that add a record beside the nomination instead of changing it carry no version; every
# change of the nomination itself does (a body without one is refused: 422).
UNVERSIONED = {"positioning", "check_in"}


def _setup(jim, make, case: Case):
    w = jim.world(age=14)
    in_position = case.state in (S.ACTIVE, S.STANDBY)
    jim_user = make.user(name="Anouk de Boer")
    consents = (("youth", None), ("parent", w.authority_id)) if case.consents else ()
    nomination = jim.nomination(
        w.youth,
        w.aunt,
        case.state,
        suitable=True if case.suitable else None,
        consents=consents,
        jim_user=jim_user if in_position else None,
    )
    if not in_position:
        make.participant(w.youth, "jim", jim_user)  # a JIM account with no role in this nomination
    users = {
        "professional": w.professional,
        "coach": w.coach,
        "youth": w.youth_user,
        "parent": w.parent_user,
        "jim": jim_user,
        "org_admin": w.org_admin,
        "outsider": w.outsider,
        "stranger": make.user(),
    }
    return w, nomination, users


# What a step that leaves the state as it is changes, once done through its form.
EFFECTS = {
    "positioning": ("positionings", 1),
    "check_in": ("check_ins", 1),
    "share": ("share", (True, False, False)),  # network ticked, the rest not
}


def _effects(app, nomination_id):
    with app.app_context():
        nomination = db.session.get(JimNomination, nomination_id)
        db.session.refresh(nomination)
        return {
            "state": nomination.state,
            "check_ins": _check_ins(app, nomination_id),
            "positionings": db.session.scalar(
                select(func.count())
                .select_from(JimPositioning)
                .where(JimPositioning.nomination_id == nomination_id)
            ),
            "share": (nomination.share_network, nomination.share_big5, nomination.share_case_notes),
        }


def _state(app, nomination_id):
    with app.app_context():
        return db.session.get(JimNomination, nomination_id).state


def _check_ins(app, nomination_id):
    with app.app_context():
        return db.session.scalar(
            select(func.count())
            .select_from(JimCheckIn)
            .where(JimCheckIn.nomination_id == nomination_id)
        )


def _last_denied(app, user_id):
    with app.app_context():
        entry = db.session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.actor_user_id == user_id)
            .order_by(AccessLogEntry.id.desc())
        ).first()
        return entry is not None and entry.outcome == "denied"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", sorted(CASES))
def test_every_role_on_every_step_through_the_api(app, jim, make, client_factory, step, role):
    case = CASES[step]
    w, nomination, users = _setup(jim, make, case)
    client = client_factory().login(users[role])
    url = f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/{case.api}"
    version_before = nomination.version
    body = case.body if step in UNVERSIONED else {**case.body, "version": version_before}
    response = client.api("POST", url, json=body)
    if role in case.allowed:
        assert response.status_code in (200, 201), response.get_data(as_text=True)
        if case.after is not None:
            assert _state(app, nomination.id) == case.after
        if step == "check_in":
            assert _check_ins(app, nomination.id) == 1
    else:
        assert response.status_code in (403, 404), response.get_data(as_text=True)
        assert response.mimetype == "application/problem+json"
        assert _state(app, nomination.id) == case.state
        with app.app_context():
            assert db.session.get(JimNomination, nomination.id).version == version_before
        assert _check_ins(app, nomination.id) == 0
        assert _last_denied(app, users[role].id)


@pytest.mark.parametrize("role", ["professional", "youth", "parent", "jim", "outsider"])
@pytest.mark.parametrize("step", sorted(CASES))
def test_every_step_through_the_html_forms(app, jim, make, client_factory, step, role):
    case = CASES[step]
    w, nomination, users = _setup(jim, make, case)
    client = client_factory().login(users[role])
    url = f"/jongeren/{w.youth.id}/jim/{nomination.id}/{case.html}"
    before = _effects(app, nomination.id)
    response = client.form(
        url,
        {
            **case.form,
            "version": str(nomination.version),
            "step-version": str(nomination.version),
            "share-version": str(nomination.version),
        },
    )
    if role in case.allowed:
        # Done means redirected with the change made: a form shown again (200, its errors on
        # it) is a refusal, however polite. An invitation by letter answers with the letter.
        if step == "invite":
            assert response.status_code == 200, response.get_data(as_text=True)
            assert "Brief voor" in response.get_data(as_text=True)
        else:
            assert response.status_code == 302, response.get_data(as_text=True)
            assert f"/{case.html}" not in response.headers["Location"]
        after = _effects(app, nomination.id)
        if case.after is not None:
            assert after["state"] == case.after
        else:
            field, value = EFFECTS[step]
            assert (before[field], after[field]) != (value, value)
            assert after[field] == value, (field, after)
    else:
        assert response.status_code == 404
        assert _state(app, nomination.id) == case.state
        assert _last_denied(app, users[role].id)


@pytest.mark.parametrize("role", ROLES)
def test_who_may_nominate(app, jim, make, client_factory, role):
    w = jim.world(age=14)
    users = {
        "professional": w.professional,
        "coach": w.coach,
        "youth": w.youth_user,
        "parent": w.parent_user,
        "jim": make.participant(w.youth, "jim"),
        "org_admin": w.org_admin,
        "outsider": w.outsider,
        "stranger": make.user(),
    }
    client = client_factory().login(users[role])
    response = client.api("POST", f"/api/v1/youth/{w.youth.id}/jim", json={"member_id": w.aunt.id})
    with app.app_context():
        count = db.session.scalar(
            select(func.count())
            .select_from(JimNomination)
            .where(JimNomination.youth_id == w.youth.id)
        )
    if role in CARE | {"youth"}:
        assert response.status_code == 201, response.get_data(as_text=True)
        assert response.json["state"] == "nominated"
        assert count == 1
    else:
        assert response.status_code == 404
        assert count == 0


@pytest.mark.parametrize(
    ("role", "giver", "method", "allowed"),
    [
        ("youth", "youth", "app", True),
        ("parent", "parent", "app", True),
        ("professional", "youth", "paper", True),
        ("professional", "parent", "in_person", True),
        ("coach", "parent", "paper", True),
        ("youth", "parent", "app", False),  # the youth cannot consent for a parent
        ("parent", "youth", "app", False),  # nor a parent for the youth
        ("jim", "youth", "app", False),
        ("org_admin", "youth", "paper", False),
        ("outsider", "youth", "paper", False),
    ],
)
def test_who_may_give_which_consent(app, jim, make, client_factory, role, giver, method, allowed):
    w = jim.world(age=14)
    nomination = jim.nomination(w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True)
    users = {
        "professional": w.professional,
        "coach": w.coach,
        "youth": w.youth_user,
        "parent": w.parent_user,
        "jim": make.participant(w.youth, "jim"),
        "org_admin": w.org_admin,
        "outsider": w.outsider,
    }
    body: dict[str, Any] = {"given_by": giver, "method": method}
    if giver == "parent" and role not in ("parent",):
        body["authority_id"] = w.authority_id
    response = (
        client_factory()
        .login(users[role])
        .api("POST", f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/consents", json=body)
    )
    with app.app_context():
        count = db.session.scalar(
            select(func.count()).select_from(Consent).where(Consent.subject_id == nomination.id)
        )
    if allowed:
        assert response.status_code == 201, response.get_data(as_text=True)
        assert count == 1
    else:
        assert response.status_code in (403, 404), response.get_data(as_text=True)
        assert count == 0


def test_a_jim_only_acts_on_their_own_role(app, jim, make, client_factory):
    """A former JIM whose participant row is active again elsewhere cannot end the current one."""
    w = jim.world(age=17)
    current_jim = make.user()
    nomination = jim.nomination(
        w.youth, w.aunt, S.ACTIVE, suitable=True, consents=(("youth", None),), jim_user=current_jim
    )
    other = make.participant(w.youth, "jim")  # a JIM account of this youth, not of this nomination
    response = (
        client_factory()
        .login(other)
        .api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/end",
            json={"end_reason": "jim_wish"},
        )
    )
    assert response.status_code in (403, 404)
    assert _state(app, nomination.id) == S.ACTIVE
    with app.app_context():
        assert (
            db.session.scalars(
                select(CaseParticipant).where(CaseParticipant.user_id == current_jim.id)
            )
            .one()
            .active
        )
