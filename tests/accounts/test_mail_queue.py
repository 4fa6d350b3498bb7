"""Reset and invitation answers say nothing about the address, mail leaves after the response
(jimnet.jobs), and a mail server that is down costs no one a 500."""

from __future__ import annotations

import logging
import os
import re
import smtplib

import pytest
from flask import Response
from sqlalchemy import func, select

from jimnet import jobs
from jimnet.accounts.models import OneTimeToken
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.mail import outbox


def _mails(app):
    with app.app_context():
        return list(outbox())


def _tokens(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OneTimeToken))


def _reset(client, email, **kwargs):
    token = client.csrf_token("/wachtwoord-vergeten")
    return client.http.post(
        "/wachtwoord-vergeten", data={"csrf_token": token, "email": email}, **kwargs
    )


def _shape(response):
    """What the visitor can see of an answer, with the per-response random values taken out."""
    cookies = sorted(h.split("=", 1)[0] for h in response.headers.getlist("Set-Cookie"))
    headers = {
        k: v
        for k, v in response.headers.items()
        if k not in {"Set-Cookie", "Content-Security-Policy", "X-Request-ID", "X-RateLimit-Reset"}
    }
    return response.status_code, headers, cookies, response.get_data(as_text=True)


def test_a_reset_answer_is_the_same_for_a_known_and_an_unknown_address(
    app, make, client_factory, count_queries
):
    user = make.user(StaffRole.PROFESSIONAL)
    answers, statements, mails_before_close = [], [], []
    for email in (user.email, "nobody@example.test"):
        client = client_factory()
        client.csrf_token("/wachtwoord-vergeten")
        sent = len(_mails(app))
        with count_queries() as sql:
            response = _reset(client, email, buffered=False)
            # The answer is complete here; nothing about the address has been looked up yet.
            statements.append([re.sub(r"\d+", "N", s) for s in sql])
            mails_before_close.append(len(_mails(app)) - sent)
            answers.append(_shape(response))
        response.close()  # what the WSGI server does once the answer is sent
        follow = client.get("/inloggen").get_data(as_text=True)
        assert "Als dit adres bij ons bekend is" in follow
    assert answers[0] == answers[1]
    # The same work in the same statements, so the same time: no look-up of the address.
    assert statements[0] == statements[1]
    assert not any("user_account" in s for s in statements[0])
    assert mails_before_close == [0, 0]
    # After the response, only the known address got a link.
    assert [m.to for m in _mails(app)] == [user.email]
    assert _tokens(app) == 1


def test_the_reset_link_from_the_queue_works(app, make, client):
    user = make.user(StaffRole.PROFESSIONAL)
    assert _reset(client, user.email).status_code == 302
    body = _mails(app)[-1].body
    path = "/" + next(line for line in body.splitlines() if "://" in line).strip().split("/", 3)[3]
    assert client.get(path).status_code == 200


def _smtp_down(app, monkeypatch):
    def refused(*args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(smtplib, "SMTP", refused)
    monkeypatch.setitem(app.config, "JIMNET_MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "JIMNET_SMTP_HOST", "127.0.0.1")


def test_smtp_down_a_reset_gets_the_same_answer_and_the_failure_is_logged(
    app, make, client_factory, monkeypatch, caplog
):
    user = make.user(StaffRole.PROFESSIONAL)
    known_answer = _shape(_reset(client_factory(), "nobody@example.test"))
    _smtp_down(app, monkeypatch)
    with caplog.at_level(logging.ERROR, logger="jimnet.jobs"):
        response = _reset(client_factory(), user.email)
    assert _shape(response) == known_answer
    assert response.status_code == 302
    failures = [r for r in caplog.records if r.name == "jimnet.jobs"]
    assert failures and "reset_mail" in failures[0].getMessage()
    assert "Connection refused" in caplog.text


def test_smtp_down_an_invitation_is_still_made_and_the_failure_is_logged(
    app, make, client_factory, monkeypatch, caplog
):
    org = make.organisation()
    admin = client_factory().login(make.user(StaffRole.ORG_ADMIN, org))
    _smtp_down(app, monkeypatch)
    with caplog.at_level(logging.ERROR, logger="jimnet.jobs"):
        response = admin.form(
            "/organisatie/uitnodigen",
            {"email": "nieuw@example.test", "role": "professional", "organisation_id": org.id},
            token_page="/organisatie/",
        )
    assert response.status_code == 302
    assert _tokens(app) == 1
    assert "send_mail" in caplog.text


def test_an_invitation_answer_is_the_same_for_a_new_and_an_existing_address(
    app, make, client_factory, count_queries
):
    org = make.organisation()
    admin = client_factory().login(make.user(StaffRole.ORG_ADMIN, org))
    existing = make.user(StaffRole.COACH)
    answers, counts = [], []
    for email in (existing.email, "nieuw@example.test"):
        token = admin.csrf_token("/organisatie/")
        with count_queries() as sql:
            response = admin.http.post(
                "/organisatie/uitnodigen",
                data={
                    "csrf_token": token,
                    "email": email,
                    "role": "professional",
                    "organisation_id": org.id,
                },
                buffered=False,
            )
            counts.append(len(sql))
            answers.append(_shape(response))
        response.close()
    assert answers[0][:3] == answers[1][:3]
    assert counts[0] == counts[1]
    assert sorted(m.to for m in _mails(app)) == sorted([existing.email, "nieuw@example.test"])


def test_a_failed_request_starts_no_job(app):
    """Jobs start only after a request that succeeded (and committed)."""
    for status, sent in ((500, 0), (409, 0), (200, 1)):
        app.extensions.pop("jimnet_outbox", None)
        with app.test_request_context("/"):
            jobs.enqueue("send_mail", to="a@example.test", subject="s", body="b")
            response = app.process_response(Response("x", status=status))
            assert _mails(app) == []  # not before the response is sent
        response.close()
        assert len(_mails(app)) == sent, status


REDIS_URL = os.environ.get("JIMNET_TEST_REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="JIMNET_TEST_REDIS_URL not set (no Redis)")
def test_on_redis_the_worker_sends_what_the_request_queued(app, make, client, monkeypatch):
    from redis import Redis

    redis = Redis.from_url(REDIS_URL)
    redis.delete(jobs.QUEUE_KEY, jobs.FAILED_KEY)
    monkeypatch.setitem(app.config, "JIMNET_REDIS_URL", REDIS_URL)
    user = make.user(StaffRole.PROFESSIONAL)
    assert _reset(client, user.email).status_code == 302
    assert redis.llen(jobs.QUEUE_KEY) == 1
    assert _mails(app) == []
    assert jobs.work(app, burst=True) == 1
    assert [m.to for m in _mails(app)] == [user.email]
    assert redis.llen(jobs.QUEUE_KEY) == 0


def test_with_redis_unreachable_the_mail_goes_from_the_web_process(
    app, make, client, monkeypatch, caplog
):
    monkeypatch.setitem(app.config, "JIMNET_REDIS_URL", "redis://127.0.0.1:1/0")
    user = make.user(StaffRole.PROFESSIONAL)
    with caplog.at_level(logging.ERROR, logger="jimnet.jobs"):
        assert _reset(client, user.email).status_code == 302
    assert [m.to for m in _mails(app)] == [user.email]
    assert "job queue cannot be reached" in caplog.text
