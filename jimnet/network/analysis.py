"""What the network map says, computed with networkx from the stored graph (never hard-coded).

``analyse(graph)`` works on the graph shape of :mod:`jimnet.network.graph`, so the current map
and any snapshot are analysed the same way. The result is plain data; the Dutch sentences for
people are made from it in :mod:`jimnet.network.findings`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from jimnet.network.evidence import MemberFacts, domain_strength
from jimnet.network.graph import alter_graph, alters, member_supports
from jimnet.network.models import (
    BIG5_DOMAINS,
    Quality,
    Sector,
    SupportDomain,
    SupportKind,
    TieQuality,
)

# A member "carries" a lot when they give this many different kinds of support, or support in
# this many domains.
PILLAR_KINDS = 3
PILLAR_DOMAINS = 3
# Betweenness among members (normalised 0..1) from which somebody counts as a go-between.
BROKER_BETWEENNESS = 0.2
CONFLICT_TIE = "conflict_tie"
CONFLICT_WITH_YOUTH = "conflict_with_youth"


@dataclass(frozen=True)
class Person:
    node: str
    member_id: int | None
    name: str

    def as_dict(self) -> dict[str, Any]:
        return {"node": self.node, "member_id": self.member_id, "name": self.name}


@dataclass
class Analysis:
    size: int
    adults: int
    minors: int
    by_sector: dict[str, int]
    by_ring: dict[int, int]
    reciprocal: list[Person]  # support goes both ways
    coverage: dict[str, dict[str, list[Person]]]  # domain -> kind -> who gives it
    uncovered: list[str]  # domains (all seven) nobody supports
    big5_uncovered: list[str]  # of the five BIG5 domains
    sole_supporter: dict[str, Person]  # domain -> the only person who helps there
    bridges: list[Person]  # articulation points among members
    brokers: list[tuple[Person, float]]  # betweenness among members, highest first
    groups: int  # separate groups among members (connected by positive ties)
    pillars: list[tuple[Person, int, int]]  # (person, kinds, domains) carrying much support
    conflict_with_youth: list[Person]
    conflict_pairs: list[tuple[Person, Person]]
    # (supporter, the person tied to them, why): they are at odds with each other
    # (CONFLICT_TIE), or the other is at odds with the young person (CONFLICT_WITH_YOUTH).
    supporters_near_conflict: list[tuple[Person, Person, str]]
    strength: dict[str, float]  # BIG5 domain -> 0..1 (see jimnet.network.evidence)
    always_there_adults: list[Person] = field(default_factory=list)

    def covered_domains(self) -> list[str]:
        return [d for d in BIG5_DOMAINS if d.value not in self.big5_uncovered]

    def as_dict(self) -> dict[str, Any]:
        def names(people: list[Person]) -> list[dict[str, Any]]:
            return [p.as_dict() for p in people]

        return {
            "size": self.size,
            "adults": self.adults,
            "minors": self.minors,
            "by_sector": self.by_sector,
            "by_ring": {str(k): v for k, v in self.by_ring.items()},
            "reciprocal": names(self.reciprocal),
            "coverage": {
                domain: {kind: names(people) for kind, people in kinds.items()}
                for domain, kinds in self.coverage.items()
            },
            "uncovered": self.uncovered,
            "big5_uncovered": self.big5_uncovered,
            "sole_supporter": {d: p.as_dict() for d, p in self.sole_supporter.items()},
            "bridges": names(self.bridges),
            "brokers": [{**p.as_dict(), "betweenness": round(v, 3)} for p, v in self.brokers],
            "groups": self.groups,
            "pillars": [
                {**p.as_dict(), "kinds": kinds, "domains": domains}
                for p, kinds, domains in self.pillars
            ],
            "conflict_with_youth": names(self.conflict_with_youth),
            "conflict_pairs": [[a.as_dict(), b.as_dict()] for a, b in self.conflict_pairs],
            "supporters_near_conflict": [
                {"supporter": s.as_dict(), "other": c.as_dict(), "reason": why}
                for s, c, why in self.supporters_near_conflict
            ],
            "strength": self.strength,
            "always_there_adults": names(self.always_there_adults),
        }


def _person(node: str, attrs: dict[str, Any]) -> Person:
    member_id = attrs.get("member_id")
    return Person(
        node=str(node),
        member_id=int(member_id) if member_id is not None else None,
        name=str(attrs.get("label") or node),
    )


def facts_of(attrs: dict[str, Any]) -> MemberFacts:
    return MemberFacts(
        name=str(attrs.get("label", "")),
        ring=int(attrs.get("ring", 4)),
        quality=str(attrs.get("quality", Quality.POSITIVE)),
        is_adult=bool(attrs.get("is_adult", False)),
        supports=frozenset(member_supports(attrs)),
    )


def analyse(graph: nx.Graph) -> Analysis:
    members = alters(graph)
    people = {node: _person(node, attrs) for node, attrs in members}
    supports = {node: member_supports(attrs) for node, attrs in members}

    by_sector = {s.value: 0 for s in Sector}
    by_ring = {r: 0 for r in range(1, 5)}
    for _, attrs in members:
        if attrs.get("sector") in by_sector:
            by_sector[str(attrs["sector"])] += 1
        ring = int(attrs.get("ring", 0))
        if ring in by_ring:
            by_ring[ring] += 1
    adults = sum(1 for _, attrs in members if attrs.get("is_adult"))

    reciprocal = [
        people[n] for n, attrs in members if attrs.get("youth_supports_member") and supports[n]
    ]

    coverage: dict[str, dict[str, list[Person]]] = {
        d.value: {k.value: [] for k in SupportKind} for d in SupportDomain
    }
    supporters: dict[str, list[Person]] = {d.value: [] for d in SupportDomain}
    for node, _ in members:
        for kind, domain in sorted(supports[node]):
            coverage[domain][kind].append(people[node])
        for domain in sorted({d for _, d in supports[node]}):
            supporters[domain].append(people[node])
    uncovered = [d.value for d in SupportDomain if not supporters[d.value]]
    sole = {d: ps[0] for d, ps in supporters.items() if len(ps) == 1}

    # Who carries the network: among the members (the youth left out, since everybody is tied
    # to them), who holds groups together that would otherwise fall apart?
    positive = alter_graph(graph, quality=TieQuality.POSITIVE)
    bridges = sorted(
        (people[n] for n in nx.articulation_points(positive)), key=lambda p: p.name.lower()
    )
    betweenness = nx.betweenness_centrality(positive, normalized=True) if len(positive) > 2 else {}
    brokers = sorted(
        ((people[n], v) for n, v in betweenness.items() if v >= BROKER_BETWEENNESS),
        key=lambda pv: (-pv[1], pv[0].name.lower()),
    )
    groups = sum(1 for c in nx.connected_components(positive) if len(c) > 1)

    pillars = []
    for node, _ in members:
        kinds = {k for k, _ in supports[node]}
        domains = {d for _, d in supports[node]}
        if len(kinds) >= PILLAR_KINDS or len(domains) >= PILLAR_DOMAINS:
            pillars.append((people[node], len(kinds), len(domains)))
    pillars.sort(key=lambda p: (-(p[1] + p[2]), p[0].name.lower()))

    conflict_with_youth = [people[n] for n, a in members if a.get("quality") == Quality.CONFLICT]
    conflict_graph = alter_graph(graph, quality=TieQuality.CONFLICT)
    conflict_pairs: list[tuple[Person, Person]] = []
    for a, b in conflict_graph.edges():
        first, second = sorted((people[a], people[b]), key=lambda p: p.name.lower())
        conflict_pairs.append((first, second))
    conflict_pairs.sort(key=lambda ab: (ab[0].name.lower(), ab[1].name.lower()))
    in_conflict_with_youth = {p.node for p in conflict_with_youth}
    near: set[tuple[str, str, str]] = set()
    everyone = alter_graph(graph)
    for node in people:
        if not supports[node] or node in in_conflict_with_youth:
            continue
        for other in everyone.neighbors(node):
            if everyone.edges[node, other].get("quality") == TieQuality.CONFLICT:
                near.add((node, other, CONFLICT_TIE))
            elif other in in_conflict_with_youth:
                near.add((node, other, CONFLICT_WITH_YOUTH))
    supporters_near_conflict = sorted(
        ((people[s], people[c], why) for s, c, why in near),
        key=lambda scw: (scw[0].name.lower(), scw[1].name.lower()),
    )

    facts = [facts_of(attrs) for _, attrs in members]
    strength = {d.value: domain_strength(facts, d.value) for d in BIG5_DOMAINS}
    always_there = [
        people[n]
        for n, attrs in members
        if attrs.get("is_adult")
        and int(attrs.get("ring", 4)) <= 2
        and attrs.get("quality") == Quality.POSITIVE
        and any(k in (SupportKind.EMOTIONAL, SupportKind.PRACTICAL) for k, _ in supports[n])
    ]

    return Analysis(
        size=len(members),
        adults=adults,
        minors=len(members) - adults,
        by_sector=by_sector,
        by_ring=by_ring,
        reciprocal=reciprocal,
        coverage=coverage,
        uncovered=uncovered,
        big5_uncovered=[d.value for d in BIG5_DOMAINS if not supporters[d.value]],
        sole_supporter=sole,
        bridges=bridges,
        brokers=brokers,
        groups=groups,
        pillars=pillars,
        conflict_with_youth=conflict_with_youth,
        conflict_pairs=conflict_pairs,
        supporters_near_conflict=supporters_near_conflict,
        strength=strength,
        always_there_adults=always_there,
    )
