"""Accounts: people who log in, their second factor, API tokens and single-use links."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jimnet.accounts.roles import StaffRole
from jimnet.db import TimestampMixin, enum_check, enum_type, utcnow
from jimnet.extensions import db

if TYPE_CHECKING:
    from jimnet.organisations.models import Organisation


def _new_session_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last accepted TOTP time step: a code is accepted once, never replayed.
    totp_last_step: Mapped[int | None]
    # Part of the login identity: changing it ends every session of this user at once.
    session_token: Mapped[str] = mapped_column(String(32), default=_new_session_token)
    last_login_at: Mapped[datetime | None]

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    # Flask-Login: inactive users cannot log in, and the id carries the session token.
    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def rotate_session_token(self) -> None:
        self.session_token = _new_session_token()

    @property
    def staff_roles(self) -> set[StaffRole]:
        return {StaffRole(m.role) for m in self.memberships if m.active}

    @property
    def is_staff(self) -> bool:
        return bool(self.staff_roles)

    def organisations_with(self, *roles: StaffRole) -> set[int]:
        return {m.organisation_id for m in self.memberships if m.active and m.role in roles}

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class Membership(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A staff role in one organisation."""

    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("user_id", "organisation_id", "role", name="uq_membership_user_org_role"),
        enum_check(StaffRole, "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    role: Mapped[str] = mapped_column(enum_type(StaffRole))
    active: Mapped[bool] = mapped_column(default=True)

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class ApiToken(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A personal API token. Only its SHA-256 is stored; the token is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(lazy="joined")


class TokenPurpose(enum.StrEnum):
    RESET = "reset"
    INVITE = "invite"


class OneTimeToken(db.Model):  # type: ignore[name-defined,misc]
    """A single-use, expiring link (password reset, invitation). Only the hash is stored."""

    __tablename__ = "one_time_token"
    __table_args__ = (enum_check(TokenPurpose, "purpose"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(enum_type(TokenPurpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    # What accepting an invitation grants: a staff role in an organisation, or a place beside
    # one young person (youth, parent). JIM invitations are handled by the JIM workflow.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    role: Mapped[str | None] = mapped_column(String(20))
    youth_id: Mapped[int | None] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    def usable(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.used_at is None and self.expires_at > now


Index("ix_one_time_token_email_purpose", OneTimeToken.email, OneTimeToken.purpose)
