"""A second app on a database of its own, with real commits and one session per request, for
requests that truly race in threads (the suite's own app shares one SAVEPOINT-ed session).

On SQLite every request takes the write lock at its first statement (``BEGIN IMMEDIATE``), so
requests run one after the other and cannot interleave: the threaded tests run on PostgreSQL
(``JIMNET_TEST_BACKEND=postgresql``) and say so when skipped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask

from jimnet import create_app
from jimnet.config import _engine_options
from jimnet.extensions import db
from tests.conftest import TEST_CONFIG, database_url, on_postgresql
from tests.factories import Factory
from tests.helpers import Client
from tests.network.conftest import NetworkFactory

needs_postgresql = pytest.mark.skipif(
    not on_postgresql(),
    reason="SQLite serialises requests (BEGIN IMMEDIATE): races need PostgreSQL",
)


@pytest.fixture
def live(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """An app whose requests commit for real, each in its own session (thread-safe)."""
    url = database_url(tmp_path, suffix="_races")
    application = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": url,
            # Production's engine options (pool_pre_ping among them): the fault tests rely on them.
            "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(url),
            "JIMNET_MODELS_DIR": str(tmp_path / "models"),
        }
    )
    # The suite's session is one scoped session for every thread; here each app context (each
    # request, each thread) gets its own, as in production.
    monkeypatch.setattr(db, "session", db._make_scoped_session({"expire_on_commit": False}))
    with application.app_context():
        db.create_all()
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def live_make(live: Flask) -> Factory:
    return Factory(live)


@pytest.fixture
def live_net(live: Flask) -> NetworkFactory:
    return NetworkFactory(live)


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run each call in a thread of its own; their results in order, or the first error."""
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            results[index] = call()
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def clients(live: Flask, user: Any, n: int = 2) -> list[Client]:
    return [Client(live).login(user) for _ in range(n)]


@pytest.fixture
def net(app: Flask) -> NetworkFactory:
    return NetworkFactory(app)
