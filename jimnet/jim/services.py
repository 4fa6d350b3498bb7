"""What people do with a JIM nomination, on top of the state machine.

Plain functions on a SQLAlchemy session: they check (through :mod:`jimnet.jim.workflow`),
change, flush, and leave the commit to the request. Every refusal raises
:class:`jimnet.jim.errors.JimError` after a "denied" access-log entry and before any change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from jimnet.accounts.models import User
from jimnet.accounts.roles import ParticipantRole
from jimnet.accounts.services import link_participant
from jimnet.db import utcnow
from jimnet.jim import consent as consent_rules
from jimnet.jim import invitations, workflow
from jimnet.jim.errors import JimError
from jimnet.jim.invitations import Issued
from jimnet.jim.models import (
    CheckInBy,
    EndReason,
    HowItGoes,
    InvitationChannel,
    JimCheckIn,
    JimConversation,
    JimInvitation,
    JimNomination,
    JimPositioning,
    JimState,
    Outcome,
    Reachability,
    VogStatus,
    Willingness,
)
from jimnet.jim.workflow import Actor, Role, local_date
from jimnet.youth.models import (
    CareTeamMember,
    CaseParticipant,
    Consent,
    ConsentGiver,
    ConsentMethod,
    ParentalAuthority,
    Youth,
)


def _refuse(code: str, step: str, nomination: JimNomination, actor: Actor) -> JimError:
    return workflow.refuse(JimError(code), step, nomination, nomination.youth_id, actor)


def _own_nomination_as_jim(nomination: JimNomination, actor: Actor, step: str) -> None:
    """A JIM acts only on their own role, never on another nomination of the same youth."""
    if actor.role == Role.JIM and nomination.jim_user_id != actor.user_id:
        raise _refuse("role", step, nomination, actor)


# --- conversation ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ConversationInput:
    held_on: date
    willingness: Willingness
    reachability: Reachability
    concerns: str | None
    concerns_handling: str | None
    outcome: Outcome
    reason_for_youth: str
    vog_status: VogStatus | None = None
    vog_issued_on: date | None = None
    vog_not_needed_reason: str | None = None


def start_conversation(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    workflow.apply(
        session,
        nomination,
        "start_conversation",
        actor,
        reason=reason,
        at=at,
        expected_version=expected_version,
    )


def record_conversation(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    data: ConversationInput,
    *,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> JimConversation:
    at = at or utcnow()
    target = JimState.SUITABLE if data.outcome == Outcome.SUITABLE else JimState.NOT_SUITABLE
    workflow.check(
        session,
        nomination,
        "record_conversation",
        actor,
        at=at,
        target=target,
        expected_version=expected_version,
    )
    if data.held_on > local_date(at) or data.held_on < local_date(nomination.nominated_at):
        raise _refuse("conversation_date", "record_conversation", nomination, actor)
    if not data.reason_for_youth.strip():
        raise _refuse("out_of_order", "record_conversation", nomination, actor)
    if data.vog_status == VogStatus.RECEIVED and (
        data.vog_issued_on is None or data.vog_issued_on > local_date(at)
    ):
        raise _refuse("vog_date", "record_conversation", nomination, actor)
    conversation = JimConversation(
        nomination_id=nomination.id,
        youth_id=nomination.youth_id,
        held_on=data.held_on,
        willingness=data.willingness,
        reachability=data.reachability,
        concerns=(data.concerns or "").strip() or None,
        concerns_handling=(data.concerns_handling or "").strip() or None,
        outcome=data.outcome,
        reason_for_youth=data.reason_for_youth.strip(),
        vog_status=data.vog_status,
        vog_issued_on=data.vog_issued_on if data.vog_status == VogStatus.RECEIVED else None,
        vog_not_needed_reason=(data.vog_not_needed_reason or "").strip() or None
        if data.vog_status == VogStatus.NOT_NEEDED
        else None,
        recorded_by_id=actor.user_id,
        recorded_at=at,
    )
    session.add(conversation)
    session.flush()
    workflow.apply(
        session,
        nomination,
        "record_conversation",
        actor,
        at=at,
        target=target,
        reason=data.reason_for_youth,
    )
    return conversation


def request_consent(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    workflow.apply(
        session,
        nomination,
        "request_consent",
        actor,
        reason=reason,
        at=at,
        expected_version=expected_version,
    )


# --- consent ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentInput:
    giver: ConsentGiver
    method: ConsentMethod
    given_on: date
    authority_id: int | None = None
    note: str | None = None


def _authority(
    session: Session, youth_id: int, authority_id: int | None
) -> ParentalAuthority | None:
    if authority_id is None:
        return None
    authority = session.get(ParentalAuthority, authority_id)
    if authority is None or authority.youth_id != youth_id or not authority.active:
        return None
    return authority


def own_authority(session: Session, youth_id: int, user_id: int | None) -> ParentalAuthority | None:
    """The parental-authority row of a parent's own account (None: no authority)."""
    if user_id is None:
        return None
    return session.scalars(
        select(ParentalAuthority).where(
            ParentalAuthority.youth_id == youth_id,
            ParentalAuthority.user_id == user_id,
            ParentalAuthority.active.is_(True),
        )
    ).first()


