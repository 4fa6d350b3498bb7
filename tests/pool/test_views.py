"""The pool's pages: the public form's bad input, the coordinator's round and approval, the
young person's answer, what the mentor sees, and constant query counts."""

from __future__ import annotations

from sqlalchemy import func, select

from jimnet.extensions import db
from jimnet.pool.models import MatchState, MentorMatch, Volunteer

FORM = {
    "name": "Hanna Tesfay",
    "email": "hanna@example.test",
    "phone": "06 12345678",
    "birth_year": "1990",
    "gender": "woman",
    "postcode": "3811 AB",
    "municipality": "Amersfoort",
    "travel_km": "10",
    "interests": ["music", "sport"],
    "languages": ["nl"],
    "availability": ["weekend"],
    "youth_age_min": "12",
    "youth_age_max": "23",
}


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Volunteer))


def _register(client, org, **changes):
    data = {**FORM, "organisation_id": str(org.id), **changes}
    return client.form("/vrijwilliger-worden", data, token_page="/vrijwilliger-worden")


def test_a_volunteer_registers_and_a_known_address_gets_the_same_answer(app, client, pool):
    w = pool.world()
    first = _register(client, w.organisation)
    assert first.status_code == 302 and first.headers["Location"].endswith("/bedankt")
    again = _register(client, w.organisation, name="Iemand Anders")
    assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    with app.app_context():
        rows = db.session.scalars(select(Volunteer)).all()
        assert len(rows) == 1 and rows[0].name == "Hanna Tesfay" and rows[0].registrations == 2


