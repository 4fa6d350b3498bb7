"""The JIM's tables: the nomination and its events, the conversation, the invitation, the
positioning meeting and the periodic check-ins.

A nomination is one young person's choice of one person from their network map. Its state
changes only through :mod:`jimnet.jim.workflow`, which writes one :class:`JimEvent` per step.
Consents are :class:`jimnet.youth.models.Consent` records (purpose ``"jim"``, subject
``("jim_nomination", id)``).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jimnet.db import TimestampMixin, enum_check, enum_type, utcnow
from jimnet.extensions import db

if TYPE_CHECKING:
    from jimnet.accounts.models import User
    from jimnet.network.models import NetworkMember


class JimState(enum.StrEnum):
    NOMINATED = "nominated"
    IN_CONVERSATION = "in_conversation"
    SUITABLE = "suitable"
    NOT_SUITABLE = "not_suitable"
    AWAITING_CONSENT = "awaiting_consent"
    INVITED = "invited"
    ACTIVE = "active"
    STANDBY = "standby"
    ENDED = "ended"
    WITHDRAWN = "withdrawn"
    DECLINED = "declined"


# Before the JIM is in position: the young person may still withdraw.
PRE_ACTIVE = frozenset(
    {
        JimState.NOMINATED,
        JimState.IN_CONVERSATION,
        JimState.SUITABLE,
        JimState.AWAITING_CONSENT,
        JimState.INVITED,
    }
)
IN_POSITION = frozenset({JimState.ACTIVE, JimState.STANDBY})
LIVE = PRE_ACTIVE | IN_POSITION
CLOSED = frozenset({JimState.NOT_SUITABLE, JimState.ENDED, JimState.WITHDRAWN, JimState.DECLINED})
_IN_POSITION_SQL = "state IN ('active', 'standby')"


class NominatedBy(enum.StrEnum):
    YOUTH = "youth"  # on their own phone
    PROFESSIONAL = "professional"  # together with the young person


class EndReason(enum.StrEnum):
    YOUTH_WISH = "youth_wish"
    JIM_WISH = "jim_wish"
    CARE_ENDED = "care_ended"
    OTHER = "other"


class JimNomination(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "jim_nomination"
    __table_args__ = (
        enum_check(JimState, "state"),
        enum_check(NominatedBy, "nominated_by_role"),
        enum_check(EndReason, "end_reason"),
        # At most one JIM in position (active or on standby) per young person.
        Index(
            "uq_jim_nomination_one_in_position",
            "youth_id",
            unique=True,
            sqlite_where=text(_IN_POSITION_SQL),
            postgresql_where=text(_IN_POSITION_SQL),
        ),
        Index("ix_jim_nomination_youth_state", "youth_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("network_member.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(enum_type(JimState), default=JimState.NOMINATED)
    state_since: Mapped[datetime] = mapped_column(default=utcnow)
    nominated_by_role: Mapped[str] = mapped_column(enum_type(NominatedBy))
    nominated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    nominated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The young person's own words: why this person (optional).
    motivation: Mapped[str | None] = mapped_column(Text)
    # The member's facts when nominated, kept for the candidate ranking to learn from even when
    # the map changes later: relation, sector, ring, contact frequency, known since, quality,
    # adult, supports.
    member_facts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The nominated person's row of the ranking's features on the day of nomination (graph
    # features and low BIG5 domains included; see jimnet.matching.features.snapshot), so that
    # training never reads today's map for an old nomination. None for older nominations.
    ranking_features: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # What the young person shares with the JIM (defaults: network map and BIG5 plan).
    share_network: Mapped[bool] = mapped_column(default=True)
    share_big5: Mapped[bool] = mapped_column(default=True)
    share_case_notes: Mapped[bool] = mapped_column(default=False)
    # Set when the JIM accepts the invitation.
    jim_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_participant.id", ondelete="SET NULL")
    )
    active_since: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(enum_type(EndReason))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    member: Mapped[NetworkMember] = relationship(lazy="joined", innerjoin=True)
    jim_user: Mapped[User | None] = relationship(foreign_keys=[jim_user_id], lazy="raise")

    @property
    def in_position(self) -> bool:
        return self.state in IN_POSITION

    @property
    def live(self) -> bool:
        return self.state in LIVE

    def __repr__(self) -> str:
        return f"<JimNomination {self.id} youth={self.youth_id} {self.state}>"


class JimEvent(db.Model):  # type: ignore[name-defined,misc]
    """One step of a nomination: who, when, why. Also for steps that keep the state (a consent,
    a new invitation, a change in what is shared): ``from_state == to_state`` then."""

    __tablename__ = "jim_event"
    __table_args__ = (Index("ix_jim_event_nomination_time", "nomination_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("jim_nomination.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_name: Mapped[str] = mapped_column(String(200))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)


class Willingness(enum.StrEnum):
    WILLING = "willing"
    HESITANT = "hesitant"
    UNWILLING = "unwilling"


class Reachability(enum.StrEnum):
    EASY = "easy"  # close by, answers quickly
    REASONABLE = "reasonable"
    HARD = "hard"


class Outcome(enum.StrEnum):
    SUITABLE = "suitable"
    NOT_SUITABLE = "not_suitable"


class VogStatus(enum.StrEnum):
    """The candidate's VOG (certificate of conduct), as far as the conversation knows."""

    REQUESTED = "requested"
    RECEIVED = "received"  # with the date on the VOG
    NOT_NEEDED = "not_needed"  # with the reason


