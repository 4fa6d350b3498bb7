"""Real concurrency, on a database of its own (real commits on separate connections, not the
per-test SAVEPOINT): writers never wait for each other or for the sequencer, two sequencers at
once produce exactly one sequence, and a sequencer killed halfway leaves nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from jimnet.access.log import append
from jimnet.access.models import AccessLogEntry, AccessLogLeaf
from jimnet.access.sequencer import sequence
from jimnet.access.settings import LogSettings
from jimnet.access.verify import verify
from jimnet.db import Base, configure_sqlite, utcnow
from jimnet.models import import_all
from tests.conftest import database_url

WRITERS = 4
APPENDS = 40
KEY = "concurrency-log-key"


def _entry(writer: int, n: int) -> dict:
    return {
        "occurred_at": utcnow(),
        "actor_user_id": writer,
        "actor_role": "professional",
        "actor_organisation_id": 1,
        "on_behalf_of_user_id": None,
        "youth_pseudonym": None,
        "subjects": None,
        "action": "view",
        "object_type": "youth",
        "object_id": str(n),
        "outcome": "allowed",
        "ip": "127.0.0.1",
        "request_id": f"w{writer}-{n}",
        "route": "/test",
    }


def _settings(root: Path) -> LogSettings:
    return LogSettings.from_config(
        {
            "JIMNET_LOG_KEY": KEY,
            "JIMNET_LOG_SIGNING_KEY": "44" * 32,
            "JIMNET_LOG_ORIGIN": "jimnet.test/access-log",
            "JIMNET_LOG_CHECKPOINTS": str(root / "checkpoints"),
            "JIMNET_LOG_VERIFIED": str(root / "verified.json"),
            "JIMNET_LOG_GAP_SECONDS": 2,
        }
    )


@pytest.fixture
def engine(tmp_path):
    import_all()
    url = database_url(tmp_path, suffix="_seq")
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    configure_sqlite(engine)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _run_threads(targets) -> list[BaseException]:
    errors: list[BaseException] = []
    start = threading.Barrier(len(targets))

    def wrapped(target):
        try:
            start.wait()
            target()
        except BaseException as error:  # reported by the caller's assertion
            errors.append(error)

    threads = [threading.Thread(target=wrapped, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_writers_and_two_sequencers_at_once_make_exactly_one_sequence(engine, tmp_path):
    settings = _settings(tmp_path)
    outcomes: list[str] = []
    writing = threading.Event()

    def writer(index: int):
        def run():
            for n in range(APPENDS):
                with Session(engine) as session, session.begin():
                    append(session, KEY.encode(), [_entry(index, n)])

        return run

    def sequencer():
        while not writing.is_set():
            with Session(engine) as session:
                result = sequence(session, settings)
                outcomes.append("busy" if result.busy else "ran")

    def writers_then_stop():
        inner = _run_threads([writer(i) for i in range(WRITERS)])
        writing.set()
        if inner:
            raise inner[0]

    errors = _run_threads([writers_then_stop, sequencer, sequencer])
    assert errors == []
    assert "ran" in outcomes
    with Session(engine) as session:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            result = sequence(session, settings)
            if not result.sequenced and not result.waiting_for_gap:
                break
            if result.waiting_for_gap:
                time.sleep(0.5)  # an id is still missing: the sequencer waits, bounded
        entries = session.scalar(select(func.count()).select_from(AccessLogEntry))
        leaves = session.scalars(select(AccessLogLeaf.entry_id).order_by(AccessLogLeaf.seq)).all()
        assert entries == WRITERS * APPENDS
        # Every entry exactly once, in id order: one sequence, no fork, no duplicate.
        assert leaves == sorted(session.scalars(select(AccessLogEntry.id)).all())
        report = verify(session, settings, full=True)
        assert report.ok, report.findings
        assert report.checkpoints_checked >= 1


KILLER = textwrap.dedent(
    """
    import os, signal, sys, time
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from jimnet.access import sequencer
    from jimnet.db import configure_sqlite
    from tests.access.test_concurrency import _settings
    from pathlib import Path

    engine = create_engine(sys.argv[1])
    configure_sqlite(engine)
    flush = sequencer._Batch.flush
    def flush_then_die(self, session):
        flush(self, session)  # rows written, transaction not committed
        os.kill(os.getpid(), signal.SIGKILL)
    sequencer._Batch.flush = flush_then_die
    sequencer.BATCH = 7
    settings = _settings(Path(sys.argv[2]))
    with Session(engine) as session:
        if sequencer.sequence(session, settings).waiting_for_gap:  # PostgreSQL: wait at the start
            time.sleep(2.1)
            sequencer.sequence(session, settings)
    """
)


def test_a_sequencer_killed_halfway_leaves_nothing_behind(engine, tmp_path):
    settings = _settings(tmp_path)
    with Session(engine) as session, session.begin():
        append(session, KEY.encode(), [_entry(1, n) for n in range(20)])
    url = engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", KILLER, url, str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ},
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(AccessLogLeaf)) == 0
        result = sequence(session, settings)
        assert result.sequenced == 20 and not result.gaps
        report = verify(session, settings, full=True)
        assert report.ok, report.findings
