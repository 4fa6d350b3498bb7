"""BIG5 toward 18: domain sets (data), assessments per perspective, actions, readiness rows.

Domain sets are data, not code: the JSON files in ``jimnet/big5/data/`` are loaded into
``big5_domain_set`` / ``big5_domain`` / ``big5_level_descriptor`` (see ``domains.py``), and a
consortium picks one in ``big5_consortium_setting``. Scores and actions refer to a domain by its
``key`` (``work``, ``income``, ...), so that a score keeps its meaning when texts are reworded.

``big5_readiness`` and ``big5_readiness_domain`` are *computed* rows (``readiness.refresh``), kept
up to date in the same transaction as every change to assessments and actions, so that the
organisation-wide dashboard pages through thousands of young people with a few indexed queries.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jimnet.db import TimestampMixin, enum_check, enum_type, utcnow
from jimnet.extensions import db


class Perspective(enum.StrEnum):
    YOUTH = "youth"
    PROFESSIONAL = "professional"
    JIM = "jim"


class ActionOwner(enum.StrEnum):
    YOUTH = "youth"
    PARENT = "parent"
    JIM = "jim"
    PROFESSIONAL = "professional"
    OTHER = "other"


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


def _level_check(column: str, nullable: bool = True) -> CheckConstraint:
    condition = f"{column} BETWEEN 1 AND 5"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=f"{column}_range")


class Big5DomainSet(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A named, versioned set of domains (the default BIG5, the NJi/VNG variant, a region's own)."""

    __tablename__ = "big5_domain_set"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(50), unique=True)
    version: Mapped[int] = mapped_column(default=1)
    name_nl: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    builtin: Mapped[bool] = mapped_column(default=False)

    domains: Mapped[list[Big5Domain]] = relationship(
        back_populates="domain_set",
        lazy="raise",
        order_by="Big5Domain.position",
        cascade="all, delete-orphan",
    )