class JimConversation(db.Model):  # type: ignore[name-defined,misc]
    """The professional's conversation with the candidate, and its outcome."""

    __tablename__ = "jim_conversation"
    __table_args__ = (
        enum_check(Willingness, "willingness"),
        enum_check(Reachability, "reachability"),
        enum_check(Outcome, "outcome"),
        enum_check(VogStatus, "vog_status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("jim_nomination.id", ondelete="CASCADE"), index=True
    )
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    willingness: Mapped[str] = mapped_column(enum_type(Willingness))
    reachability: Mapped[str] = mapped_column(enum_type(Reachability))
    concerns: Mapped[str | None] = mapped_column(Text)
    concerns_handling: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(enum_type(Outcome))
    # In words the young person can read: shown to them as it is written.
    reason_for_youth: Mapped[str] = mapped_column(Text)
    # Empty on conversations recorded before the VOG was asked for.
    vog_status: Mapped[str | None] = mapped_column(enum_type(VogStatus))
    vog_issued_on: Mapped[date | None]
    vog_not_needed_reason: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class InvitationChannel(enum.StrEnum):
    EMAIL = "email"
    LETTER = "letter"


class JimInvitation(db.Model):  # type: ignore[name-defined,misc]
    """A single-use, expiring invitation to become the JIM. Only the hash of the link's token
    (e-mail) or of the letter's code is stored."""

    __tablename__ = "jim_invitation"
    __table_args__ = (enum_check(InvitationChannel, "channel"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("jim_nomination.id", ondelete="CASCADE"), index=True
    )
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(enum_type(InvitationChannel))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
    # Who used it, and how: accepted or declined.
    used_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    answer: Mapped[str | None] = mapped_column(String(10))

    def usable(self, now: datetime | None = None) -> bool:
        now = now or utcnow()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now


class JimPositioning(db.Model):  # type: ignore[name-defined,misc]
    """The positioning meeting: who was there and what was agreed about the JIM's role."""

    __tablename__ = "jim_positioning"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("jim_nomination.id", ondelete="CASCADE"), index=True
    )
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    attendees: Mapped[str] = mapped_column(Text)
    jim_tasks: Mapped[str] = mapped_column(Text)  # what the JIM will do
    jim_may_see: Mapped[str | None] = mapped_column(Text)  # agreements beyond the share settings
    contact_agreement: Mapped[str] = mapped_column(Text)  # how JIM and professional keep in touch
    check_in_every_weeks: Mapped[int] = mapped_column(default=6)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class CheckInBy(enum.StrEnum):
    YOUTH = "youth"
    JIM = "jim"
    PROFESSIONAL = "professional"


class HowItGoes(enum.StrEnum):
    GOOD = "good"
    OKAY = "okay"
    HARD = "hard"


class JimCheckIn(db.Model):  # type: ignore[name-defined,misc]
    """A periodic check-in: the young person, the JIM or the professional says how it goes."""

    __tablename__ = "jim_check_in"
    __table_args__ = (
        enum_check(CheckInBy, "by_role"),
        enum_check(HowItGoes, "how"),
        Index("ix_jim_check_in_nomination_time", "nomination_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(ForeignKey("jim_nomination.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    by_role: Mapped[str] = mapped_column(enum_type(CheckInBy))
    by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    how: Mapped[str] = mapped_column(enum_type(HowItGoes))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
