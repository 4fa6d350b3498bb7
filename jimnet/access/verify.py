"""``flask verify-log``: the database's log against the checkpoints published outside it.

Trust comes from outside the database: the published, signed checkpoints (checked with the
public key), the entry key (for the MACs) and the verifier's own record of the last checkpoint
it verified (a file, ``JIMNET_LOG_VERIFIED``). From there the check is incremental: the stored
tree is accepted up to that checkpoint only if its frontier folds to the signed root, and then
every newer leaf is recomputed from its entry row, folded on, and compared with each newer
checkpoint's root. The work is proportional to what is new; ``full=True`` walks from the first
leaf.

A finding is *broken* (the log was changed: an altered or missing checkpoint, an entry changed,
removed or inserted, a tree that no longer matches what was signed) or a *warning* (something an
operator must look at but that an honest system can produce: ids that never arrived, a clock
that went back, a sequencer that is behind). Nothing passes silently.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jimnet.access import keyed, merkle, raw, tree
from jimnet.access.checkpoint import BadCheckpoint, Checkpoint, parse
from jimnet.access.models import AccessLogCheckpoint, AccessLogEntry, AccessLogLeaf, AccessLogTree
from jimnet.access.settings import LogSettings
from jimnet.db import utcnow

BROKEN, WARNING = "broken", "warning"
# How far an entry's time may lie behind an earlier one (requests overlap) or after the checkpoint
# that holds it, before it counts as a clock that jumped.
CLOCK_TOLERANCE = timedelta(minutes=5)
STREAM = 10_000

ENTRY = AccessLogEntry.__table__
LEAF = AccessLogLeaf.__table__


@dataclass(frozen=True)
class Finding:
    severity: str
    text: str


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    from_size: int = 0
    to_size: int = 0
    leaves_checked: int = 0
    checkpoints_checked: int = 0
    latest: Checkpoint | None = None
    unsequenced: int = 0
    full: bool = False

    def add(self, severity: str, text: str) -> None:
        self.findings.append(Finding(severity, text))

    @property
    def broken(self) -> bool:
        return any(f.severity == BROKEN for f in self.findings)

    @property
    def ok(self) -> bool:
        return not self.findings


@dataclass(frozen=True)
class Verified:
    """The verifier's memory, kept outside the database."""

    size: int
    root: bytes
    digest: bytes
    time: datetime
    latest_entry_time: datetime | None

    @classmethod
    def load(cls, path: Path) -> Verified | None:
        try:
            data = json.loads(path.read_text())
            return cls(
                size=int(data["size"]),
                root=bytes.fromhex(data["root"]),
                digest=bytes.fromhex(data["digest"]),
                time=datetime.fromisoformat(data["time"]),
                latest_entry_time=datetime.fromisoformat(data["latest_entry_time"])
                if data.get("latest_entry_time")
                else None,
            )
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(
            json.dumps(
                {
                    "size": self.size,
                    "root": self.root.hex(),
                    "digest": self.digest.hex(),
                    "time": self.time.isoformat(),
                    "latest_entry_time": self.latest_entry_time.isoformat()
                    if self.latest_entry_time
                    else None,
                    "saved_at": utcnow().isoformat(),
                }
            )
        )
        tmp.replace(path)


