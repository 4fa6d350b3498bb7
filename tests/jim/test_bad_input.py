"""Bad input: a clear message, a log entry, and nothing changed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import NotFound

from jimnet.access import authorize
from jimnet.access.models import AccessLogEntry
from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.jim.models import JimEvent, JimInvitation, JimNomination, JimState
from jimnet.youth.models import CaseParticipant, Consent
from tests.jim.conftest import CODE, link_in, version_of

S = JimState


def _log(app, action):
    with app.app_context():
        return [
            (e.outcome, e.actor_user_id)
            for e in db.session.scalars(
                select(AccessLogEntry)
                .where(AccessLogEntry.action == action)
                .order_by(AccessLogEntry.id)
            )
        ]


def _count(app, model, **where):
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return db.session.scalar(stmt)


def _state(app, nomination_id):
    with app.app_context():
        return db.session.get(JimNomination, nomination_id).state


def test_a_step_out_of_order_is_refused_with_409_and_logged(app, jim, client_factory):
    w = jim.world()
    nomination = jim.nomination(w.youth, w.aunt, S.NOMINATED)
    client = client_factory().login(w.professional)
    response = client.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/invite",
        json={"channel": "letter", "version": version_of(app, nomination.id)},
    )
    assert response.status_code == 409
    assert response.json["type"].endswith("jim-out-of-order")
    assert "Deze stap kan nu niet" in response.json["detail"]
    assert ("denied", w.professional.id) in _log(app, "jim_invite")
    assert _state(app, nomination.id) == S.NOMINATED
    assert _count(app, JimInvitation) == 0
    assert _count(app, JimEvent, nomination_id=nomination.id) == 1


def test_out_of_order_in_the_browser_shows_the_reason(app, jim, client_factory):
    w = jim.world()
    nomination = jim.nomination(w.youth, w.aunt, S.NOMINATED)
    client = client_factory().login(w.professional)
    response = client.form(
        f"/jongeren/{w.youth.id}/jim/{nomination.id}/toestemming-vragen",
        {"step-version": str(nomination.version)},
        follow_redirects=True,
    )
    assert "Deze stap kan nu niet" in response.get_data(as_text=True)
    assert _state(app, nomination.id) == S.NOMINATED
    assert ("denied", w.professional.id) in _log(app, "jim_request_consent")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"relation": "parent"}, "Een ouder kan geen JIM zijn"),
        ({"relation": "step_parent"}, "Een ouder kan geen JIM zijn"),
        (
            {"relation": "professional", "sector": "professional"},
            "Een hulpverlener kan geen JIM zijn",
        ),
        ({"relation": "other", "sector": "professional"}, "Een hulpverlener kan geen JIM zijn"),
        ({"relation": "friend", "sector": "friends", "is_adult": False}, "nog geen 18"),
    ],
)
def test_nominating_someone_who_cannot_be_a_jim(app, jim, client_factory, fields, message):
    w = jim.world()
    member = jim.member(w.youth, "Iemand", **fields)
    client = client_factory().login(w.youth_user)
    response = client.form(
        f"/jongeren/{w.youth.id}/jim/voordragen", {"nominate-member_id": member.id}
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert ("denied", w.youth_user.id) in _log(app, "jim_nominate")
    assert _count(app, JimNomination) == 0
    # The same through the API.
    api = (
        client_factory()
        .login(w.professional)
        .api("POST", f"/api/v1/youth/{w.youth.id}/jim", json={"member_id": member.id})
    )
    assert api.status_code == 422 and message in api.json["detail"]
    assert _count(app, JimNomination) == 0


def test_nominating_someone_outside_the_network(app, jim, make, client_factory):
    w = jim.world()
    other = make.youth(professionals=[w.professional])
    stranger = jim.member(other, "Oom van een ander")
    removed = jim.member(
        w.youth, "Vroegere buurman", relation="neighbour", sector="leisure", removed_at=utcnow()
    )
    client = client_factory().login(w.youth_user)
    for member_id, message in [
        (stranger.id, "niet in het netwerk"),
        (removed.id, "niet meer in het netwerk"),
        (999999, "niet in het netwerk"),
    ]:
        response = client.form(
            f"/jongeren/{w.youth.id}/jim/voordragen", {"nominate-member_id": member_id}
        )
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert _count(app, JimNomination) == 0
    assert [o for o, _ in _log(app, "jim_nominate")] == ["denied"] * 3


def test_one_nomination_at_a_time(app, jim, client_factory):
    w = jim.world()
    jim.nomination(w.youth, w.aunt, S.IN_CONVERSATION)
    friend = jim.member(w.youth, "Kim", relation="friend", sector="friends")
    response = (
        client_factory()
        .login(w.youth_user)
        .api("POST", f"/api/v1/youth/{w.youth.id}/jim", json={"member_id": friend.id})
    )
    assert response.status_code == 409
    assert "Er loopt al een voordracht" in response.json["detail"]
    assert _count(app, JimNomination) == 1


def test_a_consent_by_someone_without_authority_is_refused(app, jim, make, client_factory):
    w = jim.world(age=13)
    nomination = jim.nomination(w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True)
    # A parent account beside the youth, but without parental authority: the policy does not
    # count her as a parent at all (the door refuses her, logged).
    stepmother = make.user(name="Stiefmoeder")
    make._save(CaseParticipant(youth_id=w.youth.id, user_id=stepmother.id, role="parent"))
    client = client_factory().login(stepmother)
    page = client.form(
        f"/jongeren/{w.youth.id}/jim/{nomination.id}/toestemming", {"consent-agree": "y"}
    )
    assert page.status_code == 404
    assert ("denied", stepmother.id) in _log(app, "consent_jim")
    assert _count(app, Consent) == 0
    # Naming the authority of another young person on paper is refused too.
    other = make.youth(professionals=[w.professional])
    foreign = make.authority(other, "Ouder van een ander")
    response = (
        client_factory()
        .login(w.professional)
        .api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/consents",
            json={"given_by": "parent", "authority_id": foreign.id, "method": "paper"},
        )
    )
    assert response.status_code == 403
    assert _count(app, Consent) == 0


@pytest.mark.parametrize(
    ("age", "giver", "code"),
    [(11, "youth", "consent_age"), (16, "parent", "consent_age")],
)
def test_a_consent_that_does_not_count_at_that_age_is_refused(
    app, jim, client_factory, age, giver, code
):
    w = jim.world(age=age)
    nomination = jim.nomination(w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True)
    body = {"given_by": giver, "method": "paper"}
    if giver == "parent":
        body["authority_id"] = w.authority_id
    response = (
        client_factory()
        .login(w.professional)
        .api("POST", f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/consents", json=body)
    )
    assert response.status_code == 422
    assert response.json["type"].endswith(code.replace("_", "-"))
    assert _count(app, Consent) == 0


def test_a_consent_dated_in_the_future_is_refused(app, jim, client_factory):
    w = jim.world(age=14)
    nomination = jim.nomination(w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True)
    response = (
        client_factory()
        .login(w.professional)
        .api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/consents",
            json={
                "given_by": "youth",
                "method": "paper",
                "given_on": (today() + timedelta(days=1)).isoformat(),
            },
        )
    )
    assert response.status_code == 422
    assert _count(app, Consent) == 0


def test_inviting_without_complete_consent_is_refused(app, jim, client_factory):
    w = jim.world(age=14)
    nomination = jim.nomination(
        w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True, consents=(("youth", None),)
    )
    response = (
        client_factory()
        .login(w.professional)
        .api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/invite",
            json={"channel": "letter", "version": version_of(app, nomination.id)},
        )
    )
    assert response.status_code == 409
    assert "toestemming is nog niet compleet" in response.json["detail"]
    assert _count(app, JimInvitation) == 0


def test_a_stale_version_is_refused(app, jim, client_factory):
    w = jim.world()
    nomination = jim.nomination(w.youth, w.aunt, S.NOMINATED)
    response = (
        client_factory()
        .login(w.professional)
        .api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/start_conversation",
            json={"version": nomination.version + 5},
        )
    )
    assert response.status_code == 409
    assert "Iemand anders heeft dit intussen veranderd" in response.json["detail"]
    assert _state(app, nomination.id) == S.NOMINATED


def _invited(jim, client_factory, age=16):
    w = jim.world(age=age)
    nomination = jim.nomination(
        w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True, consents=(("youth", None),)
    )
    return w, nomination, client_factory().login(w.professional)


def test_an_invitation_link_works_once(app, jim, make, client_factory):
    w, nomination, professional = _invited(jim, client_factory)
    assert (
        professional.form(
            f"/jongeren/{w.youth.id}/jim/{nomination.id}/uitnodigen",
            {
                "channel": "email",
                "email": "anouk@example.test",
                "version": str(version_of(app, nomination.id)),
            },
        ).status_code
        == 302
    )
    with app.app_context():
        from jimnet.mail import outbox

        link = link_in(outbox()[-1].body)
    token = link.split("t=")[1]
    aunt = make.user(email="anouk.account@example.test")
    first = (
        client_factory()
        .login(aunt)
        .api("POST", "/api/v1/jim/invitation/accept", json={"token": token})
    )
    assert first.status_code == 200 and first.json["state"] == "active"
    someone = make.user()
    again = (
        client_factory()
        .login(someone)
        .api("POST", "/api/v1/jim/invitation/accept", json={"token": token})
    )
    assert again.status_code == 410
    assert "verlopen, al gebruikt of ingetrokken" in again.json["detail"]
    assert ("denied", someone.id) in _log(app, "jim_accept")
    # The browser says the same, and logs the attempt.
    browser = client_factory()
    assert browser.get(link).status_code == 302
    page = browser.get("/jim/uitnodiging/antwoord")
    assert page.status_code == 410
    assert "werkt niet meer" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(JimNomination, nomination.id).jim_user_id == aunt.id


def test_an_expired_invitation_is_refused(app, jim, make, client_factory):
    w, nomination, professional = _invited(jim, client_factory)
    response = professional.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/invite",
        json={"channel": "letter", "version": version_of(app, nomination.id)},
    )
    code = response.json["code"]
    with app.app_context():
        invitation = db.session.get(JimInvitation, response.json["id"])
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    user = make.user()
    answer = (
        client_factory()
        .login(user)
        .api("POST", "/api/v1/jim/invitation/accept", json={"token": code})
    )
    assert answer.status_code == 410
    assert _state(app, nomination.id) == S.INVITED
    assert ("denied", user.id) in _log(app, "jim_accept")
    assert _count(app, CaseParticipant, user_id=user.id) == 0
    # The pipeline shows that the invitation expired.
    assert "uitnodiging verlopen" in professional.get("/jim/overzicht").get_data(as_text=True)


def test_a_new_invitation_revokes_the_old_one(app, jim, make, client_factory):
    w, nomination, professional = _invited(jim, client_factory)
    old = professional.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/invite",
        json={"channel": "letter", "version": version_of(app, nomination.id)},
    ).json["code"]
    new = professional.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/invite",
        json={"channel": "letter", "version": version_of(app, nomination.id)},
    )
    assert new.status_code == 201
    assert [e["step"] for e in new.json["nomination"]["events"]][-2:] == ["invite", "reinvite"]
    user = make.user()
    assert (
        client_factory()
        .login(user)
        .api("POST", "/api/v1/jim/invitation/accept", json={"token": old})
        .status_code
        == 410
    )


def test_the_letter_code_is_typed_in_by_hand(app, jim, client_factory):
    w, nomination, professional = _invited(jim, client_factory)
    letter = professional.form(
        f"/jongeren/{w.youth.id}/jim/{nomination.id}/uitnodigen",
        {"channel": "letter", "version": str(version_of(app, nomination.id))},
    )
    assert letter.status_code == 200
    code = CODE.search(letter.get_data(as_text=True)).group(1)
    aunt = client_factory()
    typed = code.lower().replace("-", " ")
    wrong = aunt.form("/jim/uitnodiging", {"code": "AAAA-BBBB-CCCC"}, token_page="/jim/uitnodiging")
    assert wrong.status_code == 410
    assert ("denied", None) in _log(app, "jim_open_invitation")
    response = aunt.form("/jim/uitnodiging", {"code": typed}, token_page="/jim/uitnodiging")
    assert response.status_code == 302
    page = aunt.get("/jim/uitnodiging/antwoord").get_data(as_text=True)
    assert "vraagt jou als JIM" in page
    declined = aunt.form(
        "/jim/uitnodiging/antwoord",
        {"decline-reason": "Geen tijd nu.", "decline-submit": "1"},
        token_page="/jim/uitnodiging/antwoord",
    )
    assert declined.status_code == 200
    assert _state(app, nomination.id) == S.DECLINED
    # The young person hears it and may choose again.
    youth_page = (
        client_factory()
        .login(w.youth_user)
        .get(f"/jongeren/{w.youth.id}/jim")
        .get_data(as_text=True)
    )
    assert "Wie past bij jou als JIM?" in youth_page


@pytest.mark.parametrize("who", ["youth", "parent", "professional"])
def test_the_youth_a_parent_or_a_team_member_cannot_accept(app, jim, client_factory, who):
    w, nomination, professional = _invited(jim, client_factory, age=14)
    with app.app_context():
        db.session.add(
            Consent(
                youth_id=w.youth.id,
                purpose="jim",
                subject_type="jim_nomination",
                subject_id=nomination.id,
                given_by_role="parent",
                authority_id=w.authority_id,
                given_by_name="ouder",
                given_on=today(),
                method="paper",
            )
        )
        db.session.commit()
    code = professional.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/invite",
        json={"channel": "letter", "version": version_of(app, nomination.id)},
    ).json["code"]
    user = {"youth": w.youth_user, "parent": w.parent_user, "professional": w.professional}[who]
    response = (
        client_factory()
        .login(user)
        .api("POST", "/api/v1/jim/invitation/accept", json={"token": code})
    )
    assert response.status_code == 422
    assert _state(app, nomination.id) == S.INVITED


def test_a_jim_does_not_see_what_was_not_shared(app, jim, make, client_factory):
    w = jim.world(age=16)
    aunt = make.user()
    nomination = jim.nomination(
        w.youth, w.aunt, S.ACTIVE, suitable=True, consents=(("youth", None),), jim_user=aunt
    )
    youth = client_factory().login(w.youth_user)
    response = youth.form(
        f"/jongeren/{w.youth.id}/jim/{nomination.id}/delen",
        {"share-share_big5": "y", "share-version": str(nomination.version)},
    )
    assert response.status_code == 302
    page = (
        client_factory()
        .login(aunt)
        .get(f"/jongeren/{w.youth.id}/jim/mijn-rol")
        .get_data(as_text=True)
    )
    assert "Het netwerk in het kort" not in page
    with app.test_request_context():
        from flask_login import login_user

        login_user(db.session.get(User, aunt.id))
        with pytest.raises(NotFound):
            authorize(w.youth, "view_network", "network", w.youth.id)
        from jimnet.access.log import take_pending

        entries = take_pending()
    assert any(e["action"] == "view_network" and e["outcome"] == "denied" for e, _ in entries)


def test_withdrawn_consent_suspends_the_role_until_consent_is_given_again(
    app, jim, make, client_factory
):
    w = jim.world(age=16)
    aunt = make.user()
    nomination = jim.nomination(w.youth, w.aunt, S.ACTIVE, suitable=True, jim_user=aunt)
    youth = client_factory().login(w.youth_user)
    youth.form(f"/jongeren/{w.youth.id}/jim/{nomination.id}/toestemming", {"consent-agree": "y"})
    with app.test_request_context():
        from jimnet.jim.status import jim_sees

        assert jim_sees(db.session, w.youth, aunt.id, "share_network")
    with app.app_context():
        consent_id = db.session.scalars(
            select(Consent.id).where(Consent.subject_id == nomination.id)
        ).one()
    page = youth.form(
        f"/jongeren/{w.youth.id}/jim/{nomination.id}/toestemming/{consent_id}/intrekken",
        {},
        follow_redirects=True,
    )
    assert "staat op pauze" in page.get_data(as_text=True)
    assert _state(app, nomination.id) == S.STANDBY
    with app.test_request_context():
        assert not jim_sees(db.session, w.youth, aunt.id, "share_network")
    own = (
        client_factory()
        .login(aunt)
        .get(f"/jongeren/{w.youth.id}/jim/mijn-rol")
        .get_data(as_text=True)
    )
    assert "geen toestemming" in own
    # Resuming needs valid consent again.
    resume = youth.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/resume",
        json={"version": version_of(app, nomination.id)},
    )
    assert resume.status_code == 409
    youth.form(f"/jongeren/{w.youth.id}/jim/{nomination.id}/toestemming", {"consent-agree": "y"})
    assert (
        youth.api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/resume",
            json={"version": version_of(app, nomination.id)},
        ).status_code
        == 200
    )
    assert _state(app, nomination.id) == S.ACTIVE


def test_withdrawn_consent_revokes_an_open_invitation(app, jim, client_factory, make):
    w = jim.world(age=16)
    nomination = jim.nomination(
        w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True, consents=(("youth", None),)
    )
    professional = client_factory().login(w.professional)
    code = professional.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/invite",
        json={"channel": "letter", "version": version_of(app, nomination.id)},
    ).json["code"]
    with app.app_context():
        consent_id = db.session.scalars(
            select(Consent.id).where(Consent.subject_id == nomination.id)
        ).one()
    response = (
        client_factory()
        .login(w.youth_user)
        .api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/consents/{consent_id}/withdraw",
            json={"reason": "Ik twijfel."},
        )
    )
    assert response.status_code == 200
    assert response.json["state"] == "awaiting_consent"
    assert (
        client_factory()
        .login(make.user())
        .api("POST", "/api/v1/jim/invitation/accept", json={"token": code})
        .status_code
        == 410
    )


def test_a_parent_cannot_withdraw_the_youths_consent(app, jim, client_factory):
    w = jim.world(age=14)
    nomination = jim.nomination(
        w.youth, w.aunt, S.AWAITING_CONSENT, suitable=True, consents=(("youth", None),)
    )
    with app.app_context():
        consent_id = db.session.scalars(
            select(Consent.id).where(Consent.subject_id == nomination.id)
        ).one()
    response = (
        client_factory()
        .login(w.parent_user)
        .api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/consents/{consent_id}/withdraw",
            json={},
        )
    )
    assert response.status_code == 403
    with app.app_context():
        assert db.session.get(Consent, consent_id).withdrawn_at is None


def test_the_database_holds_one_jim_in_position_per_youth(app, jim, make):
    w = jim.world(age=16)
    jim.nomination(w.youth, w.aunt, S.ACTIVE)
    other = jim.member(w.youth, "Buurvrouw Els", relation="neighbour", sector="leisure")
    with pytest.raises(IntegrityError):
        jim.nomination(w.youth, other, S.STANDBY)


def test_a_not_suitable_outcome_is_told_to_the_youth_who_may_choose_again(app, jim, client_factory):
    w = jim.world()
    nomination = jim.nomination(w.youth, w.aunt, S.IN_CONVERSATION)
    professional = client_factory().login(w.professional)
    response = professional.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/conversation",
        json={
            "held_on": today().isoformat(),
            "willingness": "hesitant",
            "reachability": "hard",
            "outcome": "not_suitable",
            "reason_for_youth": "Anouk woont te ver weg om er snel te zijn.",
            "version": nomination.version,
        },
    )
    assert response.status_code == 200 and response.json["state"] == "not_suitable"
    page = (
        client_factory()
        .login(w.youth_user)
        .get(f"/jongeren/{w.youth.id}/jim")
        .get_data(as_text=True)
    )
    assert (
        "wordt niet jouw JIM" in page
        and "woont te ver weg" in page
        and "Wie past bij jou als JIM?" in page
    )


def test_bad_json_is_a_problem_not_a_crash(app, jim, client_factory):
    w = jim.world()
    nomination = jim.nomination(w.youth, w.aunt, S.IN_CONVERSATION)
    client = client_factory().login(w.professional)
    url = f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/conversation"
    bad = client.api(
        "POST",
        url,
        json={
            "held_on": "gisteren",
            "willingness": "willing",
            "reachability": "easy",
            "outcome": "suitable",
            "reason_for_youth": "x",
        },
    )
    assert bad.status_code == 422
    missing = client.api("POST", url, json={"outcome": "maybe"})
    assert missing.status_code == 422 and missing.json["errors"]
    assert _state(app, nomination.id) == S.IN_CONVERSATION


def test_no_account_is_made_when_the_invitation_cannot_be_accepted(app, jim, client_factory):
    w, nomination, professional = _invited(jim, client_factory)
    code = professional.api(
        "POST",
        f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/invite",
        json={"channel": "letter", "version": version_of(app, nomination.id)},
    ).json["code"]
    # Meanwhile someone else became the JIM.
    jim.nomination(
        w.youth,
        jim.member(w.youth, "Buurvrouw Els", relation="neighbour", sector="leisure"),
        S.ACTIVE,
    )
    aunt = client_factory()
    aunt.form("/jim/uitnodiging", {"code": code}, token_page="/jim/uitnodiging")
    response = aunt.form(
        "/jim/uitnodiging/antwoord",
        {
            "new-email": "nieuw@example.test",
            "new-name": "Anouk",
            "new-password": "een lang wachtwoord 1",
            "new-confirm": "een lang wachtwoord 1",
            "new-submit": "1",
        },
        token_page="/jim/uitnodiging/antwoord",
    )
    assert response.status_code == 409
    assert "heeft al een JIM" in response.get_data(as_text=True)
    assert _count(app, User, email="nieuw@example.test") == 0
    assert _state(app, nomination.id) == S.INVITED
    assert ("denied", None) in _log(app, "jim_accept")


@pytest.mark.parametrize("role", [StaffRole.PROFESSIONAL, StaffRole.COACH, StaffRole.INTAKE])
def test_staff_cannot_become_a_jim_through_the_api_nor_the_page(
    app, jim, make, client_factory, role
):
    """One rule in the workflow's accept: any active staff role, of any organisation (not only
    the young person's), refuses the invitation on both surfaces; nothing changes."""
    w, nomination, professional = _invited(jim, client_factory)
    assert (
        professional.form(
            f"/jongeren/{w.youth.id}/jim/{nomination.id}/uitnodigen",
            {
                "channel": "email",
                "email": "anouk@example.test",
                "version": version_of(app, nomination.id),
            },
        ).status_code
        == 302
    )
    with app.app_context():
        from jimnet.mail import outbox

        link = link_in(outbox()[-1].body)
    token = link.split("t=")[1]
    staff = make.user(role, make.organisation())
    api = client_factory().login(staff)
    refused = api.api("POST", "/api/v1/jim/invitation/accept", json={"token": token})
    assert refused.status_code == 422
    assert refused.json["type"].endswith("jim-invitee-is-staff")
    assert ("denied", staff.id) in _log(app, "jim_accept")
    # The page, logged in as staff (through the login page with the second factor): refused too.
    browser = client_factory().login(staff)
    assert browser.get(link).status_code == 302
    page = browser.form(
        "/jim/uitnodiging/antwoord", {"accept-submit": "y"}, token_page="/jim/uitnodiging/antwoord"
    )
    assert page.status_code == 422
    assert "Een medewerker kan geen JIM zijn" in page.get_data(as_text=True)
    with app.app_context():
        fresh = db.session.get(JimNomination, nomination.id)
        assert fresh.state == S.INVITED and fresh.jim_user_id is None
    # The invitation still works for the aunt herself.
    aunt = make.user(email="anouk.account@example.test")
    accepted = (
        client_factory()
        .login(aunt)
        .api("POST", "/api/v1/jim/invitation/accept", json={"token": token})
    )
    assert accepted.status_code == 200
