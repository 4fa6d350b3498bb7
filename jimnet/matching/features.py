"""From a young person's network map to one row of numbers per JIM candidate.

:func:`feature_table` is the one function that turns a map into features: the ranking calls it
on today's map, a nomination keeps the row it produced on the day of nomination (see
:func:`snapshot`), training reads those kept rows, and the synthetic history runs its maps
through it too. So what a model learned from and what it is asked about are built by the same
code.

Pure Python and numpy: no database, no Flask. The map comes in as :class:`NetworkMap` (see
:mod:`jimnet.matching.mapdata` for reading one from the database).

**Never a feature:** gender, origin, religion or any other protected attribute (the map does not
record them; the synthetic history records gender only to measure fairness), the candidate's
name, or whether contact details are known.

**Missing facts** (an unknown contact frequency, an unknown "known since", no BIG5 scores yet,
a nomination kept before graph features were recorded) are ``NaN`` in the table. The models'
pipelines replace them by the training data's median (``SimpleImputer``); the points score
counts an unknown as zero points. Explanations say "we weten niet ..." for them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from numpy.typing import NDArray

from jimnet.network.models import BIG5_DOMAINS, MAX_RING, ContactFrequency, Quality, Relation

# Bump when a feature's meaning changes: rows kept under another version are not mixed in.
FEATURE_VERSION = 1

FEATURES: tuple[str, ...] = (
    "closeness",  # 4 = ring 1 (closest) … 1 = ring 4
    "contact",  # 4 daily, 3 weekly, 2 monthly, 1 a few times a year, 0 rarely; NaN unknown
    "years_known",  # whole years, at most 25; NaN unknown
    "support_kinds",  # how many kinds of support (0–4)
    "support_domains",  # how many domains the support covers (0–7)
    "covers_low",  # how many BIG5 domains scored low (≤ 2) this person supports; NaN: no scores
    "family",  # relation group: family (brother or sister, grandparent, aunt or uncle, …)
    "school_work",  # relation group: teacher, colleague
    "leisure",  # relation group: neighbour, sports coach, someone else
    "mixed",  # the relationship with the young person is mixed
    "conflict",  # the relationship with the young person is a conflict
    "conflict_ties",  # conflict ties with other people on the map
    "supporter_ties",  # ties with the young person's other supporters (degree)
    "bridge",  # removing this person splits the map's ties into more parts (an articulation point)
    "earlier_jim",  # earlier roles as this young person's JIM
    "earlier_refused",  # earlier nominations that ended "not suitable" or "declined"
    "age_band",  # the young person: 0 = 12–15, 1 = 16–17, 2 = 18 and older; NaN unknown
)
INDEX = {name: i for i, name in enumerate(FEATURES)}

CONTACT_SCORE: dict[str, int] = {
    ContactFrequency.DAILY: 4,
    ContactFrequency.WEEKLY: 3,
    ContactFrequency.MONTHLY: 2,
    ContactFrequency.YEARLY: 1,
    ContactFrequency.RARELY: 0,
}
FAMILY = frozenset(
    {
        Relation.SIBLING,
        Relation.GRANDPARENT,
        Relation.AUNT_UNCLE,
        Relation.COUSIN,
        Relation.OTHER_FAMILY,
        Relation.PARENT,
        Relation.STEP_PARENT,
    }
)
SCHOOL_WORK = frozenset({Relation.TEACHER, Relation.COLLEAGUE})
LEISURE = frozenset({Relation.NEIGHBOUR, Relation.SPORTS_COACH, Relation.OTHER})
# A BIG5 level at or below this counts as "low" (the anchored scale runs 1–5).
LOW_LEVEL = 2
MAX_YEARS = 25
IN_ROLE = frozenset({"active", "standby", "ended"})
REFUSED = frozenset({"not_suitable", "declined"})


def relation_group(relation: str) -> str:
    if relation in FAMILY:
        return "family"
    if relation in SCHOOL_WORK:
        return "school_work"
    if relation in LEISURE:
        return "leisure"
    return "friends"


def age_band(age: int | None) -> float:
    if age is None:
        return math.nan
    if age < 16:
        return 0.0
    if age < 18:
        return 1.0
    return 2.0


@dataclass(frozen=True)
class MemberFacts:
    """One person on the map, as far as the ranking is concerned."""

    id: int
    name: str
    relation: str
    sector: str
    ring: int
    quality: str = Quality.POSITIVE
    contact_frequency: str | None = None
    known_since: date | None = None
    is_adult: bool = True
    supports: tuple[tuple[str, str], ...] = ()  # (kind, domain)


@dataclass(frozen=True)
class TieFacts:
    a: int
    b: int
    quality: str = "positive"


@dataclass(frozen=True)
class NetworkMap:
    """Everything the features read: the map, the BIG5 levels, earlier nominations, the age."""

    members: Sequence[MemberFacts]
    ties: Sequence[TieFacts] = ()
    on: date = date(2000, 1, 1)
    youth_age: int | None = None
    # BIG5 domain key -> the latest level (1–5); domains never scored are absent.
    big5_levels: Mapping[str, int] = field(default_factory=dict)
    # member id -> the states of this young person's earlier, closed nominations of that member.
    earlier: Mapping[int, Sequence[str]] = field(default_factory=dict)

    def member(self, member_id: int) -> MemberFacts | None:
        return next((m for m in self.members if m.id == member_id), None)


@dataclass(frozen=True)
class Detail:
    """What an explanation may name besides the numbers (never used as a feature)."""

    support_domains: tuple[str, ...] = ()
    low_domains_covered: tuple[str, ...] = ()
    conflict_with: tuple[str, ...] = ()  # display names


@dataclass
class FeatureTable:
    member_ids: list[int]
    values: NDArray[np.float64]  # shape (len(member_ids), len(FEATURES))
    details: list[Detail]

    def row(self, member_id: int) -> dict[str, float | None]:
        i = self.member_ids.index(member_id)
        return {
            name: (None if math.isnan(v) else float(v))
            for name, v in zip(FEATURES, self.values[i], strict=True)
        }


def low_domains(levels: Mapping[str, int]) -> frozenset[str]:
    return frozenset(key for key, level in levels.items() if level <= LOW_LEVEL)


def _graph(network: NetworkMap) -> tuple[dict[int, set[int]], dict[int, list[int]]]:
    """Positive ties between members as adjacency sets (the young person is left out: she is
    tied to everyone, which would make nobody a bridge), and each member's conflict partners."""
    adjacency: dict[int, set[int]] = {m.id: set() for m in network.members}
    conflicts: dict[int, list[int]] = {}
    for tie in network.ties:
        if tie.quality == "conflict":
            conflicts.setdefault(tie.a, []).append(tie.b)
            conflicts.setdefault(tie.b, []).append(tie.a)
        elif tie.a != tie.b and tie.a in adjacency and tie.b in adjacency:
            adjacency[tie.a].add(tie.b)
            adjacency[tie.b].add(tie.a)
    return adjacency, conflicts


