"""Withdrawing a referral to the pool: the care team takes a young person off the waiting list,
authorised, logged, CSRF-protected, with the version the page showed."""

from __future__ import annotations

from sqlalchemy import select

from jimnet.access.models import AccessLogEntry
from jimnet.extensions import db
from jimnet.pool.models import MatchState, MentorEvent, MentorMatch, MentorRequest, RequestStatus


def _referral(pool, state=MatchState.APPROVED):
    w = pool.world()
    request = pool.request(w.youth, w.professional)
    volunteer = pool.volunteer(w.organisation)
    match = pool.match(request, volunteer, state)
    return w, request, match


def _log(app, action="withdraw_referral"):
    with app.app_context():
        return db.session.scalars(
            select(AccessLogEntry.outcome).where(AccessLogEntry.action == action)
        ).all()


def test_the_professional_withdraws_a_referral_and_its_open_match(app, pool, client_factory):
    w, request, match = _referral(pool)
    pro = client_factory().login(w.professional)
    url = f"/jongeren/{w.youth.id}/mentor/intrekken"
    youth_page = pro.get(f"/jongeren/{w.youth.id}/mentor").get_data(as_text=True)
    assert url in youth_page  # the page offers it
    page = pro.get(url)
    html = page.get_data(as_text=True)
    assert (
        page.status_code == 200 and "1 voorstel staat nog open en wordt ook teruggetrokken" in html
    )
    assert "Hanna Tesfay" in html
    done = pro.form(url, {"version": str(request.version), "reason": "Oma helpt nu."},
                    token_page=url, follow_redirects=True)  # fmt: skip
    text = done.get_data(as_text=True)
    assert "Sem staat niet meer op de wachtlijst van de mentorpool." in text
    assert "De vorige aanmelding is afgesloten op" in text and "Oma helpt nu." in text
    with app.app_context():
        fresh = db.session.get(MentorRequest, request.id)
        assert fresh.status == RequestStatus.CLOSED and fresh.closed_by_id == w.professional.id
        assert db.session.get(MentorMatch, match.id).state == MatchState.WITHDRAWN
        (event,) = db.session.scalars(
            select(MentorEvent).where(MentorEvent.step == "referral_withdrawn")
        ).all()
        assert (event.from_state, event.to_state) == ("approved", "withdrawn")
    assert _log(app) == ["allowed"]
    # Off the coordinator's list; the young person can be referred again.
    coordinator = client_factory().login(w.coordinator)
    assert "Wacht sinds" not in coordinator.get("/mentorpool/").get_data(as_text=True)
    again = pro.form(f"/jongeren/{w.youth.id}/mentor/aanmelden", {"mentor_gender": "any"},
                     token_page=f"/jongeren/{w.youth.id}/mentor/aanmelden")  # fmt: skip
    assert again.status_code == 302


def test_without_csrf_token_nothing_changes(app, pool, client_factory):
    w, request, _ = _referral(pool)
    pro = client_factory().login(w.professional)
    response = pro.http.post(
        f"/jongeren/{w.youth.id}/mentor/intrekken", data={"version": str(request.version)}
    )
    assert response.status_code == 422  # the form's token error, kept on the page
    with app.app_context():
        assert db.session.get(MentorRequest, request.id).status == RequestStatus.WAITING


def test_only_the_care_team_may_withdraw(app, pool, make, client_factory):
    w, request, _ = _referral(pool)
    url = f"/jongeren/{w.youth.id}/mentor/intrekken"
    outsider = make.user("professional", w.organisation)
    for user in (w.youth_user, w.coordinator, outsider):
        client = client_factory().login(user)
        assert client.get(url).status_code == 404
        token_page = "/mentorpool/" if user is w.coordinator else "/account/"
        posted = client.form(url, {"version": str(request.version)}, token_page=token_page)
        assert posted.status_code == 404
    with app.app_context():
        assert db.session.get(MentorRequest, request.id).status == RequestStatus.WAITING
        denied = db.session.scalars(
            select(AccessLogEntry).where(
                AccessLogEntry.object_type == "mentor_request", AccessLogEntry.outcome == "denied"
            )
        ).all()
    assert len(denied) == 6


def test_a_running_match_is_ended_not_withdrawn_and_a_stale_page_is_told(app, pool, client_factory):
    w, request, match = _referral(pool, MatchState.ACTIVE)
    with app.app_context():
        fresh = db.session.get(MentorRequest, request.id)
        fresh.status = RequestStatus.MATCHED
        db.session.commit()
        version = fresh.version
    pro = client_factory().login(w.professional)
    url = f"/jongeren/{w.youth.id}/mentor/intrekken"
    refused = pro.form(url, {"version": str(version)}, token_page=url)
    assert refused.status_code == 409
    assert "Er loopt al een koppeling" in refused.get_data(as_text=True)
    stale = pro.form(url, {"version": str(version - 1)}, token_page=url)
    assert stale.status_code == 409
    assert "Iemand anders heeft" in stale.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MentorMatch, match.id).state == MatchState.ACTIVE
    assert _log(app) == ["denied", "denied"]


def test_withdraw_through_the_api(app, pool, client_factory):
    w, request, match = _referral(pool, MatchState.PROPOSED)
    pro = client_factory().login(w.professional)
    url = f"/api/v1/youth/{w.youth.id}/mentor/withdraw"
    page = pro.api("GET", f"/api/v1/youth/{w.youth.id}/mentor").json
    assert page["status"] == "waiting" and page["version"] == request.version
    stale = pro.api("POST", url, json={"version": request.version + 5})
    assert stale.status_code == 409 and stale.json["type"].endswith("conflict")
    assert stale.json["current"]["status"] == "waiting"
    assert (
        client_factory().login(w.youth_user).api("POST", url, json={"version": 1}).status_code
        == 404
    )
    bad = pro.api("POST", url, json={"version": "one", "reason": "x" * 3000})
    assert bad.status_code == 422
    done = pro.api("POST", url, json={"version": request.version, "reason": "Niet meer nodig"})
    assert done.status_code == 200 and done.json["status"] == "closed" and done.json["closed_at"]
    again = pro.api("POST", url, json={"version": done.json["version"]})
    assert again.status_code == 409 and again.json["type"].endswith("pool-request-closed")
    with app.app_context():
        assert db.session.get(MentorMatch, match.id).state == MatchState.WITHDRAWN
    assert _log(app) == ["denied", "allowed"]
