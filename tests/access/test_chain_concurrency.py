"""Concurrent requests append to the access log one after the other: the chain never forks.

This needs real commits on separate connections, so it uses a database of its own instead of the
per-test SAVEPOINT.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from jimnet.access import chain
from jimnet.access.models import AccessLogEntry
from jimnet.db import Base, configure_sqlite, utcnow
from jimnet.models import import_all
from tests.conftest import database_url

WRITERS = 4
APPENDS = 25


def _entry(writer: int, n: int) -> dict:
    return {
        "occurred_at": utcnow(),
        "actor_user_id": writer,
        "actor_role": "professional",
        "actor_organisation_id": None,
        "on_behalf_of_user_id": None,
        "youth_pseudonym": None,
        "action": "view",
        "object_type": "youth",
        "object_id": str(n),
        "outcome": "allowed",
        "ip": "127.0.0.1",
        "request_id": f"w{writer}-{n}",
        "route": "/test",
    }


@pytest.fixture
def engine(tmp_path):
    import_all()
    url = database_url(tmp_path, suffix="_chain")
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    configure_sqlite(engine)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def test_concurrent_appends_keep_one_linear_chain(engine):
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(index: int) -> None:
        try:
            start.wait()
            for n in range(APPENDS):
                with Session(engine) as session, session.begin():
                    chain.append(session, [_entry(index, n)])
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(AccessLogEntry)) == WRITERS * APPENDS
        report = chain.verify(session)
        assert report.ok, report
        assert report.checked == WRITERS * APPENDS
