"""The one state machine of a volunteer-mentor match.

::

    proposed → approved → accepted → introduced → active → ended (with a reason)
        ↘ withdrawn  ↘ declined (the pair is never proposed again)
                 ↘ withdrawn

Every step is in :data:`STEPS`: the states it may start from, where it leads, who may take it,
and its guards. :func:`decide` applies the table without a database; :func:`apply` locks the
match row, re-reads it, asks :func:`decide`, checks the guards on fresh data (the VOG valid
today, a free place with the volunteer, the young person's request still open, an account for
the volunteer), changes the state, writes one :class:`MentorEvent` and one access-log entry
``pool_<step>``. A refused step writes a *denied* entry, raises :class:`PoolError` and changes
nothing.

**Races.** The match row is locked (``SELECT … FOR UPDATE``) before its state is read, and the
volunteer's row before their places are counted, so on PostgreSQL two coordinators approving
the same proposal are served one after the other: the first wins, the second finds the
proposal approved and gets ``conflict`` (409). The partial unique index
``uq_mentor_match_one_per_request`` is the last word on one match per young person.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jimnet.access.log import Outcome as LogOutcome
from jimnet.access.log import record
from jimnet.accounts.models import User
from jimnet.accounts.roles import ParticipantRole
from jimnet.accounts.services import link_participant
from jimnet.clock import AMSTERDAM
from jimnet.db import utcnow
from jimnet.pool import vog
from jimnet.pool.errors import PoolError
from jimnet.pool.models import (
    HOLDS_PLACE,
    EndReason,
    MatchState,
    MentorEvent,
    MentorMatch,
    MentorRequest,
    RequestStatus,
    Volunteer,
    VolunteerStatus,
)
from jimnet.youth.models import CaseParticipant

S = MatchState


class Role(enum.StrEnum):
    COORDINATOR = "coordinator"
    YOUTH = "youth"
    PROFESSIONAL = "professional"
    COACH = "coach"
    MENTOR = "mentor"


CARE = frozenset({Role.PROFESSIONAL, Role.COACH})


@dataclass(frozen=True)
class Actor:
    role: Role
    user_id: int | None
    name: str


@dataclass(frozen=True)
class Step:
    sources: frozenset[MatchState]
    target: MatchState | None  # None: the state stays (a note in the history)
    roles: frozenset[Role]
    needs_place: bool = False  # VOG valid, a free place, the request still open
    needs_account: bool = False
    needs_reason: bool = False


def _step(
    sources: set[MatchState], target: MatchState | None, roles: set[Role], **kwargs: bool
) -> Step:
    return Step(frozenset(sources), target, frozenset(roles), **kwargs)


LIVE = frozenset({S.APPROVED, S.ACCEPTED, S.INTRODUCED, S.ACTIVE})

STEPS: dict[str, Step] = {
    "approve": _step({S.PROPOSED}, S.APPROVED, {Role.COORDINATOR}, needs_place=True),
    "withdraw": _step({S.PROPOSED, S.APPROVED}, S.WITHDRAWN, {Role.COORDINATOR}),
    "accept": _step({S.APPROVED}, S.ACCEPTED, {Role.YOUTH} | CARE),
    "decline": _step({S.APPROVED}, S.DECLINED, {Role.YOUTH} | CARE),
    "introduce": _step({S.ACCEPTED}, S.INTRODUCED, {Role.COORDINATOR} | CARE),
    "activate": _step(
        {S.INTRODUCED}, S.ACTIVE, {Role.COORDINATOR}, needs_account=True, needs_place=False
    ),
    "end": _step(
        {S.ACTIVE}, S.ENDED, {Role.YOUTH, Role.MENTOR, Role.COORDINATOR} | CARE, needs_reason=True
    ),
    "share_changed": _step(set(LIVE), None, {Role.YOUTH} | CARE),
}

# The buttons a role may see for a match in a state, in this order.
PRIMARY_STEPS = ("approve", "accept", "decline", "introduce", "activate", "end", "withdraw")


def decide(step_name: str, state: MatchState | str, role: Role) -> MatchState:
    """The state a step leads to, or :class:`PoolError` why the table forbids it (pure)."""
    step = STEPS.get(step_name)
    if step is None:
        raise PoolError("out_of_order")
    if role not in step.roles:
        raise PoolError("role")
    if MatchState(state) not in step.sources:
        raise PoolError("out_of_order")
    return step.target or MatchState(state)


def allowed_steps(state: MatchState | str, role: Role) -> list[str]:
    return [
        name
        for name in PRIMARY_STEPS
        if role in STEPS[name].roles and MatchState(state) in STEPS[name].sources
    ]


def local_date(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


def log_step(step_name: str, match_id: int | None, youth_id: int, actor: Actor, ok: bool) -> None:
    record(
        f"pool_{step_name}",
        "mentor_match",
        match_id,
        youth_id=youth_id,
        outcome=LogOutcome.ALLOWED if ok else LogOutcome.DENIED,
        actor_role=actor.role.value,
    )


def _refuse(code: str, step_name: str, match: MentorMatch, actor: Actor) -> PoolError:
    log_step(step_name, match.id, match.youth_id, actor, False)
    return PoolError(code)


def _lock(session: Session, model: type, row_id: int) -> object:
    return session.scalars(
        select(model)
        .where(model.id == row_id)  # type: ignore[attr-defined]
        # Only this table's row: the eagerly joined rows (volunteer, young person) stay free,
        # and PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        .with_for_update(of=model)
        .execution_options(populate_existing=True)
    ).one()


def places_taken(session: Session, volunteer_id: int, *, excluding: int | None = None) -> int:
    stmt = select(func.count()).where(
        MentorMatch.volunteer_id == volunteer_id, MentorMatch.state.in_(HOLDS_PLACE)
    )
    if excluding is not None:
        stmt = stmt.where(MentorMatch.id != excluding)
    return int(session.scalar(stmt) or 0)


def _guards(session: Session, match: MentorMatch, step: Step, on: date) -> str | None:
    if step.needs_place:
        volunteer = _lock(session, Volunteer, match.volunteer_id)
        assert isinstance(volunteer, Volunteer)
        if volunteer.status != VolunteerStatus.APPROVED:
            return "not_approved"
        if not vog.valid_on(volunteer.vog_issued_on, on):
            return "vog"
        if places_taken(session, volunteer.id, excluding=match.id) >= volunteer.capacity:
            return "at_capacity"
        request = session.get(MentorRequest, match.request_id)
        if request is None or request.status != RequestStatus.WAITING:
            return "request_taken"
    if step.needs_account and match.volunteer.user_id is None:
        return "no_account"
    return None


def apply(
    session: Session,
    match: MentorMatch,
    step_name: str,
    actor: Actor,
    *,
    reason: str | None = None,
    end_reason: EndReason | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> MentorEvent:
    """Take one step on a locked, freshly read match; log it; raise when refused."""
    at = at or utcnow()
    seen_state, seen_version = match.state, match.version
    _lock(session, MentorMatch, match.id)  # refreshes ``match`` in place
    changed_meanwhile = match.state != seen_state or (
        expected_version is not None and expected_version != match.version
    )
    try:
        target = decide(step_name, match.state, actor.role)
    except PoolError as error:
        # The page showed a state in which this step was possible: someone else got there first.
        code = "conflict" if changed_meanwhile or seen_version != match.version else error.code
        raise _refuse(code, step_name, match, actor) from None
    if expected_version is not None and expected_version != match.version:
        raise _refuse("conflict", step_name, match, actor)
    step = STEPS[step_name]
    if step.needs_reason and end_reason is None:
        raise _refuse("end_reason", step_name, match, actor)
    problem = _guards(session, match, step, local_date(at))
    if problem is not None:
        raise _refuse(problem, step_name, match, actor)

    from_state = match.state
    savepoint = session.begin_nested() if step.needs_place else None
    if target != from_state:
        match.state = target
        match.state_since = at
    _consequences(session, match, step_name, at, end_reason)
    event = MentorEvent(
        match_id=match.id,
        youth_id=match.youth_id,
        step=step_name,
        from_state=from_state,
        to_state=match.state,
        actor_user_id=actor.user_id,
        actor_role=actor.role.value,
        occurred_at=at,
        reason=(reason or "").strip()[:2000] or None,
    )
    session.add(event)
    try:
        session.flush()
    except IntegrityError:
        if savepoint is None:
            raise
        savepoint.rollback()
        raise _refuse("request_taken", step_name, match, actor) from None
    if savepoint is not None:
        savepoint.commit()
    log_step(step_name, match.id, match.youth_id, actor, True)
    return event


def _consequences(
    session: Session, match: MentorMatch, step_name: str, at: datetime, end_reason: EndReason | None
) -> None:
    request = session.get(MentorRequest, match.request_id)
    assert request is not None
    if step_name == "activate":
        user = session.get(User, match.volunteer.user_id)
        assert user is not None
        participant = link_participant(session, user, match.youth_id, ParticipantRole.MENTOR)
        match.participant_id = participant.id
        match.active_since = at
        request.status = RequestStatus.MATCHED
    elif step_name == "end":
        match.ended_at = at
        match.end_reason = end_reason
        request.status = RequestStatus.CLOSED
        request.closed_at = at
        if match.participant_id is not None:
            linked = session.get(CaseParticipant, match.participant_id)
            if linked is not None:
                # Their access stops in this same transaction.
                linked.active, linked.until = False, at


def record_proposal_event(session: Session, match: MentorMatch, actor: Actor, at: datetime) -> None:
    session.add(
        MentorEvent(
            match_id=match.id,
            youth_id=match.youth_id,
            step="propose",
            from_state=None,
            to_state=match.state,
            actor_user_id=actor.user_id,
            actor_role=actor.role.value,
            occurred_at=at,
        )
    )
