"""The NEN 7513-style access log: append-only, hash-chained, naming the youth by pseudonym."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from jimnet.access import append_only
from jimnet.extensions import db


class AccessLogEntry(db.Model):  # type: ignore[name-defined,misc]
    """One access to a young person's data (or to the log itself).

    No foreign keys: the log outlives the rows it speaks of, and an erasure must never break
    the chain. The youth is named by a keyed pseudonym; ``YouthPseudonym`` links it back while
    the record exists.
    """

    __tablename__ = "access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    actor_user_id: Mapped[int | None] = mapped_column(index=True)
    actor_role: Mapped[str | None] = mapped_column(String(30))
    actor_organisation_id: Mapped[int | None]
    on_behalf_of_user_id: Mapped[int | None]
    youth_pseudonym: Mapped[str | None] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(10))
    ip: Mapped[str | None] = mapped_column(String(45))
    request_id: Mapped[str | None] = mapped_column(String(36))
    route: Mapped[str | None] = mapped_column(String(200))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


Index("ix_access_log_youth_time", AccessLogEntry.youth_pseudonym, AccessLogEntry.occurred_at)
append_only.attach(AccessLogEntry.__table__)


class AccessLogHead(db.Model):  # type: ignore[name-defined,misc]
    """One row: the chain's last sequence number and hash, locked while a request appends."""

    __tablename__ = "access_log_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class YouthPseudonym(db.Model):  # type: ignore[name-defined,misc]
    """The link from a pseudonym in the log to the real record, kept apart from the chain."""

    __tablename__ = "youth_pseudonym"

    pseudonym: Mapped[str] = mapped_column(String(32), primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), unique=True)
