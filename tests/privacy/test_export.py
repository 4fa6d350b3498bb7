"""Export (AVG art. 15 and 20): who may ask, what is in it, once over a short-lived link."""

from __future__ import annotations

import json
from datetime import date, timedelta

import jsonschema
from sqlalchemy import select

from jimnet.access.models import AccessLogEntry
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.network.models import NetworkMember
from jimnet.privacy.export import SCHEMA_FILE
from jimnet.privacy.models import DataExport, ExportStatus
from jimnet.youth.models import Consent


def _noa(make, **kwargs):
    pro = make.user(StaffRole.PROFESSIONAL, name="Sanne Zorg")
    noa = make.youth(
        professionals=[pro],
        first_name="Noa",
        last_name="Visser",
        date_of_birth=date(2011, 3, 1),
        postcode="3811 AB",
        **kwargs,
    )
    return pro, noa


def _add_member(app, youth, name="Oma Riet", email="riet@example.test"):
    with app.app_context():
        member = NetworkMember(
            youth_id=youth.id,
            display_name=name,
            relation="grandparent",
            sector="family",
            ring=1,
            email=email,
            note="belt elke zondag",
        )
        db.session.add(member)
        db.session.add(
            Consent(
                youth_id=youth.id,
                purpose="jim",
                given_by_role="youth",
                given_by_name="Noa Visser",
                given_on=date(2026, 5, 1),
                method="app",
            )
        )
        db.session.commit()


def _ask(client, youth):
    return client.form(
        f"/jongeren/{youth.id}/gegevens/opvragen", token_page=f"/jongeren/{youth.id}/gegevens"
    )


def _latest(app, user):
    with app.app_context():
        return db.session.scalars(
            select(DataExport).where(DataExport.user_id == user.id).order_by(DataExport.id.desc())
        ).first()


