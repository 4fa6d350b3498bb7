"""Staff administration within an organisation: invitations, roles, deactivation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jimnet.accounts import services as accounts
from jimnet.accounts.models import Membership, TokenPurpose, User
from jimnet.accounts.roles import StaffRole
from jimnet.organisations.models import Organisation


@dataclass
class StaffRow:
    user: User
    roles: list[StaffRole]
    active: bool


def managed_organisations(session: Session, admin: User) -> list[Organisation]:
    ids = admin.organisations_with(StaffRole.ORG_ADMIN)
    if not ids:
        return []
    return list(
        session.scalars(
            select(Organisation).where(Organisation.id.in_(ids)).order_by(Organisation.name)
        )
    )


def staff_of(session: Session, organisation_id: int) -> list[StaffRow]:
    memberships = session.scalars(
        select(Membership)
        .where(Membership.organisation_id == organisation_id)
        .options(selectinload(Membership.user))
        .order_by(Membership.user_id)
    ).all()
    rows: dict[int, StaffRow] = {}
    for m in memberships:
        row = rows.setdefault(m.user_id, StaffRow(m.user, [], False))
        if m.active:
            row.roles.append(StaffRole(m.role))
            row.active = row.active or m.user.active
    return sorted(rows.values(), key=lambda r: r.user.name.lower())


def invite_staff(
    session: Session, admin: User, organisation_id: int, email: str, role: StaffRole, hours: int
) -> accounts.IssuedToken:
    return accounts.issue_token(
        session,
        TokenPurpose.INVITE,
        email,
        hours,
        organisation_id=organisation_id,
        role=role,
        created_by=admin,
    )


def set_roles(session: Session, user: User, organisation_id: int, roles: set[StaffRole]) -> None:
    existing = {
        StaffRole(m.role): m
        for m in session.scalars(
            select(Membership).where(
                Membership.user_id == user.id, Membership.organisation_id == organisation_id
            )
        )
    }
    for role, membership in existing.items():
        membership.active = role in roles
    for role in roles - existing.keys():
        session.add(Membership(user_id=user.id, organisation_id=organisation_id, role=role))
    session.flush()
    session.refresh(user, ["memberships"])


def deactivate(session: Session, user: User, organisation_id: int) -> None:
    """End the person's roles in this organisation; with no role left anywhere, the account."""
    set_roles(session, user, organisation_id, set())
    if not any(m.active for m in user.memberships):
        user.active = False
    user.rotate_session_token()


def reactivate(session: Session, user: User) -> None:
    user.active = True
