"""The network's objects for the route walk: a member, a tie and two snapshots of the target."""

from __future__ import annotations

from datetime import date
from typing import Any

from jimnet.extensions import db
from jimnet.network.models import NetworkMember, NetworkSnapshot, Tie


def build(make: Any, app: Any, youth: Any) -> dict[str, int]:
    with app.app_context():
        a = NetworkMember(
            youth_id=youth.id, display_name="Walk A", relation="friend", sector="friends", ring=2
        )
        b = NetworkMember(
            youth_id=youth.id, display_name="Walk B", relation="parent", sector="family", ring=1
        )
        db.session.add_all([a, b])
        db.session.flush()
        tie = Tie(youth_id=youth.id, a_id=min(a.id, b.id), b_id=max(a.id, b.id))
        data = {"directed": False, "multigraph": False, "graph": {}, "nodes": [], "links": []}
        first = NetworkSnapshot(
            youth_id=youth.id, taken_on=date(2026, 1, 5), label="Walk 1", data=data
        )
        second = NetworkSnapshot(
            youth_id=youth.id, taken_on=date(2026, 4, 5), label="Walk 2", data=data
        )
        db.session.add_all([tie, first, second])
        db.session.commit()
        return {
            "member_id": a.id,
            "tie_id": tie.id,
            "snapshot_id": first.id,
            "other_snapshot_id": second.id,
        }
