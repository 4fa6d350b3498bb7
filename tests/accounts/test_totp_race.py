"""Two logins race with the same TOTP code: exactly one gets in.

Real threads with real commits on separate connections (PostgreSQL when the suite runs there,
where the race is real; SQLite serialises writers and passes either way), so the app's session
is pointed at a database of its own for the length of the test instead of the per-test
SAVEPOINT. Everything a request writes (its session row, its access-log entries) goes through
that thread's own session.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pyotp
import pytest
import time_machine
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, scoped_session, sessionmaker

from jimnet.accounts.models import Membership, User
from jimnet.accounts.passwords import hash_password
from jimnet.accounts.roles import StaffRole
from jimnet.db import Base, configure_sqlite
from jimnet.extensions import db
from jimnet.models import import_all
from jimnet.organisations.models import Organisation
from tests.conftest import database_url
from tests.factories import TEST_PASSWORD
from tests.helpers import Client

ROUNDS = 3


@pytest.fixture
def own_database(tmp_path):
    import_all()
    url = database_url(tmp_path, suffix="_totp")
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    configure_sqlite(engine)
    Base.metadata.create_all(engine)
    test_session = db.session
    # One session per thread, as Flask-SQLAlchemy gives one per request.
    db.session = scoped_session(sessionmaker(bind=engine, expire_on_commit=False))  # type: ignore[assignment]
    try:
        yield engine
    finally:
        db.session.remove()
        db.session = test_session
        engine.dispose()


def _staff(engine, n: int) -> tuple[int, str]:
    secret = pyotp.random_base32()
    with Session(engine) as s, s.begin():
        org = Organisation(name=f"Org {n}")
        user = User(
            email=f"racer{n}@example.test",
            name="Racer",
            password_hash=hash_password(TEST_PASSWORD),
            totp_secret=secret,
        )
        s.add_all([org, user])
        s.flush()
        s.add(Membership(user_id=user.id, organisation_id=org.id, role=StaffRole.PROFESSIONAL))
        user_id = user.id
    return user_id, secret


def _pending(app, email: str) -> tuple[Client, str]:
    """A visitor who passed the password step and now holds the code page's form."""
    client = Client(app)
    token = client.csrf_token("/inloggen")
    response = client.post(
        "/inloggen", data={"csrf_token": token, "email": email, "password": TEST_PASSWORD}
    )
    assert response.headers["Location"].endswith("/inloggen/code")
    return client, client.csrf_token("/inloggen/code")


def _race(visitors: list[tuple[Client, str]], code: str) -> list[int]:
    start = threading.Barrier(len(visitors))
    statuses: list[int] = []
    errors: list[BaseException] = []

    def submit(client: Client, token: str) -> None:
        try:
            start.wait()
            response = client.post("/inloggen/code", data={"csrf_token": token, "code": code})
            statuses.append(response.status_code)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=submit, args=v) for v in visitors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return sorted(statuses)


def test_two_logins_racing_with_one_code_let_exactly_one_in(app, own_database):
    instant = datetime(2026, 12, 2, 10, 0, 15, tzinfo=UTC)
    for n in range(ROUNDS):
        user_id, secret = _staff(own_database, n)
        with time_machine.travel(instant, tick=False):
            visitors = [_pending(app, f"racer{n}@example.test") for _ in range(2)]
            statuses = _race(visitors, pyotp.TOTP(secret).now())
        # 302: logged in; 200: the code page again, "already used".
        assert statuses == [200, 302], f"round {n}"
        with Session(own_database) as s:
            step = s.scalar(select(User.totp_last_step).where(User.id == user_id))
        assert step == int(instant.timestamp()) // 30
