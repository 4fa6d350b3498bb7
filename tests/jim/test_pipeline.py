"""The professional's JIM pipeline: who waits on what and for how long, the figures research
reports, and a constant number of SQL statements whatever the size of the case load."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from jimnet import clock
from jimnet.extensions import db
from jimnet.jim.models import JimNomination, JimState
from jimnet.youth.models import Youth

S = JimState


def _caseload(jim, make, professional, count, org):
    """``count`` young people in every kind of state on this professional's case load."""
    states = [None, S.NOMINATED, S.AWAITING_CONSENT, S.INVITED, S.ACTIVE, S.NOT_SUITABLE]
    made = []
    for i in range(count):
        youth = make.youth(org, professionals=[professional], age=14, last_name=f"Caseload{i:03d}")
        parent = make.participant(youth, "parent")
        member = jim.member(youth, f"Tante {i}")
        state = states[i % len(states)]
        if state is not None:
            consents = (("youth", None),) if state == S.AWAITING_CONSENT else ()
            jim.nomination(
                youth,
                member,
                state,
                suitable=True,
                consents=consents,
                jim_user=make.user() if state == S.ACTIVE else None,
            )
        made.append((youth, parent))
    return made


def test_the_pipeline_shows_who_waits_on_what(app, jim, make, client_factory):
    org = make.organisation()
    professional = make.user("professional", org)
    made = _caseload(jim, make, professional, 6, org)
    with app.app_context():
        # Care started 100 days before the nomination of the young person in "awaiting consent",
        # counted in Amsterdam days as the page counts them (a UTC date is tomorrow's there
        # from 22:00 or 23:00 UTC).
        youth = db.session.get(Youth, made[2][0].id)
        youth.care_started_on = clock.today() - timedelta(days=100)
        db.session.commit()
    page = client_factory().login(professional).get("/jim/overzicht").get_data(as_text=True)
    assert "Caseload000" in page and "Nog geen voordracht" in page
    assert "Wacht op toestemming" in page
    assert made[2][1].name in page  # the parent whose consent is still missing
    assert "Actief" in page and "Niet geschikt" in page
    assert "100" in page  # days from the start of care to the nomination
    only_without = (
        client_factory()
        .login(professional)
        .get("/jim/overzicht?toon=no_jim")
        .get_data(as_text=True)
    )
    assert "Caseload004" not in only_without  # has an active JIM
    assert "Caseload000" in only_without


def test_the_pipeline_is_only_for_caseworkers(app, jim, make, client_factory):
    w = jim.world()
    assert client_factory().login(w.youth_user).get("/jim/overzicht").status_code == 404
    assert client_factory().login(w.org_admin).get("/jim/overzicht").status_code == 404
    assert client_factory().login(w.coach).get("/jim/overzicht").status_code == 200


def test_the_pipeline_does_not_show_other_caseloads(app, jim, make, client_factory):
    org = make.organisation()
    mine, theirs = make.user("professional", org), make.user("professional", org)
    make.youth(org, professionals=[theirs], last_name="Zwartvleugel")
    page = client_factory().login(mine).get("/jim/overzicht").get_data(as_text=True)
    assert "Zwartvleugel" not in page


def test_the_pipeline_query_count_does_not_grow_with_the_caseload(
    app, jim, make, client_factory, count_queries
):
    org = make.organisation()
    professional = make.user("professional", org)
    client = client_factory().login(professional)
    _caseload(jim, make, professional, 6, org)
    client.get("/jim/overzicht")  # warm up
    with count_queries() as small:
        assert client.get("/jim/overzicht").status_code == 200
    _caseload(jim, make, professional, 24, org)
    with count_queries() as large:
        page = client.get("/jim/overzicht")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("Caseload") >= 30
    assert len(large) == len(small), (len(small), len(large))


def test_the_overview_query_count_does_not_grow_with_the_history(
    app, jim, make, client_factory, count_queries
):
    w = jim.world(age=16)
    client = client_factory().login(w.professional)
    jim.nomination(w.youth, jim.member(w.youth, "Eerste"), S.WITHDRAWN, suitable=False)
    client.get(f"/jongeren/{w.youth.id}/jim")
    with count_queries() as small:
        client.get(f"/jongeren/{w.youth.id}/jim")
    for i in range(8):
        jim.nomination(
            w.youth,
            jim.member(w.youth, f"Kandidaat {i}", relation="neighbour", sector="leisure"),
            S.DECLINED,
            suitable=True,
            consents=(("youth", None),),
        )
    with count_queries() as large:
        response = client.get(f"/jongeren/{w.youth.id}/jim")
    assert response.status_code == 200
    assert len(large) == len(small), (len(small), len(large))
    with app.app_context():
        assert (
            db.session.scalar(
                select(func.count())
                .select_from(JimNomination)
                .where(JimNomination.youth_id == w.youth.id)
            )
            == 9
        )