def test_noa_downloads_her_data_as_json_and_reads_it_as_a_page(app, make, client, clock):
    _pro, noa = _noa(make)
    _add_member(app, noa)
    noa_user = make.participant(noa, "youth")
    client.login(noa_user)
    page = client.get(f"/jongeren/{noa.id}/gegevens")
    assert page.status_code == 200
    assert "Mijn gegevens opvragen" in page.get_data(as_text=True)

    response = _ask(client, noa)
    assert response.status_code == 303
    row = _latest(app, noa_user)
    assert row.status == ExportStatus.READY
    assert row.expires_at == row.ready_at + timedelta(minutes=60)

    data = client.get(f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.json")
    assert data.status_code == 200
    assert "attachment" in data.headers["Content-Disposition"]
    document = json.loads(data.get_data(as_text=True))
    jsonschema.validate(document, json.loads(SCHEMA_FILE.read_text()))
    assert document["subject"]["name"] == "Noa Visser"
    assert document["tables"]["youth"][0]["postcode"] == "3811 AB"
    assert document["tables"]["network_member"][0]["email"] == "riet@example.test"
    assert document["tables"]["consent"][0]["given_by_name"] == "Noa Visser"
    assert any(line["what"] for line in document["access_log"])
    assert "token_hash" not in json.dumps(document)

    html = client.get(f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.html")
    assert html.status_code == 200
    body = html.get_data(as_text=True)
    assert "Alles wat jimnet over Noa Visser bewaart" in body
    assert "<svg" in body  # her map, drawn
    assert "Oma Riet" in body
    nonce = html.headers["Content-Security-Policy"].split("'nonce-")[2].split("'")[0]
    assert f'<style nonce="{nonce}">' in body


def test_a_link_works_once_and_the_content_is_gone_after(app, make, client, clock):
    _pro, noa = _noa(make)
    noa_user = make.participant(noa, "youth")
    client.login(noa_user)
    _ask(client, noa)
    row = _latest(app, noa_user)
    url = f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.json"
    assert client.get(url).status_code == 200
    again = client.get(url)
    assert again.status_code == 410
    assert "al gebruikt" in again.get_data(as_text=True)
    with app.app_context():
        stored = db.session.get(DataExport, row.id)
        assert stored.json_data is None and stored.html_data is not None
    assert client.get(f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.html").status_code == 200
    with app.app_context():
        stored = db.session.get(DataExport, row.id)
        assert stored.status == ExportStatus.CLEARED and stored.html_data is None
    # Both taken: she may ask again at once.
    assert _ask(client, noa).status_code == 303


def test_an_expired_link_says_so_and_a_new_request_is_possible(app, make, client, clock):
    _pro, noa = _noa(make)
    noa_user = make.participant(noa, "youth")
    client.login(noa_user)
    _ask(client, noa)
    row = _latest(app, noa_user)
    clock.shift(timedelta(minutes=61))
    client.login(noa_user)  # the session itself expired after 15 idle minutes
    expired = client.get(f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.json")
    assert expired.status_code == 410
    assert "verlopen" in expired.get_data(as_text=True)
    assert _ask(client, noa).status_code == 303
    with app.app_context():
        assert db.session.get(DataExport, row.id).json_data is None  # cleared when released


def test_asking_twice_gives_one_export_and_a_clear_answer(app, make, client, clock):
    _pro, noa = _noa(make)
    noa_user = make.participant(noa, "youth")
    client.login(noa_user)
    assert _ask(client, noa).status_code == 303
    second = _ask(client, noa)
    assert second.status_code == 409
    assert "al opgevraagd" in second.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(DataExport)).all()) == 1


def test_only_the_person_who_asked_can_download(app, make, client_factory, clock):
    _pro, noa = _noa(make)
    noa_user = make.participant(noa, "youth")
    parent = make.participant(noa, "parent")
    _ask(client_factory().login(noa_user), noa)
    row = _latest(app, noa_user)
    other = client_factory().login(parent)
    assert other.get(f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.json").status_code == 404
    with app.app_context():
        entry = db.session.scalars(
            select(AccessLogEntry).order_by(AccessLogEntry.id.desc())
        ).first()
        assert (entry.action, entry.outcome, entry.actor_user_id) == (
            "export_data",
            "denied",
            parent.id,
        )


def test_a_parent_asks_for_a_child_under_16_without_her_words_or_others_contacts(
    app, make, client, clock
):
    _pro, noa = _noa(make)  # 15
    _add_member(app, noa)
    parent = make.participant(noa, "parent")
    client.login(parent)
    assert _ask(client, noa).status_code == 303
    row = _latest(app, parent)
    document = json.loads(
        client.get(f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.json").get_data(as_text=True)
    )
    assert document["requested_by"]["relation"] == "parent"
    member = document["tables"]["network_member"][0]
    assert member["display_name"] == "Oma Riet"
    assert "email" not in member and "note" not in member


def test_a_parent_of_a_16_year_old_is_refused_like_a_stranger(app, make, client, clock):
    # From 16 she exercises her rights alone, and the file is no longer the parent's to see
    # (jimnet.access.parents): the page and the request answer 404, and nothing is built.
    pro = make.user(StaffRole.PROFESSIONAL)
    sem = make.youth(professionals=[pro], first_name="Sem", date_of_birth=date(2010, 12, 2))
    parent = make.participant(sem, "parent")
    client.login(parent)
    assert client.get(f"/jongeren/{sem.id}/gegevens").status_code == 404
    assert _ask(client, sem).status_code == 404
    with app.app_context():
        assert db.session.scalars(select(DataExport)).all() == []


def test_the_day_before_16_a_parent_may_still_ask(app, make, client, clock):
    pro = make.user(StaffRole.PROFESSIONAL)
    sem = make.youth(professionals=[pro], first_name="Sem", date_of_birth=date(2010, 12, 3))
    client.login(make.participant(sem, "parent"))
    assert _ask(client, sem).status_code == 303


def test_under_12_the_young_person_does_not_ask_herself(app, make, client, clock):
    pro = make.user(StaffRole.PROFESSIONAL)
    kid = make.youth(professionals=[pro], date_of_birth=date(2014, 12, 3))  # 11
    client.login(make.participant(kid, "youth"))
    page = client.get(f"/jongeren/{kid.id}/gegevens").get_data(as_text=True)
    assert "jonger dan 12" in page
    assert _ask(client, kid).status_code == 403


def test_staff_see_the_page_but_cannot_take_the_data(app, make, client, clock):
    pro, noa = _noa(make)
    client.login(pro)
    page = client.get(f"/jongeren/{noa.id}/gegevens")
    assert page.status_code == 200
    assert "Mijn gegevens opvragen" not in page.get_data(as_text=True)
    assert _ask(client, noa).status_code == 403


def test_the_request_and_the_download_are_in_her_log(app, make, client, clock):
    _pro, noa = _noa(make)
    noa_user = make.participant(noa, "youth")
    client.login(noa_user)
    _ask(client, noa)
    row = _latest(app, noa_user)
    client.get(f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.json")
    with app.app_context():
        entries = db.session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.action == "export_data")
        ).all()
        assert [(e.object_id, e.outcome, e.actor_role) for e in entries] == [
            (None, "allowed", "youth"),
            (str(row.id), "allowed", "youth"),
        ]


def test_the_page_costs_a_fixed_number_of_queries(app, make, client, count_queries, clock):
    _pro, noa = _noa(make)
    noa_user = make.participant(noa, "youth")
    client.login(noa_user)

    def one_more_export() -> None:
        _ask(client, noa)
        row = _latest(app, noa_user)
        client.get(f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.json")
        client.get(f"/jongeren/{noa.id}/gegevens/{row.id}/gegevens.html")

    one_more_export()
    with count_queries() as few:
        assert client.get(f"/jongeren/{noa.id}/gegevens").status_code == 200
    for _ in range(3):
        one_more_export()
    with count_queries() as more:
        assert client.get(f"/jongeren/{noa.id}/gegevens").status_code == 200
    assert len(more) == len(few) <= 18, more
