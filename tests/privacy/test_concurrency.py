"""An export asked for twice at the same moment, and a link used twice at the same moment:
exactly one wins, the other gets a clear answer. Real threads with real commits on separate
connections (PostgreSQL when the suite runs there), on a database of its own."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from jimnet.accounts.models import User
from jimnet.db import Base, configure_sqlite, utcnow
from jimnet.models import import_all
from jimnet.organisations.models import Organisation
from jimnet.privacy import services
from jimnet.privacy.models import DataExport
from jimnet.youth.models import Youth
from tests.conftest import database_url


@pytest.fixture
def engine(tmp_path):
    import_all()
    url = database_url(tmp_path, suffix="_privacy")
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    configure_sqlite(engine)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _world(engine):
    with Session(engine, expire_on_commit=False) as s, s.begin():
        org = Organisation(name="Org")
        s.add(org)
        s.flush()
        user = User(email="noa@example.test", name="Noa Visser")
        youth = Youth(
            organisation_id=org.id,
            first_name="Noa",
            last_name="Visser",
            date_of_birth=date(2011, 3, 1),
        )
        s.add_all([user, youth])
        s.flush()
        youth.organisation  # noqa: B018 - loaded for use in other threads
    return user, youth


def _race(app, engine, work):
    barrier = threading.Barrier(2)
    results: list[str] = []
    lock = threading.Lock()

    def run() -> None:
        with app.app_context(), Session(engine, expire_on_commit=False) as session:
            barrier.wait()
            try:
                work(session)
                session.commit()
                outcome = "won"
            except services.ExportError as error:
                session.rollback()
                outcome = error.code
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return sorted(results)


def test_asked_twice_at_once_builds_one_export(app, engine):
    user, youth = _world(engine)

    def ask(session):
        services.request_export(session, user, youth, "youth", utcnow(), locale="nl")

    assert _race(app, engine, ask) == ["open", "won"]
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(DataExport)) == 1


def test_a_link_used_twice_at_once_hands_the_data_out_once(app, engine):
    user, youth = _world(engine)
    with app.app_context(), Session(engine, expire_on_commit=False) as s:
        row = services.request_export(s, user, youth, "youth", utcnow(), locale="nl")
        s.commit()
    taken: list[str] = []

    def take(session):
        mine = session.get(DataExport, row.id)
        download = services.take(session, user, mine, services.Format.JSON, utcnow())
        taken.append(download.content)

    assert _race(app, engine, take) == ["used", "won"]
    assert len(taken) == 1 and '"jimnet-export/1"' in taken[0]
