"""'Who looked at my file' as she can read it: per visit, in words, on a phone, NL and EN."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine

from jimnet.access.models import AccessLogEntry
from jimnet.access.search import LogRow
from jimnet.access.visits import PAUSE, group, phrase
from jimnet.accounts.roles import StaffRole

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _row(minutes: int, action: str, user: int = 7, outcome: str = "allowed", in_list=False):
    entry = AccessLogEntry(
        occurred_at=T0 + timedelta(minutes=minutes),
        actor_user_id=user,
        actor_role="professional",
        actor_organisation_id=1,
        action=action,
        object_type="youth",
        outcome=outcome,
    )
    return LogRow(entry, "Sanne", "Jeugdzorg Eemland", None, in_list=in_list)


def test_a_pause_of_more_than_half_an_hour_starts_a_new_visit(app):
    with app.test_request_context():
        rows = [_row(100, "view"), _row(40, "edit_big5"), _row(10, "view_network"), _row(0, "view")]
        visits = group(rows, reader_id=1, to_youth=True)
        assert [v.entries for v in visits] == [1, 3]
        assert (
            visits[1].sentence
            == "bekeek je dossier, bekeek je netwerkkaart en veranderde je BIG5-plan"
        )
        assert visits[1].started == T0 and visits[1].ended == T0 + timedelta(minutes=40)
        assert timedelta(minutes=30) == PAUSE


def test_refusals_lists_and_unknown_actions_are_said_in_words(app):
    with app.test_request_context():
        rows = [
            _row(3, "frobnicate_thing"),
            _row(2, "view_big5", outcome="denied"),
            _row(1, "view", in_list=True),
        ]
        (visit,) = group(rows, reader_id=1, to_youth=True)
        assert visit.doings == ["zag je naam in een lijst", "opende een deel van je dossier"]
        assert visit.refused == ["bekeek je BIG5-plan"]
        assert "frobnicate" not in visit.sentence
        assert phrase("view_network", to_youth=False) != "view network"


def test_noa_reads_her_log_per_visit_without_her_own_visits(app, make, client_factory, clock):
    org = make.organisation("Jeugdzorg Eemland")
    pro = make.user(StaffRole.PROFESSIONAL, org, name="Sanne Zorg")
    noa = make.youth(professionals=[pro], first_name="Noa")
    noa_user = make.participant(noa, "youth")
    sanne = client_factory().login(pro)
    sanne.get(f"/jongeren/{noa.id}")
    sanne.get(f"/jongeren/{noa.id}/gegevens")
    clock.shift(timedelta(hours=2))
    sanne = client_factory().login(pro)
    sanne.get(f"/jongeren/{noa.id}/logboek")
    own = client_factory().login(noa_user)
    own.get(f"/jongeren/{noa.id}")
    html = own.get(f"/jongeren/{noa.id}/logboek").get_data(as_text=True)
    assert html.count('<li class="visit') == 2
    assert "bekeek je dossier en bekeek de pagina over je gegevens." in html
    assert "bekeek wie je dossier bekeek." in html
    assert "Sanne Zorg</strong> · Professional · Jeugdzorg Eemland" in html
    assert "We laten 1 eigen bezoek weg." in html
    assert "view_privacy" not in html and "view privacy" not in html
    with_own = own.get(f"/jongeren/{noa.id}/logboek?eigen=1").get_data(as_text=True)
    assert html.count('<li class="visit') + 1 == with_own.count('<li class="visit')
    assert "<strong>Jij</strong>" in with_own


def test_a_parent_reads_it_in_the_third_person_and_in_english(app, make, client, clock):
    pro = make.user(StaffRole.PROFESSIONAL, name="Sanne Zorg")
    noa = make.youth(professionals=[pro], first_name="Noa")
    parent = make.participant(noa, "parent")
    make.parent_share(noa, parent, log=True)  # from 12 a parent reads the log when she shares it
    from tests.helpers import Client

    Client(app).login(pro).get(f"/jongeren/{noa.id}")
    client.login(parent)
    html = client.get(f"/jongeren/{noa.id}/logboek").get_data(as_text=True)
    assert "bekeek het dossier." in html
    token = client.csrf_token("/account/")
    client.post("/account/taal", data={"csrf_token": token, "lang-lang": "en", "next": "/"})
    english = client.get(f"/jongeren/{noa.id}/logboek").get_data(as_text=True)
    assert "Who has looked at the file of Noa?" in english
    assert "bekeek" not in english


def test_the_log_page_costs_the_same_for_many_visits(app, make, client_factory, count_queries):
    pro = make.user(StaffRole.PROFESSIONAL)
    noa = make.youth(professionals=[pro])
    noa_user = make.participant(noa, "youth")
    reader = client_factory().login(noa_user)

    def visits(n: int, start: datetime) -> None:
        for i in range(n):
            with time_machine.travel(start + timedelta(hours=i), tick=False):
                client_factory().login(pro).get(f"/jongeren/{noa.id}")

    visits(1, T0)
    with time_machine.travel(T0 + timedelta(days=1), tick=False):
        reader.login(noa_user)
        with count_queries() as few:
            reader.get(f"/jongeren/{noa.id}/logboek")
    visits(6, T0 + timedelta(days=2))
    with time_machine.travel(T0 + timedelta(days=3), tick=False):
        reader.login(noa_user)
        with count_queries() as more:
            reader.get(f"/jongeren/{noa.id}/logboek")
    assert len(more) == len(few)


def test_an_admin_searches_the_log_by_name(app, make, client_factory, clock):
    org = make.organisation()
    admin = make.user(StaffRole.ORG_ADMIN, org)
    pro = make.user(StaffRole.PROFESSIONAL, org, name="Sanne Zorg")
    fenna = make.youth(org, professionals=[pro], first_name="Fenna", last_name="Vonk")
    make.youth(org, professionals=[pro], first_name="Fenna", last_name="de Wit")
    make.youth(first_name="Fenna", last_name="Anders")  # another organisation: never offered
    client_factory().login(pro).get(f"/jongeren/{fenna.id}")
    admin_client = client_factory().login(admin)
    one = admin_client.get("/logboek?naam=vonk+fenna").get_data(as_text=True)
    assert "Sanne Zorg" in one and "Fenna Vonk" in one
    several = admin_client.get("/logboek?naam=Fenna").get_data(as_text=True)
    assert "Welke jongere bedoel je?" in several
    assert "Fenna de Wit" in several and "Fenna Anders" not in several
    none = admin_client.get("/logboek?naam=Anders").get_data(as_text=True)
    assert "Geen jongere van jouw organisatie heeft deze naam." in none
    assert admin_client.get("/logboek?naam=%25_").status_code == 200


def test_staff_see_every_visit_their_own_marked(app, make, client, clock):
    pro = make.user(StaffRole.PROFESSIONAL, name="Sanne Zorg")
    noa = make.youth(professionals=[pro])
    client.login(pro)
    client.get(f"/jongeren/{noa.id}")
    html = client.get(f"/jongeren/{noa.id}/logboek").get_data(as_text=True)
    assert "<strong>Jij</strong>" in html and "bekeek het dossier" in html
    assert "eigen bezoek" not in html
