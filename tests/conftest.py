"""Test fixtures: one database per test session (SQLite, or PostgreSQL when asked), a SAVEPOINT
per test that is rolled back afterwards, factories, logged-in clients and a query counter.

Set ``JIMNET_TEST_BACKEND=postgresql`` with ``JIMNET_TEST_DATABASE_URL`` to run every database
test on PostgreSQL; each xdist worker gets a database of its own.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from jimnet import create_app
from jimnet.extensions import db, limiter
from tests import clock
from tests.factories import Factory
from tests.helpers import Client, QueryCounter

# Browser fixtures are a plugin so that there is one live server and one browser per worker.
pytest_plugins = ["tests.browser.fixtures"]

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-for-production",
    "JIMNET_PSEUDONYM_KEY": "test-pseudonym-key",
    "JIMNET_LOG_KEY": "test-log-key",
    "JIMNET_LOG_SIGNING_KEY": "11" * 32,
    # Tests run the access-log sequencer themselves (tests/access/), with a directory each.
    "JIMNET_LOG_SEQUENCER": "off",
    # Each test rolls its links back; a worker's memory of them would outlive that.
    "JIMNET_LOG_LINK_CACHE_SECONDS": 0,
    # The test client speaks plain http; a test of the production headers sets this back.
    "SESSION_COOKIE_SECURE": False,
    "WTF_CSRF_SSL_STRICT": False,
    "RATELIMIT_STORAGE_URI": "memory://",
    "JIMNET_MAIL_BACKEND": "console",
}


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def database_url(tmp_root: Path, suffix: str = "") -> str:
    """A fresh, empty database for this worker: SQLite file, or a PostgreSQL database."""
    if os.environ.get("JIMNET_TEST_BACKEND") == "postgresql":
        base = os.environ["JIMNET_TEST_DATABASE_URL"]
        url = sa.make_url(base)
        name = f"{url.database}_{_worker()}{suffix}".lower()
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        return url.set(database=name).render_as_string(hide_password=False)
    return f"sqlite:///{tmp_root / f'test{suffix}.sqlite'}"


def on_postgresql() -> bool:
    return os.environ.get("JIMNET_TEST_BACKEND") == "postgresql"


# No timed tests: whether drawing an example is "too slow" or a test outlasts a deadline depends on
# the machine's load (2 cores shared by many), not on the code.
settings.register_profile("jimnet", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("jimnet")

_suite_travel = time_machine.travel(clock.instant(), tick=True)


def pytest_configure(config: pytest.Config) -> None:
    """From collection on (test modules that compute a date when imported), through the session
    and module fixtures, the whole run lives at the chosen instant."""
    _suite_travel.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    _suite_travel.stop()


@pytest.fixture(autouse=True)
def _clock() -> Iterator[None]:
    """Every test starts at the chosen instant (tests/clock.py), whatever the wall clock says."""
    with time_machine.travel(clock.instant(), tick=True):
        yield


def pytest_report_header() -> str:
    return f"jimnet test instant: {clock.instant().isoformat()} (set {clock.ENV} to choose)"


class BufferedClient(FlaskClient):
    """Reads each response whole and closes it, as a WSGI server does after sending it, so that
    what runs after the response (``call_on_close``: mail, jimnet.jobs) has run when a test
    looks."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    root = tmp_path_factory.mktemp("db")
    url = database_url(root)
    application = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": url,
            "SQLALCHEMY_ENGINE_OPTIONS": {},
            # Never the repository's models/: a test that trains writes here.
            "JIMNET_MODELS_DIR": str(root / "models"),
            # Never the repository's instance/: a test that erases writes its ledger here.
            "JIMNET_ERASURE_LEDGER": str(root / "erasure-ledger.jsonl"),
        }
    )
    application.test_client_class = BufferedClient
    with application.app_context():
        db.create_all()
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _database(app: Flask) -> Iterator[None]:
    """Every test runs inside one outer transaction that is rolled back at its end.

    The app's commits release SAVEPOINTs inside it. One session serves the test and its requests
    (expire_on_commit off), so the objects a test made stay readable after a request.
    """
    with app.app_context():
        connection = db.engine.connect()
        outer = connection.begin()
    original = db.session
    factory = sessionmaker(
        bind=connection,
        join_transaction_mode="create_savepoint",
        expire_on_commit=False,
        class_=Session,
    )
    db.session = scoped_session(factory, scopefunc=lambda: 0)  # type: ignore[assignment]
    try:
        yield
    finally:
        db.session.remove()
        db.session = original
        outer.rollback()
        connection.close()


@pytest.fixture(autouse=True)
def _isolation(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No real mail, fresh rate limits and an empty outbox for every test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a test tried to send real mail")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    with app.app_context():
        limiter.reset()
    app.extensions.pop("jimnet_outbox", None)
    yield


@pytest.fixture
def make(app: Flask) -> Factory:
    return Factory(app)


@pytest.fixture
def client(app: Flask) -> Client:
    return Client(app)


@pytest.fixture
def client_factory(app: Flask) -> Any:
    """For tests that need several people logged in at once."""
    return lambda: Client(app)


@pytest.fixture
def count_queries(app: Flask) -> QueryCounter:
    with app.app_context():
        return QueryCounter(db.engine)
