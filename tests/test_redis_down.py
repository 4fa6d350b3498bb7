"""Redis down: the login limits fail closed (503 with a clear message, never 500, never
unlimited), anonymous pages still work, a logged-in visitor is treated as logged out (the stored
session waits for Redis to return), and mail goes from the web process (tests/accounts/
test_mail_queue.py)."""

from __future__ import annotations

import os

import pytest

from jimnet import create_app
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import limiter
from tests.conftest import TEST_CONFIG
from tests.helpers import Client

DOWN = "redis://127.0.0.1:1/0"  # nothing listens on port 1
UP = os.environ.get("JIMNET_TEST_REDIS_URL")


@pytest.fixture(autouse=True)
def _own_limiter_storage():
    """The limiter is one object: binding it to another app points its storage there. The
    session app's storage comes back after each test."""
    saved = dict(vars(limiter))
    yield
    vars(limiter).clear()
    vars(limiter).update(saved)


def _app(app, redis_url):
    return create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "JIMNET_REDIS_URL": redis_url,
            "RATELIMIT_STORAGE_URI": redis_url,
        }
    )


def test_with_redis_down_login_refuses_clearly_and_anonymous_pages_work(app, make):
    worker = _app(app, DOWN)
    user = make.user(StaffRole.PROFESSIONAL)
    visitor = Client(worker)
    assert visitor.get("/inloggen").status_code == 200
    response = visitor.login_with_password(user.email, totp_secret=user.totp_secret)
    assert response.status_code == 503
    assert "Inloggen kan op dit moment niet" in response.get_data(as_text=True)
    assert visitor.get("/jongeren/").status_code == 302  # not logged in
    token = visitor.csrf_token("/wachtwoord-vergeten")
    reset = visitor.post("/wachtwoord-vergeten", data={"csrf_token": token, "email": user.email})
    assert reset.status_code == 503


def test_with_redis_down_the_api_answers_problem_details(app, make):
    worker = _app(app, DOWN)
    response = Client(worker).http.post(
        "/inloggen", headers={"Accept": "application/problem+json"}, data={}
    )
    assert response.status_code == 503


@pytest.mark.skipif(not UP, reason="JIMNET_TEST_REDIS_URL not set (no Redis)")
def test_a_logged_in_visitor_is_logged_out_while_redis_is_down_and_back_after(app, make):
    youth = make.youth()
    user = make.participant(youth, "youth")
    visitor = Client(_app(app, UP))
    assert visitor.login_with_password(user.email).status_code == 302
    assert visitor.get("/account/").status_code == 200
    cookie = visitor.http.get_cookie("jimnet_session").value
    # The same browser, while Redis is down: treated as logged out, no 500.
    down = Client(_app(app, DOWN))
    down.http.set_cookie("jimnet_session", cookie)
    assert down.get("/account/").status_code == 302
    assert down.get("/inloggen").status_code == 200
    # Redis is back: the session was kept and still works.
    back = Client(_app(app, UP))
    back.http.set_cookie("jimnet_session", down.http.get_cookie("jimnet_session").value)
    assert back.get("/account/").status_code == 200
