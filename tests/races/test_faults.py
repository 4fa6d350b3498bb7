"""Faults: a clear answer, nothing half-written, and the next request works without a restart.

- the database connection dropped in the middle of a request (``pg_terminate_backend``);
- the access-log write failing: the business write is rolled back with it;
- SQLite's disk full (``PRAGMA max_page_count``): 507, nothing stored.

Redis down and SMTP down are the authentication engineer's (docs/operations.md lists all).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import sqlalchemy as sa
from flask import request
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from jimnet.access import log as access_log
from jimnet.access.models import AccessLogEntry
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.network import services
from jimnet.network.models import NetworkMember
from tests.conftest import on_postgresql
from tests.races.conftest import clients, needs_postgresql

NEW = {"display_name": "Ali", "relation": "friend", "ring": 2}


def _count(app: Any, model: Any, **where: Any) -> int:
    with app.app_context():
        stmt = select(func.count()).select_from(model)
        for key, value in where.items():
            stmt = stmt.where(getattr(model, key) == value)
        return int(db.session.scalar(stmt) or 0)


# --- the connection dropped mid-request ---------------------------------------------------------


@needs_postgresql
def test_a_connection_killed_mid_request_answers_503_and_the_next_request_works(
    live: Any, live_make: Any, live_net: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    pro = live_make.user(StaffRole.PROFESSIONAL)
    youth = live_make.youth(professionals=[pro])
    member = live_net.member(youth, "Sam", ring=3)
    original = services.update_member

    def killed(session: Any, *args: Any, **kwargs: Any) -> Any:
        # The server ends this request's connection (a restart, a failover, an admin).
        session.execute(sa.text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return original(session, *args, **kwargs)

    with live.app_context():
        before = _count(live, AccessLogEntry)
    monkeypatch.setattr(services, "update_member", killed)
    client, other = clients(live, pro)
    url = f"/jongeren/{youth.id}/netwerk/personen/{member.id}"
    page = client.form(
        url, {**NEW, "display_name": "Samuel", "quality": "positive", "version": "1"}
    )
    assert page.status_code == 503
    assert "De database was even niet bereikbaar" in page.get_data(as_text=True)
    assert page.headers["Retry-After"] == "60"
    api = f"/api/v1/youth/{youth.id}/network/members/{member.id}"
    problem = other.api("PATCH", api, json={"version": 1, "ring": 1})
    assert problem.status_code == 503 and problem.mimetype == "application/problem+json"
    monkeypatch.setattr(services, "update_member", original)
    # Every pooled connection dies (the server restarted): pool_pre_ping replaces them.
    admin = sa.create_engine(live.config["SQLALCHEMY_DATABASE_URI"])
    with admin.connect() as conn:
        name = conn.scalar(sa.text("SELECT current_database()"))
        conn.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
    admin.dispose()
    assert client.get(url).status_code == 200
    assert client.form(url, {**NEW, "quality": "positive", "version": "1"}).status_code == 302
    with live.app_context():
        saved = db.session.get(NetworkMember, member.id)
        assert (saved.display_name, saved.version) == ("Ali", 2)
        assert _count(live, AccessLogEntry) > before


# --- the access log cannot be written -----------------------------------------------------------


@pytest.fixture
def log_write_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing the access log fails for every change (reading pages still logs fine, so that
    the test client can fetch its CSRF tokens)."""
    original = access_log.write

    def fail(*args: Any, **kwargs: Any) -> None:
        if request.method != "GET":
            raise OperationalError("INSERT INTO access_log_entry …", {}, Exception("I/O error"))
        original(*args, **kwargs)

    monkeypatch.setattr(access_log, "write", fail)


def test_when_the_access_log_cannot_be_written_the_change_is_not_kept(
    app: Any, make: Any, net: Any, client: Any, log_write_fails: None
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    member = net.member(youth, "Sam", ring=3)
    client.login(pro)
    api = f"/api/v1/youth/{youth.id}/network/members"
    response = client.api("PATCH", f"{api}/{member.id}", json={"version": 1, "ring": 1})
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert "Er is niets opgeslagen" in response.json["detail"]
    assert client.api("POST", api, json=NEW).status_code == 500
    page = client.form(
        f"/jongeren/{youth.id}/netwerk/personen/{member.id}/verplaatsen",
        {"ring": "4", "version": "1"},
    )
    assert page.status_code == 500
    assert "Er is niets opgeslagen" in page.get_data(as_text=True)
    with app.app_context():
        saved = db.session.get(NetworkMember, member.id)
        assert (saved.ring, saved.version) == (3, 1)
    assert _count(app, NetworkMember, youth_id=youth.id) == 1


# --- SQLite: the disk is full -------------------------------------------------------------------


@contextmanager
def full_disk(app: Any) -> Iterator[None]:
    """No page may be added to the database file: what a full disk does to SQLite."""
    with app.app_context():
        conn = db.session.connection()
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        conn.exec_driver_sql(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        with app.app_context():
            db.session.connection().exec_driver_sql("PRAGMA max_page_count = 1073741823")


@pytest.mark.skipif(on_postgresql(), reason="PRAGMA max_page_count is SQLite's")
def test_a_full_disk_answers_507_and_stores_nothing(
    app: Any, make: Any, net: Any, client: Any
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    net.member(youth, "Sam", ring=3)
    client.login(pro)
    api = f"/api/v1/youth/{youth.id}/network/members"
    token = client.csrf_token("/account/")
    # An import of 300 people: far more than the pages the file has free.
    doc = {
        "directed": False,
        "multigraph": False,
        "graph": {},
        "nodes": [
            {"id": f"m{i}", "display_name": f"{i} " + "Persoon" * 16, "relation": "friend"}
            for i in range(300)
        ],
        "links": [],
    }
    upload = json.dumps(doc).encode()
    with full_disk(app):
        response = client.http.post(
            api, json={**NEW, "note": "x" * 2000}, headers={"X-CSRFToken": token}
        )
        assert response.status_code in (201, 507)  # one row may still fit in a page
        # The import is written at its confirm step (the mapping step before it stores nothing).
        page = client.http.post(
            f"/jongeren/{youth.id}/netwerk/importeren/bevestigen",
            data={
                "csrf_token": token,
                "payload": base64.b64encode(upload).decode(),
                "filename": "kaart.json",
                "closeness": "low_is_close",
                "confirm": "Inlezen",
            },
        )
        assert page.status_code == 507, page.status_code
        assert "De opslag van de server is vol" in page.get_data(as_text=True)
        stored = _count(app, NetworkMember, youth_id=youth.id)
    assert stored == (2 if response.status_code == 201 else 1)  # nothing of the import
    # Room again: the same import works, on the same connection, without a restart.
    page = client.form(
        f"/jongeren/{youth.id}/netwerk/importeren/bevestigen",
        {
            "payload": base64.b64encode(upload).decode(),
            "filename": "kaart.json",
            "closeness": "low_is_close",
            "confirm": "Inlezen",
        },
    )
    assert page.status_code in (200, 302)
    assert _count(app, NetworkMember, youth_id=youth.id) == stored + 300
