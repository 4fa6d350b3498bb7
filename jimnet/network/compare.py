"""Two moments of one network side by side: who joined, left, came closer or moved away, and
which domains gained or lost support. Drawn as one map with the changes marked."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from jimnet.network import layout as geo
from jimnet.network.analysis import Analysis, analyse
from jimnet.network.graph import alters
from jimnet.network.models import BIG5_DOMAINS
from jimnet.network.svg import MapMember, MapTie, members_from_graph


@dataclass(frozen=True)
class Move:
    key: int
    name: str
    before: tuple[int, str] | None  # (ring, sector)
    after: tuple[int, str] | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "member_id": self.key,
            "name": self.name,
            "before": {"ring": self.before[0], "sector": self.before[1]} if self.before else None,
            "after": {"ring": self.after[0], "sector": self.after[1]} if self.after else None,
        }


@dataclass
class Comparison:
    before: Analysis
    after: Analysis
    joined: list[Move] = field(default_factory=list)
    left: list[Move] = field(default_factory=list)
    closer: list[Move] = field(default_factory=list)
    further: list[Move] = field(default_factory=list)
    other_sector: list[Move] = field(default_factory=list)
    domains_gained: list[str] = field(default_factory=list)
    domains_lost: list[str] = field(default_factory=list)
    strength_change: dict[str, float] = field(default_factory=dict)
    ties_new: int = 0
    ties_gone: int = 0
    map_members: list[MapMember] = field(default_factory=list)
    map_ties: list[MapTie] = field(default_factory=list)
    old_places: dict[int, geo.Placement] = field(default_factory=dict)

    @property
    def unchanged(self) -> bool:
        return not (
            self.joined
            or self.left
            or self.closer
            or self.further
            or self.other_sector
            or self.domains_gained
            or self.domains_lost
            or self.ties_new
            or self.ties_gone
        )

    def as_dict(self) -> dict[str, Any]:
        def moves(items: list[Move]) -> list[dict[str, Any]]:
            return [m.as_dict() for m in items]

        return {
            "size": {"before": self.before.size, "after": self.after.size},
            "adults": {"before": self.before.adults, "after": self.after.adults},
            "joined": moves(self.joined),
            "left": moves(self.left),
            "closer": moves(self.closer),
            "further": moves(self.further),
            "other_sector": moves(self.other_sector),
            "domains_gained": self.domains_gained,
            "domains_lost": self.domains_lost,
            "strength_change": self.strength_change,
            "ties_new": self.ties_new,
            "ties_gone": self.ties_gone,
        }


def _cells(graph: nx.Graph) -> dict[str, tuple[int, str, str, int]]:
    return {
        node: (
            int(attrs.get("ring", 4)),
            str(attrs.get("sector", "")),
            str(attrs.get("label", node)),
            int(attrs.get("member_id") or 0),
        )
        for node, attrs in alters(graph)
    }


def _tie_set(graph: nx.Graph) -> dict[frozenset[str], str]:
    return {
        frozenset((a, b)): str(attrs.get("quality", "positive"))
        for a, b, attrs in graph.edges(data=True)
        if attrs.get("type") == "tie"
    }


def compare(before: nx.Graph, after: nx.Graph) -> Comparison:
    result = Comparison(before=analyse(before), after=analyse(after))
    old, new = _cells(before), _cells(after)
    for node in sorted(set(old) | set(new), key=lambda n: (old.get(n) or new[n])[3]):
        o, n = old.get(node), new.get(node)
        key = (n or o)[3]  # type: ignore[index]
        name = (n or o)[2]  # type: ignore[index]
        move = Move(key, name, (o[0], o[1]) if o else None, (n[0], n[1]) if n else None)
        if o is None:
            result.joined.append(move)
        elif n is None:
            result.left.append(move)
        elif n[0] < o[0]:
            result.closer.append(move)
        elif n[0] > o[0]:
            result.further.append(move)
        elif n[1] != o[1]:
            result.other_sector.append(move)

    covered_before = {d.value for d in BIG5_DOMAINS} - set(result.before.big5_uncovered)
    covered_after = {d.value for d in BIG5_DOMAINS} - set(result.after.big5_uncovered)
    result.domains_gained = [
        d.value for d in BIG5_DOMAINS if d.value in covered_after - covered_before
    ]
    result.domains_lost = [
        d.value for d in BIG5_DOMAINS if d.value in covered_before - covered_after
    ]
    result.strength_change = {
        d.value: round(result.after.strength[d.value] - result.before.strength[d.value], 3)
        for d in BIG5_DOMAINS
    }

    ties_old, ties_new = _tie_set(before), _tie_set(after)
    result.ties_new = len(set(ties_new) - set(ties_old))
    result.ties_gone = len(set(ties_old) - set(ties_new))

    # One map: everyone of "after", plus those who left at their old place.
    status: dict[int, str] = {}
    for moves, label in (
        (result.joined, "joined"),
        (result.closer, "closer"),
        (result.further, "further"),
        (result.other_sector, "moved"),
    ):
        for move in moves:
            status[move.key] = label
    after_members, after_ties = members_from_graph(after)
    before_members, before_ties = members_from_graph(before)
    before_by_key = {m.key: m for m in before_members}
    drawn = [
        MapMember(
            **{
                **m.__dict__,
                "status": status.get(m.key, ""),
                "old_ring": before_by_key[m.key].ring if m.key in before_by_key else None,
                "old_sector": before_by_key[m.key].sector if m.key in before_by_key else None,
            }
        )
        for m in after_members
    ]
    left_keys = {move.key for move in result.left}
    drawn += [
        MapMember(**{**m.__dict__, "status": "left", "version": None})
        for m in before_members
        if m.key in left_keys
    ]
    result.map_members = drawn
    keys_after = {(t.a, t.b) for t in after_ties} | {(t.b, t.a) for t in after_ties}
    keys_before = {(t.a, t.b) for t in before_ties} | {(t.b, t.a) for t in before_ties}
    result.map_ties = [
        MapTie(t.a, t.b, t.quality, "same" if (t.a, t.b) in keys_before else "new")
        for t in after_ties
    ] + [MapTie(t.a, t.b, t.quality, "gone") for t in before_ties if (t.a, t.b) not in keys_after]
    result.old_places = geo.place(before_members, before_ties)
    return result
