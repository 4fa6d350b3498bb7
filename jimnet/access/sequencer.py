"""The sequencer: puts committed log entries into the Merkle tree and signs a checkpoint.

Requests only append (``jimnet.access.log.write``). The sequencer, one at a time (the tree's
state row is locked with SKIP LOCKED: a second sequencer finds it taken and does nothing), reads
the entries after the last one it placed, in id order, and gives each a leaf. Ids come from
the database and only grow, so a missing id means an entry that is still being committed, was
rolled back, or was removed before it was sequenced. On PostgreSQL the sequencer waits for such
a gap up to ``JIMNET_LOG_GAP_SECONDS`` (a transaction may still commit it), then records a *gap
leaf* naming the missing ids, which ``flask verify-log`` reports; on SQLite writers are
serialised, so a gap is final at once. The whole run is one transaction: a sequencer killed
halfway leaves nothing behind, and the next run starts where the last committed one ended.

Checkpoints are signed inside that transaction and published right after its commit; a
checkpoint committed but not published (the process died in between) is published by the next
run.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jimnet.access import keyed, merkle, raw, tree
from jimnet.access.models import (
    AccessLogCheckpoint,
    AccessLogEntry,
    AccessLogLeaf,
    AccessLogNode,
    AccessLogSubject,
    AccessLogTree,
)
from jimnet.access.settings import LogSettings
from jimnet.db import utcnow

logger = logging.getLogger(__name__)

STATE_ID = 1
START = 0  # ids start at 1: as a gap position, 0 means "before the first entry"
BATCH = 5_000
# One run places at most this many entries, so that its transaction stays short; a sequencer
# that is behind runs again at once.
RUN_LIMIT = 100_000


@dataclass
class Result:
    busy: bool = False
    refused: str | None = None
    sequenced: int = 0
    gaps: list[tuple[int, int]] = field(default_factory=list)
    bad_macs: list[int] = field(default_factory=list)
    waiting_for_gap: int | None = None
    size: int = 0
    checkpoint: str | None = None
    published: int = 0
    more: bool = False


def _state(session: Session) -> AccessLogTree | None:
    """The state row, locked for this transaction; None when another sequencer holds it."""
    query = (
        select(AccessLogTree)
        .where(AccessLogTree.id == STATE_ID)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    state = session.scalars(query).one_or_none()
    if state is not None:
        return state
    exists = session.scalar(select(AccessLogTree.id).where(AccessLogTree.id == STATE_ID))
    if exists is not None:
        return None  # locked by another sequencer
    try:
        with session.begin_nested():
            session.add(AccessLogTree(id=STATE_ID, size=0))
    except IntegrityError:
        pass
    return session.scalars(query).one_or_none()


def _database_now(session: Session) -> datetime:
    if session.get_bind().dialect.name == "sqlite":
        return utcnow()
    value: datetime = session.scalar(select(func.clock_timestamp()))  # type: ignore[assignment]
    return value


def _gap_is_final(
    session: Session, state: AccessLogTree, expected: int, settings: LogSettings
) -> bool:
    if session.get_bind().dialect.name == "sqlite" or settings.gap_seconds <= 0:
        return True
    now = _database_now(session)
    seen = state.gap_seen_at
    if state.gap_at != expected or seen is None or now < seen:
        # First sight of this gap (or the clock went back: start waiting again from now, so
        # that the wait stays bounded).
        state.gap_at, state.gap_seen_at = expected, now
        return False
    return (now - seen).total_seconds() >= settings.gap_seconds


class _Batch:
    def __init__(self, builder: merkle.Builder) -> None:
        self.builder = builder
        self.leaves: list[tuple[int, int | None, int | None, int | None, bytes]] = []
        self.nodes: list[tuple[int, int, bytes]] = []
        self.subjects: list[tuple[str, int]] = []

    def add(self, data: bytes, entry_id: int | None, gap: tuple[int, int] | None = None) -> None:
        digest = merkle.leaf_hash(data)
        seq = self.builder.size
        self.nodes.extend(self.builder.append(digest))
        self.leaves.append(
            (seq, entry_id, gap[0] if gap else None, gap[1] if gap else None, digest)
        )

    def flush(self, session: Session) -> None:
        raw.insert_many(
            session,
            AccessLogLeaf.__tablename__,
            ("seq", "entry_id", "gap_first", "gap_last", "hash"),
            self.leaves,
        )
        raw.insert_many(
            session, AccessLogNode.__tablename__, ("level", "index", "hash"), self.nodes
        )
        raw.insert_many(
            session, AccessLogSubject.__tablename__, ("youth_pseudonym", "entry_id"), self.subjects
        )
        self.leaves, self.nodes, self.subjects = [], [], []


def sequence(session: Session, settings: LogSettings, limit: int = RUN_LIMIT) -> Result:
    """One run, committed by the caller's ``session``; then publishes what it signed."""
    result = Result()
    state = _state(session)
    if state is None:
        session.rollback()
        return Result(busy=True)
    start_size = state.size
    refused = _differs_from_published(session, settings, start_size)
    if refused is not None:
        # Never sign a tree that does not extend what was published: that is what someone who
        # erased and rebuilt the tree in the database would need. Requests go on appending.
        session.rollback()
        logger.critical("access log: the sequencer refuses to sign: %s", refused)
        return Result(refused=refused, size=start_size)
    builder = merkle.Builder(start_size, tree.frontier(session, start_size))
    batch = _Batch(builder)
    expected = state.next_entry_id
    done = False
    if expected is None:
        # The very first run: a transaction may still be committing an id below the lowest one
        # visible now. Wait like for a gap (START stands for "the beginning"), then begin at
        # the lowest id there is by then.
        first = session.scalar(select(func.min(AccessLogEntry.id)))
        if first is None:
            done = True
        elif not _gap_is_final(session, state, START, settings):
            result.waiting_for_gap, done = first, True
        else:
            expected = first
    dialect = session.get_bind().dialect.name
    query = (
        f"SELECT {raw.entry_columns(dialect)} FROM access_log e "  # noqa: S608 - fixed names
        "WHERE e.id >= %s ORDER BY e.id LIMIT %s"
    )
    subjects_at = 1 + keyed.FIELDS.index("subjects")
    while not done and result.sequenced < limit:
        rows = raw.fetch(session, query, (expected or 0, min(BATCH, limit - result.sequenced)))
        if not rows:
            break
        for row in rows:
            entry_id = row[0]
            if expected is not None and entry_id > expected:
                if not _gap_is_final(session, state, expected, settings):
                    result.waiting_for_gap = expected
                    done = True
                    break
                batch.add(keyed.gap_leaf(expected, entry_id - 1), None, (expected, entry_id - 1))
                result.gaps.append((expected, entry_id - 1))
            values = row[1:-1]
            data = keyed.canonical(values)
            stored_mac = row[-1]
            mac_ok = keyed.mac(settings.key, data) == stored_mac
            if not mac_ok:
                result.bad_macs.append(entry_id)
            batch.add(keyed.entry_leaf(entry_id, data, stored_mac, mac_ok), entry_id)
            subjects = row[subjects_at]
            if subjects:
                batch.subjects.extend((p, entry_id) for p in subjects.split())
            expected = entry_id + 1
            result.sequenced += 1
        batch.flush(session)
    result.more = result.sequenced >= limit
    if result.waiting_for_gap is None:
        state.gap_at, state.gap_seen_at = None, None
    result.size = builder.size
    if builder.size > start_size:
        state.size, state.next_entry_id = builder.size, expected
        result.checkpoint = _sign(session, settings, builder)
    session.commit()
    if result.bad_macs:
        logger.warning("access log: %d entries with a wrong MAC", len(result.bad_macs))
    if result.gaps:
        logger.warning("access log: ids never written or removed: %s", result.gaps)
    result.published = publish_pending(session, settings)
    return result


