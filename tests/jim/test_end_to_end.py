"""Done when: a 14-year-old nominates her aunt, the professional records the conversation, the
youth and the parent consent, the aunt accepts her invitation and sees the shared plan, later
the role ends and her access stops; each step is in the access log."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select

from jimnet.access import policy
from jimnet.access.models import AccessLogEntry
from jimnet.accounts.models import User
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.jim.models import JimNomination, JimState
from jimnet.mail import outbox
from jimnet.youth.models import CaseParticipant, Consent
from tests.jim.conftest import link_in


def _actions(app, user_id=None):
    with app.app_context():
        stmt = select(AccessLogEntry).order_by(AccessLogEntry.id)
        if user_id is not None:
            stmt = stmt.where(AccessLogEntry.actor_user_id == user_id)
        return [(e.action, e.outcome, e.actor_role) for e in db.session.scalars(stmt)]


def _nomination(app, youth_id):
    with app.app_context():
        return db.session.scalars(
            select(JimNomination).where(JimNomination.youth_id == youth_id)
        ).one()


def test_a_14_year_old_gets_her_aunt_as_jim_and_later_the_role_ends(app, jim, client_factory):
    w = jim.world(age=14)
    youth_id = w.youth.id
    base = f"/jongeren/{youth_id}/jim"

    # 1. The young person, on her phone: "Wie past bij jou als JIM?"
    noa = client_factory().login(w.youth_user)
    page = noa.get(base).get_data(as_text=True)
    assert "Wie past bij jou als JIM?" in page and "Anouk de Boer" in page
    response = noa.form(
        f"{base}/voordragen",
        {"nominate-member_id": w.aunt.id, "nominate-motivation": "Ze luistert echt."},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    nomination = _nomination(app, youth_id)
    assert nomination.state == JimState.NOMINATED and nomination.nominated_by_role == "youth"
    one = f"{base}/{nomination.id}"

    # 2. The professional meets the aunt and records the conversation.
    sanne = client_factory().login(w.professional)
    assert "Anouk de Boer" in sanne.get(base).get_data(as_text=True)
    # Each step sends the version its page showed (the hidden field of the form).
    step = {"step-version": str(nomination.version)}
    assert sanne.form(f"{one}/gesprek-starten", step).status_code == 302
    assert sanne.get(f"{one}/gesprek").status_code == 200
    response = sanne.form(
        f"{one}/gesprek",
        {
            "held_on": today().isoformat(),
            "willingness": "willing",
            "reachability": "easy",
            "concerns": "Werkt veel.",
            "concerns_handling": "Vaste belavond op dinsdag.",
            "outcome": "suitable",
            "reason_for_youth": "Anouk wil graag en jullie zien elkaar elke week.",
            "vog_status": "received",
            "vog_issued_on": today().isoformat(),
            "version": str(_nomination(app, youth_id).version),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _nomination(app, youth_id).state == JimState.SUITABLE
    assert "jullie zien elkaar elke week" in noa.get(base).get_data(as_text=True)

    # 3. Consent is asked: the parent (with an account) and the youth (12+) hear of it.
    step = {"step-version": str(_nomination(app, youth_id).version)}
    assert sanne.form(f"{one}/toestemming-vragen", step).status_code == 302
    assert _nomination(app, youth_id).state == JimState.AWAITING_CONSENT
    with app.app_context():
        told = {m.to for m in outbox()}
    assert {w.parent_user.email, w.youth_user.email} <= told

    # 4. The youth and the parent consent in their own accounts.
    assert noa.form(f"{one}/toestemming", {"consent-agree": "y"}).status_code == 302
    parent = client_factory().login(w.parent_user)
    assert "Jouw toestemming" in parent.get(base).get_data(as_text=True)
    assert parent.form(f"{one}/toestemming", {"consent-agree": "y"}).status_code == 302
    with app.app_context():
        consents = db.session.scalars(
            select(Consent).where(Consent.subject_id == nomination.id)
        ).all()
        assert sorted(c.given_by_role for c in consents) == ["parent", "youth"]
        assert all(c.method == "app" for c in consents)

    # 5. The invitation by e-mail; the aunt creates her account and accepts.
    response = sanne.form(
        f"{one}/uitnodigen",
        {
            "channel": "email",
            "email": "anouk@example.test",
            "version": str(_nomination(app, youth_id).version),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert _nomination(app, youth_id).state == JimState.INVITED
    with app.app_context():
        mail = [m for m in outbox() if m.to == "anouk@example.test"][-1]
    link = link_in(mail.body)
    anouk = client_factory()
    assert anouk.get(link).status_code == 302
    answer = anouk.get("/jim/uitnodiging/antwoord").get_data(as_text=True)
    assert "Jouw Ingebrachte Mentor" in answer
    response = anouk.form(
        "/jim/uitnodiging/antwoord",
        {
            "new-email": "anouk@example.test",
            "new-name": "Anouk de Boer",
            "new-password": "mijn nicht Noa 2026!",
            "new-confirm": "mijn nicht Noa 2026!",
            "new-submit": "1",
        },
        token_page="/jim/uitnodiging/antwoord",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"{base}/mijn-rol")
    anouk.logged_in = True
    assert _nomination(app, youth_id).state == JimState.ACTIVE
    with app.app_context():
        aunt_user = db.session.scalars(select(User).where(User.email == "anouk@example.test")).one()
        aunt_id = aunt_user.id
    # She is on the team as JIM, and sees what Noa shares (network map and plan by default).
    team_page = sanne.get(f"/jongeren/{youth_id}").get_data(as_text=True)
    assert "Anouk de Boer" in team_page
    own = anouk.get(f"{base}/mijn-rol")
    assert own.status_code == 200
    own_page = own.get_data(as_text=True)
    assert "Jij bent de JIM van Noa" in own_page
    assert "Het netwerk in het kort" in own_page
    with app.test_request_context():
        user = db.session.get(User, aunt_id)
        youth = w.youth
        assert policy.decide(db.session, user, youth, "view_network").allowed
        assert policy.decide(db.session, user, youth, "view_big5").allowed
        shared_pages = [
            url_for(e, youth_id=youth_id)
            for e in ("big5.overview", "network.show")
            if e in app.view_functions
        ]
    assert shared_pages, "the network map and the BIG5 plan have pages"
    # She follows the links on her page to the plan and the map Noa shares with her.
    for url in shared_pages:
        assert f'href="{url}"' in own_page
        assert anouk.get(url).status_code == 200, url

    # 6. Positioning meeting and a check-in by the JIM.
    response = sanne.form(
        f"{one}/positionering",
        {
            "held_on": today().isoformat(),
            "attendees": "Noa, Anouk, moeder, Sanne",
            "jim_tasks": "Elke week bellen; mee naar school-gesprekken.",
            "contact_agreement": "Sanne en Anouk bellen elke maand.",
            "check_in_every_weeks": "6",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert (
        anouk.form(
            f"{one}/checkin", {"checkin-how": "good", "checkin-note": "Fijn contact."}
        ).status_code
        == 302
    )

    # 7. Later the role ends, by Noa's wish; Anouk's access stops at once.
    assert noa.get(f"{one}/beeindigen").status_code == 200
    response = noa.form(
        f"{one}/beeindigen",
        {
            "end_reason": "youth_wish",
            "reason": "Ik heb nu minder hulp nodig.",
            "version": str(_nomination(app, youth_id).version),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    ended = _nomination(app, youth_id)
    assert ended.state == JimState.ENDED and ended.end_reason == "youth_wish"
    with app.app_context():
        participant = db.session.get(CaseParticipant, ended.participant_id)
        assert participant.active is False and participant.until is not None
    assert anouk.get(f"{base}/mijn-rol").status_code == 404
    assert anouk.form(f"{one}/checkin", {"checkin-how": "good"}).status_code == 404
    for url in shared_pages:
        assert anouk.get(url).status_code == 404, url
    with app.test_request_context():
        assert not policy.decide(
            db.session, db.session.get(User, aunt_id), w.youth, "view_network"
        ).allowed
    # The whole history stays readable for the team.
    history = sanne.get(base).get_data(as_text=True)
    assert "rol beëindigd" in history and "Ik heb nu minder hulp nodig." in history

    # Each step is in the access log, with who did it.
    log = _actions(app)
    for action, role in [
        ("jim_nominate", "youth"),
        ("jim_start_conversation", "professional"),
        ("jim_record_conversation", "professional"),
        ("jim_request_consent", "professional"),
        ("jim_consent_given", "youth"),
        ("jim_consent_given", "parent"),
        ("jim_invite", "professional"),
        ("jim_accept", "candidate"),
        ("jim_positioning", "professional"),
        ("jim_check_in", "jim"),
        ("jim_end", "youth"),
    ]:
        assert (action, "allowed", role) in log, action
    # Her attempt after the end is in the log as refused.
    assert any(a == "view_jim_role" and o == "denied" for a, o, _ in _actions(app, aunt_id))
