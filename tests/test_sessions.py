"""Server-side sessions: an anonymous visitor writes no session row, a login makes one."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import func, select

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.sessions import ANONYMOUS_COOKIE, WebSession


def _rows(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(WebSession)) or 0


def test_anonymous_gets_write_no_session_row(app, client):
    before = _rows(app)
    for url in ("/inloggen", "/", "/jongeren/", "/wachtwoord-vergeten", "/bestaat-niet", "/health"):
        client.get(url)
    client.get("/jongeren/", follow_redirects=True)  # the "log in first" message is flashed
    assert _rows(app) == before
    assert client.http.get_cookie("jimnet_session") is None


def test_an_anonymous_form_still_checks_its_csrf_token(app, client, make):
    youth = make.youth()
    user = make.participant(youth, "youth")
    token = client.csrf_token("/inloggen")
    assert client.http.get_cookie(ANONYMOUS_COOKIE) is not None
    forged = client.post(
        "/inloggen", data={"csrf_token": "x" + token, "email": user.email, "password": "x"}
    )
    assert forged.status_code == 200
    assert "verlopen" in forged.get_data(as_text=True)
    # Another visitor's cookie does not go with this visitor's token.
    stranger = type(client)(app)
    stranger.csrf_token("/inloggen")
    client.http.set_cookie(ANONYMOUS_COOKIE, stranger.http.get_cookie(ANONYMOUS_COOKIE).value)
    crossed = client.post(
        "/inloggen",
        data={"csrf_token": token, "email": user.email, "password": "correct horse battery"},
    )
    assert crossed.status_code == 200
    assert "verlopen" in crossed.get_data(as_text=True)
    assert client.http.get_cookie("jimnet_session") is None  # not logged in


def test_a_login_moves_the_session_to_the_server_and_drops_the_anonymous_cookie(app, client, make):
    user = make.user(StaffRole.PROFESSIONAL)
    before = _rows(app)
    client.get("/inloggen")
    response = client.login_with_password(user.email, totp_secret=user.totp_secret)
    assert response.status_code == 302
    assert _rows(app) == before + 1
    assert client.http.get_cookie("jimnet_session") is not None
    assert client.http.get_cookie(ANONYMOUS_COOKIE) is None
    client.logout()
    assert _rows(app) == before
    # The goodbye message still shows, from the anonymous cookie.
    assert "uitgelogd" in client.get("/inloggen").get_data(as_text=True)


def test_the_chosen_language_lasts_for_an_anonymous_visitor(app, client):
    before = _rows(app)
    token = client.csrf_token("/inloggen")
    client.post("/account/taal", data={"csrf_token": token, "lang-lang": "en", "next": "/"})
    assert 'lang="en"' in client.get("/inloggen").get_data(as_text=True)
    assert _rows(app) == before


@pytest.mark.skipif(
    not os.environ.get("JIMNET_TEST_REDIS_URL"), reason="JIMNET_TEST_REDIS_URL not set (no Redis)"
)
def test_on_redis_too_an_anonymous_visitor_stores_nothing(app, make):
    from redis import Redis

    from jimnet import create_app
    from tests.conftest import TEST_CONFIG
    from tests.helpers import Client

    url = os.environ["JIMNET_TEST_REDIS_URL"]
    redis = Redis.from_url(url)
    redis.delete(*redis.keys("jimnet:session:*") or ["none"])
    worker = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "JIMNET_REDIS_URL": url,
        }
    )
    visitor = Client(worker)
    for page in ("/inloggen", "/", "/jongeren/"):
        visitor.get(page)
    assert redis.keys("jimnet:session:*") == []
    youth = make.youth()
    user = make.participant(youth, "youth")
    assert visitor.login_with_password(user.email).status_code == 302
    assert len(redis.keys("jimnet:session:*")) == 1
    assert visitor.get("/account/").status_code == 200