def _when(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def published(settings: LogSettings, report: Report, since: datetime | None) -> list[Checkpoint]:
    """The published checkpoints (from the day of ``since``), verified and ordered by size."""
    found: dict[bytes, Checkpoint] = {}
    for path, note in settings.publisher.read(since):
        try:
            checkpoint = parse(note, settings.public_key)
        except BadCheckpoint as error:
            report.add(BROKEN, f"a checkpoint in {path.name} was altered: {error}.")
            continue
        found.setdefault(checkpoint.digest, checkpoint)
    ordered = sorted(found.values(), key=lambda c: (c.size, c.time))
    by_size: dict[int, Checkpoint] = {}
    for checkpoint in ordered:
        other = by_size.setdefault(checkpoint.size, checkpoint)
        if other.root != checkpoint.root:
            report.add(
                BROKEN,
                f"two different trees of size {checkpoint.size} were signed "
                f"({_when(other.time)} and {_when(checkpoint.time)}).",
            )
    return ordered


def _check_chain(
    checkpoints: list[Checkpoint], report: Report, start: Verified | None, full: bool
) -> None:
    previous: Checkpoint | None = None
    for checkpoint in checkpoints:
        if previous is None:
            if full and checkpoint.prev is not None:
                report.add(
                    BROKEN,
                    f"the checkpoints before size {checkpoint.size} are missing from the "
                    "published files.",
                )
            elif (
                not full
                and start is not None
                and checkpoint.size > start.size
                and checkpoint.prev != start.digest
            ):
                report.add(
                    BROKEN,
                    f"a published checkpoint between sizes {start.size} and "
                    f"{checkpoint.size} is missing.",
                )
        else:
            if checkpoint.prev != previous.digest and checkpoint.digest != previous.digest:
                report.add(
                    BROKEN,
                    f"a published checkpoint between sizes {previous.size} and "
                    f"{checkpoint.size} is missing (the one of size {checkpoint.size} refers to "
                    "a checkpoint that is not there).",
                )
            if checkpoint.time < previous.time:
                report.add(
                    WARNING,
                    f"a clock went back: the checkpoint of size {checkpoint.size} is dated "
                    f"{_when(checkpoint.time)}, before the one of size {previous.size} "
                    f"({_when(previous.time)}).",
                )
        previous = checkpoint


def _rows(session: Session, from_seq: int) -> Iterator[Any]:
    """Leaves from ``from_seq`` on with their entries, streamed through the driver's cursor."""
    dialect = session.get_bind().dialect.name
    sql = (
        "SELECT l.seq, l.entry_id, l.gap_first, l.gap_last, l.hash, "  # noqa: S608 - fixed names
        f"{raw.entry_columns(dialect)} FROM access_log_leaf l "
        "LEFT JOIN access_log e ON e.id = l.entry_id WHERE l.seq >= %s ORDER BY l.seq"
    )
    return raw.rows(session, sql, (from_seq,), STREAM)


class _Walk:
    """Recomputes leaves from entries and folds them on, checking each checkpoint on the way."""

    def __init__(
        self,
        settings: LogSettings,
        report: Report,
        base: int,
        frontier: list[bytes],
        checkpoints: list[Checkpoint],
        latest_time: datetime | None,
        full: bool,
    ) -> None:
        self.settings = settings
        self.report = report
        self.builder = merkle.Builder(base, frontier)
        self.due = [c for c in checkpoints if c.size > base]
        # Leaves a signed checkpoint covers carry the sequencer's MAC verdict; the MACs are
        # recomputed for the rest (and for everything on a full walk).
        self.signed_until = checkpoints[-1].size if checkpoints else 0
        self.full = full
        self.expected_id: int | None = None
        self.first_id: int | None = None
        self.last_id: int | None = None
        self.entries = 0
        self.macs: set[int] = set()
        self.latest_text = keyed.time_text(latest_time) if latest_time else ""
        self.limit_problems = 50
        self._due_limit = self._limit_for_due()

    @property
    def latest_time(self) -> datetime | None:
        return (
            datetime.fromisoformat(self.latest_text).replace(tzinfo=UTC)
            if self.latest_text
            else None
        )

    def _limit_for_due(self) -> str:
        return keyed.time_text(self.due[0].time + CLOCK_TOLERANCE) if self.due else "9999"

    def _problem(self, severity: str, text: str) -> None:
        if self.limit_problems > 0:
            self.report.add(severity, text)
        elif self.limit_problems == 0:
            self.report.add(severity, "more problems follow; the list stops here.")
        self.limit_problems -= 1

    def run(self, rows: Iterator[Any]) -> None:
        """Every leaf, with the common case (an entry in order, unchanged, under a signed
        checkpoint) inline: a million of them is the point of this loop. Anything else goes
        through ``leaf``, which knows every check."""
        sha256 = hashlib.sha256
        encode, version = keyed.ENCODE, keyed.VERSION
        builder = self.builder
        stack = builder.stack
        checked = 0
        for row in rows:
            seq, entry_id = row[0], row[1]
            if (
                entry_id is None
                or row[5] is None
                or entry_id != self.expected_id
                or seq != builder.size
                or self.full
                or seq >= self.signed_until
                or self.first_id is None
            ):
                self.leaf(row)
                continue
            values = row[6:-1]
            occurred = values[0]
            data = "".join(encode([version, *values], 0)).encode()
            digest = sha256(b"\x00entry:%d:%s:%s" % (entry_id, data, row[-1].encode())).digest()
            if digest != bytes(row[4]) or occurred < self.latest_text or occurred > self._due_limit:
                self.leaf(row)
                continue
            self.latest_text = occurred
            self.expected_id = entry_id + 1
            self.last_id = entry_id
            self.entries += 1
            checked += 1
            index, current = builder.size, digest
            while index & 1:
                current = sha256(b"\x01" + stack.pop() + current).digest()
                index >>= 1
            stack.append(current)
            builder.size += 1
            if self.due and self.due[0].size == builder.size:
                self._checkpoints()
        self.report.leaves_checked += checked

    def leaf(self, row: Any) -> None:
        seq, entry_id, gap_first, gap_last, stored = row[:5]
        stored = bytes(stored)
        if seq != self.builder.size:
            self._problem(BROKEN, f"leaf {self.builder.size} of the tree is missing.")
            self.builder.size = seq  # keep walking; the roots will not match anyway
        if entry_id is not None:
            digest = self._entry(seq, entry_id, row, stored)
        else:
            digest = self._gap(seq, gap_first, gap_last)
        if digest != stored:
            self._problem(
                BROKEN, f"leaf {seq} no longer matches what it was made from (changed afterwards)."
            )
        self.builder.append(digest)
        self.report.leaves_checked += 1
        if self.due and self.due[0].size == self.builder.size:
            self._checkpoints()

    def _entry(self, seq: int, entry_id: int, row: Any, stored: bytes) -> bytes:
        if self.expected_id is not None and entry_id != self.expected_id:
            self._problem(
                BROKEN, f"the tree skips from id {self.expected_id} to {entry_id} at leaf {seq}."
            )
        self.expected_id = entry_id + 1
        if self.first_id is None:
            self.first_id = entry_id
        self.last_id = entry_id
        entry_mac = row[-1]
        if row[5] is None or entry_mac is None:
            self._problem(BROKEN, f"entry {entry_id} (leaf {seq}) was removed from the log.")
            return stored
        self.entries += 1
        values = row[6:-1]
        data = keyed.canonical(values)
        digest = merkle.leaf_hash(keyed.entry_leaf(entry_id, data, entry_mac))
        if (
            digest != stored
            and merkle.leaf_hash(keyed.entry_leaf(entry_id, data, entry_mac, mac_ok=False))
            == stored
        ):
            self._problem(
                BROKEN,
                f"entry {entry_id} was changed before it was sequenced (or forged): the "
                "sequencer found that its MAC did not match.",
            )
            digest = stored
        if (self.full or seq >= self.signed_until) and keyed.mac(
            self.settings.key, data
        ) != entry_mac:
            self._problem(
                BROKEN, f"entry {entry_id} was changed: its MAC does not match its content."
            )
        if self.full:
            short = int(entry_mac[:16], 16)
            if short in self.macs:
                self._problem(BROKEN, f"entry {entry_id} is a copy of an earlier entry.")
            self.macs.add(short)
        occurred = values[0]
        if occurred < self.latest_text or occurred > self._due_limit:
            self._clock(entry_id, occurred)
        else:
            self.latest_text = occurred
        return digest

    def _gap(self, seq: int, first: int | None, last: int | None) -> bytes:
        if first is None or last is None:
            self._problem(BROKEN, f"leaf {seq} names neither an entry nor a gap.")
            return b""
        if self.expected_id is not None and first != self.expected_id:
            self._problem(BROKEN, f"the tree skips from id {self.expected_id} to {first}.")
        self.expected_id = last + 1
        self._problem(
            WARNING,
            f"entries {first}–{last} never reached the log: rolled back, lost in a database "
            "crash, or removed before they were sequenced.",
        )
        return merkle.leaf_hash(keyed.gap_leaf(first, last))

    def _clock(self, entry_id: int, text: str) -> None:
        occurred = datetime.fromisoformat(text).replace(tzinfo=UTC)
        latest = self.latest_time
        if latest is not None and occurred < latest - CLOCK_TOLERANCE:
            self._problem(
                WARNING,
                f"a clock went back: entry {entry_id} is dated {_when(occurred)}, "
                f"{latest - occurred} before an earlier entry.",
            )
        if self.due and text > self._due_limit:
            self._problem(
                WARNING,
                f"entry {entry_id} is dated {_when(occurred)}, after the checkpoint that holds it "
                f"({_when(self.due[0].time)}): a clock was ahead, or went back.",
            )
        if text > self.latest_text:
            self.latest_text = text

    def _checkpoints(self) -> None:
        while self.due and self.due[0].size == self.builder.size:
            checkpoint = self.due.pop(0)
            self.report.checkpoints_checked += 1
            if self.builder.root() != checkpoint.root:
                self._problem(
                    BROKEN,
                    f"the log no longer matches the checkpoint of size {checkpoint.size} signed "
                    f"{_when(checkpoint.time)}: entries up to it were changed, removed, added or "
                    "re-ordered.",
                )
        self._due_limit = self._limit_for_due()


def verify(session: Session, settings: LogSettings, *, full: bool = False) -> Report:
    report = Report(full=full)
    start = None if full else Verified.load(settings.verified_state)
    checkpoints = published(settings, report, start.time - timedelta(days=1) if start else None)
    if start is not None and not any(c.digest == start.digest for c in checkpoints):
        report.add(
            BROKEN,
            f"the checkpoint verified last time (size {start.size}, {_when(start.time)}) is "
            "missing from the published files.",
        )
        report.full = full = True
        start = None
        checkpoints = published(settings, Report(), None)
    _check_chain(checkpoints, report, start, full)
    _compare_with_database(session, checkpoints, report, start)

    base = start.size if start else 0
    frontier: list[bytes] = []
    if base:
        assert start is not None
        try:
            frontier = tree.frontier(session, base)
        except tree.MissingNode:
            frontier = []
        if merkle.fold(frontier) != start.root:
            report.add(
                BROKEN,
                f"the tree stored in the database no longer matches the checkpoint of size {base} "
                "verified last time: it was rebuilt. Walking the whole log.",
            )
            base, frontier, start = 0, [], None
            report.full = True
    report.from_size = base
    walk = _Walk(
        settings,
        report,
        base,
        frontier,
        checkpoints,
        start.latest_entry_time if start else None,
        report.full,
    )
    if base and start is not None:
        walk.expected_id = session.scalar(
            select(AccessLogLeaf.entry_id).where(AccessLogLeaf.seq == base - 1)
        )
        if walk.expected_id is None:
            last_gap = session.scalar(
                select(AccessLogLeaf.gap_last).where(AccessLogLeaf.seq == base - 1)
            )
            walk.expected_id = last_gap
        walk.expected_id = None if walk.expected_id is None else walk.expected_id + 1
    walk.run(_rows(session, base))
    report.to_size = walk.builder.size
    for checkpoint in walk.due:
        report.add(
            BROKEN,
            f"a checkpoint of size {checkpoint.size} was published ({_when(checkpoint.time)}) "
            f"but the database's tree has only {walk.builder.size} leaves: leaves were removed.",
        )
    _entries_outside_the_tree(session, walk, report)
    _unsequenced(session, settings, walk, report)
    if checkpoints:
        report.latest = checkpoints[-1]
    if not report.broken and report.latest is not None and report.latest.size <= walk.builder.size:
        Verified(
            size=report.latest.size,
            root=report.latest.root,
            digest=report.latest.digest,
            time=report.latest.time,
            latest_entry_time=walk.latest_time,
        ).save(settings.verified_state)
    return report


def _compare_with_database(
    session: Session, checkpoints: list[Checkpoint], report: Report, start: Verified | None
) -> None:
    """Checkpoints the database says it published must be among the published ones."""
    sizes = {c.size: c for c in checkpoints}
    stmt = select(AccessLogCheckpoint.size, AccessLogCheckpoint.root).where(
        AccessLogCheckpoint.published_at.is_not(None)
    )
    if start is not None:
        stmt = stmt.where(AccessLogCheckpoint.size > start.size)
    missing = []
    for size, root in session.execute(stmt):
        if size not in sizes:
            missing.append(size)
        elif sizes[size].root != bytes(root):
            report.add(
                BROKEN, f"the database's copy of checkpoint {size} differs from the published one."
            )
    if missing:
        report.add(
            BROKEN,
            f"{len(missing)} published checkpoint(s) are missing from the published files "
            f"(sizes {', '.join(str(s) for s in sorted(missing)[:5])}"
            f"{', …' if len(missing) > 5 else ''}).",
        )


def _entries_outside_the_tree(session: Session, walk: _Walk, report: Report) -> None:
    """Rows in the id range the tree covers that the tree does not hold (put in afterwards)."""
    if walk.first_id is None or walk.last_id is None:
        return
    count = session.scalar(
        select(func.count())
        .select_from(ENTRY)
        .where(ENTRY.c.id >= walk.first_id, ENTRY.c.id <= walk.last_id)
    )
    if count is not None and count > walk.entries:
        report.add(
            BROKEN,
            f"{count - walk.entries} entries between ids {walk.first_id} and {walk.last_id} are "
            "not in the tree: they were put in after their place was sequenced.",
        )


def _unsequenced(session: Session, settings: LogSettings, walk: _Walk, report: Report) -> None:
    state = session.get(AccessLogTree, 1)
    after = (
        walk.expected_id
        if walk.expected_id is not None
        else (state.next_entry_id if state else None)
    )
    stmt = select(ENTRY.c.id, *(ENTRY.c[name] for name in keyed.FIELDS), ENTRY.c.mac)
    if after is not None:
        stmt = stmt.where(ENTRY.c.id >= after)
    elif walk.builder.size:
        return
    rows = session.execute(stmt.order_by(ENTRY.c.id).limit(100_000)).all()
    report.unsequenced = len(rows)
    changed = [r[0] for r in rows if keyed.mac(settings.key, keyed.canonical(r[1:-1])) != r[-1]]
    if changed:
        report.add(
            BROKEN,
            f"{len(changed)} entries not yet sequenced were changed (e.g. entry {changed[0]}): "
            "their MAC does not match.",
        )
    if rows:
        oldest = min(r[1] for r in rows)
        behind = utcnow() - oldest
        if behind > timedelta(seconds=10 * settings.interval + settings.gap_seconds + 60):
            report.add(
                WARNING,
                f"the sequencer is behind: {len(rows)} entries wait, the oldest since "
                f"{_when(oldest)}.",
            )
