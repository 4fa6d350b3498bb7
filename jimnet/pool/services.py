"""The pool's rules on a session: registering, screening, inviting, referring, proposal rounds.

Plain typed functions without Flask globals; they flush, the request's unit of work commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jimnet.access.log import Outcome as LogOutcome
from jimnet.access.log import record
from jimnet.accounts import services as accounts
from jimnet.accounts.models import OneTimeToken, TokenPurpose, User
from jimnet.db import utcnow
from jimnet.pool import assign, compatibility, learning, vog
from jimnet.pool.errors import PoolError
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
from jimnet.pool.workflow import Actor, local_date, log_step, record_proposal_event
from jimnet.youth.models import Youth

VOLUNTEER_INVITE = "volunteer"  # OneTimeToken.role of a volunteer's invitation


# --- registering (public) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    organisation_id: int
    name: str
    email: str
    phone: str | None
    birth_year: int
    gender: str
    postcode: str
    municipality: str | None
    travel_km: int
    interests: list[str]
    languages: list[str]
    availability: list[str]
    youth_age_min: int
    youth_age_max: int
    motivation: str | None


def register(session: Session, data: Registration, at: datetime | None = None) -> Volunteer:
    """Register a volunteer, or count a repeated registration of a known address.

    The caller shows the same answer either way: the public form never tells whether someone
    is known already. A repeated registration does not overwrite what the coordinator has.
    """
    at = at or utcnow()
    email = accounts.normalise_email(data.email)
    known = session.scalars(
        select(Volunteer).where(
            Volunteer.email == email, Volunteer.organisation_id == data.organisation_id
        )
    ).first()
    if known is not None:
        known.registrations += 1
        known.last_registered_at = at
        session.flush()
        return known
    volunteer = Volunteer(
        organisation_id=data.organisation_id,
        name=data.name.strip(),
        email=email,
        phone=(data.phone or "").strip() or None,
        birth_year=data.birth_year,
        gender=data.gender,
        postcode=data.postcode.strip().upper(),
        municipality=(data.municipality or "").strip() or None,
        travel_km=data.travel_km,
        interests=sorted(set(data.interests)),
        languages=sorted(set(data.languages)),
        availability=sorted(set(data.availability)),
        youth_age_min=data.youth_age_min,
        youth_age_max=data.youth_age_max,
        motivation=(data.motivation or "").strip() or None,
        last_registered_at=at,
    )
    session.add(volunteer)
    session.flush()
    return volunteer


# --- screening (coordinator) -------------------------------------------------------------------


@dataclass(frozen=True)
class Screening:
    status: VolunteerStatus
    interviewed_on: date | None
    vog_issued_on: date | None
    training_done_on: date | None
    capacity: int
    notes: str | None


def screen(
    session: Session,
    volunteer: Volunteer,
    data: Screening,
    by: User,
    today: date,
    *,
    expected_version: int | None = None,
) -> Volunteer:
    if expected_version is not None and expected_version != volunteer.version:
        raise PoolError("conflict")
    if data.vog_issued_on is not None and data.vog_issued_on > today:
        raise PoolError("vog_future")
    for day in (data.interviewed_on, data.training_done_on):
        if day is not None and day > today:
            raise PoolError("date_future")
    volunteer.status = data.status
    volunteer.interviewed_on = data.interviewed_on
    volunteer.vog_issued_on = data.vog_issued_on
    volunteer.training_done_on = data.training_done_on
    volunteer.capacity = data.capacity
    volunteer.screening_notes = (data.notes or "").strip() or None
    volunteer.screened_by_id = by.id
    volunteer.screened_at = utcnow()
    session.flush()
    return volunteer


def matchable(volunteer: Volunteer, today: date) -> bool:
    return volunteer.status == VolunteerStatus.APPROVED and vog.valid_on(
        volunteer.vog_issued_on, today
    )


def invite(session: Session, volunteer: Volunteer, by: User, hours: int) -> accounts.IssuedToken:
    """A single-use link to create the volunteer's own account (the accounts' invitation)."""
    return accounts.issue_token(
        session,
        TokenPurpose.INVITE,
        volunteer.email,
        hours,
        organisation_id=volunteer.organisation_id,
        role=VOLUNTEER_INVITE,
        created_by=by,
    )


def _link_account(session: Session, user: User, token: OneTimeToken) -> None:
    """On accepting a volunteer's invitation: this account is that volunteer's."""
    volunteer = session.scalars(
        select(Volunteer).where(
            Volunteer.email == token.email, Volunteer.organisation_id == token.organisation_id
        )
    ).first()
    if volunteer is not None:
        volunteer.user_id = user.id


accounts.ACCEPT_HOOKS[VOLUNTEER_INVITE] = _link_account


def volunteer_of(session: Session, user_id: int) -> list[Volunteer]:
    return list(session.scalars(select(Volunteer).where(Volunteer.user_id == user_id)))


# --- referring a young person (professional) ---------------------------------------------------


@dataclass(frozen=True)
class Wishes:
    reason: str | None
    interests: list[str]
    languages: list[str]
    mentor_gender: str
    max_km: int | None


def open_request(session: Session, youth_id: int) -> MentorRequest | None:
    return session.scalars(
        select(MentorRequest).where(
            MentorRequest.youth_id == youth_id, MentorRequest.status != RequestStatus.CLOSED
        )
    ).first()


def refer(session: Session, youth: Youth, by: User, wishes: Wishes) -> MentorRequest:
    if open_request(session, youth.id) is not None:
        raise PoolError("open_request")
    request = MentorRequest(
        youth_id=youth.id,
        organisation_id=youth.organisation_id,
        referred_by_id=by.id,
        reason=(wishes.reason or "").strip() or None,
        interests=sorted(set(wishes.interests)),
        languages=sorted(set(wishes.languages)),
        mentor_gender=wishes.mentor_gender,
        max_km=wishes.max_km,
    )
    # Two referrals at the same moment: the partial unique index keeps one.
    try:
        with session.begin_nested():
            session.add(request)
    except IntegrityError:
        raise PoolError("open_request") from None
    return request


def update_wishes(
    session: Session, request: MentorRequest, wishes: Wishes, expected_version: int | None
) -> MentorRequest:
    if request.status == RequestStatus.CLOSED:
        raise PoolError("request_closed")
    if expected_version is not None and expected_version != request.version:
        raise PoolError("conflict")
    request.reason = (wishes.reason or "").strip() or None
    request.interests = sorted(set(wishes.interests))
    request.languages = sorted(set(wishes.languages))
    request.mentor_gender = wishes.mentor_gender
    request.max_km = wishes.max_km
    session.flush()
    return request


# States of a match that a withdrawn referral takes back with it (an active match is ended with
# a reason instead, never withdrawn).
OPEN_FOR_REQUEST = (MatchState.PROPOSED, *sorted(HOLDS_PLACE - {MatchState.ACTIVE}))


def withdraw_referral(
    session: Session,
    request: MentorRequest,
    actor: Actor,
    *,
    reason: str | None = None,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> list[MentorMatch]:
    """The care team takes a young person off the pool's waiting list.

    The request row is locked and read again first (two tabs, or a coordinator's approval at the
    same moment, are served one after the other). Refused: a closed referral, one that changed
    since the page was shown (``conflict``), one with an active match (``request_matched``: end
    the match with a reason instead). Open proposals and matches on their way are withdrawn with
    it, each with an event, so their places are free again. One access-log entry,
    ``withdraw_referral``, allowed or denied. Returns the matches it withdrew.
    """
    at = at or utcnow()
    seen_version = request.version
    session.scalars(
        select(MentorRequest)
        .where(MentorRequest.id == request.id)
        .with_for_update(of=MentorRequest)
        .execution_options(populate_existing=True)
    ).one()

    def refuse(code: str) -> PoolError:
        _log_withdrawal(request, actor, ok=False)
        return PoolError(code)

    if request.status == RequestStatus.CLOSED:
        raise refuse("request_closed")
    if request.version != seen_version or (
        expected_version is not None and expected_version != request.version
    ):
        raise refuse("conflict")
    if request.status == RequestStatus.MATCHED:
        raise refuse("request_matched")
    matches = list(
        session.scalars(
            select(MentorMatch)
            .where(
                MentorMatch.request_id == request.id,
                MentorMatch.state.in_(OPEN_FOR_REQUEST),
            )
            .with_for_update(of=MentorMatch)
            .execution_options(populate_existing=True)
        ).unique()
    )
    note = (reason or "").strip()[:2000] or None
    for match in matches:
        session.add(
            MentorEvent(
                match_id=match.id,
                youth_id=match.youth_id,
                step="referral_withdrawn",
                from_state=match.state,
                to_state=MatchState.WITHDRAWN,
                actor_user_id=actor.user_id,
                actor_role=actor.role.value,
                occurred_at=at,
                reason=note,
            )
        )
        match.state = MatchState.WITHDRAWN
        match.state_since = at
    request.status = RequestStatus.CLOSED
    request.closed_at = at
    request.closed_by_id = actor.user_id
    request.closed_reason = note
    session.flush()
    _log_withdrawal(request, actor, ok=True)
    return matches


def open_matches(session: Session, request_id: int) -> list[MentorMatch]:
    """Proposals and matches on their way for this referral (what withdrawing it takes back)."""
    return list(
        session.scalars(
            select(MentorMatch)
            .where(MentorMatch.request_id == request_id, MentorMatch.state.in_(OPEN_FOR_REQUEST))
            .order_by(MentorMatch.id)
        )
    )


def _log_withdrawal(request: MentorRequest, actor: Actor, *, ok: bool) -> None:
    record(
        "withdraw_referral",
        "mentor_request",
        request.id,
        youth_id=request.youth_id,
        outcome=LogOutcome.ALLOWED if ok else LogOutcome.DENIED,
        actor_role=actor.role.value,
    )


# --- the proposal round (coordinator) ----------------------------------------------------------


def seeker_of(request: MentorRequest, today: date) -> compatibility.Seeker:
    return compatibility.Seeker(
        request_id=request.id,
        youth_id=request.youth_id,
        age=request.youth.age_on(today),
        postcode=request.youth.postcode,
        interests=tuple(request.interests),
        languages=tuple(request.languages),
        mentor_gender=request.mentor_gender,
        max_km=request.max_km,
    )


def offer_of(volunteer: Volunteer, free: int) -> compatibility.Offer:
    return compatibility.Offer(
        volunteer_id=volunteer.id,
        gender=volunteer.gender,
        postcode=volunteer.postcode,
        travel_km=volunteer.travel_km,
        interests=tuple(volunteer.interests),
        languages=tuple(volunteer.languages),
        age_min=volunteer.youth_age_min,
        age_max=volunteer.youth_age_max,
        vog_issued_on=volunteer.vog_issued_on,
        approved=volunteer.status == VolunteerStatus.APPROVED,
        free_places=free,
    )


def taken_places(session: Session, volunteer_ids: list[int]) -> dict[int, int]:
    if not volunteer_ids:
        return {}
    return dict(
        session.execute(
            select(MentorMatch.volunteer_id, func.count())
            .where(MentorMatch.volunteer_id.in_(volunteer_ids), MentorMatch.state.in_(HOLDS_PLACE))
            .group_by(MentorMatch.volunteer_id)
        ).all()
    )


def declined_pairs(session: Session, youth_ids: list[int]) -> set[tuple[int, int]]:
    if not youth_ids:
        return set()
    return {
        (youth_id, volunteer_id)
        for youth_id, volunteer_id in session.execute(
            select(MentorMatch.youth_id, MentorMatch.volunteer_id).where(
                MentorMatch.youth_id.in_(youth_ids), MentorMatch.state == MatchState.DECLINED
            )
        )
    }


@dataclass
class Pool:
    """What a round works on: waiting young people and volunteers with free places."""

    requests: list[MentorRequest]
    volunteers: list[Volunteer]
    free: list[int]
    declined: set[tuple[int, int]] = field(default_factory=set)


def waiting_requests(session: Session, organisation_ids: set[int]) -> list[MentorRequest]:
    """Open referrals without a match that holds a place, first referred first."""
    holding = select(MentorMatch.request_id).where(MentorMatch.state.in_(HOLDS_PLACE))
    return list(
        session.scalars(
            select(MentorRequest)
            .where(
                MentorRequest.organisation_id.in_(organisation_ids),
                MentorRequest.status == RequestStatus.WAITING,
                MentorRequest.id.not_in(holding),
            )
            .order_by(MentorRequest.referred_at, MentorRequest.id)
        )
    )


def gather(session: Session, organisation_ids: set[int], today: date) -> Pool:
    requests = waiting_requests(session, organisation_ids)
    volunteers = list(
        session.scalars(
            select(Volunteer)
            .where(
                Volunteer.organisation_id.in_(organisation_ids),
                Volunteer.status == VolunteerStatus.APPROVED,
            )
            .order_by(Volunteer.id)
        )
    )
    taken = taken_places(session, [v.id for v in volunteers])
    # A volunteer whose VOG has expired has no place to offer until a new one is recorded.
    free = [
        max(v.capacity - taken.get(v.id, 0), 0) if vog.valid_on(v.vog_issued_on, today) else 0
        for v in volunteers
    ]
    return Pool(requests, volunteers, free, declined_pairs(session, [r.youth_id for r in requests]))


def run_round(
    session: Session,
    organisation_ids: set[int],
    actor: Actor,
    today: date,
    *,
    models_dir: Path,
) -> ProposalRound:
    """Replace the open proposals with a new global assignment over the whole pool. The score
    is the active learned matcher's when its file checks out, else the documented rule."""
    at = utcnow()
    superseded = session.scalars(
        select(MentorMatch)
        .join(MentorRequest, MentorRequest.id == MentorMatch.request_id)
        .where(
            MentorRequest.organisation_id.in_(organisation_ids),
            MentorMatch.state == MatchState.PROPOSED,
        )
    ).all()
    for old in superseded:
        old.state, old.state_since = MatchState.WITHDRAWN, at
        session.add(
            MentorEvent(
                match_id=old.id,
                youth_id=old.youth_id,
                step="withdraw",
                from_state=MatchState.PROPOSED,
                to_state=MatchState.WITHDRAWN,
                actor_user_id=actor.user_id,
                actor_role=actor.role.value,
                occurred_at=at,
                reason="new round",
            )
        )
    session.flush()
    pool = gather(session, organisation_ids, today)
    scorer, in_use = learning.matcher_in_use(session, models_dir)
    seekers = [seeker_of(r, today) for r in pool.requests]
    offers = [offer_of(v, f) for v, f in zip(pool.volunteers, pool.free, strict=True)]
    table = compatibility.table(seekers, offers, today, declined=pool.declined, scorer=scorer)
    result = assign.optimal(table.score, table.allowed, pool.free)
    round_ = ProposalRound(
        created_by_id=actor.user_id,
        created_at=at,
        method=table.method,
        model_version_id=in_use.version.id
        if in_use.method == learning.MODEL and in_use.version
        else None,
        waiting=len(seekers),
        places=sum(pool.free),
        proposed=result.matched,
        total_score=round(result.total, 4),
        organisation_ids=sorted(organisation_ids),
    )
    session.add(round_)
    session.flush()
    for i, j in result.pairs:
        request, volunteer = pool.requests[i], pool.volunteers[j]
        match = MentorMatch(
            request_id=request.id,
            youth_id=request.youth_id,
            volunteer_id=volunteer.id,
            round_id=round_.id,
            state=MatchState.PROPOSED,
            state_since=at,
            score=round(float(table.score[i, j]), 4),
            reasons=table.reasons(i, j),
            features=table.feature_dict(i, j),
        )
        session.add(match)
        session.flush()
        record_proposal_event(session, match, actor, at)
        log_step("propose", match.id, match.youth_id, actor, True)
    session.flush()
    return round_


def latest_round(session: Session, organisation_ids: set[int]) -> ProposalRound | None:
    rounds = session.scalars(
        select(ProposalRound).order_by(ProposalRound.created_at.desc()).limit(20)
    )
    return next((r for r in rounds if set(r.organisation_ids) <= organisation_ids), None)


def set_sharing(
    session: Session, match: MentorMatch, actor: Actor, flags: dict[str, bool]
) -> MentorMatch:
    from jimnet.pool import workflow

    # The step locks and re-reads the row first; the choices are set on the fresh row.
    workflow.apply(session, match, "share_changed", actor)
    for name, value in flags.items():
        if name in {"share_network", "share_big5", "share_case_notes"}:
            setattr(match, name, bool(value))
    session.flush()
    return match


def day_of(moment: datetime) -> date:
    return local_date(moment)
