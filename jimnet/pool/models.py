"""The volunteer-mentor pool's tables: volunteers, young people waiting for a mentor, proposal
rounds, and matches with one event per step.

A :class:`MentorMatch` is a proposal and, once approved and accepted, the match itself: its
state changes only through :mod:`jimnet.pool.workflow`, which writes one :class:`MentorEvent`
per step. A declined match stays as a row: the next round never proposes that pair again.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jimnet.db import TimestampMixin, enum_check, enum_type, utcnow
from jimnet.extensions import db
from jimnet.youth.models import Youth


class VolunteerStatus(enum.StrEnum):
    REGISTERED = "registered"  # filled in the public form; not yet screened
    APPROVED = "approved"  # screened: may be matched while the VOG is valid
    REJECTED = "rejected"
    STOPPED = "stopped"  # no longer available


class Gender(enum.StrEnum):
    WOMAN = "woman"
    MAN = "man"
    OTHER = "other"
    UNSAID = "unsaid"


class Volunteer(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A volunteer mentor: what they told us on the public form, and the coordinator's screening."""

    __tablename__ = "volunteer"
    __table_args__ = (
        enum_check(VolunteerStatus, "status"),
        enum_check(Gender, "gender"),
        Index("ix_volunteer_organisation_status", "organisation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The organisation that screens and matches them (its consortium's coordinators too).
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(30))
    birth_year: Mapped[int]
    gender: Mapped[str] = mapped_column(enum_type(Gender), default=Gender.UNSAID)
    postcode: Mapped[str] = mapped_column(String(7))
    municipality: Mapped[str | None] = mapped_column(String(100))
    travel_km: Mapped[int] = mapped_column(default=10)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    availability: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The ages of young people they would like to mentor.
    youth_age_min: Mapped[int] = mapped_column(default=12)
    youth_age_max: Mapped[int] = mapped_column(default=23)
    motivation: Mapped[str | None] = mapped_column(Text)
    # Someone registering again with the same address: counted, never revealed on the form.
    registrations: Mapped[int] = mapped_column(default=1)
    last_registered_at: Mapped[datetime] = mapped_column(default=utcnow)

    status: Mapped[str] = mapped_column(
        enum_type(VolunteerStatus), default=VolunteerStatus.REGISTERED
    )
    interviewed_on: Mapped[date | None]
    vog_issued_on: Mapped[date | None]
    training_done_on: Mapped[date | None]
    capacity: Mapped[int] = mapped_column(default=1)
    screening_notes: Mapped[str | None] = mapped_column(Text)
    screened_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    screened_at: Mapped[datetime | None]
    # Their own account (after the invitation); the page they see is their own.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0]

    def __repr__(self) -> str:
        return f"<Volunteer {self.id} {self.status}>"


class MentorGender(enum.StrEnum):
    ANY = "any"
    WOMAN = "woman"
    MAN = "man"


class RequestStatus(enum.StrEnum):
    WAITING = "waiting"  # no match in place yet (proposals may come and go)
    MATCHED = "matched"  # a match is active
    CLOSED = "closed"  # ended, or taken back by the professional


class MentorRequest(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A young person referred to the pool by their professional, with their explicit wishes."""

    __tablename__ = "mentor_request"
    __table_args__ = (
        enum_check(RequestStatus, "status"),
        enum_check(MentorGender, "mentor_gender"),
        # One open referral per young person.
        Index(
            "uq_mentor_request_one_open",
            "youth_id",
            unique=True,
            sqlite_where=text("status != 'closed'"),
            postgresql_where=text("status != 'closed'"),
        ),
        Index("ix_mentor_request_status", "status", "organisation_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    referred_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    referred_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Why the own network has nobody: the ranking found no one, or the professional says so.
    reason: Mapped[str | None] = mapped_column(Text)
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    mentor_gender: Mapped[str] = mapped_column(enum_type(MentorGender), default=MentorGender.ANY)
    max_km: Mapped[int | None]
    status: Mapped[str] = mapped_column(enum_type(RequestStatus), default=RequestStatus.WAITING)
    # Closed: when, by whom and why (withdrawn by the care team, or the match ended).
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    closed_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    youth: Mapped[Youth] = relationship(lazy="joined", innerjoin=True)


class ProposalRound(db.Model):  # type: ignore[name-defined,misc]
    """One run of the global assignment: who ran it, over what, and what it gave."""

    __tablename__ = "proposal_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # "rule" (the documented points rule) or "model" (learned from past outcomes).
    method: Mapped[str] = mapped_column(String(10))
    # The learned matcher's version when ``method`` is "model".
    model_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("model_version.id", ondelete="SET NULL")
    )
    waiting: Mapped[int]
    places: Mapped[int]
    proposed: Mapped[int]
    total_score: Mapped[float] = mapped_column(Float)
    organisation_ids: Mapped[list[int]] = mapped_column(JSON, default=list)


class MatchState(enum.StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    INTRODUCED = "introduced"
    ACTIVE = "active"
    ENDED = "ended"
    WITHDRAWN = "withdrawn"  # the coordinator did not approve, or a new round replaced it


# States that hold one of the volunteer's places and the young person's request.
HOLDS_PLACE = frozenset(
    {MatchState.APPROVED, MatchState.ACCEPTED, MatchState.INTRODUCED, MatchState.ACTIVE}
)
_HOLDS_PLACE_SQL = "state IN ('approved', 'accepted', 'introduced', 'active')"


class EndReason(enum.StrEnum):
    GOAL_REACHED = "goal_reached"
    YOUTH_WISH = "youth_wish"
    MENTOR_WISH = "mentor_wish"
    NO_CLICK = "no_click"
    MOVED = "moved"
    OTHER = "other"


class MentorMatch(TimestampMixin, db.Model):  # type: ignore[name-defined,misc]
    """A proposed pairing of a waiting young person with a volunteer, and its life as a match."""

    __tablename__ = "mentor_match"
    __table_args__ = (
        enum_check(MatchState, "state"),
        enum_check(EndReason, "end_reason"),
        # A young person's request has at most one match that holds a place.
        Index(
            "uq_mentor_match_one_per_request",
            "request_id",
            unique=True,
            sqlite_where=text(_HOLDS_PLACE_SQL),
            postgresql_where=text(_HOLDS_PLACE_SQL),
        ),
        Index("ix_mentor_match_volunteer_state", "volunteer_id", "state"),
        Index("ix_mentor_match_youth_state", "youth_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("mentor_request.id", ondelete="CASCADE"), index=True
    )
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"))
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteer.id", ondelete="CASCADE"))
    round_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposal_round.id", ondelete="SET NULL"), index=True
    )
    state: Mapped[str] = mapped_column(enum_type(MatchState), default=MatchState.PROPOSED)
    state_since: Mapped[datetime] = mapped_column(default=utcnow)
    score: Mapped[float] = mapped_column(Float)
    # Why this volunteer fits: reason codes with their values, put into words on screen.
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The features at proposal time, kept so that the matcher can learn from outcomes.
    features: Mapped[dict[str, float]] = mapped_column(JSON, default=dict)
    # What the young person shares with the mentor: the JIM's choices, same defaults.
    share_network: Mapped[bool] = mapped_column(default=True)
    share_big5: Mapped[bool] = mapped_column(default=True)
    share_case_notes: Mapped[bool] = mapped_column(default=False)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_participant.id", ondelete="SET NULL")
    )
    active_since: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(enum_type(EndReason))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    volunteer: Mapped[Volunteer] = relationship(lazy="joined", innerjoin=True)
    youth: Mapped[Youth] = relationship(lazy="joined", innerjoin=True)

    def __repr__(self) -> str:
        return f"<MentorMatch {self.id} {self.state}>"


class MentorEvent(db.Model):  # type: ignore[name-defined,misc]
    """One step of a match: who, when, why."""

    __tablename__ = "mentor_event"
    __table_args__ = (Index("ix_mentor_event_match_time", "match_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("mentor_match.id", ondelete="CASCADE"))
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    from_state: Mapped[str | None] = mapped_column(String(20))
    to_state: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    actor_role: Mapped[str] = mapped_column(String(20))
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text)
