"""Exports of a person's data, and the bookkeeping that makes each one single-use."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from jimnet.db import enum_check, enum_type, utcnow
from jimnet.extensions import db


class ExportStatus(enum.StrEnum):
    QUEUED = "queued"  # asked for; built by the job queue (or at once on the embedded default)
    READY = "ready"  # built; downloadable until expires_at, each format once
    FAILED = "failed"
    CLEARED = "cleared"  # downloaded or expired: the content is gone, the record of it stays


class DataExport(db.Model):  # type: ignore[name-defined,misc]
    """One request for everything jimnet holds about a young person (AVG art. 15 and 20).

    ``open_key`` ("<user>:<youth>") is set while the export is queued or downloadable and is
    unique, so that a request made twice at once gets one export and a clear answer, never
    two builds. The content lives here only until it is downloaded or expires.
    """

    __tablename__ = "data_export"
    __table_args__ = (enum_check(ExportStatus, "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    youth_id: Mapped[int] = mapped_column(ForeignKey("youth.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(enum_type(ExportStatus), default=ExportStatus.QUEUED)
    open_key: Mapped[str | None] = mapped_column(String(40), unique=True)
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    ready_at: Mapped[datetime | None]
    expires_at: Mapped[datetime | None]
    size_bytes: Mapped[int | None]
    json_data: Mapped[str | None] = mapped_column(Text, deferred=True)
    html_data: Mapped[str | None] = mapped_column(Text, deferred=True)
    json_taken_at: Mapped[datetime | None]
    html_taken_at: Mapped[datetime | None]
    error: Mapped[str | None] = mapped_column(String(200))


class RetentionFacts(db.Model):  # type: ignore[name-defined,misc]
    """What the legal retention term of one young person's file depends on (Jeugdwet 7.3.8).

    Kept beside the record (not on it) so that the record's own edits stay as they are. The
    term runs from the later of: the end of care and, where a protective measure applied, the
    end of the measure; see ``jimnet.privacy.retention.keep_until``.
    """

    __tablename__ = "retention_facts"

    youth_id: Mapped[int] = mapped_column(
        ForeignKey("youth.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    care_ended_on: Mapped[date | None]
    protective_measure: Mapped[bool] = mapped_column(default=False)
    measure_ended_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class ErasureScope(enum.StrEnum):
    DERIVED = "derived"  # features, scores, proposals: may go at once
    FILE = "file"  # the whole file, before its term, on a written request (four eyes)


class ErasureStatus(enum.StrEnum):
    RECORDED = "recorded"
    EXECUTED = "executed"
    REFUSED = "refused"


class ErasureRequest(db.Model):  # type: ignore[name-defined,misc]
    """One request to erase, and what became of it: the erasure ledger in the database.

    After execution the row names no person: ``youth_id`` is gone with the record, the note is
    emptied, and only the keyed pseudonym (the same one the access log uses) remains, so the
    erasure can be re-applied to a restored backup (``flask erasure reapply``; the ledger file
    outside the database is what survives the restore).
    """

    __tablename__ = "erasure_request"
    __table_args__ = (
        enum_check(ErasureScope, "scope"),
        enum_check(ErasureStatus, "status"),
        # One open request per file and scope: recorded twice at once is refused, not doubled.
        Index(
            "uq_erasure_request_open",
            "youth_id",
            "scope",
            unique=True,
            sqlite_where=text("status = 'recorded'"),
            postgresql_where=text("status = 'recorded'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    youth_id: Mapped[int | None] = mapped_column(
        ForeignKey("youth.id", ondelete="SET NULL"), index=True
    )
    youth_pseudonym: Mapped[str] = mapped_column(String(32), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"))
    scope: Mapped[str] = mapped_column(enum_type(ErasureScope))
    requested_by: Mapped[str] = mapped_column(String(10))  # youth | parent
    requested_on: Mapped[date]  # the date of the written request
    note: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(enum_type(ErasureStatus), default=ErasureStatus.RECORDED)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]
    refusal_reason: Mapped[str | None] = mapped_column(Text)
    executed_at: Mapped[datetime | None]
    # What went, per table (row counts): the evidence, without the data.
    summary: Mapped[dict[str, int] | None] = mapped_column(JSON)
