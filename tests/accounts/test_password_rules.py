"""Password and code rules of ASVS 5.0 chapter V6 that had no test (docs/security.md)."""

from __future__ import annotations

import re

import pyotp

from jimnet.accounts import services, totp
from jimnet.accounts.models import TokenPurpose
from jimnet.extensions import db
from tests.factories import TEST_PASSWORD


def _reset_to(app, client, user, password):
    with app.app_context():
        issued = services.issue_token(db.session, TokenPurpose.RESET, user.email, 1, user=user)
        db.session.commit()
    path = f"/wachtwoord-herstellen/{issued.token}"
    return client.form(path, {"password": password, "confirm": password}, token_page=path)


def test_a_64_character_password_of_any_characters_is_accepted(app, make, client_factory):
    """v5.0.0-6.2.5 and 6.2.9: no composition rules, at least 64 characters."""
    user = make.participant(make.youth(), "youth")
    password = "ä 漢字 emoji 🙂 spaces and punctuation !?" + "x" * 30
    assert len(password) >= 64
    assert _reset_to(app, client_factory(), user, password).status_code == 302
    assert client_factory().login_with_password(user.email, password).status_code == 302


def test_a_password_is_checked_exactly_as_typed(make, client_factory):
    """v5.0.0-6.2.8: no truncation, no change of case."""
    user = make.participant(make.youth(), "youth")
    for variant in (TEST_PASSWORD.upper(), TEST_PASSWORD[:-1], TEST_PASSWORD + "x"):
        assert client_factory().login_with_password(user.email, variant).status_code == 200
    assert client_factory().login_with_password(user.email, TEST_PASSWORD).status_code == 302


def test_password_fields_are_masked(app, make, client):
    """v5.0.0-6.2.6: every password input is type=password."""
    user = make.participant(make.youth(), "youth")
    pages = [client.get("/inloggen").get_data(as_text=True)]
    with app.app_context():
        issued = services.issue_token(db.session, TokenPurpose.RESET, user.email, 1, user=user)
        db.session.commit()
    pages.append(client.get(f"/wachtwoord-herstellen/{issued.token}").get_data(as_text=True))
    client.login(user)
    pages.append(client.get("/account/").get_data(as_text=True))
    inputs = [
        tag
        for page in pages
        for tag in re.findall(r"<input[^>]*>", page)
        if re.search(r'name="(?:\w+-)?(?:password|current|confirm)"', tag)
    ]
    assert len(inputs) >= 5
    assert all('type="password"' in tag for tag in inputs), inputs


def test_a_totp_code_lives_one_step_either_side_and_no_longer():
    """v5.0.0-6.5.5: a defined lifetime: the current 30-second step and one step of drift."""
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # fixed: no two of the five codes below are equal
    now = 1_796_000_000.0
    step = int(now // totp.STEP)
    code_at = pyotp.TOTP(secret).at
    for offset, accepted in ((-2, False), (-1, True), (0, True), (1, True), (2, False)):
        code = code_at((step + offset) * totp.STEP)
        result = totp.accepted_step(secret, code, None, now=now)
        assert (result == step + offset) if accepted else result is None, offset
