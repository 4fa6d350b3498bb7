"""What the JIM pages and the API show of one young person: every nomination with its history,
read in a fixed number of statements however long the history is."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.jim import consent
from jimnet.jim.candidates import Candidate, candidates
from jimnet.jim.consent import ConsentCheck
from jimnet.jim.models import (
    JimCheckIn,
    JimConversation,
    JimEvent,
    JimInvitation,
    JimNomination,
    JimPositioning,
    JimState,
)
from jimnet.youth.models import Consent, ParentalAuthority, Youth

T = TypeVar("T")
M = TypeVar("M")


@dataclass
class NominationView:
    nomination: JimNomination
    events: list[JimEvent] = field(default_factory=list)
    conversations: list[JimConversation] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    invitations: list[JimInvitation] = field(default_factory=list)
    positionings: list[JimPositioning] = field(default_factory=list)
    check_ins: list[JimCheckIn] = field(default_factory=list)
    consent: ConsentCheck | None = None

    @property
    def conversation(self) -> JimConversation | None:
        return self.conversations[-1] if self.conversations else None

    @property
    def invitation(self) -> JimInvitation | None:
        return self.invitations[-1] if self.invitations else None

    @property
    def positioning(self) -> JimPositioning | None:
        return self.positionings[-1] if self.positionings else None

    @property
    def standing_consents(self) -> list[Consent]:
        return [c for c in self.consents if c.active]

    def latest_check_in(self, by_role: str) -> JimCheckIn | None:
        rows = [c for c in self.check_ins if c.by_role == by_role]
        return rows[-1] if rows else None


@dataclass
class Overview:
    youth: Youth
    today: date
    nominations: list[NominationView]
    authorities: list[ParentalAuthority]
    candidates: list[Candidate]

    @property
    def current(self) -> NominationView | None:
        """The live nomination (before or in position), if any."""
        return next((v for v in self.nominations if v.nomination.live), None)

    @property
    def past(self) -> list[NominationView]:
        current = self.current
        return [v for v in self.nominations if v is not current]

    @property
    def last_not_suitable(self) -> NominationView | None:
        """A "not suitable" the young person should hear about (no newer nomination yet)."""
        if not self.nominations or self.current is not None:
            return None
        latest = self.nominations[0]
        return latest if latest.nomination.state == JimState.NOT_SUITABLE else None

    def authority_name(self, authority_id: int | None) -> str:
        return next((a.name for a in self.authorities if a.id == authority_id), "")


def _group(rows: list[T], key: str) -> dict[int, list[T]]:
    grouped: dict[int, list[T]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, key)].append(row)
    return grouped


def overview(
    session: Session, youth: Youth, today: date, *, with_candidates: bool = True
) -> Overview:
    nominations = list(
        session.scalars(
            select(JimNomination)
            .where(JimNomination.youth_id == youth.id)
            .order_by(JimNomination.nominated_at.desc(), JimNomination.id.desc())
        )
    )
    ids = [n.id for n in nominations]

    def rows(model: type[M], order: Any) -> dict[int, list[M]]:
        if not ids:
            return {}
        column: Any = model
        stmt = select(model).where(column.nomination_id.in_(ids)).order_by(order, column.id)
        return _group(list(session.scalars(stmt)), "nomination_id")

    events = rows(JimEvent, JimEvent.occurred_at)
    conversations = rows(JimConversation, JimConversation.recorded_at)
    sent = rows(JimInvitation, JimInvitation.created_at)
    positionings = rows(JimPositioning, JimPositioning.recorded_at)
    check_ins = rows(JimCheckIn, JimCheckIn.created_at)
    consents = _group(consent.records_for(session, ids), "subject_id")
    authorities = list(
        session.scalars(
            select(ParentalAuthority)
            .where(ParentalAuthority.youth_id == youth.id, ParentalAuthority.active.is_(True))
            .order_by(ParentalAuthority.id)
        )
    )
    authority_ids = [a.id for a in authorities]
    views = []
    for nomination in nominations:
        view = NominationView(
            nomination,
            events.get(nomination.id, []),
            conversations.get(nomination.id, []),
            consents.get(nomination.id, []),
            sent.get(nomination.id, []),
            positionings.get(nomination.id, []),
            check_ins.get(nomination.id, []),
        )
        if nomination.live:
            view.consent = consent.check_records(
                youth.date_of_birth, authority_ids, view.consents, today
            )
        views.append(view)
    return Overview(
        youth=youth,
        today=today,
        nominations=views,
        authorities=authorities,
        candidates=candidates(session, youth.id, today) if with_candidates else [],
    )
