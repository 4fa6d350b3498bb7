"""The young person, their care team, the people beside them, parental authority and consent."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jimnet.accounts.roles import CareTeamRole, ParticipantRole
from jimnet.db import TimestampMixin, enum_check, enum_type, utcnow
from jimnet.extensions import db

if TYPE_CHECKING:
    from jimnet.accounts.models import User
    from jimnet.organisations.models import Organisation


class YouthStatus(enum.StrEnum):
    INTAKE = "intake"
    ACTIVE = "active"
    AFTERCARE = "aftercare"
    CLOSED = "closed"


class Youth(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "youth"
    __table_args__ = (enum_check(YouthStatus, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date]
    postcode: Mapped[str | None] = mapped_column(String(7))
    status: Mapped[str] = mapped_column(enum_type(YouthStatus), default=YouthStatus.ACTIVE)
    care_started_on: Mapped[date | None]
    # How often the professional wants a report from this family, in weeks (set per family).
    reporting_every_weeks: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    organisation: Mapped[Organisation] = relationship(lazy="joined")
    care_team: Mapped[list[CareTeamMember]] = relationship(
        back_populates="youth", lazy="raise", cascade="all, delete-orphan"
    )
    participants: Mapped[list[CaseParticipant]] = relationship(
        back_populates="youth", lazy="raise", cascade="all, delete-orphan"
    )
    authorities: Mapped[list[ParentalAuthority]] = relationship(
        back_populates="youth", lazy="raise", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


class CareTeamMember(db.Model):  # type: ignore[name-defined,misc]
    """A staff member on one young person's care team: what grants them access."""

    __tablename__ = "care_team_member"
    __table_args__ = (
        UniqueConstraint("youth_id", "user_id", name="uq_care_team_member_youth_user"),
        enum_check(CareTeamRole, "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(enum_type(CareTeamRole))
    is_lead: Mapped[bool] = mapped_column(default=False)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # The organisation through which the row grants access: empty for the young person's own,
    # a consortium partner's id for a colleague of that partner. The row counts only while its
    # holder has an active care role there (jimnet.access.policy.team_counts).
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))

    youth: Mapped[Youth] = relationship(back_populates="care_team")
    user: Mapped[User] = relationship(foreign_keys=[user_id], lazy="joined")


class CaseParticipant(db.Model):  # type: ignore[name-defined,misc]
    """An account that belongs beside one young person: the youth themself, a parent, a JIM."""

    __tablename__ = "case_participant"
    __table_args__ = (
        UniqueConstraint("youth_id", "user_id", "role", name="uq_case_participant_youth_user_role"),
        enum_check(ParticipantRole, "role"),
        # One account per young person for the young person themself.
        Index(
            "uq_case_participant_one_youth_account",
            "youth_id",
            unique=True,
            sqlite_where=text("role = 'youth' AND active"),
            postgresql_where=text("role = 'youth' AND active"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    role: Mapped[str] = mapped_column(enum_type(ParticipantRole))
    active: Mapped[bool] = mapped_column(default=True)
    since: Mapped[datetime] = mapped_column(default=utcnow)
    until: Mapped[datetime | None]

    youth: Mapped[Youth] = relationship(back_populates="participants")
    user: Mapped[User] = relationship(lazy="joined")


class ParentalAuthority(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """Gezag: a person who holds parental authority over a young person under 18."""

    __tablename__ = "parental_authority"

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    relation: Mapped[str | None] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(default=True)

    youth: Mapped[Youth] = relationship(back_populates="authorities")
    user: Mapped[User | None] = relationship(lazy="joined")


class ConsentGiver(enum.StrEnum):
    YOUTH = "youth"
    PARENT = "parent"


class ConsentMethod(enum.StrEnum):
    IN_PERSON = "in_person"
    PAPER = "paper"
    APP = "app"


class Consent(db.Model):  # type: ignore[name-defined,misc]
    """A consent is a record, never a boolean: who gave it, for what, when, how, and withdrawal."""

    __tablename__ = "consent"
    __table_args__ = (
        enum_check(ConsentGiver, "given_by_role"),
        enum_check(ConsentMethod, "method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(50))
    # What the consent is about, e.g. ("jim_nomination", 12).
    subject_type: Mapped[str | None] = mapped_column(String(50))
    subject_id: Mapped[int | None]
    given_by_role: Mapped[str] = mapped_column(enum_type(ConsentGiver))
    given_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    authority_id: Mapped[int | None] = mapped_column(ForeignKey("parental_authority.id"))
    given_by_name: Mapped[str] = mapped_column(String(200))
    given_on: Mapped[date]
    method: Mapped[str] = mapped_column(enum_type(ConsentMethod))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


Index("ix_consent_subject", Consent.subject_type, Consent.subject_id)


class ParentShare(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """What a young person shares with one parent's account, beyond what the law gives the
    parent (see ``jimnet.access.parents``). One row per parent, changed with its version; the
    date of the choice matters: from 18, only a choice made as an adult counts."""

    __tablename__ = "parent_share"
    __table_args__ = (UniqueConstraint("youth_id", "user_id", name="uq_parent_share_youth_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    # The parent's account.
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    share_jim: Mapped[bool] = mapped_column(default=False)
    share_network: Mapped[bool] = mapped_column(default=False)
    share_big5: Mapped[bool] = mapped_column(default=False)
    share_log: Mapped[bool] = mapped_column(default=False)
    # Professionals' notes on network members and the members' phone numbers and e-mail.
    share_details: Mapped[bool] = mapped_column(default=False)
    # The young person's own (Amsterdam) date of the last choice.
    decided_on: Mapped[date]
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}
