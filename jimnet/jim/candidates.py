"""Who could be a JIM: adults from the young person's own network, not a parent and not a
professional. A plain list with the map's facts per person (the ranking is a later step).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.jim.models import CLOSED, JimNomination, JimState
from jimnet.network.models import NetworkMember, Relation, Sector

PARENT_RELATIONS = frozenset({Relation.PARENT, Relation.STEP_PARENT})


def refusal(member: NetworkMember | None, youth_id: int) -> str | None:
    """Why this member cannot be nominated as this young person's JIM (an error code), or None."""
    if member is None or member.youth_id != youth_id:
        return "not_in_network"
    if member.removed_at is not None:
        return "removed"
    return rule(member.relation, member.sector, member.is_adult)


def rule(relation: str, sector: str, is_adult: bool) -> str | None:
    """The eligibility rule on a person's facts alone: never a parent or step-parent, never a
    professional, never a minor. The ranking and its synthetic history ask this too."""
    if relation in PARENT_RELATIONS:
        return "parent"
    if relation == Relation.PROFESSIONAL or sector == Sector.PROFESSIONAL:
        return "professional"
    if not is_adult:
        return "minor"
    return None


def facts(member: NetworkMember) -> dict[str, Any]:
    """The member's facts as a plain dict: shown in the list and kept with a nomination."""
    return {
        "relation": member.relation,
        "sector": member.sector,
        "ring": member.ring,
        "contact_frequency": member.contact_frequency,
        "known_since": member.known_since.isoformat() if member.known_since else None,
        "quality": member.quality,
        "is_adult": member.is_adult,
        "has_email": bool(member.email),
        "has_phone": bool(member.phone),
        "supports": sorted({f"{s.kind}:{s.domain}" for s in member.supports}),
    }


@dataclass(frozen=True)
class Candidate:
    member: NetworkMember
    support_kinds: list[str]
    support_domains: list[str]
    years_known: int | None
    # Earlier nominations of this person for this young person, as (state, reason-free) labels.
    earlier: list[str]


def candidates(session: Session, youth_id: int, today: date) -> list[Candidate]:
    """Every current member who may be nominated, closest first; two statements in all."""
    members = session.scalars(
        select(NetworkMember)
        .where(NetworkMember.youth_id == youth_id, NetworkMember.removed_at.is_(None))
        .order_by(NetworkMember.ring, NetworkMember.display_name, NetworkMember.id)
    ).all()
    earlier: dict[int, list[str]] = {}
    for member_id, state in session.execute(
        select(JimNomination.member_id, JimNomination.state)
        .where(JimNomination.youth_id == youth_id, JimNomination.state.in_(CLOSED))
        .order_by(JimNomination.id)
    ):
        earlier.setdefault(member_id, []).append(state)
    result = []
    for member in members:
        if refusal(member, youth_id) is not None:
            continue
        years = None
        if member.known_since is not None:
            years = max(today.year - member.known_since.year, 0)
        result.append(
            Candidate(
                member=member,
                support_kinds=sorted({s.kind for s in member.supports}),
                support_domains=sorted({s.domain for s in member.supports}),
                years_known=years,
                earlier=earlier.get(member.id, []),
            )
        )
    return result


def was_not_suitable(candidate: Candidate) -> bool:
    return JimState.NOT_SUITABLE in candidate.earlier
