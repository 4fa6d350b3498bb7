"""The hash chain of the access log: how a row is hashed, appended and verified."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jimnet.access.models import AccessLogEntry, AccessLogHead

GENESIS = "0" * 64
HEAD_ID = 1
# The fields a row's hash covers, in order. Changing this list breaks every existing chain.
CHAINED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_user_id",
    "actor_role",
    "actor_organisation_id",
    "on_behalf_of_user_id",
    "youth_pseudonym",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "ip",
    "request_id",
    "route",
)


def pseudonym_for(key: str, youth_id: int) -> str:
    return hmac.new(key.encode(), f"youth:{youth_id}".encode(), hashlib.sha256).hexdigest()[:32]


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return value


def row_hash(prev_hash: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(
        [_canonical(fields[name]) for name in CHAINED_FIELDS], separators=(",", ":")
    )
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


def append(session: Session, entries: Iterable[dict[str, Any]]) -> list[AccessLogEntry]:
    """Append entries to the chain inside the caller's transaction.

    The head row is locked FOR UPDATE (PostgreSQL) so that concurrent requests append one after
    the other instead of forking the chain; SQLite serialises writers by itself.
    """
    entries = list(entries)
    if not entries:
        return []
    head = _locked_head(session)
    rows = []
    for fields in entries:
        fields = dict(fields)
        fields["seq"] = head.seq + 1
        digest = row_hash(head.hash, fields)
        row = AccessLogEntry(**fields, prev_hash=head.hash, hash=digest)
        rows.append(row)
        head.seq, head.hash = fields["seq"], digest
    session.add_all(rows)
    session.flush()
    return rows


def _locked_head(session: Session) -> AccessLogHead:
    """The head row, locked for this transaction; created at the very first append.

    Two first writers may both find no head: each inserts it inside a SAVEPOINT, the loser's
    insert fails on the primary key once the winner commits, and both then lock the one row.
    """
    query = (
        select(AccessLogHead)
        .where(AccessLogHead.id == HEAD_ID)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    head = session.scalars(query).one_or_none()
    if head is not None:
        return head
    try:
        with session.begin_nested():
            session.add(AccessLogHead(id=HEAD_ID, seq=0, hash=GENESIS))
    except IntegrityError:
        pass
    return session.scalars(query).one()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at_seq: int | None
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.broken_at_seq is None


def _walk(session: Session, batch: int) -> Iterator[AccessLogEntry]:
    last = 0
    while True:
        rows = session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.seq > last)
            .order_by(AccessLogEntry.seq)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].seq
        session.expunge_all()


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain in order and report the first row whose link or content does not hold."""
    prev_hash, expected_seq, checked = GENESIS, 1, 0
    for row in _walk(session, batch):
        fields = {name: getattr(row, name) for name in CHAINED_FIELDS}
        if row.seq != expected_seq:
            return ChainReport(checked, expected_seq, f"row {expected_seq} is missing")
        if row.prev_hash != prev_hash:
            return ChainReport(checked, row.seq, "its link to the previous row does not match")
        if row_hash(prev_hash, fields) != row.hash:
            return ChainReport(checked, row.seq, "its content was changed after it was written")
        prev_hash, expected_seq, checked = row.hash, expected_seq + 1, checked + 1
    head = session.get(AccessLogHead, HEAD_ID)
    if head is not None and (head.seq != checked or head.hash != prev_hash):
        return ChainReport(checked, checked + 1, "rows at the end of the chain were removed")
    return ChainReport(checked, None, None)