def articulation_points(adjacency: Mapping[int, set[int]]) -> set[int]:
    """The people whose removal splits the map's positive ties into more parts: the same set
    as ``networkx.articulation_points`` (a test checks it on random graphs), computed by one
    iterative depth-first search (Hopcroft and Tarjan's low points) on the adjacency sets the
    features are read from, without building a networkx graph for every page."""
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: set[int] = set()
    for root in adjacency:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        children = 0
        stack: list[tuple[int, int | None, Iterator[int]]] = [(root, None, iter(adjacency[root]))]
        while stack:
            node, parent, neighbours = stack[-1]
            for nxt in neighbours:
                if nxt == parent:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = len(order)
                    stack.append((nxt, node, iter(adjacency[nxt])))
                    break
            else:
                stack.pop()
                if parent is None:
                    continue
                low[parent] = min(low[parent], low[node])
                if parent == root:
                    children += 1
                elif low[node] >= order[parent]:
                    found.add(parent)
        if children > 1:
            found.add(root)
    return found


# Column numbers, looked up once rather than by name in the loop below.
_CLOSENESS, _CONTACT, _YEARS, _KINDS, _DOMAINS, _COVERS_LOW = (
    INDEX[n]
    for n in (
        "closeness",
        "contact",
        "years_known",
        "support_kinds",
        "support_domains",
        "covers_low",
    )
)
_FAMILY, _SCHOOL_WORK, _LEISURE, _MIXED, _CONFLICT = (
    INDEX[n] for n in ("family", "school_work", "leisure", "mixed", "conflict")
)
_CONFLICT_TIES, _SUPPORTER_TIES, _BRIDGE, _EARLIER_JIM, _EARLIER_REFUSED, _AGE_BAND = (
    INDEX[n]
    for n in (
        "conflict_ties",
        "supporter_ties",
        "bridge",
        "earlier_jim",
        "earlier_refused",
        "age_band",
    )
)