class Big5Domain(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "big5_domain"
    __table_args__ = (UniqueConstraint("set_id", "key", name="uq_big5_domain_set_id_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_id: Mapped[int] = mapped_column(
        ForeignKey("big5_domain_set.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int]
    name_nl: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    # [{"nl": ..., "en": ...}, ...]
    sub_items: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    # Which network-map support domains (jimnet.network SupportDomain values) cover this domain.
    network_domains: Mapped[list[str]] = mapped_column(JSON, default=list)
    # "network": the level is proposed from the network map (the support domain).
    evidence: Mapped[str | None] = mapped_column(String(20))

    domain_set: Mapped[Big5DomainSet] = relationship(back_populates="domains")
    levels: Mapped[list[Big5LevelDescriptor]] = relationship(
        back_populates="domain",
        lazy="raise",
        order_by="Big5LevelDescriptor.level",
        cascade="all, delete-orphan",
    )


class Big5LevelDescriptor(db.Model):  # type: ignore[name-defined,misc]
    """What one level (1–5) of one domain looks like, in plain words."""

    __tablename__ = "big5_level_descriptor"
    __table_args__ = (
        UniqueConstraint("domain_id", "level", name="uq_big5_level_descriptor_domain_level"),
        _level_check("level", nullable=False),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    domain_id: Mapped[int] = mapped_column(
        ForeignKey("big5_domain.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int]
    text_nl: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)

    domain: Mapped[Big5Domain] = relationship(back_populates="levels")


class Big5ConsortiumSetting(db.Model):  # type: ignore[name-defined,misc]
    """The domain set a consortium chose. No row: the default set."""

    __tablename__ = "big5_consortium_setting"

    consortium_id: Mapped[int] = mapped_column(
        ForeignKey("consortium.id", ondelete="CASCADE"), primary_key=True
    )
    domain_set_id: Mapped[int] = mapped_column(ForeignKey("big5_domain_set.id"), index=True)
    chosen_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Big5Assessment(db.Model):  # type: ignore[name-defined,misc]
    """One dated scoring of the domains from one perspective. Never changed: history is kept."""

    __tablename__ = "big5_assessment"
    __table_args__ = (
        enum_check(Perspective, "perspective"),
        Index("ix_big5_assessment_youth_date", "youth_id", "assessed_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"))
    perspective: Mapped[str] = mapped_column(enum_type(Perspective))
    assessed_on: Mapped[date]
    domain_set_id: Mapped[int] = mapped_column(ForeignKey("big5_domain_set.id"), index=True)
    domain_set_version: Mapped[int] = mapped_column(default=1)
    assessor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    # Kept as written at the time, so that the history still reads after an account is gone.
    assessor_name: Mapped[str] = mapped_column(String(200))
    assessor_role: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    scores: Mapped[list[Big5Score]] = relationship(
        back_populates="assessment",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="Big5Score.id",
    )


class Big5Score(db.Model):  # type: ignore[name-defined,misc]
    """The level of one domain in one assessment; ``level`` NULL means "I don't know"."""

    __tablename__ = "big5_score"
    __table_args__ = (
        UniqueConstraint("assessment_id", "domain_key", name="uq_big5_score_assessment_domain"),
        _level_check("level"),
        _level_check("proposed_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("big5_assessment.id", ondelete="CASCADE"), index=True
    )
    domain_key: Mapped[str] = mapped_column(String(40))
    level: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(Text)
    # The support domain: the level the network map proposed, why, and why the assessor chose
    # another level (kept with the score).
    proposed_level: Mapped[int | None]
    proposal_reason: Mapped[str | None] = mapped_column(Text)
    overrule_reason: Mapped[str | None] = mapped_column(Text)

    assessment: Mapped[Big5Assessment] = relationship(back_populates="scores")


class Big5Action(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """An agreed step in one domain: what, who, when, and how far it is."""

    __tablename__ = "big5_action"
    __table_args__ = (
        enum_check(ActionOwner, "owner_kind"),
        enum_check(ActionStatus, "status"),
        Index("ix_big5_action_youth_status", "youth_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"))
    domain_key: Mapped[str] = mapped_column(String(40))
    what: Mapped[str] = mapped_column(String(300))
    owner_kind: Mapped[str] = mapped_column(enum_type(ActionOwner))
    # A name for "other" (required) or to say which parent or professional (optional).
    owner_name: Mapped[str | None] = mapped_column(String(200))
    due_on: Mapped[date]
    status: Mapped[str] = mapped_column(enum_type(ActionStatus), default=ActionStatus.OPEN)
    done_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class Big5Readiness(db.Model):  # type: ignore[name-defined,misc]
    """Computed facts per young person (``readiness.refresh``); never typed in.

    The status on a given day follows from these columns (``readiness.status_on`` and its SQL
    twin ``readiness.status_sql``), because whether a plan is still on time depends on the day.
    """

    __tablename__ = "big5_readiness"

    youth_id: Mapped[int] = mapped_column(
        ForeignKey("youth.id", ondelete="CASCADE"), primary_key=True
    )
    domain_set_id: Mapped[int | None] = mapped_column(ForeignKey("big5_domain_set.id"))
    domains: Mapped[int] = mapped_column(default=0)
    unassessed: Mapped[int] = mapped_column(default=0, index=True)
    below: Mapped[int] = mapped_column(default=0, index=True)
    # When every domain below 4 has an open action: the last day on which all those plans are
    # still on time (the smallest, over those domains, of the latest open due date).
    plan_valid_until: Mapped[date | None]
    lowest_level: Mapped[int | None]
    gaps: Mapped[int] = mapped_column(default=0)
    unplanned: Mapped[int] = mapped_column(default=0)
    open_actions: Mapped[int] = mapped_column(default=0)
    first_open_due: Mapped[date | None]
    last_assessed_on: Mapped[date | None] = mapped_column(index=True)
    last_professional_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Big5ReadinessDomain(db.Model):  # type: ignore[name-defined,misc]
    """Computed per young person and domain: the current levels per perspective and the plan."""

    __tablename__ = "big5_readiness_domain"
    __table_args__ = (
        UniqueConstraint("youth_id", "domain_key", name="uq_big5_readiness_domain_youth_domain"),
        Index("ix_big5_readiness_domain_domain_level", "domain_key", "level"),
        _level_check("level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"))
    domain_key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(default=0)
    # The level readiness counts: the professional perspective's latest score.
    level: Mapped[int | None]
    youth_level: Mapped[int | None]
    jim_level: Mapped[int | None]
    gap: Mapped[bool] = mapped_column(default=False)
    open_actions: Mapped[int] = mapped_column(default=0)
    plan_until: Mapped[date | None]
