"""The service rules: validation, versions, ties within one map, quick-add all-or-nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from jimnet.extensions import db
from jimnet.network import services
from jimnet.network.models import NetworkMember, Support, Tie
from jimnet.network.services import MemberInput, NetworkError, QuickEntry

TODAY = date(2026, 6, 1)


def add(youth_id: int, name: str = "Sam", **fields: object) -> NetworkMember:
    values: dict[str, object] = {"relation": "friend", "ring": 2, **fields}
    return services.add_member(
        db.session,
        youth_id,
        MemberInput(display_name=name, **values),  # type: ignore[arg-type]
        added_by_role="professional",
        added_by_id=None,
        today=TODAY,
    )


def test_add_member_fills_in_the_usual_sector_and_adulthood(app: Flask, make) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    with app.app_context():
        aunt = add(
            youth.id,
            "  Anouk  ",
            relation="aunt_uncle",
            ring=1,
            supports={("emotional", "support"), ("practical", "income")},
        )
        friend = add(youth.id, "Lisa")
        assert aunt.display_name == "Anouk"
        assert (aunt.sector, aunt.is_adult) == ("family", True)
        assert (friend.sector, friend.is_adult) == ("friends", False)
        assert sorted((s.kind, s.domain) for s in aunt.supports) == [
            ("emotional", "support"),
            ("practical", "income"),
        ]
        assert aunt.version == 1


@pytest.mark.parametrize("ring", [0, 5, -1, 99, True, "2"])
def test_ring_outside_one_to_four_is_refused(app: Flask, make, ring: object) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    with app.app_context():
        with pytest.raises(NetworkError) as caught:
            add(youth.id, ring=ring)
        assert (caught.value.code, caught.value.field) == ("ring", "ring")
        assert db.session.scalar(select(func.count()).select_from(NetworkMember)) == 0


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"display_name": " "}, "name_empty"),
        ({"display_name": "x" * 121}, "name_long"),
        ({"relation": "boss"}, "relation"),
        ({"sector": "space"}, "sector"),
        ({"quality": "great"}, "quality"),
        ({"contact_frequency": "hourly"}, "contact_frequency"),
        ({"known_since": TODAY + timedelta(days=1)}, "known_since_future"),
        ({"email": "not-an-address"}, "email"),
        ({"supports": {("hugs", "work")}}, "kind"),
        ({"supports": {("advice", "space")}}, "domain"),
    ],
)
def test_bad_details_are_refused_with_their_field(fields: dict[str, object], code: str) -> None:
    data = MemberInput(**{"display_name": "Sam", "relation": "friend", "ring": 2, **fields})  # type: ignore[arg-type]
    with pytest.raises(NetworkError) as caught:
        services.validate(data, TODAY)
    assert caught.value.code == code


def test_a_stale_edit_is_refused_and_the_newer_one_kept(app: Flask, make) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    with app.app_context():
        member = add(youth.id, "Sam")
        seen = member.version
        services.move_member(db.session, member, ring=1, expected_version=seen)
        assert member.version == seen + 1
        with pytest.raises(NetworkError) as caught:
            services.update_member(
                db.session,
                member,
                MemberInput("Samuel", "friend", 3),
                expected_version=seen,
                today=TODAY,
            )
        assert caught.value.code == "stale"
        assert (member.display_name, member.ring) == ("Sam", 1)


def test_support_changes_bump_the_member_version(app: Flask, make) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    with app.app_context():
        member = add(youth.id)
        assert services.set_supports(
            db.session, member, [("advice", "school")], expected_version=member.version
        )
        assert member.version == 2
        assert not services.set_supports(
            db.session, member, [("advice", "school")], expected_version=2
        )
        assert member.version == 2
        services.set_supports(db.session, member, [], expected_version=2)
        assert db.session.scalar(select(func.count()).select_from(Support)) == 0


def test_removal_keeps_the_row_for_history(app: Flask, make) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    with app.app_context():
        member = add(youth.id)
        services.remove_member(db.session, member, removed_by_id=None, expected_version=1)
        assert member.removed_at is not None
        assert db.session.get(NetworkMember, member.id) is not None
        with pytest.raises(NetworkError) as caught:
            services.move_member(db.session, member, ring=3, expected_version=member.version)
        assert caught.value.code == "removed"
        services.restore_member(db.session, member)
        assert member.removed_at is None


def test_ties_stay_within_one_youths_current_map(app: Flask, make) -> None:  # type: ignore[no-untyped-def]
    youth, other = make.youth(), make.youth()
    with app.app_context():
        a, b, gone = add(youth.id, "A"), add(youth.id, "B"), add(youth.id, "C")
        stranger = add(other.id, "X")
        services.remove_member(db.session, gone, removed_by_id=None, expected_version=None)

        tie = services.add_tie(db.session, youth.id, b.id, a.id)
        assert (tie.a_id, tie.b_id, tie.quality) == (a.id, b.id, "positive")
        again = services.add_tie(db.session, youth.id, a.id, b.id, "conflict")
        assert again.id == tie.id and again.quality == "conflict"

        for a_id, b_id, code in [
            (a.id, stranger.id, "tie_unknown_member"),
            (a.id, 999_999, "tie_unknown_member"),
            (a.id, gone.id, "tie_removed_member"),
            (a.id, a.id, "tie_self"),
        ]:
            with pytest.raises(NetworkError) as caught:
                services.add_tie(db.session, youth.id, a_id, b_id)
            assert caught.value.code == code
        with pytest.raises(NetworkError):
            services.add_tie(db.session, youth.id, a.id, b.id, "mixed")
        assert db.session.scalar(select(func.count()).select_from(Tie)) == 1


def test_quick_add_adds_everyone_or_nobody(app: Flask, make) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    with app.app_context():
        with pytest.raises(NetworkError) as caught:
            services.quick_add(
                db.session,
                youth.id,
                [QuickEntry("Mam", "parent", 1), QuickEntry("Lisa", "friend", 7)],
                added_by_role="youth",
                added_by_id=None,
                today=TODAY,
            )
        assert (caught.value.code, caught.value.params["row"]) == ("ring", 2)
        assert db.session.scalar(select(func.count()).select_from(NetworkMember)) == 0

        added = services.quick_add(
            db.session,
            youth.id,
            [
                QuickEntry("Mam", "parent", 1),
                QuickEntry("", "friend", 2),
                QuickEntry("Lisa", "friend", 2),
                QuickEntry("Meester Bas", "teacher", 3),
            ],
            added_by_role="youth",
            added_by_id=None,
            today=TODAY,
        )
        assert [(m.display_name, m.sector, m.added_by_role) for m in added] == [
            ("Mam", "family", "youth"),
            ("Lisa", "friends", "youth"),
            ("Meester Bas", "school_work", "youth"),
        ]
        with pytest.raises(NetworkError) as caught:
            services.quick_add(
                db.session,
                youth.id,
                [QuickEntry(" ")],
                added_by_role="youth",
                added_by_id=None,
                today=TODAY,
            )
        assert caught.value.code == "quick_add_empty"
