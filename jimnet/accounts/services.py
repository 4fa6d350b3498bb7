"""Account rules: authentication, single-use links, password changes, API tokens.

Plain functions on a SQLAlchemy session: they flush, the request's unit of work commits.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value

from jimnet.accounts.auth import token_hash
from jimnet.accounts.models import ApiToken, Membership, OneTimeToken, TokenPurpose, User
from jimnet.accounts.passwords import hash_password, needs_rehash, verify_password
from jimnet.accounts.roles import ParticipantRole, StaffRole
from jimnet.db import utcnow
from jimnet.youth.models import CaseParticipant, ParentalAuthority


class AccountError(Exception):
    """A rule was broken; the message is safe to show."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == normalise_email(email))).first()


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user(session, email)
    if not verify_password(user.password_hash if user else None, password):
        return None
    assert user is not None
    if not user.active:
        return None
    if user.password_hash and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def claim_totp_step(session: Session, user: User, step: int, *, secret: str | None = None) -> bool:
    """Record ``step`` as the user's last accepted TOTP step, unless it was already used.

    One conditional UPDATE, whose row count decides: of two logins racing with the same code,
    the database lets exactly one through (the second waits for the first's row lock and then
    finds the step taken). A read, a check in Python and a write would let both through.
    With ``secret``, the step enrols that secret, once: only while the user has none.
    """
    condition = (
        User.totp_secret.is_(None)
        if secret is not None
        else or_(User.totp_last_step.is_(None), User.totp_last_step < step)
    )
    values: dict[str, object] = {"totp_last_step": step}
    if secret is not None:
        values["totp_secret"] = secret
    result = session.execute(
        update(User)
        .where(User.id == user.id, condition)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    for key, value in values.items():
        set_committed_value(user, key, value)
    return True


def set_password(user: User, password: str) -> None:
    """Set a new password and end every session and every API token the user has, everywhere.

    A token is a standing login: whoever changes a password because it leaked must not leave a
    token made with it working.
    """
    user.password_hash = hash_password(password)
    user.rotate_session_token()
    session = object_session(user)
    if session is not None and user.id is not None:
        session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=utcnow())
            .execution_options(synchronize_session="fetch")
        )


# --- single-use links ---------------------------------------------------------------------


@dataclass(frozen=True)
class IssuedToken:
    token: str
    record: OneTimeToken


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def issue_token(
    session: Session,
    purpose: TokenPurpose,
    email: str,
    hours: int,
    *,
    raw: str | None = None,
    user: User | None = None,
    organisation_id: int | None = None,
    role: str | None = None,
    youth_id: int | None = None,
    created_by: User | None = None,
) -> IssuedToken:
    raw = raw or new_link_token()
    record = OneTimeToken(
        purpose=purpose,
        token_hash=token_hash(raw),
        email=normalise_email(email),
        user_id=user.id if user else None,
        organisation_id=organisation_id,
        role=role,
        youth_id=youth_id,
        created_by_id=created_by.id if created_by else None,
        expires_at=utcnow() + timedelta(hours=hours),
    )
    session.add(record)
    session.flush()
    return IssuedToken(raw, record)


def find_token(session: Session, purpose: TokenPurpose, raw: str) -> OneTimeToken | None:
    """The token record if it exists, is of this purpose, unused and unexpired."""
    record = session.scalars(
        select(OneTimeToken).where(OneTimeToken.token_hash == token_hash(raw))
    ).first()
    if record is None or record.purpose != purpose or not record.usable():
        return None
    return record


def consume(record: OneTimeToken) -> None:
    record.used_at = utcnow()


def reset_password(session: Session, raw: str, password: str) -> User:
    record = find_token(session, TokenPurpose.RESET, raw)
    if record is None or record.user_id is None:
        raise AccountError("expired")
    user = session.get(User, record.user_id)
    if user is None or not user.active:
        raise AccountError("expired")
    consume(record)
    set_password(user, password)
    # Every other reset link for this account dies with this one.
    for other in session.scalars(
        select(OneTimeToken).where(
            OneTimeToken.user_id == user.id,
            OneTimeToken.purpose == TokenPurpose.RESET,
            OneTimeToken.used_at.is_(None),
        )
    ):
        consume(other)
    session.flush()
    return user


# What other domains grant on accepting an invitation of their own kind (``OneTimeToken.role``),
# e.g. the volunteer-mentor pool links the new account to the volunteer's record.
AcceptHook = Callable[[Session, User, OneTimeToken], None]
ACCEPT_HOOKS: dict[str, AcceptHook] = {}


def accept_invitation(session: Session, raw: str, name: str, password: str) -> User:
    """Create (or extend) the invited person's account and grant what the invitation carries."""
    record = find_token(session, TokenPurpose.INVITE, raw)
    if record is None:
        raise AccountError("expired")
    user = find_user(session, record.email)
    if user is None:
        user = User(email=record.email, name=name.strip())
        session.add(user)
        set_password(user, password)
        session.flush()
    elif not verify_password(user.password_hash, password):
        # An existing account is only extended by its owner.
        raise AccountError("existing_account")
    if record.organisation_id is not None and record.role in set(StaffRole):
        grant_membership(session, user, record.organisation_id, StaffRole(record.role))
    elif record.youth_id is not None and record.role in set(ParticipantRole):
        link_participant(session, user, record.youth_id, ParticipantRole(record.role))
    elif record.role in ACCEPT_HOOKS:
        ACCEPT_HOOKS[record.role](session, user, record)
    consume(record)
    session.flush()
    return user


def grant_membership(
    session: Session, user: User, organisation_id: int, role: StaffRole
) -> Membership:
    existing = session.scalars(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.organisation_id == organisation_id,
            Membership.role == role,
        )
    ).first()
    if existing is not None:
        existing.active = True
        return existing
    membership = Membership(user_id=user.id, organisation_id=organisation_id, role=role)
    session.add(membership)
    session.flush()
    session.refresh(user, ["memberships"])
    return membership


def link_participant(
    session: Session, user: User, youth_id: int, role: ParticipantRole
) -> CaseParticipant:
    existing = session.scalars(
        select(CaseParticipant).where(
            CaseParticipant.youth_id == youth_id,
            CaseParticipant.user_id == user.id,
            CaseParticipant.role == role,
        )
    ).first()
    if existing is not None:
        existing.active, existing.until = True, None
        return existing
    participant = CaseParticipant(youth_id=youth_id, user_id=user.id, role=role)
    session.add(participant)
    if role == ParticipantRole.PARENT:
        # The parent's account is linked to their authority record, matched by e-mail.
        authority = session.scalars(
            select(ParentalAuthority).where(
                ParentalAuthority.youth_id == youth_id,
                func.lower(ParentalAuthority.email) == user.email,
            )
        ).first()
        if authority is not None:
            authority.user_id = user.id
    session.flush()
    return participant


# --- API tokens ----------------------------------------------------------------------------


def create_api_token(session: Session, user: User, name: str) -> tuple[str, ApiToken]:
    raw = "jim_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id, name=name.strip() or "token", token_hash=token_hash(raw), prefix=raw[:10]
    )
    session.add(token)
    session.flush()
    return raw, token


def revoke_api_token(session: Session, user: User, token_id: int) -> ApiToken | None:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        return None
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
        )
    )
