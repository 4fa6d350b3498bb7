"""Exports of a person's data, and the bookkeeping that makes each one single-use."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
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