def youth_user_id(session: Session, youth_id: int) -> int | None:
    return session.scalars(
        select(CaseParticipant.user_id).where(
            CaseParticipant.youth_id == youth_id,
            CaseParticipant.role == ParticipantRole.YOUTH,
            CaseParticipant.active.is_(True),
        )
    ).first()


def give_consent(
    session: Session,
    nomination: JimNomination,
    youth: Youth,
    actor: Actor,
    data: ConsentInput,
    *,
    at: datetime | None = None,
) -> Consent:
    """Record one consent. The young person and a parent give their own in the app; the
    professional records one given in person or on paper, naming who gave it."""
    at = at or utcnow()
    step = "consent_given"
    workflow.check(session, nomination, step, actor, at=at)
    authority: ParentalAuthority | None = None
    if actor.role == Role.YOUTH:
        if data.giver != ConsentGiver.YOUTH:
            raise _refuse("not_authority", step, nomination, actor)
    elif actor.role == Role.PARENT:
        authority = own_authority(session, youth.id, actor.user_id)
        if data.giver != ConsentGiver.PARENT or authority is None:
            raise _refuse("not_authority", step, nomination, actor)
        if data.authority_id is not None and data.authority_id != authority.id:
            raise _refuse("not_authority", step, nomination, actor)
    elif data.giver == ConsentGiver.PARENT:
        authority = _authority(session, youth.id, data.authority_id)
        if authority is None:
            raise _refuse("not_authority", step, nomination, actor)
    if actor.role in {Role.YOUTH, Role.PARENT} and data.method != ConsentMethod.APP:
        raise _refuse("not_authority", step, nomination, actor)
    if data.given_on > local_date(at) or data.given_on < local_date(nomination.nominated_at):
        raise _refuse("consent_date", step, nomination, actor)
    if not consent_rules.may_give(data.giver, youth.age_on(data.given_on)):
        raise _refuse("consent_age", step, nomination, actor)
    standing = [r for r in consent_rules.records_for(session, [nomination.id]) if r.active]
    # A standing consent of the same person is refused as a double, unless the check that the
    # pages and the API show asks for this person's consent today (turned 16: she consents again).
    missing = consent_rules.must_consent(
        workflow.consent_check(session, nomination, local_date(at), youth),
        data.giver,
        authority.id if authority else None,
    )
    if not missing and any(
        r.given_by_role == data.giver
        and (
            data.giver == ConsentGiver.YOUTH
            or r.authority_id == (authority.id if authority else None)
        )
        for r in standing
    ):
        raise _refuse("consent_exists", step, nomination, actor)
    if data.giver == ConsentGiver.YOUTH:
        given_by_user = (
            actor.user_id if actor.role == Role.YOUTH else youth_user_id(session, youth.id)
        )
        name = youth.full_name
    else:
        assert authority is not None
        given_by_user = authority.user_id
        name = authority.name
    record = Consent(
        youth_id=youth.id,
        purpose=consent_rules.PURPOSE,
        subject_type=consent_rules.SUBJECT_TYPE,
        subject_id=nomination.id,
        given_by_role=data.giver,
        given_by_user_id=given_by_user,
        authority_id=authority.id if authority else None,
        given_by_name=name,
        given_on=data.given_on,
        method=data.method,
        recorded_by_id=actor.user_id,
        recorded_at=at,
        note=(data.note or "").strip() or None,
    )
    session.add(record)
    session.flush()
    workflow.apply(
        session,
        nomination,
        step,
        actor,
        at=at,
        reason=f"{name} ({data.giver}, {data.method}, {data.given_on.isoformat()})",
    )
    return record


