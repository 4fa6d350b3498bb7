"""The network pages in the browser's way: who sees and edits what, bad input, versions, and a
constant number of SQL statements for the map page."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.network.models import NetworkMember, Tie


@pytest.fixture
def team(make: Any) -> Any:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro], first_name="Noa")
    return pro, youth


def count(app: Flask, model: Any, **where: Any) -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return int(db.session.scalar(stmt) or 0)


def test_every_page_renders_for_the_professional(team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    mum = net.member(
        youth,
        "Mam",
        relation="parent",
        sector="family",
        ring=1,
        supports=[("emotional", "support")],
    )
    lisa = net.member(youth, "Lisa", is_adult=False)
    net.tie(mum, lisa, "conflict")
    client.login(pro)
    base = f"/jongeren/{youth.id}/netwerk"
    for url in [
        "",
        "/kaart.svg",
        "/nieuw",
        "/snel",
        f"/personen/{mum.id}",
        "/verbindingen",
        "/metingen",
        "/importeren",
    ]:
        response = client.get(base + url)
        assert response.status_code == 200, url
    page = client.get(base).get_data(as_text=True)
    assert 'role="img"' in page and "Netwerkkaart van Noa" in page
    assert "Niemand helpt bij geld." in page
    assert "Iedereen op de kaart" in page and "Mam" in page and "Lisa" in page
    assert "css/network.css" in page and "js/network.js" in page
    svg = client.get(base + "/kaart.svg")
    assert svg.mimetype == "image/svg+xml"
    assert svg.get_data(as_text=True).startswith("<?xml")


def test_the_youth_page_links_to_the_map(team, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    client.login(pro)
    page = client.get(f"/jongeren/{youth.id}").get_data(as_text=True)
    assert f"/jongeren/{youth.id}/netwerk" in page and "Netwerkkaart" in page


def test_the_youth_adds_people_to_her_own_map_and_they_are_marked(app, make, team, client) -> None:  # type: ignore[no-untyped-def]
    _pro, youth = team
    me = make.participant(youth, "youth")
    client.login(me)
    page = client.get(f"/jongeren/{youth.id}/netwerk").get_data(as_text=True)
    assert "Mijn netwerk" in page and "Wie is belangrijk voor jou?" in page
    rows = {
        "rows-0-name": "Mam",
        "rows-0-relation": "parent",
        "rows-0-ring": "1",
        "rows-1-name": "Sem",
        "rows-1-relation": "friend",
        "rows-1-ring": "2",
        "rows-2-name": "",
        "rows-2-relation": "friend",
        "rows-2-ring": "2",
        "rows-3-name": "Juf Ans",
        "rows-3-relation": "teacher",
        "rows-3-ring": "3",
    }
    response = client.form(f"/jongeren/{youth.id}/netwerk/snel", rows)
    assert response.status_code == 302
    with app.app_context():
        members = db.session.scalars(
            select(NetworkMember)
            .where(NetworkMember.youth_id == youth.id)
            .order_by(NetworkMember.id)
        ).all()
        assert [
            (m.display_name, m.sector, m.ring, m.added_by_role, m.added_by_id) for m in members
        ] == [
            ("Mam", "family", 1, "youth", me.id),
            ("Sem", "friends", 2, "youth", me.id),
            ("Juf Ans", "school_work", 3, "youth", me.id),
        ]
    page = client.get(f"/jongeren/{youth.id}/netwerk").get_data(as_text=True)
    assert page.count("door jou gezet") == 3
    assert page.count('class="member sector-') == 3 and "by-youth" in page
    # She can move and edit, but measurements and imports are for the professional.
    assert client.form(f"/jongeren/{youth.id}/netwerk/importeren", {}).status_code == 404
    assert (
        client.form(
            f"/jongeren/{youth.id}/netwerk/metingen", {"taken_on": "2026-01-01"}
        ).status_code
        == 404
    )


def test_quick_add_with_a_bad_row_adds_nobody_and_keeps_the_input(app, team, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    client.login(pro)
    response = client.form(
        f"/jongeren/{youth.id}/netwerk/snel",
        {
            "rows-0-name": "Mam",
            "rows-0-relation": "parent",
            "rows-0-ring": "1",
            "rows-1-name": "Sem",
            "rows-1-relation": "friend",
            "rows-1-ring": "9",
        },
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Kies een ring van 1 (heel dichtbij) tot en met 4 (ver weg)." in body
    assert 'value="Sem"' in body and 'value="Mam"' in body
    assert count(app, NetworkMember, youth_id=youth.id) == 0


def test_a_ring_outside_one_to_four_gets_a_clear_message(app, team, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    client.login(pro)
    for ring in ("0", "5", "twee"):
        response = client.form(
            f"/jongeren/{youth.id}/netwerk/nieuw",
            {"display_name": "Sam", "relation": "friend", "ring": ring, "quality": "positive"},
        )
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "Kies een ring van 1 (heel dichtbij) tot en met 4 (ver weg)." in body
        assert 'value="Sam"' in body
    assert count(app, NetworkMember, youth_id=youth.id) == 0


def test_add_edit_move_remove_and_restore(app, team, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    client.login(pro)
    response = client.form(
        f"/jongeren/{youth.id}/netwerk/nieuw",
        {
            "display_name": "Anouk",
            "relation": "aunt_uncle",
            "ring": "2",
            "quality": "positive",
            "supports": ["emotional:support", "practical:income"],
            "email": "anouk@example.test",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        member = db.session.scalars(
            select(NetworkMember).where(NetworkMember.youth_id == youth.id)
        ).one()
        member_id, version = member.id, member.version
        assert (member.sector, member.is_adult, member.added_by_role) == (
            "family",
            True,
            "professional",
        )
        assert sorted((s.kind, s.domain) for s in member.supports) == [
            ("emotional", "support"),
            ("practical", "income"),
        ]
    base = f"/jongeren/{youth.id}/netwerk/personen/{member_id}"
    response = client.form(base + "/verplaatsen", {"ring": "1", "version": str(version)})
    assert response.status_code == 302
    response = client.form(
        base,
        {
            "display_name": "Anouk de Boer",
            "relation": "aunt_uncle",
            "ring": "1",
            "quality": "mixed",
            "is_adult": "yes",
            "supports": ["advice:work"],
            "version": str(version + 1),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        member = db.session.get(NetworkMember, member_id)
        assert (member.display_name, member.ring, member.quality) == ("Anouk de Boer", 1, "mixed")
        assert [(s.kind, s.domain) for s in member.supports] == [("advice", "work")]
        version = member.version
    assert client.form(base + "/verwijderen", {"version": str(version)}).status_code == 302
    page = client.get(f"/jongeren/{youth.id}/netwerk").get_data(as_text=True)
    assert "Er staat nog niemand op de kaart." in page and "Terugzetten" in page
    assert client.form(base + "/terugzetten", {}).status_code == 302
    with app.app_context():
        assert db.session.get(NetworkMember, member_id).removed_at is None


def test_a_stale_edit_shows_the_new_version_and_keeps_both(app, team, net, client_factory) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    member = net.member(youth, "Sam", ring=3)
    mine, theirs = client_factory().login(pro), client_factory().login(pro)
    seen = member.version
    url = f"/jongeren/{youth.id}/netwerk/personen/{member.id}"
    assert theirs.form(url + "/verplaatsen", {"ring": "1", "version": str(seen)}).status_code == 302
    response = mine.form(
        url,
        {
            "display_name": "Samuel",
            "relation": "friend",
            "ring": "4",
            "quality": "positive",
            "version": str(seen),
        },
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Iemand anders heeft deze persoon intussen veranderd" in body
    assert "De nieuwe versie" in body and 'value="Samuel"' in body
    assert f'name="version" type="hidden" value="{seen + 1}"' in body
    with app.app_context():
        saved = db.session.get(NetworkMember, member.id)
        assert (saved.display_name, saved.ring) == ("Sam", 1)
    # A stale move button (no JavaScript) does not move either: the form with the saved ring.
    response = mine.form(url + "/verplaatsen", {"ring": "4", "version": str(seen)})
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Iemand anders heeft" in body and "1 · " in body
    # Nor does a stale remove.
    assert mine.form(url + "/verwijderen", {"version": str(seen)}).status_code == 409
    with app.app_context():
        saved = db.session.get(NetworkMember, member.id)
        assert (saved.ring, saved.removed_at) == (1, None)


def test_a_member_of_another_youth_in_the_url_is_not_found(make, team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    other = make.youth(professionals=[pro])
    stranger = net.member(other, "Vreemde")
    client.login(pro)
    base = f"/jongeren/{youth.id}/netwerk/personen/{stranger.id}"
    assert client.get(base).status_code == 404
    assert client.form(base + "/verplaatsen", {"ring": "1"}).status_code == 404
    assert client.form(base + "/verwijderen", {}).status_code == 404
    assert client.get(f"/jongeren/{other.id}/netwerk/personen/{stranger.id}").status_code == 200


def test_a_tie_to_someone_of_another_map_is_refused(app, make, team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    mine = net.member(youth, "Mam")
    net.member(youth, "Pap")
    stranger = net.member(make.youth(professionals=[pro]), "Vreemde")
    client.login(pro)
    response = client.form(
        f"/jongeren/{youth.id}/netwerk/verbindingen",
        {"a_id": str(mine.id), "b_id": str(stranger.id), "quality": "positive"},
    )
    assert response.status_code == 200
    assert "Deze persoon staat niet op deze netwerkkaart." in response.get_data(as_text=True)
    huge = client.form(
        f"/jongeren/{youth.id}/netwerk/verbindingen",
        {"a_id": str(mine.id), "b_id": "9" * 30, "quality": "positive"},
    )
    assert huge.status_code == 200
    # Refused by the form before any query (jimnet.forms: no database integer holds it).
    assert "Dit nummer bestaat niet" in huge.get_data(as_text=True)
    assert count(app, Tie) == 0


def test_a_parent_sees_the_map_but_does_not_change_it(app, make, team, net, client_factory) -> None:  # type: ignore[no-untyped-def]
    # (A JIM sees it only when the youth shares it: the JIM domain's condition, tested there.)
    _pro, youth = team
    member = net.member(youth, "Mam")
    for role in ("parent",):
        parent = make.participant(youth, role)
        # A 15-year-old's map is hers: her parent sees it only when she shares it.
        make.parent_share(youth, parent, network=True)
        client = client_factory().login(parent)
        page = client.get(f"/jongeren/{youth.id}/netwerk")
        assert page.status_code == 200
        body = page.get_data(as_text=True)
        assert "Mam" in body and "Iemand toevoegen" not in body and "js/network.js" not in body
        assert (
            client.form(f"/jongeren/{youth.id}/netwerk/nieuw", {"display_name": "X"}).status_code
            == 404
        )
        assert (
            client.form(
                f"/jongeren/{youth.id}/netwerk/personen/{member.id}",
                {"display_name": "X", "relation": "friend", "ring": "1", "quality": "positive"},
            ).status_code
            == 404
        )
    with app.app_context():
        assert db.session.get(NetworkMember, member.id).display_name == "Mam"


def _grow(net: Any, youth: Any, size: int) -> None:
    sectors = ["family", "friends", "school_work", "leisure", "professional"]
    previous = None
    for i in range(size):
        member = net.member(
            youth,
            f"Persoon {i}",
            sector=sectors[i % 5],
            ring=1 + i % 4,
            supports=[("practical", "income"), ("advice", "school")] if i % 3 == 0 else [],
        )
        if previous is not None and i % 2 == 0:
            net.tie(previous, member)
        previous = member


def test_the_map_page_needs_the_same_number_of_statements_for_10_and_60(
    make, net, client, count_queries
) -> None:  # type: ignore[no-untyped-def]
    pro = make.user(StaffRole.PROFESSIONAL)
    small, large = make.youth(professionals=[pro]), make.youth(professionals=[pro])
    _grow(net, small, 10)
    _grow(net, large, 60)
    client.login(pro)
    counts = []
    for youth in (small, large):
        client.get(f"/jongeren/{youth.id}/netwerk")  # warm up (session, caches)
        with count_queries() as statements:
            response = client.get(f"/jongeren/{youth.id}/netwerk")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 22


def test_the_jim_is_marked_on_the_map_and_in_its_legend(app, make, net, client) -> None:  # type: ignore[no-untyped-def]
    from jimnet.jim.models import JimNomination, JimState

    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    _grow(net, youth, 5)
    with app.app_context():
        member = db.session.scalars(
            select(NetworkMember).where(NetworkMember.youth_id == youth.id).limit(1)
        ).one()
        member_id = member.id
        db.session.add(
            JimNomination(
                youth_id=youth.id,
                member_id=member_id,
                nominated_by_role="youth",
                state=JimState.ACTIVE,
                ranking_features={"ring": 1.0},
            )
        )
        db.session.commit()
    client.login(pro)
    page = client.get(f"/jongeren/{youth.id}/netwerk").get_data(as_text=True)
    assert 'class="member sector-' in page
    marked = [line for line in page.split("<g ") if 'data-member-id="' in line and "is-jim" in line]
    assert len(marked) == 1 and f'data-member-id="{member_id}"' in marked[0]
    assert 'class="nm-legend"' in page and "JIM</li>" in page
    svg = client.get(f"/jongeren/{youth.id}/netwerk/kaart.svg").get_data(as_text=True)
    assert "is-jim" in svg and "jim-ring" in svg
