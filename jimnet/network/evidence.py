"""What the network says about support per BIG5 domain: evidence for the BIG5 "support" domain.

Called by other domains that have already authorised the youth (e.g. the BIG5 view), so it
does not pass through the HTTP door itself: never call it for a youth you have not authorised.

**Strength formula** (per BIG5 domain *d*, a number from 0 to 1). Every current member who gives
support in *d* and is not in conflict with the youth contributes

    c = ring weight × quality weight × adult weight × kinds weight

with ring weight 0.8 / 0.6 / 0.4 / 0.2 for rings 1 to 4 (closer people are easier to ask),
quality weight 1.0 for a positive and 0.5 for a mixed relationship, adult weight 1.0 for an
adult and 0.5 for a minor, and kinds weight 0.55 + 0.15 × (k − 1) for k different kinds of
support (emotional, practical, advice, company) in *d*, so 0.55 for one kind up to 1.0 for all
four. Contributions combine as independent chances that somebody is there:

    strength(d) = 1 − Π (1 − c)

so one close adult who helps in one way gives 0.44, two such people 0.69, three 0.82; nobody
gives 0. The number grows with every extra supporter but never exceeds 1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jimnet.network.models import (
    BIG5_DOMAINS,
    NetworkMember,
    Quality,
    SupportKind,
)

RING_WEIGHT: dict[int, float] = {1: 0.8, 2: 0.6, 3: 0.4, 4: 0.2}
QUALITY_WEIGHT: dict[str, float] = {
    Quality.POSITIVE: 1.0,
    Quality.MIXED: 0.5,
    Quality.CONFLICT: 0.0,
}
ADULT_WEIGHT = {True: 1.0, False: 0.5}
ALWAYS_THERE_KINDS = frozenset({SupportKind.EMOTIONAL, SupportKind.PRACTICAL})


@dataclass(frozen=True)
class SupportEvidence:
    members: int  # current members
    adults: int
    always_there_adults: list[str]  # adult, ring 1–2, positive quality, emotional or practical
    domains_uncovered: list[str]  # SupportDomain values of the five BIG5 domains nobody covers
    domains_covered: dict[str, list[str]]  # BIG5 domain -> names of members supporting it
    conflict_members: list[str]
    strength: dict[str, float]  # per BIG5 domain, 0..1, see the module docstring


@dataclass(frozen=True)
class MemberFacts:
    """The few facts about a member the evidence needs (also built from snapshot data)."""

    name: str
    ring: int
    quality: str
    is_adult: bool
    supports: frozenset[tuple[str, str]]  # (kind, domain)


def contribution(member: MemberFacts, domain: str) -> float:
    kinds = {kind for kind, dom in member.supports if dom == domain}
    if not kinds:
        return 0.0
    kinds_weight = min(1.0, 0.55 + 0.15 * (len(kinds) - 1))
    return (
        RING_WEIGHT.get(member.ring, 0.0)
        * QUALITY_WEIGHT.get(member.quality, 0.0)
        * ADULT_WEIGHT[member.is_adult]
        * kinds_weight
    )


def domain_strength(members: Iterable[MemberFacts], domain: str) -> float:
    missing = 1.0
    for member in members:
        missing *= 1.0 - contribution(member, domain)
    return round(1.0 - missing, 3)


def evidence_from_facts(members: list[MemberFacts]) -> SupportEvidence:
    covered: dict[str, list[str]] = {}
    for domain in BIG5_DOMAINS:
        names = sorted({m.name for m in members if any(d == domain for _, d in m.supports)})
        if names:
            covered[domain.value] = names
    always_there = sorted(
        m.name
        for m in members
        if m.is_adult
        and m.ring <= 2
        and m.quality == Quality.POSITIVE
        and any(kind in ALWAYS_THERE_KINDS for kind, _ in m.supports)
    )
    return SupportEvidence(
        members=len(members),
        adults=sum(1 for m in members if m.is_adult),
        always_there_adults=always_there,
        domains_uncovered=[d.value for d in BIG5_DOMAINS if d.value not in covered],
        domains_covered=covered,
        conflict_members=sorted(m.name for m in members if m.quality == Quality.CONFLICT),
        strength={d.value: domain_strength(members, d.value) for d in BIG5_DOMAINS},
    )


def facts(member: NetworkMember) -> MemberFacts:
    return MemberFacts(
        name=member.display_name,
        ring=member.ring,
        quality=member.quality,
        is_adult=member.is_adult,
        supports=frozenset((s.kind, s.domain) for s in member.supports),
    )


def support_evidence(session: Session, youth_id: int) -> SupportEvidence:
    """Support evidence from the youth's current network (two SQL statements)."""
    members = session.scalars(
        select(NetworkMember)
        .where(NetworkMember.youth_id == youth_id, NetworkMember.removed_at.is_(None))
        .options(selectinload(NetworkMember.supports))
        .order_by(NetworkMember.id)
    ).all()
    return evidence_from_facts([facts(m) for m in members])
