"""The network map: the people around a young person, the support they give, the ties between them.

A *member* is an "alter" in the young person's ego network. Members are never deleted while the
youth exists: removal sets ``removed_at`` so that snapshots and history keep their names.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jimnet.db import TimestampMixin, enum_check, enum_type, utcnow
from jimnet.extensions import db


class Sector(enum.StrEnum):
    FAMILY = "family"
    FRIENDS = "friends"
    SCHOOL_WORK = "school_work"
    LEISURE = "leisure"  # leisure and neighbourhood
    PROFESSIONAL = "professional"  # professional help


class Relation(enum.StrEnum):
    """How a member relates to the young person."""

    PARENT = "parent"
    STEP_PARENT = "step_parent"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    AUNT_UNCLE = "aunt_uncle"
    COUSIN = "cousin"
    OTHER_FAMILY = "other_family"
    FRIEND = "friend"
    PARTNER = "partner"
    NEIGHBOUR = "neighbour"
    TEACHER = "teacher"
    SPORTS_COACH = "sports_coach"
    COLLEAGUE = "colleague"
    PROFESSIONAL = "professional"
    OTHER = "other"


class Quality(enum.StrEnum):
    POSITIVE = "positive"
    MIXED = "mixed"
    CONFLICT = "conflict"


class TieQuality(enum.StrEnum):
    """Ties between members know two qualities only (a subset of ``Quality``)."""

    POSITIVE = "positive"
    CONFLICT = "conflict"


class ContactFrequency(enum.StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    YEARLY = "yearly"
    RARELY = "rarely"


class SupportKind(enum.StrEnum):
    EMOTIONAL = "emotional"
    PRACTICAL = "practical"
    ADVICE = "advice"
    COMPANY = "company"


class SupportDomain(enum.StrEnum):
    WORK = "work"
    INCOME = "income"
    EXISTENCE_SECURITY = "existence_security"
    SCHOOL = "school"
    SUPPORT = "support"
    HEALTH = "health"
    LEISURE = "leisure"


# The five BIG5 domains, in the order the BIG5 uses them.
BIG5_DOMAINS: tuple[SupportDomain, ...] = (
    SupportDomain.WORK,
    SupportDomain.INCOME,
    SupportDomain.EXISTENCE_SECURITY,
    SupportDomain.SCHOOL,
    SupportDomain.SUPPORT,
)

MIN_RING = 1
MAX_RING = 4


class AddedBy(enum.StrEnum):
    """Who put a member on the map; the youth's own additions are shown as theirs."""

    YOUTH = "youth"
    PROFESSIONAL = "professional"
    COACH = "coach"
    PARENT = "parent"
    JIM = "jim"
    IMPORT = "import"
    DEMO = "demo"


class NetworkMember(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "network_member"
    __table_args__ = (
        enum_check(Relation, "relation"),
        enum_check(Sector, "sector"),
        enum_check(Quality, "quality"),
        enum_check(ContactFrequency, "contact_frequency"),
        enum_check(AddedBy, "added_by_role"),
        CheckConstraint(f"ring >= {MIN_RING} AND ring <= {MAX_RING}", name="ring_range"),
        Index("ix_network_member_youth_current", "youth_id", "removed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(120))
    relation: Mapped[str] = mapped_column(enum_type(Relation))
    sector: Mapped[str] = mapped_column(enum_type(Sector))
    ring: Mapped[int]
    # Unknown until someone asks; the analysis treats unknown as "not often".
    contact_frequency: Mapped[str | None] = mapped_column(enum_type(ContactFrequency))
    known_since: Mapped[date | None]
    is_adult: Mapped[bool] = mapped_column(default=True)
    quality: Mapped[str] = mapped_column(enum_type(Quality), default=Quality.POSITIVE)
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    # Reciprocity: the young person also supports this member (not only the other way round).
    youth_supports_member: Mapped[bool] = mapped_column(default=False)
    added_by_role: Mapped[str] = mapped_column(enum_type(AddedBy), default=AddedBy.PROFESSIONAL)
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    removed_at: Mapped[datetime | None]
    removed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    # Small per member (at most 28 rows); loaded in one extra statement for all members.
    supports: Mapped[list[Support]] = relationship(
        back_populates="member",
        lazy="selectin",
        cascade="all, delete-orphan",
        order_by="Support.id",
    )

    @property
    def is_current(self) -> bool:
        return self.removed_at is None

    def __repr__(self) -> str:
        return f"<NetworkMember {self.id} youth={self.youth_id}>"


class Support(db.Model):  # type: ignore[name-defined,misc]
    """One kind of support a member gives the young person in one domain."""

    __tablename__ = "network_support"
    __table_args__ = (
        UniqueConstraint(
            "member_id", "kind", "domain", name="uq_network_support_member_kind_domain"
        ),
        enum_check(SupportKind, "kind"),
        enum_check(SupportDomain, "domain"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("network_member.id", ondelete="CASCADE"), index=True
    )
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(enum_type(SupportKind))
    domain: Mapped[str] = mapped_column(enum_type(SupportDomain))

    member: Mapped[NetworkMember] = relationship(back_populates="supports")


class Tie(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """Two members know each other. Stored once per pair, the lower member id first."""

    __tablename__ = "network_tie"
    __table_args__ = (
        UniqueConstraint("a_id", "b_id", name="uq_network_tie_a_id_b_id"),
        CheckConstraint("a_id < b_id", name="ordered_pair"),
        CheckConstraint("quality IN ('positive', 'conflict')", name="quality_valid"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    a_id: Mapped[int] = mapped_column(ForeignKey("network_member.id", ondelete="CASCADE"))
    b_id: Mapped[int] = mapped_column(
        ForeignKey("network_member.id", ondelete="CASCADE"), index=True
    )
    quality: Mapped[str] = mapped_column(String(8), default=TieQuality.POSITIVE)
    added_by_role: Mapped[str] = mapped_column(enum_type(AddedBy), default=AddedBy.PROFESSIONAL)

    def __repr__(self) -> str:
        return f"<Tie {self.id} {self.a_id}-{self.b_id}>"


class SnapshotImmutableError(RuntimeError):
    """A snapshot is a record of a measurement moment and never changes."""


class NetworkSnapshot(db.Model):  # type: ignore[name-defined,misc]
    """A dated, immutable copy of the network (node-link JSON) taken at a measurement moment."""

    __tablename__ = "network_snapshot"
    __table_args__ = (Index("ix_network_snapshot_youth_taken", "youth_id", "taken_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    taken_at: Mapped[datetime] = mapped_column(default=utcnow)
    taken_on: Mapped[date]
    taken_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    label: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    # networkx node-link data (see jimnet.network.graph.snapshot_data).
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    def __repr__(self) -> str:
        return f"<NetworkSnapshot {self.id} youth={self.youth_id} {self.taken_on}>"


@event.listens_for(NetworkSnapshot, "before_update")
def _refuse_snapshot_update(mapper: Any, connection: Any, target: NetworkSnapshot) -> None:
    raise SnapshotImmutableError(f"snapshot {target.id} is immutable")
