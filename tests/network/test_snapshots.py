"""Measurements: immutable copies; the comparison of two moments; the timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask import Flask

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.network import services
from jimnet.network.compare import compare
from jimnet.network.models import NetworkMember, NetworkSnapshot, SnapshotImmutableError
from jimnet.network.services import NetworkError
from jimnet.network.snapshots import (
    current_graph,
    list_snapshots,
    snapshot_graph,
    take_snapshot,
    timeline,
)
from jimnet.youth.models import Youth

TODAY = date(2026, 6, 1)


def _snap(app: Flask, youth_id: int, on: date, label: str = "Meting") -> int:
    with app.app_context():
        youth = db.session.get(Youth, youth_id)
        item = take_snapshot(
            db.session, youth, label=label, note=None, taken_on=on, taken_by_id=None, today=TODAY
        )
        db.session.commit()
        return item.id


def test_a_snapshot_never_changes(app: Flask, make, net) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    member = net.member(youth, "Mam", ring=1)
    snapshot_id = _snap(app, youth.id, date(2026, 1, 1))
    with app.app_context():
        member = db.session.get(NetworkMember, member.id)
        services.move_member(db.session, member, ring=4, expected_version=None)
        db.session.commit()
        item = db.session.get(NetworkSnapshot, snapshot_id)
        assert snapshot_graph(item).nodes[f"m{member.id}"]["ring"] == 1
        assert item.data["graph"]["taken_on"] == "2026-01-01"
        item.label = "Anders"
        with pytest.raises(SnapshotImmutableError):
            db.session.flush()
        db.session.rollback()


def test_a_snapshot_cannot_be_in_the_future(app: Flask, make) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    with app.app_context(), pytest.raises(NetworkError) as caught:
        take_snapshot(
            db.session,
            db.session.get(Youth, youth.id),
            label="",
            note=None,
            taken_on=date(2026, 6, 2),
            taken_by_id=None,
            today=TODAY,
        )
    assert caught.value.code == "snapshot_future"


def test_the_comparison_finds_every_kind_of_change(app: Flask, make, net) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    stays = net.member(youth, "Blijft", ring=2, supports=[("advice", "school")])
    closer = net.member(youth, "Dichter", ring=3)
    further = net.member(youth, "Verder", ring=1, supports=[("practical", "income")])
    sideways = net.member(youth, "Opzij", ring=2, sector="friends")
    leaves = net.member(youth, "Weg", ring=2, supports=[("practical", "work")])
    net.tie(stays, leaves)
    before = _snap(app, youth.id, date(2026, 1, 1))
    with app.app_context():

        def get(m: Any) -> NetworkMember:
            return db.session.get(NetworkMember, m.id)

        services.move_member(db.session, get(closer), ring=1, expected_version=None)
        services.move_member(db.session, get(further), ring=4, expected_version=None)
        services.move_member(
            db.session, get(sideways), ring=2, sector="leisure", expected_version=None
        )
        services.remove_member(db.session, get(leaves), removed_by_id=None, expected_version=None)
        services.set_supports(db.session, get(further), [], expected_version=None)
        joined = services.add_member(
            db.session,
            youth.id,
            services.MemberInput(
                "Nieuw", "aunt_uncle", 1, supports={("advice", "existence_security")}
            ),
            added_by_role="professional",
            added_by_id=None,
            today=TODAY,
        )
        services.add_tie(db.session, youth.id, stays.id, joined.id)
        db.session.commit()
        old = snapshot_graph(db.session.get(NetworkSnapshot, before))
        now = current_graph(db.session, db.session.get(Youth, youth.id), today=TODAY)
    result = compare(old, now)
    assert [m.name for m in result.joined] == ["Nieuw"]
    assert [m.name for m in result.left] == ["Weg"]
    assert [(m.name, m.before, m.after) for m in result.closer] == [
        ("Dichter", (3, "friends"), (1, "friends"))
    ]
    assert [m.name for m in result.further] == ["Verder"]
    assert [(m.name, m.after) for m in result.other_sector] == [("Opzij", (2, "leisure"))]
    assert result.domains_gained == ["existence_security"]
    assert result.domains_lost == ["work", "income"]
    assert result.strength_change["income"] < 0 < result.strength_change["existence_security"]
    assert (result.ties_new, result.ties_gone) == (1, 1)
    statuses = {m.name: m.status for m in result.map_members}
    assert statuses == {
        "Blijft": "",
        "Dichter": "closer",
        "Verder": "further",
        "Opzij": "moved",
        "Nieuw": "joined",
        "Weg": "left",
    }
    assert sorted(t.status for t in result.map_ties) == ["gone", "new"]
    assert not result.unchanged
    assert compare(old, old).unchanged


def test_the_compare_page_draws_one_map_with_the_changes(app: Flask, make, net, client) -> None:  # type: ignore[no-untyped-def]
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    member = net.member(youth, "Mam", ring=3)
    snapshot_id = _snap(app, youth.id, date(2026, 3, 1), "Start")
    net.member(youth, "Oma", ring=1)
    with app.app_context():
        services.move_member(
            db.session, db.session.get(NetworkMember, member.id), ring=1, expected_version=None
        )
        db.session.commit()
    client.login(pro)
    page = client.get(f"/jongeren/{youth.id}/netwerk/metingen/{snapshot_id}/vergelijk")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert body.count("<svg") == 1
    assert (
        "change-joined" in body and "change-closer" in body and 'class="move move-closer"' in body
    )
    assert "Nieuw erbij" in body and "Dichterbij gekomen" in body
    listing = client.get(f"/jongeren/{youth.id}/netwerk/metingen").get_data(as_text=True)
    assert "network-timeline" in listing and "Start" in listing
    picked = client.get(f"/jongeren/{youth.id}/netwerk/vergelijk?van={snapshot_id}&tot=nu")
    assert picked.status_code == 302 and picked.headers["Location"].endswith(
        f"/metingen/{snapshot_id}/vergelijk"
    )


def test_timeline_points_follow_the_snapshots(app: Flask, make, net) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    net.member(youth, "A", supports=[("advice", "school")])
    _snap(app, youth.id, date(2026, 1, 1), "Eerste")
    net.member(youth, "B", supports=[("advice", "work")])
    _snap(app, youth.id, date(2026, 4, 1), "Tweede")
    with app.app_context():
        items = list_snapshots(db.session, youth.id)
        points = timeline(items, None, TODAY, "Nu")
    assert [(p.label, p.size, p.covered) for p in points] == [("Eerste", 1, 1), ("Tweede", 2, 2)]
