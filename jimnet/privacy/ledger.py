"""The erasure ledger outside the database: one line per carried-out erasure, appended and
synced, so that it survives the restore of a backup made before the erasure; ``flask erasure
reapply`` reads it and erases again whatever the restore brought back.

A line names the youth only by her keyed pseudonym (``JIMNET_PSEUDONYM_KEY``, also outside the
database), never by name.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LedgerLine:
    request_id: int | None
    pseudonym: str
    scope: str
    executed_at: str


def append(path: Path, line: LedgerLine) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(line.__dict__, sort_keys=True) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path) -> Iterator[LedgerLine]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            raw = raw.strip()
            if not raw:
                continue
            try:
                data = json.loads(raw)
                yield LedgerLine(
                    data.get("request_id"), data["pseudonym"], data["scope"], data["executed_at"]
                )
            except (ValueError, KeyError, TypeError):
                continue  # a torn last line of a crash: the erasure itself was never committed
