from __future__ import annotations

import time

import pyotp

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from tests.factories import TEST_PASSWORD


def test_staff_logs_in_with_password_and_totp(client, make):
    user = make.user(StaffRole.PROFESSIONAL)
    response = client.login_with_password(user.email, totp_secret=user.totp_secret)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/")
    home = client.get("/")
    assert home.status_code == 200
    assert user.name.split()[0] in home.get_data(as_text=True)


def test_wrong_password_is_refused_with_a_message_next_to_the_field(client, make):
    user = make.user(StaffRole.PROFESSIONAL)
    response = client.login_with_password(user.email, password="wrong password!!")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "horen niet bij elkaar" in html
    assert user.email in html  # what was typed stays
    assert client.get("/").status_code == 302


def test_a_totp_code_is_accepted_only_once(client_factory, make, app):
    user = make.user(StaffRole.PROFESSIONAL)
    first, second = client_factory(), client_factory()
    code = pyotp.TOTP(user.totp_secret).now()
    for c in (first, second):
        token = c.csrf_token("/inloggen")
        c.post(
            "/inloggen", data={"csrf_token": token, "email": user.email, "password": TEST_PASSWORD}
        )
    ok = first.post(
        "/inloggen/code", data={"csrf_token": first.csrf_token("/inloggen/code"), "code": code}
    )
    assert ok.status_code == 302
    replay = second.post(
        "/inloggen/code", data={"csrf_token": second.csrf_token("/inloggen/code"), "code": code}
    )
    assert replay.status_code == 200
    assert "al gebruikt" in replay.get_data(as_text=True)


def test_staff_without_totp_must_enrol_before_getting_in(client, make, app):
    user = make.user(StaffRole.COACH, totp=False)
    token = client.csrf_token("/inloggen")
    response = client.post(
        "/inloggen", data={"csrf_token": token, "email": user.email, "password": TEST_PASSWORD}
    )
    assert response.headers["Location"].endswith("/inloggen/code-instellen")
    page = client.get("/inloggen/code-instellen").get_data(as_text=True)
    assert "<svg" in page
    assert client.get("/jongeren/").status_code == 302  # not logged in yet
    with app.app_context():
        from jimnet.accounts.models import User

        secret = (
            client.http.get("/inloggen/code-instellen")
            .get_data(as_text=True)
            .split("<code>")[1]
            .split("</code>")[0]
        )
        assert db.session.get(User, user.id).totp_secret is None
    response = client.post(
        "/inloggen/code-instellen",
        data={
            "csrf_token": client.csrf_token("/inloggen/code-instellen"),
            "code": pyotp.TOTP(secret).now(),
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, user.id).totp_secret == secret
    assert client.get("/jongeren/").status_code == 200


def test_young_person_logs_in_without_totp(client, make):
    youth = make.youth()
    user = make.participant(youth, "youth")
    response = client.login_with_password(user.email)
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_login_rotates_the_session_id(client, make):
    user = make.user(StaffRole.PROFESSIONAL)
    token = client.csrf_token("/inloggen")
    client.post(
        "/inloggen", data={"csrf_token": token, "email": user.email, "password": TEST_PASSWORD}
    )
    # Between password and code the session lives on the server already.
    before = client.http.get_cookie("jimnet_session").value
    code = pyotp.TOTP(user.totp_secret).now()
    client.post(
        "/inloggen/code", data={"csrf_token": client.csrf_token("/inloggen/code"), "code": code}
    )
    after = client.http.get_cookie("jimnet_session").value
    assert before != after
    assert client.get("/jongeren/").status_code == 200


def test_logout_ends_the_session(client, make):
    user = make.user(StaffRole.PROFESSIONAL)
    client.login_with_password(user.email, totp_secret=user.totp_secret)
    old_cookie = client.http.get_cookie("jimnet_session").value
    client.logout()
    assert client.get("/jongeren/").status_code == 302
    # The old session id is worthless even if someone kept it.
    client.http.set_cookie("jimnet_session", old_cookie)
    assert client.get("/jongeren/").status_code == 302


def test_staff_session_ends_after_eight_hours(client, make):
    user = make.user(StaffRole.PROFESSIONAL)
    client.login(user)
    assert client.get("/jongeren/").status_code == 200
    with client.http.session_transaction() as session:
        session["auth_at"] = time.time() - 8 * 3600 - 5
    assert client.get("/jongeren/").status_code == 302


def test_idle_session_expires(client, make, app):
    from datetime import timedelta

    from jimnet.sessions import WebSession

    user = make.user(StaffRole.PROFESSIONAL)
    client.login(user)
    assert client.get("/jongeren/").status_code == 200
    with app.app_context():
        for row in db.session.query(WebSession).all():
            row.expiry = row.expiry - timedelta(minutes=16)
        db.session.commit()
    assert client.get("/jongeren/").status_code == 302


def test_password_change_ends_sessions_everywhere(client_factory, make):
    user = make.user(StaffRole.PROFESSIONAL)
    laptop, phone = client_factory(), client_factory()
    laptop.login(user)
    phone.login(user)
    response = laptop.form(
        "/account/wachtwoord",
        {
            "pw-current": TEST_PASSWORD,
            "pw-password": "a brand new passphrase",
            "pw-confirm": "a brand new passphrase",
        },
    )
    assert response.status_code == 302
    assert laptop.get("/jongeren/").status_code == 200
    assert phone.get("/jongeren/").status_code == 302


def test_deactivated_account_cannot_log_in(client, make):
    user = make.user(StaffRole.PROFESSIONAL, active=False)
    response = client.login_with_password(user.email, totp_secret=user.totp_secret)
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.get_data(as_text=True)


def test_deactivating_an_account_ends_its_live_session_at_once(client, make, app):
    """v5.0.0-7.4.2."""
    user = make.user(StaffRole.PROFESSIONAL)
    client.login(user)
    assert client.get("/jongeren/").status_code == 200
    with app.app_context():
        from jimnet.accounts.models import User

        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/jongeren/").status_code == 302


def test_every_logged_in_page_offers_logout(client, make):
    """v5.0.0-7.4.4: the logout button is in the header of every page."""
    user = make.user(StaffRole.PROFESSIONAL)
    client.login(user)
    for url in ("/", "/jongeren/", "/account/"):
        html = client.get(url).get_data(as_text=True)
        assert 'action="/uitloggen"' in html, url
