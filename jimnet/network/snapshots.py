"""Measurements: dated, immutable copies of the network, and the current network as a graph."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.network.analysis import Analysis, analyse
from jimnet.network.graph import NetworkRows, build_graph, from_node_link, load_rows, node_link
from jimnet.network.models import NetworkSnapshot
from jimnet.network.services import NetworkError
from jimnet.youth.models import Youth

LABEL_MAX = 200
NOTE_MAX = 2000


def current_graph(
    session: Session, youth: Youth, *, today: date, include_versions: bool = False
) -> nx.Graph:
    rows = load_rows(session, youth.id)
    return graph_from_rows(youth, rows, today=today, include_versions=include_versions)


def graph_from_rows(
    youth: Youth, rows: NetworkRows, *, today: date, include_versions: bool = False
) -> nx.Graph:
    return build_graph(
        youth.first_name,
        youth.id,
        rows.members,
        rows.ties,
        taken_on=today,
        include_versions=include_versions,
    )


def take_snapshot(
    session: Session,
    youth: Youth,
    *,
    label: str | None,
    note: str | None,
    taken_on: date,
    taken_by_id: int | None,
    today: date,
) -> NetworkSnapshot:
    if taken_on > today:
        raise NetworkError("snapshot_future", "taken_on")
    label = (label or "").strip() or f"Meting {taken_on.isoformat()}"
    if len(label) > LABEL_MAX:
        raise NetworkError("name_long", "label", max=LABEL_MAX)
    note = (note or "").strip() or None
    if note is not None and len(note) > NOTE_MAX:
        raise NetworkError("note_long", "note", max=NOTE_MAX)
    graph = current_graph(session, youth, today=taken_on)
    snapshot = NetworkSnapshot(
        youth_id=youth.id,
        taken_on=taken_on,
        taken_by_id=taken_by_id,
        label=label,
        note=note,
        data=node_link(graph),
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def list_snapshots(session: Session, youth_id: int) -> list[NetworkSnapshot]:
    return list(
        session.scalars(
            select(NetworkSnapshot)
            .where(NetworkSnapshot.youth_id == youth_id)
            .order_by(NetworkSnapshot.taken_on, NetworkSnapshot.id)
        )
    )


def snapshot_graph(snapshot: NetworkSnapshot) -> nx.Graph:
    return from_node_link(snapshot.data)


@dataclass(frozen=True)
class TimelinePoint:
    label: str
    on: date
    size: int
    adults: int
    covered: int  # of the five BIG5 domains
    snapshot_id: int | None  # None: the current map


def timeline(
    snapshots: list[NetworkSnapshot], now: Analysis | None, today: date, now_label: str
) -> list[TimelinePoint]:
    points = []
    for snapshot in snapshots:
        result = analyse(snapshot_graph(snapshot))
        points.append(
            TimelinePoint(
                snapshot.label,
                snapshot.taken_on,
                result.size,
                result.adults,
                5 - len(result.big5_uncovered),
                snapshot.id,
            )
        )
    if now is not None:
        points.append(
            TimelinePoint(now_label, today, now.size, now.adults, 5 - len(now.big5_uncovered), None)
        )
    return points
