"""The shortlist on the JIM pages, the admin's model versions, and the bad input of issue 10."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import time_machine
from faker import Faker
from sqlalchemy import select

from jimnet.db import utcnow
from jimnet.demo.seed import DemoContext
from jimnet.extensions import db
from jimnet.jim.models import JimNomination
from jimnet.matching import demo as matching_demo
from jimnet.matching.models import ModelVersion
from jimnet.network.models import NetworkMember
from tests.matching.conftest import add_member, add_tie


def _map(app, jim, extra: int = 0):
    """Noa's map: aunt (in the world already), a coach, a neighbour in conflict, a teacher in
    conflict with the aunt, a mother, a minor friend and ``extra`` more adults."""
    w = jim.world(age=15)
    y = w.youth
    mother = add_member(app, y, "Karin Visser", relation="parent", ring=1)
    coach = add_member(app, y, "Ayoub El Amrani", relation="sports_coach", sector="leisure",
                       ring=2, years=4, supports=[("advice", "work")])  # fmt: skip
    add_member(app, y, "Gerda Buur", relation="neighbour", sector="leisure", ring=3,
               quality="conflict")  # fmt: skip
    teacher = add_member(app, y, "Meneer De Wit", relation="teacher", sector="school_work", ring=3)
    add_member(app, y, "Daan", relation="friend", sector="friends", ring=1, is_adult=False)
    add_tie(app, y, w.aunt, mother, "conflict")
    add_tie(app, y, coach, teacher, "positive")
    for n in range(extra):
        add_member(app, y, f"Extra {n:02d}", relation="other", sector="leisure", ring=4,
                   contact_frequency=None)  # fmt: skip
    return w


def test_the_young_person_sees_three_with_reasons_and_conflict_last(app, jim, client_factory):
    w = _map(app, jim)
    page = client_factory().login(w.youth_user).get(f"/jongeren/{w.youth.id}/jim")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Wie past bij jou als JIM?" in html
    assert "Deze mensen passen het best bij jou" in html
    first = html.split("Of kies iemand anders")[0]
    assert first.count('class="match-card"') == 3
    assert "ruzie met Karin Visser" in html  # the aunt's conflict with the mother
    assert "Jij kiest" in html and "puntentelling" in html
    # Never a parent, a professional or a minor; the person in conflict comes last, with why.
    assert "Karin Visser</strong>" not in html and ">Daan<" not in html
    rest = html.split("Of kies iemand anders")[1]
    assert rest.rfind("Gerda Buur") > rest.rfind("Meneer De Wit")
    assert "jullie hebben ruzie" in rest


def test_nominating_someone_lower_is_never_questioned_and_keeps_the_features(
    app, jim, client_factory
):
    w = _map(app, jim)
    client = client_factory().login(w.youth_user)
    with app.app_context():
        teacher = db.session.scalars(
            select(NetworkMember).where(NetworkMember.display_name == "Meneer De Wit")
        ).one()
    response = client.form(
        f"/jongeren/{w.youth.id}/jim/voordragen", {"nominate-member_id": teacher.id},
        token_page=f"/jongeren/{w.youth.id}/jim",
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        nomination = db.session.scalars(
            select(JimNomination).where(JimNomination.youth_id == w.youth.id)
        ).one()
        kept = nomination.ranking_features
    assert kept["version"] == 1 and kept["values"]["closeness"] == 2
    assert kept["values"]["bridge"] is not None and "low_domains" in kept


def test_a_person_removed_between_list_and_nomination_gets_a_clear_message(
    app, jim, client_factory
):
    w = _map(app, jim)
    client = client_factory().login(w.youth_user)
    client.get(f"/jongeren/{w.youth.id}/jim")
    with app.app_context():
        aunt = db.session.get(NetworkMember, w.aunt.id)
        aunt.removed_at = utcnow()
        db.session.commit()
    response = client.form(
        f"/jongeren/{w.youth.id}/jim/voordragen", {"nominate-member_id": w.aunt.id},
        token_page=f"/jongeren/{w.youth.id}/jim",
    )  # fmt: skip
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Deze persoon staat niet meer in het netwerk." in html
    assert "Ayoub El Amrani" in html  # the list, as it is now, to choose again


def test_an_empty_map_gets_a_helpful_page(app, make, jim, client_factory):
    w = jim.world(age=15)
    with app.app_context():
        db.session.delete(db.session.get(NetworkMember, w.aunt.id))
        db.session.commit()
    for user in (w.youth_user, w.professional):
        page = client_factory().login(user).get(f"/jongeren/{w.youth.id}/jim")
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert "netwerkkaart" in html and "Naar " in html


def test_members_with_missing_facts_are_ranked_and_explained(app, jim, client_factory, saved):
    w = _map(app, jim)
    saved(activate=True)
    add_member(app, w.youth, "Onbekend Iemand", relation="other", sector="leisure", ring=2,
               contact_frequency=None)  # fmt: skip
    page = client_factory().login(w.professional).get(f"/jongeren/{w.youth.id}/jim")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Onbekend Iemand" in html


def test_the_professional_sees_bands_reasons_and_the_model_version(app, jim, client_factory, saved):
    w = _map(app, jim)
    version = saved(activate=True)
    html = (
        client_factory()
        .login(w.professional)
        .get(f"/jongeren/{w.youth.id}/jim")
        .get_data(as_text=True)
    )
    assert f"versie {version.id}" in html and "logistische regressie" in html
    assert "Belangrijkste redenen" in html
    assert any(band in html for band in ("Grote kans", "Redelijke kans", "Kleinere kans"))
    assert "%" not in html.split("Belangrijkste redenen")[1].split("</table>")[0]


def test_the_professional_sees_the_points_when_no_model_is_active(app, jim, client_factory):
    w = _map(app, jim)
    html = (
        client_factory()
        .login(w.professional)
        .get(f"/jongeren/{w.youth.id}/jim")
        .get_data(as_text=True)
    )
    assert "Volgorde gemaakt met de puntentelling." in html
    assert "Hoe de puntentelling werkt" in html and "grote kans vanaf 7 punten" in html.lower()


def test_a_tampered_model_is_refused_on_every_page_and_the_admin_sees_why(
    app, jim, client_factory, saved, models_dir
):
    w = _map(app, jim)
    version = saved(activate=True)
    path = models_dir / version.file_name
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    youth = client_factory().login(w.youth_user).get(f"/jongeren/{w.youth.id}/jim")
    assert youth.status_code == 200 and "puntentelling" in youth.get_data(as_text=True)
    pro = (
        client_factory()
        .login(w.professional)
        .get(f"/jongeren/{w.youth.id}/jim")
        .get_data(as_text=True)
    )
    assert "wordt niet gebruikt" in pro and "controlesom" in pro
    admin = client_factory().login(w.org_admin).get("/beheer/modellen/").get_data(as_text=True)
    assert "wordt geweigerd" in admin and "controlesom" in admin


def test_query_count_does_not_grow_with_the_map(app, jim, client_factory, count_queries, saved):
    saved(activate=True)
    counts = []
    for extra in (0, 25):
        w = _map(app, jim, extra)
        client = client_factory().login(w.youth_user)
        client.get(f"/jongeren/{w.youth.id}/jim")
        with count_queries() as statements:
            assert client.get(f"/jongeren/{w.youth.id}/jim").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_only_org_admins_manage_models(app, jim, client_factory, saved):
    w = jim.world()
    version = saved(activate=False)
    assert client_factory().login(w.professional).get("/beheer/modellen/").status_code == 404
    client = client_factory().login(w.org_admin)
    assert client.get("/beheer/modellen/").status_code == 200
    response = client.form(
        f"/beheer/modellen/{version.id}/activeren", {"active": ""}, token_page="/beheer/modellen/"
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(ModelVersion, version.id).active
    # A page that still shows "no active version" is stale now: a clear message, no change.
    other = saved(activate=False)
    response = client.form(
        f"/beheer/modellen/{other.id}/activeren", {"active": ""}, token_page="/beheer/modellen/",
        follow_redirects=True,
    )  # fmt: skip
    assert "Iemand anders heeft intussen" in response.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(ModelVersion, other.id).active
    response = client.form(
        "/beheer/modellen/puntentelling",
        {"active": str(version.id)},
        token_page="/beheer/modellen/",
    )
    with app.app_context():
        assert not db.session.get(ModelVersion, version.id).active


def test_train_ranker_with_too_little_data_says_so(app, models_dir):
    result = app.test_cli_runner().invoke(args=["train-ranker"])
    assert result.exit_code == 0
    assert "Not trained" in result.output and "points score stays" in result.output


def test_train_ranker_trains_saves_and_activates_from_the_database(
    app, make, models_dir, monkeypatch
):
    monkeypatch.setattr(matching_demo, "HISTORY_YOUTH", 400)
    org = make.organisation()
    with app.app_context():
        org = db.session.merge(org)
        fake = Faker("nl_NL")
        fake.seed_instance(1)
        ctx = DemoContext(db.session(), random.Random(1), fake, date(2026, 6, 1), "x", [org])
        matching_demo._history(ctx)
        db.session.commit()
    # The history ends 400 days before 1 June 2026: every outcome is known the day after.
    with time_machine.travel(datetime(2026, 6, 2, 12, tzinfo=UTC), tick=False):
        result = app.test_cli_runner().invoke(args=["train-ranker", "--no-challenger"])
    assert result.exit_code == 0, result.output
    assert "AUC" in result.output and "logistic" in result.output
    with app.app_context():
        version = db.session.scalars(select(ModelVersion)).one()
        assert (models_dir / version.file_name).is_file()
        card = (models_dir / version.file_name.replace(".skops", ".md")).read_text()
    assert "## Fairness" in card and "## Intended use" in card and "## Limits" in card
    assert ("Activated" in result.output) == version.active