def feature_table(network: NetworkMap, candidate_ids: Iterable[int] | None = None) -> FeatureTable:
    """One row per candidate (all members when ``candidate_ids`` is None), in the given order."""
    by_id = {m.id: m for m in network.members}
    ids = [m.id for m in network.members] if candidate_ids is None else list(candidate_ids)
    adjacency, conflicts = _graph(network)
    bridges = articulation_points(adjacency)
    supporters = {m.id for m in network.members if m.supports}
    low = low_domains(network.big5_levels)
    scored = bool(network.big5_levels)
    band = age_band(network.youth_age)
    values = np.full((len(ids), len(FEATURES)), np.nan, dtype=np.float64)
    details: list[Detail] = []
    for i, member_id in enumerate(ids):
        m = by_id[member_id]
        row = values[i]
        row[_CLOSENESS] = MAX_RING + 1 - m.ring
        contact = CONTACT_SCORE.get(m.contact_frequency) if m.contact_frequency else None
        if contact is not None:
            row[_CONTACT] = contact
        if m.known_since is not None:
            years = (network.on - m.known_since).days // 365
            row[_YEARS] = min(max(years, 0), MAX_YEARS)
        kinds = {k for k, _ in m.supports}
        domains = sorted({d for _, d in m.supports})
        row[_KINDS] = len(kinds)
        row[_DOMAINS] = len(domains)
        covered = tuple(d for d in BIG5_DOMAINS if d in low and d in domains)
        row[_COVERS_LOW] = len(covered) if scored else math.nan
        group = relation_group(m.relation)
        row[_FAMILY] = group == "family"
        row[_SCHOOL_WORK] = group == "school_work"
        row[_LEISURE] = group == "leisure"
        row[_MIXED] = m.quality == Quality.MIXED
        row[_CONFLICT] = m.quality == Quality.CONFLICT
        partners = conflicts.get(m.id, [])
        row[_CONFLICT_TIES] = len(partners)
        row[_SUPPORTER_TIES] = len(adjacency[m.id] & supporters)
        row[_BRIDGE] = m.id in bridges
        earlier = network.earlier.get(m.id, ())
        row[_EARLIER_JIM] = sum(1 for s in earlier if s in IN_ROLE)
        row[_EARLIER_REFUSED] = sum(1 for s in earlier if s in REFUSED)
        row[_AGE_BAND] = band
        details.append(
            Detail(
                support_domains=tuple(domains),
                low_domains_covered=covered,
                conflict_with=tuple(by_id[p].name for p in partners if p in by_id),
            )
        )
    return FeatureTable(member_ids=ids, values=values, details=details)


# --- what a nomination keeps ---------------------------------------------------------------


def snapshot(table: FeatureTable, member_id: int) -> dict[str, Any]:
    """The nominated person's row, kept with the nomination: training reads this, never
    today's map, for an old nomination."""
    return {"version": FEATURE_VERSION, "values": table.row(member_id)}


def from_snapshot(kept: Mapping[str, Any] | None) -> NDArray[np.float64] | None:
    """A kept row as numbers (``NaN`` where unknown), or None when kept under another version."""
    if not kept or kept.get("version") != FEATURE_VERSION:
        return None
    values = kept.get("values") or {}
    return np.array(
        [math.nan if values.get(name) is None else float(values[name]) for name in FEATURES],
        dtype=np.float64,
    )


def from_member_facts(
    facts: Mapping[str, Any], on: date, youth_age: int | None
) -> NDArray[np.float64]:
    """A row for a nomination kept before feature snapshots existed: its ``member_facts``
    (see docs/jim.md) through the same :func:`feature_table`, on a map of that one person.
    What the facts do not tell (ties, BIG5 scores, earlier roles) is ``NaN`` and imputed."""
    supports = []
    for item in facts.get("supports") or []:
        kind, _, domain = str(item).partition(":")
        supports.append((kind, domain))
    known = facts.get("known_since")
    member = MemberFacts(
        id=0,
        name="",
        relation=str(facts.get("relation") or Relation.OTHER),
        sector=str(facts.get("sector") or ""),
        ring=int(facts.get("ring") or MAX_RING),
        quality=str(facts.get("quality") or Quality.POSITIVE),
        contact_frequency=facts.get("contact_frequency"),
        known_since=date.fromisoformat(known) if known else None,
        supports=tuple(supports),
    )
    row = feature_table(NetworkMap(members=[member], on=on, youth_age=youth_age)).values[0]
    for name in ("conflict_ties", "supporter_ties", "bridge", "earlier_jim", "earlier_refused"):
        row[INDEX[name]] = math.nan
    return row