def _differs_from_published(session: Session, settings: LogSettings, size: int) -> str | None:
    latest = settings.publisher.latest_checkpoint(settings.public_key)
    if latest is None:
        return None
    if latest.size > size:
        return (
            f"the database's tree has {size} leaves, but a checkpoint of {latest.size} was "
            "published"
        )
    try:
        root = tree.root(session, latest.size)
    except tree.MissingNode as error:
        return f"the database's tree lacks nodes of the published checkpoint ({error})"
    if root != latest.root:
        return f"the database's tree differs from the published checkpoint of size {latest.size}"
    return None


def _sign(session: Session, settings: LogSettings, builder: merkle.Builder) -> str:
    previous = session.scalars(
        select(AccessLogCheckpoint.note).order_by(AccessLogCheckpoint.size.desc()).limit(1)
    ).first()
    when = utcnow()
    root = builder.root()
    note = settings.signer.sign(builder.size, root, when, previous)
    session.add(AccessLogCheckpoint(size=builder.size, root=root, signed_at=when, note=note))
    return note


def publish_pending(session: Session, settings: LogSettings) -> int:
    """Publish signed checkpoints not yet published, oldest first, one publisher at a time."""
    state = _state(session)
    if state is None:
        session.rollback()
        return 0
    pending = session.scalars(
        select(AccessLogCheckpoint)
        .where(AccessLogCheckpoint.published_at.is_(None))
        .order_by(AccessLogCheckpoint.size)
    ).all()
    for checkpoint in pending:
        settings.publisher.publish(checkpoint.note, checkpoint.signed_at, settings.public_key)
        session.execute(
            update(AccessLogCheckpoint)
            .where(AccessLogCheckpoint.id == checkpoint.id)
            .values(published_at=utcnow())
        )
    session.commit()
    return len(pending)
