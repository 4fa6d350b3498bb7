"""The one state machine of a JIM nomination.

::

    nominated → in_conversation → suitable ──→ awaiting_consent → invited → active ⇄ standby → ended
                                 ↘ not_suitable                   ↘ declined
    (withdrawn: by the young person at any point before active)

Every step is in :data:`STEPS`: the states it may start from, where it leads, and who may take
it. :func:`decide` applies the table and the guards (a suitable outcome, valid consent for the
young person's age on the day, no other JIM in position) without touching the database;
:func:`apply` loads the facts, asks :func:`decide`, and then changes the state, writes one
:class:`JimEvent` (who, when, why) and one access-log entry. A refused step writes a "denied"
access-log entry, raises :class:`JimError` and changes nothing.

Withdrawing a consent suspends the role (see :mod:`jimnet.jim.services`): a JIM in position
goes to ``standby`` (step ``suspend``) and may only ``resume`` once consent is valid again; an
invitation not yet answered is revoked and the nomination goes back to ``awaiting_consent``
(step ``uninvite``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jimnet.access.log import Outcome as LogOutcome
from jimnet.access.log import record
from jimnet.clock import AMSTERDAM
from jimnet.db import utcnow
from jimnet.jim import candidates, consent
from jimnet.jim.errors import JimError
from jimnet.jim.models import (
    IN_POSITION,
    LIVE,
    PRE_ACTIVE,
    JimConversation,
    JimEvent,
    JimNomination,
    JimState,
    NominatedBy,
    Outcome,
)
from jimnet.matching import ranking
from jimnet.network.models import NetworkMember
from jimnet.youth.models import Youth

S = JimState


class Role(enum.StrEnum):
    """Who takes a step, as far as the workflow is concerned."""

    YOUTH = "youth"
    PARENT = "parent"
    PROFESSIONAL = "professional"
    COACH = "coach"
    JIM = "jim"
    CANDIDATE = "candidate"  # the person holding the invitation


CARE = frozenset({Role.PROFESSIONAL, Role.COACH})


@dataclass(frozen=True)
class Actor:
    role: Role
    user_id: int | None
    name: str


@dataclass(frozen=True)
class Step:
    sources: frozenset[JimState]
    # None: the step keeps the state (a note in the history); outcome steps name the target.
    target: JimState | None
    roles: frozenset[Role]
    needs_suitable: bool = False
    needs_consent: bool = False
    needs_free_position: bool = False
    targets: frozenset[JimState] = frozenset()


def _step(
    sources: set[JimState] | frozenset[JimState],
    target: JimState | None,
    roles: set[Role] | frozenset[Role],
    **kwargs: object,
) -> Step:
    return Step(frozenset(sources), target, frozenset(roles), **kwargs)  # type: ignore[arg-type]


STEPS: dict[str, Step] = {
    "start_conversation": _step({S.NOMINATED}, S.IN_CONVERSATION, CARE),
    "record_conversation": _step(
        {S.IN_CONVERSATION}, None, CARE, targets=frozenset({S.SUITABLE, S.NOT_SUITABLE})
    ),
    "request_consent": _step({S.SUITABLE}, S.AWAITING_CONSENT, CARE, needs_suitable=True),
    "invite": _step({S.AWAITING_CONSENT}, S.INVITED, CARE, needs_suitable=True, needs_consent=True),
    "reinvite": _step({S.INVITED}, S.INVITED, CARE, needs_suitable=True, needs_consent=True),
    "accept": _step(
        {S.INVITED},
        S.ACTIVE,
        {Role.CANDIDATE},
        needs_suitable=True,
        needs_consent=True,
        needs_free_position=True,
    ),
    "decline": _step({S.INVITED}, S.DECLINED, {Role.CANDIDATE}),
    "pause": _step({S.ACTIVE}, S.STANDBY, {Role.YOUTH, Role.JIM} | CARE),
    "resume": _step(
        {S.STANDBY},
        S.ACTIVE,
        {Role.YOUTH, Role.JIM} | CARE,
        needs_suitable=True,
        needs_consent=True,
    ),
    "end": _step(IN_POSITION, S.ENDED, {Role.YOUTH, Role.JIM} | CARE),
    "withdraw": _step(PRE_ACTIVE, S.WITHDRAWN, {Role.YOUTH} | CARE),
    # Consequences of a withdrawn consent (taken by whoever withdrew it).
    "suspend": _step({S.ACTIVE}, S.STANDBY, {Role.YOUTH, Role.PARENT} | CARE),
    "uninvite": _step({S.INVITED}, S.AWAITING_CONSENT, {Role.YOUTH, Role.PARENT} | CARE),
    # Steps that keep the state, for the history.
    "consent_given": _step(
        {S.SUITABLE, S.AWAITING_CONSENT, S.INVITED, S.ACTIVE, S.STANDBY},
        None,
        {Role.YOUTH, Role.PARENT} | CARE,
    ),
    "consent_withdrawn": _step(LIVE, None, {Role.YOUTH, Role.PARENT} | CARE),
    "share_changed": _step(LIVE, None, {Role.YOUTH} | CARE),
    "positioning": _step(IN_POSITION, None, CARE),
    # Check-ins are rows of their own, not events; the table still says who may add one.
    "check_in": _step(IN_POSITION, None, {Role.YOUTH, Role.JIM} | CARE),
}
NOMINATE_ROLES = frozenset({Role.YOUTH}) | CARE

# Which steps a person in a role may offer as buttons, in this order.
PRIMARY_STEPS = (
    "start_conversation",
    "record_conversation",
    "request_consent",
    "invite",
    "reinvite",
    "pause",
    "resume",
    "end",
    "withdraw",
)


@dataclass(frozen=True)
class Facts:
    suitable: bool
    consent: consent.ConsentCheck | None
    other_in_position: bool


def decide(
    step_name: str,
    state: JimState | str,
    role: Role,
    facts: Facts | None = None,
    target: JimState | None = None,
) -> JimState:
    """The state a step leads to, or :class:`JimError` why it may not be taken (pure)."""
    step = STEPS.get(step_name)
    if step is None:
        raise JimError("out_of_order")
    if role not in step.roles:
        raise JimError("role")
    if JimState(state) not in step.sources:
        raise JimError("out_of_order")
    if step.targets:
        if target not in step.targets:
            raise JimError("out_of_order")
        result = target
    else:
        result = step.target or JimState(state)
    if step.needs_suitable and not (facts and facts.suitable):
        raise JimError("no_suitable_outcome")
    if step.needs_consent and not (facts and facts.consent and facts.consent.valid):
        raise JimError("no_consent")
    if step.needs_free_position and (facts is None or facts.other_in_position):
        raise JimError("already_in_position")
    assert result is not None
    return result


def allowed_steps(state: JimState | str, role: Role) -> list[str]:
    """Steps the table lets this role take from this state (guards aside): for buttons."""
    return [
        name
        for name in PRIMARY_STEPS
        if role in STEPS[name].roles and JimState(state) in STEPS[name].sources
    ]


# --- reading the facts ---------------------------------------------------------------------


def local_date(moment: datetime) -> date:
    return moment.astimezone(AMSTERDAM).date()


def latest_conversation(session: Session, nomination_id: int) -> JimConversation | None:
    return session.scalars(
        select(JimConversation)
        .where(JimConversation.nomination_id == nomination_id)
        .order_by(JimConversation.recorded_at.desc(), JimConversation.id.desc())
        .limit(1)
    ).first()


def consent_check(
    session: Session, nomination: JimNomination, on: date, youth: Youth | None = None
) -> consent.ConsentCheck:
    youth = youth or session.get(Youth, nomination.youth_id)
    assert youth is not None
    return consent.check_records(
        youth.date_of_birth,
        consent.authority_ids(session, youth.id),
        consent.records_for(session, [nomination.id]),
        on,
    )


def facts_for(session: Session, nomination: JimNomination, step: Step, on: date) -> Facts:
    suitable = False
    if step.needs_suitable:
        last = latest_conversation(session, nomination.id)
        suitable = last is not None and last.outcome == Outcome.SUITABLE
    check = consent_check(session, nomination, on) if step.needs_consent else None
    other = False
    if step.needs_free_position:
        other = bool(
            session.scalar(
                select(
                    exists().where(
                        JimNomination.youth_id == nomination.youth_id,
                        JimNomination.id != nomination.id,
                        JimNomination.state.in_(IN_POSITION),
                    )
                )
            )
        )
    return Facts(suitable=suitable, consent=check, other_in_position=other)


# --- taking a step -------------------------------------------------------------------------


def log_step(
    step_name: str,
    object_type: str,
    object_id: int | None,
    youth_id: int | None,
    actor: Actor,
    allowed: bool,
) -> None:
    record(
        f"jim_{step_name}",
        object_type,
        object_id,
        youth_id=youth_id,
        outcome=LogOutcome.ALLOWED if allowed else LogOutcome.DENIED,
        actor_role=actor.role.value,
    )


def refuse(
    error: JimError, step_name: str, nomination: JimNomination | None, youth_id: int, actor: Actor
) -> JimError:
    """Log a refused step (nothing changes) and hand back the error to raise."""
    log_step(
        step_name, "jim_nomination", nomination.id if nomination else None, youth_id, actor, False
    )
    return error


def _event(
    session: Session,
    nomination: JimNomination,
    step_name: str,
    from_state: str | None,
    actor: Actor,
    reason: str | None,
    at: datetime,
) -> JimEvent:
    event = JimEvent(
        nomination_id=nomination.id,
        youth_id=nomination.youth_id,
        step=step_name,
        from_state=from_state,
        to_state=nomination.state,
        actor_user_id=actor.user_id,
        actor_role=actor.role.value,
        actor_name=actor.name,
        occurred_at=at,
        reason=(reason or "").strip() or None,
    )
    session.add(event)
    return event


def check(
    session: Session,
    nomination: JimNomination,
    step_name: str,
    actor: Actor,
    *,
    at: datetime | None = None,
    target: JimState | None = None,
    expected_version: int | None = None,
) -> JimState:
    """Decide a step against the stored facts; log and raise when refused. Changes nothing."""
    at = at or utcnow()
    try:
        if expected_version is not None:
            # Check and write as one: the row stays locked until this request commits, so two
            # people taking a step at the same moment go one after the other, and the second
            # sees the first one's version here (PostgreSQL; SQLite runs requests in turn).
            session.refresh(nomination, with_for_update=True)
            if expected_version != nomination.version:
                raise JimError("stale")
        step = STEPS.get(step_name)
        facts = facts_for(session, nomination, step, local_date(at)) if step else None
        return decide(step_name, nomination.state, actor.role, facts, target)
    except JimError as error:
        raise refuse(error, step_name, nomination, nomination.youth_id, actor) from None


def apply(
    session: Session,
    nomination: JimNomination,
    step_name: str,
    actor: Actor,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    target: JimState | None = None,
    expected_version: int | None = None,
) -> JimEvent:
    """Take one step: check it, change the state, write the event and the access log."""
    at = at or utcnow()
    new_state = check(
        session,
        nomination,
        step_name,
        actor,
        at=at,
        target=target,
        expected_version=expected_version,
    )
    # The partial unique index is the last word when two people act at the same moment: the
    # step that could break it runs in a SAVEPOINT, so a clash leaves the request usable.
    savepoint = session.begin_nested() if STEPS[step_name].needs_free_position else None
    from_state = nomination.state
    if new_state != from_state:
        nomination.state = new_state
        nomination.state_since = at
    if new_state == JimState.ACTIVE and nomination.active_since is None:
        nomination.active_since = at
    if new_state == JimState.ENDED:
        nomination.ended_at = at
    event = _event(session, nomination, step_name, from_state, actor, reason, at)
    try:
        session.flush()
    except IntegrityError:
        if savepoint is None:
            raise
        savepoint.rollback()
        raise refuse(
            JimError("already_in_position"), step_name, nomination, nomination.youth_id, actor
        ) from None
    if savepoint is not None:
        savepoint.commit()
    log_step(step_name, "jim_nomination", nomination.id, nomination.youth_id, actor, True)
    return event


def nominate(
    session: Session,
    youth: Youth,
    member_id: int,
    actor: Actor,
    *,
    motivation: str | None = None,
    at: datetime | None = None,
) -> JimNomination:
    """The young person (or the professional together with them) nominates one person."""
    at = at or utcnow()
    member = session.get(NetworkMember, member_id)
    try:
        if actor.role not in NOMINATE_ROLES:
            raise JimError("role")
        problem = candidates.refusal(member, youth.id)
        if problem is not None:
            raise JimError(problem)
        live = session.scalar(
            select(
                exists().where(JimNomination.youth_id == youth.id, JimNomination.state.in_(LIVE))
            )
        )
        if live:
            raise JimError("live_nomination")
    except JimError as error:
        log_step("nominate", "network_member", member_id, youth.id, actor, False)
        raise error from None
    assert member is not None
    nomination = JimNomination(
        youth_id=youth.id,
        member_id=member.id,
        state=JimState.NOMINATED,
        state_since=at,
        nominated_by_role=NominatedBy.YOUTH
        if actor.role == Role.YOUTH
        else NominatedBy.PROFESSIONAL,
        nominated_by_id=actor.user_id,
        nominated_at=at,
        motivation=(motivation or "").strip() or None,
        member_facts=candidates.facts(member),
        # What the ranking learns from later: the map as it is today, never as it will be.
        ranking_features=ranking.nomination_features(session, youth, member.id, local_date(at)),
    )
    session.add(nomination)
    session.flush()
    _event(session, nomination, "nominate", None, actor, motivation, at)
    session.flush()
    log_step("nominate", "jim_nomination", nomination.id, youth.id, actor, True)
    return nomination
