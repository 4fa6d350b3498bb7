"""Security headers, CSRF on every state change, rate limits."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from tests.factories import TEST_PASSWORD

PARAM = re.compile(r"<(?:[a-z]+:)?(\w+)>")


def test_pages_carry_a_strict_nonce_csp_and_no_store(client):
    response = client.get("/inloggen")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_the_nonce_changes_per_response(client):
    first = client.get("/inloggen").headers["Content-Security-Policy"]
    second = client.get("/inloggen").headers["Content-Security-Policy"]
    assert first != second


def test_templates_have_no_inline_script_or_handlers():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    offenders = []
    for path in root.rglob("*.html"):
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(path.relative_to(root)))
        if re.search(r'\sstyle="', text):
            offenders.append(f"{path.relative_to(root)} (inline style)")
    assert not offenders


def test_production_cookies_are_secure(app):
    from jimnet import create_app

    production = create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    assert production.config["SESSION_COOKIE_SECURE"] is True
    assert production.config["SESSION_COOKIE_HTTPONLY"] is True
    assert production.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def _post_routes(app, youth_id):
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.rule.startswith("/api/"):
            continue
        url = rule.rule
        for name in PARAM.findall(rule.rule):
            value = youth_id if name == "youth_id" else ("sometoken" if name == "token" else 1)
            url = re.sub(rf"<(?:[a-z]+:)?{name}>", str(value), url)
        yield rule, url


# Tables a refused request may still write: the log of the refusal and the visitor's session.
VOLATILE = {"access_log", "youth_pseudonym", "web_session"}


def _fingerprint(app) -> dict[str, list]:
    from sqlalchemy import select

    from jimnet.extensions import db

    with app.app_context():
        return {
            table.name: sorted(map(repr, db.session.execute(select(table)).all()))
            for table in db.metadata.sorted_tables
            if table.name not in VOLATILE
        }


def test_every_post_route_refuses_a_missing_csrf_token(app, make, client_factory):
    """Logged in as someone allowed a lot: no POST without a token changes anything, anywhere."""
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[pro])
    make.participant(youth, "youth")
    member = client_factory().login(pro)
    anonymous = client_factory()
    from jimnet.big5.domains import ensure_builtin_sets
    from jimnet.extensions import db

    with app.app_context():
        # Reference data that BIG5 loads on first use (shipped files), not a change by the request.
        ensure_builtin_sets(db.session())
        db.session.commit()
    checked = 0
    for rule, url in _post_routes(app, youth.id):
        # The login, reset and invitation forms are for visitors; others need a login.
        client = anonymous if rule.endpoint.startswith("accounts.") else member
        before = _fingerprint(app)
        response = client.post(
            url, data={"name": "x", "email": "x@example.test", "password": "x" * 12}
        )
        assert response.status_code < 500, f"POST {url} crashed"
        assert _fingerprint(app) == before, f"POST {url} without a CSRF token changed data"
        checked += 1
    assert checked >= 10


def test_an_expired_csrf_token_keeps_what_was_typed(make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro)
    response = client.post(
        f"/jongeren/{youth.id}/bewerken",
        data={
            "csrf_token": "expired-or-forged",
            "first_name": "Getypte naam",
            "last_name": "X",
            "date_of_birth": "2010-01-01",
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "verlopen" in html
    assert 'value="Getypte naam"' in html


def test_api_calls_on_the_session_cookie_need_a_csrf_header(make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    client.login(pro)
    response = client.http.post("/api/v1/youth", json={})
    assert response.status_code in {400, 405}
    if response.status_code == 400:
        assert response.headers["Content-Type"].startswith("application/problem+json")


def _action(youth):
    return (
        f"/api/v1/youth/{youth.id}/big5/actions",
        {
            "domain": "support",
            "what": "JIM vragen",
            "owner_kind": "other",
            "owner_name": "Anouk",
            "due_on": (today() + timedelta(days=20)).isoformat(),
        },
    )


def test_a_failing_authorization_header_does_not_skip_csrf(make, client):
    """A forged cross-site request with the victim's cookie cannot add a bogus bearer header to
    skip the CSRF check: only a valid token does."""
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[pro], age=17)
    client.login(pro)
    url, body = _action(youth)
    for header in ("Bearer nonsense", "Bearer ", "Basic Zm9vOmJhcg==", "bearer jim_forged"):
        response = client.http.post(url, json=body, headers={"Authorization": header})
        assert response.status_code == 400, header
        assert "beveiligingscode" in response.json["detail"]
    # The same call with the page's CSRF token goes through: the refusal above was the CSRF check.
    assert client.api("POST", url, json=body).status_code == 201


def test_a_valid_bearer_token_needs_no_csrf_token(app, make, client):
    from jimnet.accounts import services
    from jimnet.extensions import db

    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[pro], age=17)
    with app.app_context():
        raw, _token = services.create_api_token(db.session, db.session.get(type(pro), pro.id), "t")
        db.session.commit()
    url, body = _action(youth)
    assert client.api("POST", url, json=body, token=raw).status_code == 201
    refused = client.api("POST", url, json=body, token=raw + "x")
    assert refused.status_code == 401


def test_login_is_rate_limited_per_account(client_factory, make):
    user = make.user(StaffRole.PROFESSIONAL)
    statuses = []
    for _ in range(7):
        client = client_factory()  # a new visitor each time: only the account ties them together
        statuses.append(
            client.login_with_password(user.email, password="wrong password!!").status_code
        )
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429


def test_login_is_rate_limited_per_address(client, make):
    statuses = []
    # The clock stands still: on a loaded machine 32 logins can outlast the one-minute window.
    with time_machine.travel(datetime(2026, 12, 2, 10, 0, tzinfo=UTC), tick=False):
        _login_32_times(client, statuses)
        page = client.post("/inloggen", data={}).get_data(as_text=True)
    assert 429 in statuses
    assert statuses.index(429) == 30
    assert "Te veel pogingen" in page


def _login_32_times(client, statuses):
    for i in range(32):
        token = client.csrf_token("/inloggen")
        response = client.post(
            "/inloggen",
            data={"csrf_token": token, "email": f"x{i}@example.test", "password": "nope nope nope"},
        )
        statuses.append(response.status_code)


def test_reset_requests_are_rate_limited(client):
    statuses = []
    for _ in range(5):
        token = client.csrf_token("/wachtwoord-vergeten")
        statuses.append(
            client.post(
                "/wachtwoord-vergeten", data={"csrf_token": token, "email": "same@example.test"}
            ).status_code
        )
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] == 429


@pytest.mark.skipif(
    not __import__("os").environ.get("JIMNET_TEST_REDIS_URL"),
    reason="JIMNET_TEST_REDIS_URL not set (no Redis)",
)
def test_rate_limits_are_shared_through_redis(app, make):
    """Two app instances (as two workers would be) count against one Redis."""
    import os

    from jimnet import create_app
    from tests.conftest import TEST_CONFIG
    from tests.helpers import Client

    url = os.environ["JIMNET_TEST_REDIS_URL"]
    config = {
        **TEST_CONFIG,
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "RATELIMIT_STORAGE_URI": url,
    }
    worker_a, worker_b = create_app(config), create_app(config)
    from redis import Redis

    Redis.from_url(url).flushdb()
    user = make.user(StaffRole.PROFESSIONAL)
    statuses = []
    for i in range(6):
        worker = worker_a if i % 2 == 0 else worker_b
        statuses.append(
            Client(worker).login_with_password(user.email, password="wrong password!!").status_code
        )
    assert statuses[5] == 429
    assert TEST_PASSWORD


def test_templates_never_hide_the_translation_function():
    """`{% set _ = … %}` replaces gettext's `_` for the rest of the template (a 500 later on)."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "templates"
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.html")
        if re.search(r"\{%-?\s*set\s+_\s*=", p.read_text())
    ]
    assert offenders == []
