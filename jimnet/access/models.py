"""The NEN 7513-style access log: keyed entries appended without a lock, and the Merkle tree that
a sequencer builds from them afterwards (see ``docs/access-log.md``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from jimnet.access import append_only
from jimnet.extensions import db

# SQLite: BIGINT is not an alias of the rowid, INTEGER is; PostgreSQL gets a BIGINT identity.
LogId = BigInteger().with_variant(Integer(), "sqlite")


class AccessLogEntry(db.Model):  # type: ignore[name-defined,misc]
    """One access to a young person's data (or to the log itself), as the request wrote it.

    No foreign keys: the log outlives the rows it speaks of, and an erasure must never break
    it. The youth is named by a keyed pseudonym; ``YouthPseudonym`` links it back while the
    record exists. ``subjects`` names the young people a list or dashboard showed. ``mac`` is an
    HMAC over every other field (``JIMNET_LOG_KEY``, kept outside the database), so that a row
    changed before the sequencer put it into the tree is caught. Ids only grow (AUTOINCREMENT on
    SQLite, a sequence on PostgreSQL): a row removed before it was sequenced leaves a gap.
    """

    __tablename__ = "access_log"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(LogId, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(index=True)
    actor_user_id: Mapped[int | None] = mapped_column(index=True)
    actor_role: Mapped[str | None] = mapped_column(String(30))
    actor_organisation_id: Mapped[int | None]
    on_behalf_of_user_id: Mapped[int | None]
    youth_pseudonym: Mapped[str | None] = mapped_column(String(32))
    subjects: Mapped[str | None] = mapped_column(Text)
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(10))
    ip: Mapped[str | None] = mapped_column(String(45))
    request_id: Mapped[str | None] = mapped_column(String(36))
    route: Mapped[str | None] = mapped_column(String(200))
    nonce: Mapped[str] = mapped_column(String(16))
    mac: Mapped[str] = mapped_column(String(64))


append_only.attach(AccessLogEntry.__table__)


class AccessLogLeaf(db.Model):  # type: ignore[name-defined,misc]
    """Position ``seq`` (from 0) of the Merkle tree: one entry, or a gap of ids that never came.

    Written only by the sequencer. ``entry_id`` is unique, so two sequencers can never put one
    entry into the tree twice. A gap leaf has no entry and names the missing ids.
    """

    __tablename__ = "access_log_leaf"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    entry_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    gap_first: Mapped[int | None] = mapped_column(BigInteger)
    gap_last: Mapped[int | None] = mapped_column(BigInteger)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


append_only.attach(AccessLogLeaf.__table__)


class AccessLogNode(db.Model):  # type: ignore[name-defined,misc]
    """A complete interior node of the tree (``level`` ≥ 1; leaves are level 0), for proofs."""

    __tablename__ = "access_log_node"

    level: Mapped[int] = mapped_column(SmallInteger, primary_key=True, autoincrement=False)
    index: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(LargeBinary(32))


append_only.attach(AccessLogNode.__table__)


class AccessLogTree(db.Model):  # type: ignore[name-defined,misc]
    """One row: the sequencer's state. Locked only by the sequencer, never by a request."""

    __tablename__ = "access_log_tree"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    next_entry_id: Mapped[int | None] = mapped_column(BigInteger)
    gap_at: Mapped[int | None] = mapped_column(BigInteger)
    gap_seen_at: Mapped[datetime | None]


class AccessLogCheckpoint(db.Model):  # type: ignore[name-defined,misc]
    """The database's copy of each signed checkpoint; the published copy is the one that counts."""

    __tablename__ = "access_log_checkpoint"

    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger, unique=True)
    root: Mapped[bytes] = mapped_column(LargeBinary(32))
    signed_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime | None]


class AccessLogSubject(db.Model):  # type: ignore[name-defined,misc]
    """Who a list or dashboard showed, one row per young person, so that her log finds it.

    Filled by the sequencer from ``AccessLogEntry.subjects`` (which the entry's MAC covers), so
    the request writes one row however long its list was.
    """

    __tablename__ = "access_log_subject"

    youth_pseudonym: Mapped[str] = mapped_column(String(32), primary_key=True)
    entry_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)


append_only.attach(AccessLogSubject.__table__)


class YouthPseudonym(db.Model):  # type: ignore[name-defined,misc]
    """The link from a pseudonym in the log to the real record, kept apart from the log."""

    __tablename__ = "youth_pseudonym"

    pseudonym: Mapped[str] = mapped_column(String(32), primary_key=True)
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), unique=True)