def withdraw_consent(
    session: Session,
    nomination: JimNomination,
    youth: Youth,
    record: Consent,
    actor: Actor,
    *,
    reason: str | None = None,
    at: datetime | None = None,
) -> str | None:
    """Withdraw one consent. When the consent is then no longer valid, the role is suspended:
    a JIM in position goes to standby, an open invitation is revoked. Returns that step."""
    at = at or utcnow()
    step = "consent_withdrawn"
    workflow.check(session, nomination, step, actor, at=at)
    if record.subject_type != consent_rules.SUBJECT_TYPE or record.subject_id != nomination.id:
        raise _refuse("not_authority", step, nomination, actor)
    if actor.role == Role.YOUTH and record.given_by_role != ConsentGiver.YOUTH:
        raise _refuse("not_authority", step, nomination, actor)
    if actor.role == Role.PARENT:
        own = own_authority(session, youth.id, actor.user_id)
        if own is None or record.authority_id != own.id:
            raise _refuse("not_authority", step, nomination, actor)
    if record.withdrawn_at is not None:
        raise _refuse("consent_withdrawn", step, nomination, actor)
    record.withdrawn_at = at
    record.withdrawn_by_id = actor.user_id
    session.flush()
    workflow.apply(
        session,
        nomination,
        step,
        actor,
        at=at,
        reason=reason or f"{record.given_by_name} ({record.given_by_role})",
    )
    if nomination.state not in {JimState.ACTIVE, JimState.INVITED}:
        return None
    if workflow.consent_check(session, nomination, local_date(at), youth).valid:
        return None
    if nomination.state == JimState.ACTIVE:
        workflow.apply(session, nomination, "suspend", actor, at=at, reason=reason)
        return "suspend"
    invitations.revoke_open(session, nomination.id, at)
    workflow.apply(session, nomination, "uninvite", actor, at=at, reason=reason)
    return "uninvite"


# --- invitation and answer -------------------------------------------------------------------


