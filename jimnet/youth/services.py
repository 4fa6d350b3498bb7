"""Young people: the record, the care team, and invitations for the youth and parents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jimnet.accounts import services as accounts
from jimnet.accounts.models import Membership, TokenPurpose, User
from jimnet.accounts.roles import CareTeamRole, ParticipantRole, StaffRole
from jimnet.organisations.models import Organisation
from jimnet.youth.models import CareTeamMember, CaseParticipant, ParentalAuthority, Youth


class YouthError(Exception):
    """A rule was broken; ``code`` says which, for the view to word it."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class ParentInput:
    name: str
    email: str | None


def create_youth(
    session: Session,
    creator: User,
    organisation_id: int,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    postcode: str | None,
    parents: list[ParentInput],
    today: date,
) -> Youth:
    if organisation_id not in creator.organisations_with(StaffRole.PROFESSIONAL, StaffRole.INTAKE):
        raise YouthError("organisation")
    if date_of_birth > today:
        raise YouthError("future_birth")
    youth = Youth(
        organisation_id=organisation_id,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
        postcode=normalise_postcode(postcode),
        care_started_on=today,
    )
    session.add(youth)
    session.flush()
    if StaffRole.PROFESSIONAL in creator.staff_roles:
        session.add(
            CareTeamMember(
                youth_id=youth.id,
                user_id=creator.id,
                role=CareTeamRole.PROFESSIONAL,
                is_lead=True,
                added_by_id=creator.id,
                organisation_id=organisation_id,
            )
        )
    for parent in parents:
        if parent.name.strip():
            session.add(
                ParentalAuthority(
                    youth_id=youth.id,
                    name=parent.name.strip(),
                    email=accounts.normalise_email(parent.email) if parent.email else None,
                )
            )
    session.flush()
    return youth


def normalise_postcode(value: str | None) -> str | None:
    if not value:
        return None
    compact = value.replace(" ", "").upper()
    return f"{compact[:4]} {compact[4:]}" if len(compact) == 6 else compact


def update_youth(
    youth: Youth,
    first_name: str,
    last_name: str,
    date_of_birth: date,
    postcode: str | None,
    reporting_every_weeks: int | None,
    today: date,
) -> None:
    if date_of_birth > today:
        raise YouthError("future_birth")
    youth.first_name = first_name.strip()
    youth.last_name = last_name.strip()
    youth.date_of_birth = date_of_birth
    youth.postcode = normalise_postcode(postcode)
    youth.reporting_every_weeks = reporting_every_weeks


def care_team(session: Session, youth: Youth) -> list[CareTeamMember]:
    return list(
        session.scalars(
            select(CareTeamMember)
            .where(CareTeamMember.youth_id == youth.id)
            .order_by(CareTeamMember.is_lead.desc(), CareTeamMember.added_at)
        )
    )


def participants(session: Session, youth: Youth) -> list[CaseParticipant]:
    return list(
        session.scalars(
            select(CaseParticipant)
            .where(CaseParticipant.youth_id == youth.id, CaseParticipant.active.is_(True))
            .order_by(CaseParticipant.role, CaseParticipant.since)
        )
    )


def authorities(session: Session, youth: Youth) -> list[ParentalAuthority]:
    return list(
        session.scalars(
            select(ParentalAuthority)
            .where(ParentalAuthority.youth_id == youth.id, ParentalAuthority.active.is_(True))
            .order_by(ParentalAuthority.id)
        )
    )


def add_authority(session: Session, youth: Youth, parent: ParentInput) -> ParentalAuthority:
    """Record a person with parental authority (gezag) over the young person."""
    if not parent.name.strip():
        raise YouthError("authority_name")
    authority = ParentalAuthority(
        youth_id=youth.id,
        name=parent.name.strip(),
        email=accounts.normalise_email(parent.email) if parent.email else None,
    )
    session.add(authority)
    session.flush()
    return authority


def colleague_organisations(session: Session, youth: Youth) -> list[int]:
    """Organisations whose staff may join this youth's team: the consortium's members."""
    organisation = youth.organisation
    if organisation.consortium_id is None:
        return [organisation.id]
    return list(
        session.scalars(
            select(Organisation.id).where(Organisation.consortium_id == organisation.consortium_id)
        )
    )


def add_team_member(
    session: Session, youth: Youth, email: str, role: CareTeamRole, added_by: User
) -> CareTeamMember:
    user = accounts.find_user(session, email)
    if user is None or not user.active:
        raise YouthError("unknown_colleague")
    wanted = StaffRole.COACH if role == CareTeamRole.COACH else StaffRole.PROFESSIONAL
    allowed_orgs = colleague_organisations(session, youth)
    # The organisation through which the row grants access: the youth's own when the colleague
    # works there, otherwise the consortium partner where they hold the role.
    qualifies = session.scalars(
        select(Membership.organisation_id)
        .where(
            Membership.user_id == user.id,
            Membership.active.is_(True),
            Membership.role == wanted,
            Membership.organisation_id.in_(allowed_orgs),
        )
        .order_by((Membership.organisation_id == youth.organisation_id).desc(), Membership.id)
    ).first()
    if qualifies is None:
        raise YouthError("not_qualified")
    existing = session.scalars(
        select(CareTeamMember).where(
            CareTeamMember.youth_id == youth.id, CareTeamMember.user_id == user.id
        )
    ).first()
    if existing is not None:
        raise YouthError("already_on_team")
    member = CareTeamMember(
        youth_id=youth.id,
        user_id=user.id,
        role=role,
        added_by_id=added_by.id,
        organisation_id=qualifies,
    )
    session.add(member)
    session.flush()
    return member


def remove_team_member(session: Session, youth: Youth, member_id: int) -> CareTeamMember:
    member = session.get(CareTeamMember, member_id)
    if member is None or member.youth_id != youth.id:
        raise YouthError("not_found")
    others = session.scalar(
        select(func.count())
        .select_from(CareTeamMember)
        .where(
            CareTeamMember.youth_id == youth.id,
            CareTeamMember.id != member.id,
            CareTeamMember.role == CareTeamRole.PROFESSIONAL,
        )
    )
    if member.role == CareTeamRole.PROFESSIONAL and not others:
        raise YouthError("last_professional")
    session.delete(member)
    session.flush()
    return member


def invite_participant(
    session: Session,
    youth: Youth,
    role: ParticipantRole,
    email: str,
    hours: int,
    invited_by: User,
) -> accounts.IssuedToken:
    if role == ParticipantRole.JIM:
        raise YouthError("jim_by_workflow")
    return accounts.issue_token(
        session,
        TokenPurpose.INVITE,
        email,
        hours,
        youth_id=youth.id,
        role=role,
        created_by=invited_by,
    )


def youth_account(session: Session, youth: Youth) -> CaseParticipant | None:
    return session.scalars(
        select(CaseParticipant).where(
            CaseParticipant.youth_id == youth.id,
            CaseParticipant.role == ParticipantRole.YOUTH,
            CaseParticipant.active.is_(True),
        )
    ).first()
