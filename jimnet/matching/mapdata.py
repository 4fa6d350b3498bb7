"""Reading one young person's map from the database as a :class:`~jimnet.matching.features.
NetworkMap`, in a fixed number of statements whatever the map's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.big5.models import Big5ReadinessDomain
from jimnet.jim.models import CLOSED, JimNomination
from jimnet.matching.features import MemberFacts, NetworkMap, TieFacts
from jimnet.network.models import NetworkMember, Tie
from jimnet.youth.models import Youth


@dataclass
class LoadedMap:
    network: NetworkMap
    members: dict[int, NetworkMember]  # current members, by id (the rows, for the pages)


def member_facts(member: NetworkMember) -> MemberFacts:
    return MemberFacts(
        id=member.id,
        name=member.display_name,
        relation=member.relation,
        sector=member.sector,
        ring=member.ring,
        quality=member.quality,
        contact_frequency=member.contact_frequency,
        known_since=member.known_since,
        is_adult=member.is_adult,
        supports=tuple((s.kind, s.domain) for s in member.supports),
    )


def load(session: Session, youth: Youth, on: date) -> LoadedMap:
    """Five statements: members, their supports (selectin), ties, BIG5 levels, nominations."""
    members = session.scalars(
        select(NetworkMember)
        .where(NetworkMember.youth_id == youth.id, NetworkMember.removed_at.is_(None))
        .order_by(NetworkMember.ring, NetworkMember.display_name, NetworkMember.id)
    ).all()
    current = {m.id for m in members}
    ties = [
        TieFacts(a, b, quality)
        for a, b, quality in session.execute(
            select(Tie.a_id, Tie.b_id, Tie.quality).where(Tie.youth_id == youth.id)
        )
        if a in current and b in current
    ]
    levels: dict[str, int] = {}
    for key, level, youth_level in session.execute(
        select(
            Big5ReadinessDomain.domain_key,
            Big5ReadinessDomain.level,
            Big5ReadinessDomain.youth_level,
        ).where(Big5ReadinessDomain.youth_id == youth.id)
    ):
        # The professional's latest level counts for readiness; the young person's own when
        # no professional has scored the domain yet.
        chosen = level if level is not None else youth_level
        if chosen is not None:
            levels[key] = chosen
    earlier: dict[int, list[str]] = {}
    for member_id, state in session.execute(
        select(JimNomination.member_id, JimNomination.state)
        .where(JimNomination.youth_id == youth.id, JimNomination.state.in_(CLOSED))
        .order_by(JimNomination.id)
    ):
        earlier.setdefault(member_id, []).append(state)
    network = NetworkMap(
        members=[member_facts(m) for m in members],
        ties=ties,
        on=on,
        youth_age=youth.age_on(on),
        big5_levels=levels,
        earlier=earlier,
    )
    return LoadedMap(network=network, members={m.id: m for m in members})