def test_a_registration_with_only_a_name_gets_messages_and_keeps_what_was_typed(app, client, pool):
    w = pool.world()
    response = client.form(
        "/vrijwilliger-worden",
        {"organisation_id": str(w.organisation.id), "name": "Alleen Naam"},
        token_page="/vrijwilliger-worden",
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul je e-mailadres in." in body and "Vul je postcode in." in body
    assert 'value="Alleen Naam"' in body
    assert _count(app) == 0


def test_script_in_a_field_is_refused_and_never_echoed_as_markup(app, client, pool):
    w = pool.world()
    response = _register(
        client, w.organisation, name="<script>alert(1)</script>", motivation="<b>hoi</b>"
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<script>alert(1)</script>" not in body
    assert "Gebruik alleen letters in je naam." in body
    assert _count(app) == 0


def test_the_honeypot_answers_like_a_success_and_stores_nothing(app, client, pool):
    w = pool.world()
    response = _register(client, w.organisation, website="http://spam.example")
    assert response.status_code == 302 and response.headers["Location"].endswith("/bedankt")
    assert _count(app) == 0


def test_a_flood_from_one_address_is_held_off_with_a_clear_answer(app, client, pool):
    w = pool.world()
    codes = [
        _register(client, w.organisation, email=f"flood{i}@example.test").status_code
        for i in range(7)
    ]
    assert codes[:5] == [302] * 5
    assert codes[5:] == [429, 429]
    assert _count(app) == 5


def test_an_oversized_registration_is_refused(app, client, pool):
    w = pool.world()
    response = _register(client, w.organisation, motivation="x" * 20000)
    assert response.status_code == 413
    assert _count(app) == 0


def _flow(pool, make):
    w = pool.world()
    mentor_user = make.user(name="Hanna Tesfay")
    volunteer = pool.volunteer(w.organisation, user=mentor_user, capacity=1)
    request = pool.request(w.youth, w.professional)
    return w, mentor_user, volunteer, request


def test_coordinator_runs_a_round_approves_youth_accepts_and_the_mentor_sees_only_what_is_shared(
    app, pool, make, client_factory
):
    from jimnet.network.models import NetworkMember

    w, mentor_user, _volunteer, _ = _flow(pool, make)
    coordinator = client_factory().login(w.coordinator)
    assert coordinator.form("/mentorpool/ronde", {}, token_page="/mentorpool/").status_code == 302
    page = coordinator.get("/mentorpool/").get_data(as_text=True)
    assert "Sem" in page and "Hanna Tesfay" in page and "Jullie houden allebei van" in page
    with app.app_context():
        match = db.session.scalars(select(MentorMatch)).one()
    url = f"/jongeren/{w.youth.id}/mentor/{match.id}"
    approved = coordinator.form(
        url + "/goedkeuren",
        {"version": str(match.version), "next": "pool"},
        token_page="/mentorpool/",
    )
    assert approved.status_code == 302
    # A second coordinator, one page behind: a clear message, nothing changes.
    late = client_factory().login(w.coordinator)
    late.form(url + "/goedkeuren", {"version": str(match.version)}, token_page="/mentorpool/")
    assert "Iemand anders heeft dit voorstel net veranderd" in late.get(
        f"/jongeren/{w.youth.id}/mentor"
    ).get_data(as_text=True)

    youth = client_factory().login(w.youth_user)
    youth_page = youth.get(f"/jongeren/{w.youth.id}/mentor").get_data(as_text=True)
    assert "Wil je Hanna als mentor?" in youth_page
    with app.app_context():
        version = db.session.get(MentorMatch, match.id).version
    assert (
        youth.form(
            url + "/ja", {"version": str(version)}, token_page=f"/jongeren/{w.youth.id}/mentor"
        ).status_code
        == 302
    )
    # She shares her map but not her BIG5 plan.
    youth.form(url + "/delen", {"share_network": "y"}, token_page=f"/jongeren/{w.youth.id}/mentor")
    for slug in ("kennismaking", "starten"):
        assert coordinator.form(f"{url}/{slug}", {}, token_page="/mentorpool/").status_code == 302
    with app.app_context():
        assert db.session.get(MentorMatch, match.id).state == MatchState.ACTIVE
        db.session.add(
            NetworkMember(
                youth_id=w.youth.id,
                display_name="Oma",
                relation="grandparent",
                sector="family",
                ring=1,
                is_adult=True,
                quality="positive",
            )
        )
        db.session.commit()

    mentor = client_factory().login(mentor_user)
    mine = mentor.get("/mentor/").get_data(as_text=True)
    assert "Sem" in mine
    assert mentor.get(f"/jongeren/{w.youth.id}/netwerk").status_code == 200
    assert mentor.get(f"/jongeren/{w.youth.id}/big5").status_code == 404
    assert mentor.get(f"/jongeren/{w.youth.id}/jim").status_code == 404
    # What she stops sharing, the mentor stops seeing.
    youth.form(url + "/delen", {}, token_page=f"/jongeren/{w.youth.id}/mentor")
    assert mentor.get(f"/jongeren/{w.youth.id}/netwerk").status_code == 404


def test_declining_answers_clearly(app, pool, make, client_factory):
    w, _, volunteer, request = _flow(pool, make)
    match = pool.match(request, volunteer, MatchState.APPROVED)
    youth = client_factory().login(w.youth_user)
    response = youth.form(
        f"/jongeren/{w.youth.id}/mentor/{match.id}/nee",
        {},
        token_page=f"/jongeren/{w.youth.id}/mentor",
    )
    assert response.status_code == 302
    assert "niet opnieuw voorgesteld" in youth.get(response.headers["Location"]).get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(MentorMatch, match.id).state == MatchState.DECLINED


def test_an_expired_vog_shows_why_and_cannot_be_approved(app, pool, make, client_factory):
    w = pool.world()
    volunteer = pool.volunteer(w.organisation, vog_days_ago=1200)
    match = pool.match(pool.request(w.youth, w.professional), volunteer)
    coordinator = client_factory().login(w.coordinator)
    page = coordinator.get(f"/mentorpool/vrijwilligers/{volunteer.id}").get_data(as_text=True)
    assert "niet te koppelen" in page
    coordinator.form(
        f"/jongeren/{w.youth.id}/mentor/{match.id}/goedkeuren", {}, token_page="/mentorpool/"
    )
    assert "De VOG van deze vrijwilliger is verlopen" in coordinator.get("/mentorpool/").get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(MentorMatch, match.id).state == MatchState.PROPOSED


def test_the_professional_refers_from_the_jim_page(app, pool, client_factory):
    w = pool.world()
    pro = client_factory().login(w.professional)
    jim_page = pro.get(f"/jongeren/{w.youth.id}/jim").get_data(as_text=True)
    assert "Aanmelden bij de mentorpool" in jim_page
    # An empty map: jimnet suggests the pool.
    assert "staat niemand met een grote kans als JIM" in jim_page
    response = pro.form(
        f"/jongeren/{w.youth.id}/mentor/aanmelden",
        {"interests": ["music"], "languages": ["ar"], "mentor_gender": "woman", "max_km": "10"},
        token_page=f"/jongeren/{w.youth.id}/mentor/aanmelden",
    )
    assert response.status_code == 302
    again = pro.form(
        f"/jongeren/{w.youth.id}/mentor/aanmelden",
        {"mentor_gender": "any"},
        token_page=f"/jongeren/{w.youth.id}/mentor/aanmelden",
    )
    assert again.status_code == 302  # now it edits the wishes of the open referral


def test_outsiders_and_other_coordinators_see_nothing(app, pool, make, client_factory):
    w, _, volunteer, request = _flow(pool, make)
    match = pool.match(request, volunteer)
    stranger = make.user("coordinator", make.organisation(consortium=make.consortium()))
    client = client_factory().login(stranger)
    assert client.get("/mentorpool/").status_code == 200
    assert client.get(f"/mentorpool/vrijwilligers/{volunteer.id}").status_code == 404
    assert client.get(f"/mentorpool/koppelingen/{match.id}").status_code == 404
    assert "Sem" not in client.get("/mentorpool/").get_data(as_text=True)
    assert client_factory().login(w.professional).get("/mentorpool/").status_code == 404


def test_list_pages_use_a_constant_number_of_statements(
    app, pool, make, client_factory, count_queries
):
    w = pool.world()
    coordinator = client_factory().login(w.coordinator)

    def grow(n):
        for i in range(n):
            youth = make.youth(w.organisation, professionals=[w.professional])
            request = pool.request(youth, w.professional)
            volunteer = pool.volunteer(w.organisation, email=f"grow{n}-{i}@example.test")
            pool.match(request, volunteer)

    counts = []
    for n in (1, 6):
        grow(n)
        for url in ("/mentorpool/", "/mentorpool/vrijwilligers"):
            # The first look at a young person links their log pseudonym once, ever.
            coordinator.get(url)
            with count_queries() as statements:
                assert coordinator.get(url).status_code == 200
            counts.append((url, len(statements)))
    assert counts[0] == counts[2] and counts[1] == counts[3], counts


def test_the_jim_conversation_records_the_vog(app, client_factory, make):
    from jimnet.clock import today
    from jimnet.jim.models import JimConversation, JimState
    from tests.jim.conftest import JimFactory

    jim = JimFactory(app, make)
    w = jim.world(age=15)
    nomination = jim.nomination(w.youth, w.aunt, JimState.IN_CONVERSATION)
    pro = client_factory().login(w.professional)
    url = f"/jongeren/{w.youth.id}/jim/{nomination.id}/gesprek"
    base = {
        "held_on": today().isoformat(),
        "willingness": "willing",
        "reachability": "easy",
        "outcome": "suitable",
        "reason_for_youth": "Ze wil graag.",
        "version": str(nomination.version),
    }
    missing = pro.form(url, {**base, "vog_status": "received"}, token_page=url)
    assert missing.status_code == 200 and "Vul de datum op de VOG in." in missing.get_data(
        as_text=True
    )
    no_reason = pro.form(url, {**base, "vog_status": "not_needed"}, token_page=url)
    assert "Schrijf op waarom een VOG niet nodig is." in no_reason.get_data(as_text=True)
    done = pro.form(
        url,
        {**base, "vog_status": "not_needed", "vog_not_needed_reason": "Familie, alleen thuis."},
        token_page=url,
    )
    assert done.status_code == 302
    with app.app_context():
        from sqlalchemy import select as sel

        conversation = db.session.scalars(sel(JimConversation)).one()
        assert (conversation.vog_status, conversation.vog_not_needed_reason) == (
            "not_needed",
            "Familie, alleen thuis.",
        )
    assert "Niet nodig: Familie, alleen thuis." in pro.get(f"/jongeren/{w.youth.id}/jim").get_data(
        as_text=True
    )


def test_pool_lists_record_which_young_people_they_showed(app, pool, make, client_factory):
    from jimnet.access import keyed
    from jimnet.access.models import AccessLogEntry

    w, mentor_user, volunteer, request = _flow(pool, make)
    other = pool.world()
    pool.match(request, volunteer, MatchState.APPROVED)  # on its way: on every list
    key = app.config["JIMNET_PSEUDONYM_KEY"]
    me = keyed.pseudonym_for(key, w.youth.id)
    coordinator = client_factory().login(w.coordinator)
    assert coordinator.get("/mentorpool/").status_code == 200
    assert coordinator.get(f"/mentorpool/vrijwilligers/{volunteer.id}").status_code == 200
    assert coordinator.get("/api/v1/pool/proposals").status_code == 200
    assert client_factory().login(mentor_user).get("/mentor/").status_code == 200
    with app.app_context():
        entries = db.session.scalars(
            select(AccessLogEntry).where(
                AccessLogEntry.action.in_(["list", "view_volunteer", "view_own_volunteer"])
            )
        ).all()
    by_action = {(e.action, e.object_type): e.subjects for e in entries}
    assert by_action[("list", "mentor_pool")] == me  # the dashboard and the API alike
    assert by_action[("view_volunteer", "volunteer")] == me
    assert by_action[("view_own_volunteer", "volunteer")] == me
    assert keyed.pseudonym_for(key, other.youth.id) not in " ".join(by_action.values())


def test_counts_on_the_pool_page_are_singular_for_one(app, pool, make, client_factory):
    w, _, _, _ = _flow(pool, make)  # one waiting young person, one volunteer, one place
    coordinator = client_factory().login(w.coordinator)
    done = coordinator.form(
        "/mentorpool/ronde", {}, token_page="/mentorpool/", follow_redirects=True
    )
    html = done.get_data(as_text=True)
    assert "Nieuwe ronde: 1 voorstel voor 1 wachtende jongere." in html
    assert "<strong>1</strong> jongere wacht" in html and "<strong>1</strong> vrije plek<" in html
    assert "1 voorstel voor 1 jongere over 1 plek." in html
    assert "<strong>0</strong> koppelingen lopen" in html
    assert "1 koppelingen" not in html and "1 voorstellen" not in html
