"""What the pool's pages show, read in a fixed number of statements whatever the pool's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jimnet.pool import vog
from jimnet.pool.models import (
    HOLDS_PLACE,
    MatchState,
    MentorEvent,
    MentorMatch,
    MentorRequest,
    ProposalRound,
    RequestStatus,
    Volunteer,
    VolunteerStatus,
)
from jimnet.pool.services import latest_round, taken_places, waiting_requests
from jimnet.youth.models import Youth

OPEN_STATES = (MatchState.PROPOSED, MatchState.APPROVED, MatchState.ACCEPTED, MatchState.INTRODUCED)


@dataclass
class WaitingRow:
    request: MentorRequest
    proposal: MentorMatch | None
    age: int


@dataclass
class Dashboard:
    waiting: list[WaitingRow]
    in_progress: list[MentorMatch]
    active: int
    volunteers: int
    matchable: int
    expired_vog: int
    free_places: int
    last_round: ProposalRound | None
    youth_ids: list[int] = field(default_factory=list)


def dashboard(session: Session, scope: set[int], today: date) -> Dashboard:
    requests = waiting_requests(session, scope)
    open_matches = list(
        session.scalars(
            select(MentorMatch)
            .join(MentorRequest, MentorRequest.id == MentorMatch.request_id)
            .where(MentorRequest.organisation_id.in_(scope), MentorMatch.state.in_(OPEN_STATES))
            .order_by(MentorMatch.state_since, MentorMatch.id)
        ).unique()
    )
    proposals = {m.request_id: m for m in open_matches if m.state == MatchState.PROPOSED}
    waiting = [WaitingRow(r, proposals.get(r.id), r.youth.age_on(today)) for r in requests]
    volunteers = list(
        session.execute(
            select(
                Volunteer.id, Volunteer.status, Volunteer.vog_issued_on, Volunteer.capacity
            ).where(Volunteer.organisation_id.in_(scope))
        )
    )
    approved = [v for v in volunteers if v.status == VolunteerStatus.APPROVED]
    valid = [v for v in approved if vog.valid_on(v.vog_issued_on, today)]
    taken = taken_places(session, [v.id for v in valid])
    active = session.scalar(
        select(func.count())
        .select_from(MentorMatch)
        .join(MentorRequest, MentorRequest.id == MentorMatch.request_id)
        .where(MentorRequest.organisation_id.in_(scope), MentorMatch.state == MatchState.ACTIVE)
    )
    in_progress = [m for m in open_matches if m.state != MatchState.PROPOSED]
    youth_ids = sorted({r.youth_id for r in requests} | {m.youth_id for m in in_progress})
    return Dashboard(
        waiting=waiting,
        in_progress=in_progress,
        active=int(active or 0),
        volunteers=len(volunteers),
        matchable=len(valid),
        expired_vog=len(approved) - len(valid),
        free_places=sum(max(v.capacity - taken.get(v.id, 0), 0) for v in valid),
        last_round=latest_round(session, scope),
        youth_ids=youth_ids,
    )


@dataclass
class VolunteerRow:
    volunteer: Volunteer
    taken: int
    vog_valid: bool


def volunteers(
    session: Session, scope: set[int], today: date, status: str | None
) -> list[VolunteerRow]:
    stmt = select(Volunteer).where(Volunteer.organisation_id.in_(scope))
    if status:
        stmt = stmt.where(Volunteer.status == status)
    rows = list(session.scalars(stmt.order_by(Volunteer.status, Volunteer.name, Volunteer.id)))
    taken = taken_places(session, [v.id for v in rows])
    return [VolunteerRow(v, taken.get(v.id, 0), vog.valid_on(v.vog_issued_on, today)) for v in rows]


def volunteer_matches(session: Session, volunteer_id: int) -> list[MentorMatch]:
    return list(
        session.scalars(
            select(MentorMatch)
            .where(MentorMatch.volunteer_id == volunteer_id)
            .order_by(MentorMatch.state_since.desc(), MentorMatch.id.desc())
        )
    )


def events_of(session: Session, match_ids: list[int]) -> dict[int, list[MentorEvent]]:
    result: dict[int, list[MentorEvent]] = {}
    if not match_ids:
        return result
    for event in session.scalars(
        select(MentorEvent)
        .where(MentorEvent.match_id.in_(match_ids))
        .order_by(MentorEvent.occurred_at, MentorEvent.id)
    ):
        result.setdefault(event.match_id, []).append(event)
    return result


@dataclass
class YouthPage:
    request: MentorRequest | None
    current: MentorMatch | None  # approved and later, not closed
    history: list[MentorMatch]
    events: dict[int, list[MentorEvent]]
    age: int


def youth_page(session: Session, youth: Youth, today: date) -> YouthPage:
    request = session.scalars(
        select(MentorRequest)
        .where(MentorRequest.youth_id == youth.id)
        .order_by(MentorRequest.referred_at.desc(), MentorRequest.id.desc())
        .limit(1)
    ).first()
    matches = list(
        session.scalars(
            select(MentorMatch)
            .where(MentorMatch.youth_id == youth.id, MentorMatch.state != MatchState.PROPOSED)
            .order_by(MentorMatch.state_since.desc(), MentorMatch.id.desc())
        )
    )
    current = next((m for m in matches if m.state in HOLDS_PLACE), None)
    history = [m for m in matches if m is not current and m.state != MatchState.WITHDRAWN]
    return YouthPage(
        request=request,
        current=current,
        history=history,
        events=events_of(session, [m.id for m in matches]),
        age=youth.age_on(today),
    )


@dataclass
class Mine:
    volunteers: list[Volunteer]
    active: list[MentorMatch]
    waiting: list[MentorMatch]  # approved or accepted: not yet started
    past: list[MentorMatch]


def mine(session: Session, rows: list[Volunteer]) -> Mine:
    matches = list(
        session.scalars(
            select(MentorMatch)
            .where(
                MentorMatch.volunteer_id.in_([v.id for v in rows]),
                MentorMatch.state.in_([*HOLDS_PLACE, MatchState.ENDED]),
            )
            .order_by(MentorMatch.state_since.desc())
        )
    )
    return Mine(
        volunteers=rows,
        active=[m for m in matches if m.state == MatchState.ACTIVE],
        waiting=[m for m in matches if m.state in HOLDS_PLACE and m.state != MatchState.ACTIVE],
        past=[m for m in matches if m.state == MatchState.ENDED],
    )


def request_is_open(request: MentorRequest | None) -> bool:
    return request is not None and request.status != RequestStatus.CLOSED