def invite(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    channel: InvitationChannel,
    email: str | None,
    *,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> Issued:
    at = at or utcnow()
    step = "reinvite" if nomination.state == JimState.INVITED else "invite"
    workflow.check(session, nomination, step, actor, at=at, expected_version=expected_version)
    address = (email or "").strip() or (nomination.member.email or "")
    if channel == InvitationChannel.EMAIL and not address:
        raise _refuse("no_email", step, nomination, actor)
    issued = invitations.issue(session, nomination, channel, address or None, actor.user_id, at)
    how = f"e-mail {address}" if channel == InvitationChannel.EMAIL else "brief met code"
    workflow.apply(session, nomination, step, actor, at=at, reason=how)
    return issued


def _close_to_youth(session: Session, youth_id: int, user_id: int) -> bool:
    """The young person, a parent, or someone on the care team cannot be the JIM."""
    participant = exists().where(
        CaseParticipant.youth_id == youth_id,
        CaseParticipant.user_id == user_id,
        CaseParticipant.active.is_(True),
        CaseParticipant.role.in_([ParticipantRole.YOUTH, ParticipantRole.PARENT]),
    )
    team = exists().where(CareTeamMember.youth_id == youth_id, CareTeamMember.user_id == user_id)
    authority = exists().where(
        ParentalAuthority.youth_id == youth_id,
        ParentalAuthority.user_id == user_id,
        ParentalAuthority.active.is_(True),
    )
    return bool(session.scalar(select(or_(participant, team, authority))))


def usable_invitation(
    session: Session, secret: str, at: datetime | None = None
) -> JimInvitation | None:
    invitation = invitations.find(session, secret)
    if invitation is None or not invitation.usable(at or utcnow()):
        return None
    return invitation


def refuse_unusable(
    session: Session, secret: str, step: str, actor: Actor | None = None
) -> JimError:
    """Log an attempt with an unknown, used, revoked or expired invitation."""
    actor = actor or Actor(Role.CANDIDATE, None, "")
    invitation = invitations.find(session, secret)
    workflow.log_step(
        step,
        "jim_invitation",
        invitation.id if invitation else None,
        invitation.youth_id if invitation else None,
        actor,
        False,
    )
    return JimError("invitation_unusable")


def precheck_accept(session: Session, secret: str, at: datetime | None = None) -> JimNomination:
    """Would accepting this invitation work now? Checked before an account is made for it, so
    that a refusal leaves no half-made account behind (logged like a refused step)."""
    at = at or utcnow()
    actor = Actor(Role.CANDIDATE, None, "")
    invitation = usable_invitation(session, secret, at)
    if invitation is None:
        raise refuse_unusable(session, secret, "accept", actor)
    nomination = session.get(JimNomination, invitation.nomination_id)
    assert nomination is not None
    workflow.check(session, nomination, "accept", actor, at=at)
    return nomination


def accept(
    session: Session, secret: str, user: User, *, at: datetime | None = None
) -> JimNomination:
    """The invited person accepts: they become the JIM and get their place beside the youth."""
    at = at or utcnow()
    actor = Actor(Role.CANDIDATE, user.id, user.name)
    invitation = usable_invitation(session, secret, at)
    if invitation is None:
        raise refuse_unusable(session, secret, "accept", actor)
    nomination = session.get(JimNomination, invitation.nomination_id)
    assert nomination is not None
    if _close_to_youth(session, nomination.youth_id, user.id):
        raise _refuse("invitee_is_close", "accept", nomination, actor)
    if user.is_staff:
        # A JIM is someone from the young person's own life, never a professional: the one rule
        # for the page and the API alike (anyone with an active staff role, in any organisation).
        raise _refuse("invitee_is_staff", "accept", nomination, actor)
    workflow.apply(session, nomination, "accept", actor, at=at)
    participant = link_participant(session, user, nomination.youth_id, ParticipantRole.JIM)
    participant.since = at
    nomination.jim_user_id = user.id
    nomination.participant_id = participant.id
    invitations.use(invitation, user.id, "accepted", at)
    session.flush()
    return nomination


def decline(
    session: Session,
    secret: str,
    user: User | None,
    reason: str | None,
    *,
    at: datetime | None = None,
) -> JimNomination:
    at = at or utcnow()
    invitation = usable_invitation(session, secret, at)
    actor = Actor(Role.CANDIDATE, user.id if user else None, user.name if user else "")
    if invitation is None:
        raise refuse_unusable(session, secret, "decline", actor)
    nomination = session.get(JimNomination, invitation.nomination_id)
    assert nomination is not None
    if user is None:
        actor = Actor(Role.CANDIDATE, None, nomination.member.display_name)
    workflow.apply(session, nomination, "decline", actor, at=at, reason=reason)
    invitations.use(invitation, actor.user_id, "declined", at)
    session.flush()
    return nomination


# --- in position -----------------------------------------------------------------------------


def pause(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    _own_nomination_as_jim(nomination, actor, "pause")
    workflow.apply(
        session, nomination, "pause", actor, reason=reason, at=at, expected_version=expected_version
    )


def resume(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    _own_nomination_as_jim(nomination, actor, "resume")
    workflow.apply(
        session,
        nomination,
        "resume",
        actor,
        reason=reason,
        at=at,
        expected_version=expected_version,
    )


def end(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    end_reason: EndReason | str,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    """End the role; the JIM's access stops at once (their place beside the youth ends)."""
    at = at or utcnow()
    _own_nomination_as_jim(nomination, actor, "end")
    workflow.check(session, nomination, "end", actor, at=at, expected_version=expected_version)
    if end_reason not in set(EndReason):
        raise _refuse("end_reason", "end", nomination, actor)
    nomination.end_reason = EndReason(end_reason)
    workflow.apply(session, nomination, "end", actor, reason=reason, at=at)
    if nomination.participant_id is not None:
        participant = session.get(CaseParticipant, nomination.participant_id)
        if participant is not None:
            participant.active = False
            participant.until = at
    session.flush()


def withdraw(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    *,
    reason: str | None = None,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    at = at or utcnow()
    workflow.apply(
        session,
        nomination,
        "withdraw",
        actor,
        reason=reason,
        at=at,
        expected_version=expected_version,
    )
    invitations.revoke_open(session, nomination.id, at)
    session.flush()


@dataclass(frozen=True)
class PositioningInput:
    held_on: date
    attendees: str
    jim_tasks: str
    contact_agreement: str
    check_in_every_weeks: int
    jim_may_see: str | None = None


def record_positioning(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    data: PositioningInput,
    *,
    at: datetime | None = None,
) -> JimPositioning:
    at = at or utcnow()
    workflow.check(session, nomination, "positioning", actor, at=at)
    if data.held_on > local_date(at):
        raise _refuse("positioning_date", "positioning", nomination, actor)
    meeting = JimPositioning(
        nomination_id=nomination.id,
        youth_id=nomination.youth_id,
        held_on=data.held_on,
        attendees=data.attendees.strip(),
        jim_tasks=data.jim_tasks.strip(),
        jim_may_see=(data.jim_may_see or "").strip() or None,
        contact_agreement=data.contact_agreement.strip(),
        check_in_every_weeks=data.check_in_every_weeks,
        recorded_by_id=actor.user_id,
        recorded_at=at,
    )
    session.add(meeting)
    session.flush()
    workflow.apply(session, nomination, "positioning", actor, at=at, reason=data.jim_tasks)
    return meeting


def check_in(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    how: HowItGoes | str,
    note: str | None,
    *,
    at: datetime | None = None,
) -> JimCheckIn:
    at = at or utcnow()
    _own_nomination_as_jim(nomination, actor, "check_in")
    workflow.check(session, nomination, "check_in", actor, at=at)
    by = {Role.YOUTH: CheckInBy.YOUTH, Role.JIM: CheckInBy.JIM}.get(
        actor.role, CheckInBy.PROFESSIONAL
    )
    row = JimCheckIn(
        nomination_id=nomination.id,
        youth_id=nomination.youth_id,
        by_role=by,
        by_user_id=actor.user_id,
        how=HowItGoes(how),
        note=(note or "").strip() or None,
        created_at=at,
    )
    session.add(row)
    session.flush()
    workflow.log_step("check_in", "jim_check_in", row.id, nomination.youth_id, actor, True)
    return row


def update_sharing(
    session: Session,
    nomination: JimNomination,
    actor: Actor,
    *,
    network: bool,
    big5: bool,
    case_notes: bool,
    at: datetime | None = None,
    expected_version: int | None = None,
) -> None:
    at = at or utcnow()
    workflow.check(
        session, nomination, "share_changed", actor, at=at, expected_version=expected_version
    )
    nomination.share_network, nomination.share_big5 = network, big5
    nomination.share_case_notes = case_notes
    flags = ", ".join(
        f"{name}: {'ja' if on else 'nee'}"
        for name, on in (("netwerk", network), ("plan", big5), ("notities", case_notes))
    )
    workflow.apply(session, nomination, "share_changed", actor, at=at, reason=flags)


def actor_for_relation(relation: str | None, user: User) -> Actor | None:
    """The workflow's role for the relation the door granted (None: no part in the JIM)."""
    roles = {
        "professional": Role.PROFESSIONAL,
        "coach": Role.COACH,
        "youth": Role.YOUTH,
        "parent": Role.PARENT,
        "jim": Role.JIM,
    }
    role = roles.get(str(relation)) if relation else None
    return Actor(role, user.id, user.name) if role else None
