"""Asking for an export, building it, and handing it out once (AVG art. 15 and 20).

Race-safe by construction: a second request while one is open hits the unique ``open_key``
(inside a SAVEPOINT) and gets a clear answer instead of a second build; a download is one
conditional UPDATE (``… WHERE json_taken_at IS NULL AND expires_at > now``), so a link used
twice at once hands the data out once.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jimnet.accounts.models import User
from jimnet.privacy import export
from jimnet.privacy.models import DataExport, ExportStatus
from jimnet.youth.models import Youth

DEFAULT_LINK_MINUTES = 60


class Format(enum.StrEnum):
    JSON = "json"
    HTML = "html"


class ExportError(Exception):
    """A refusal with a code the views turn into words: ``open``, ``used``, ``expired``,
    ``not_ready``, ``failed``."""

    def __init__(self, code: str, existing: DataExport | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.existing = existing


def _open_key(user_id: int, youth_id: int) -> str:
    return f"{user_id}:{youth_id}"


def _release_closed(session: Session, key: str, now: datetime) -> None:
    """An export that expired, failed or was fully downloaded no longer holds the key; its
    content goes (the record that it was made stays)."""
    session.execute(
        update(DataExport)
        .where(
            DataExport.open_key == key,
            or_(
                DataExport.expires_at <= now,
                DataExport.status == ExportStatus.FAILED,
                and_(DataExport.json_taken_at.is_not(None), DataExport.html_taken_at.is_not(None)),
            ),
        )
        .values(
            open_key=None,
            json_data=None,
            html_data=None,
            status=ExportStatus.CLEARED,
        )
        .execution_options(synchronize_session=False)
    )


def request_export(
    session: Session,
    user: User,
    youth: Youth,
    relation: str,
    now: datetime,
    *,
    locale: str,
    link_minutes: int = DEFAULT_LINK_MINUTES,
) -> DataExport:
    """Record the request and build the export. Raises ``ExportError("open")`` with the open
    export when one is still being made or can still be downloaded."""
    key = _open_key(user.id, youth.id)
    _release_closed(session, key, now)
    row = DataExport(
        user_id=user.id,
        youth_id=youth.id,
        relation=relation,
        status=ExportStatus.QUEUED,
        open_key=key,
        requested_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        existing = session.scalars(select(DataExport).where(DataExport.open_key == key)).first()
        raise ExportError("open", existing) from None
    build_export(session, row, user.name, youth, now, locale=locale, link_minutes=link_minutes)
    return row


def build_export(
    session: Session,
    row: DataExport,
    requester_name: str,
    youth: Youth,
    now: datetime,
    *,
    locale: str,
    link_minutes: int = DEFAULT_LINK_MINUTES,
) -> None:
    """The job: build both formats and open the download window."""
    built = export.build(
        session,
        youth,
        requested_by=requester_name,
        relation=row.relation,
        generated_at=now,
        locale=locale,
    )
    row.json_data = built.json_text
    row.html_data = built.html_text
    row.size_bytes = len(built.json_text.encode()) + len(built.html_text.encode())
    row.status = ExportStatus.READY
    row.ready_at = now
    row.expires_at = now + timedelta(minutes=link_minutes)
    session.flush()


@dataclass(frozen=True)
class Download:
    content: str
    export: DataExport


def take(session: Session, user: User, row: DataExport, fmt: Format, now: datetime) -> Download:
    """Hand out one format of the export, once, before it expires; then its content is gone."""
    taken = DataExport.json_taken_at if fmt is Format.JSON else DataExport.html_taken_at
    data = DataExport.json_data if fmt is Format.JSON else DataExport.html_data
    won = session.execute(
        update(DataExport)
        .where(
            DataExport.id == row.id,
            DataExport.user_id == user.id,
            DataExport.status == ExportStatus.READY,
            taken.is_(None),
            DataExport.expires_at > now,
        )
        .values({taken.key: now})
        .returning(data)
        .execution_options(synchronize_session=False)
    ).first()
    session.refresh(row)
    if won is None:
        if row.status == ExportStatus.QUEUED:
            raise ExportError("not_ready", row)
        if row.status == ExportStatus.FAILED:
            raise ExportError("failed", row)
        if getattr(row, taken.key) is not None:
            raise ExportError("used", row)
        raise ExportError("expired", row)
    content = won[0] or ""
    values: dict[str, object] = {data.key: None}
    if row.json_taken_at is not None and row.html_taken_at is not None:
        values.update(status=ExportStatus.CLEARED, open_key=None)
    session.execute(
        update(DataExport)
        .where(DataExport.id == row.id)
        .values(values)
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    return Download(content, row)


def exports_of(session: Session, user: User, youth_id: int, limit: int = 10) -> list[DataExport]:
    return list(
        session.scalars(
            select(DataExport)
            .where(DataExport.user_id == user.id, DataExport.youth_id == youth_id)
            .order_by(DataExport.id.desc())
            .limit(limit)
        )
    )


def clear_expired(session: Session, now: datetime) -> int:
    """Remove the content of every export past its window (the retention run calls this)."""
    result = session.execute(
        update(DataExport)
        .where(DataExport.expires_at <= now, DataExport.status == ExportStatus.READY)
        .values(open_key=None, json_data=None, html_data=None, status=ExportStatus.CLEARED)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
