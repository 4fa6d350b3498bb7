"""Every password form behind the same limits, and a lockout an attacker cannot use against the
owner: failures count per account *and* address, and a known device gets through an account-wide
lockout (jimnet.accounts.throttle)."""

from __future__ import annotations

import pyotp

from jimnet.accounts import services
from jimnet.accounts.models import OneTimeToken, TokenPurpose, User
from jimnet.accounts.roles import StaffRole
from jimnet.accounts.throttle import DEVICE_COOKIE
from jimnet.extensions import db
from tests.factories import TEST_PASSWORD
from tests.helpers import Client

WRONG = "wrong password!!"


def _from(app, address: str) -> Client:
    client = Client(app)
    client.http.environ_base["REMOTE_ADDR"] = address
    return client


def _login(client: Client, email: str, password: str) -> int:
    return client.login_with_password(email, password).status_code


def _person(make) -> User:
    return make.participant(make.youth(), "youth")


def test_an_attacker_locks_only_themselves_out(app, make):
    owner = _person(make)
    attacker = _from(app, "203.0.113.66")
    assert [_login(attacker, owner.email, WRONG) for _ in range(5)] == [200] * 5
    # Locked out: even the right password gets the same refusal, without being checked.
    assert _login(attacker, owner.email, TEST_PASSWORD) == 429
    assert attacker.get("/account/").status_code == 302
    # The owner, from her own address, is not.
    assert _login(_from(app, "198.51.100.7"), owner.email, TEST_PASSWORD) == 302


def test_a_spread_attack_cannot_lock_the_owner_out_of_her_own_device(app, make):
    owner = _person(make)
    phone = _from(app, "198.51.100.7")
    assert _login(phone, owner.email, TEST_PASSWORD) == 302
    assert phone.http.get_cookie(DEVICE_COOKIE) is not None
    phone.logout()
    # Ten addresses, two guesses each: no address reaches its own limit, the account's is full.
    for n in range(10):
        attacker = _from(app, f"203.0.113.{n}")
        for _ in range(2):
            assert _login(attacker, owner.email, WRONG) in {200, 429}
    # A browser the account never used is refused, even with the right password...
    assert _login(_from(app, "198.51.100.8"), owner.email, TEST_PASSWORD) == 429
    # ...and so is a stolen-looking device cookie of another account, or a forged one.
    other = _person(make)
    laptop = _from(app, "198.51.100.9")
    assert _login(laptop, other.email, TEST_PASSWORD) == 302
    laptop.logout()
    assert _login(laptop, owner.email, TEST_PASSWORD) == 429
    forged = _from(app, "198.51.100.10")
    forged.http.set_cookie(DEVICE_COOKIE, phone.http.get_cookie(DEVICE_COOKIE).value + "x")
    assert _login(forged, owner.email, TEST_PASSWORD) == 429
    # The owner's phone gets in.
    assert _login(phone, owner.email, TEST_PASSWORD) == 302
    assert phone.get("/account/").status_code == 200


def test_a_known_device_has_its_own_limit(app, make):
    owner = _person(make)
    phone = _from(app, "198.51.100.7")
    assert _login(phone, owner.email, TEST_PASSWORD) == 302
    phone.logout()
    # Someone with the owner's phone (and a new address for every guess) still gets five tries.
    statuses = []
    for n in range(6):
        phone.http.environ_base["REMOTE_ADDR"] = f"203.0.113.{n}"
        statuses.append(_login(phone, owner.email, WRONG))
    assert statuses == [200] * 5 + [429]


def test_wrong_totp_codes_count_against_the_same_account(app, make):
    staff = make.user(StaffRole.PROFESSIONAL)
    client = _from(app, "203.0.113.5")
    statuses = []
    for _ in range(3):
        statuses.append(_login(client, staff.email, WRONG))
    token = client.csrf_token("/inloggen")
    client.post(
        "/inloggen", data={"csrf_token": token, "email": staff.email, "password": TEST_PASSWORD}
    )
    for _ in range(2):
        page = client.post(
            "/inloggen/code",
            data={"csrf_token": client.csrf_token("/inloggen/code"), "code": "000000"},
        )
        statuses.append(page.status_code)
    right = client.post(
        "/inloggen/code",
        data={
            "csrf_token": client.csrf_token("/inloggen/code"),
            "code": pyotp.TOTP(staff.totp_secret).now(),
        },
    )
    assert statuses == [200] * 5
    assert right.status_code == 429
    assert client.get("/jongeren/").status_code == 302


def test_the_password_change_form_is_limited_too(app, make):
    owner = _person(make)
    client = _from(app, "198.51.100.7").login(owner)
    statuses = []
    for _ in range(6):
        statuses.append(
            client.form(
                "/account/wachtwoord",
                {
                    "pw-current": WRONG,
                    "pw-password": "a brand new passphrase",
                    "pw-confirm": "a brand new passphrase",
                },
            ).status_code
        )
    assert statuses == [200] * 5 + [429]


def _invitation(app, make, email: str) -> str:
    org = make.organisation()
    with app.app_context():
        issued = services.issue_token(
            db.session, TokenPurpose.INVITE, email, 72, organisation_id=org.id, role="coach"
        )
        db.session.commit()
    return f"/uitnodiging/{issued.token}"


def _answer(client: Client, path: str, password: str) -> int:
    return client.form(
        path, {"name": "Iemand", "password": password, "confirm": password}, token_page=path
    ).status_code


def test_the_invitation_answer_counts_wrong_passwords_against_the_account(app, make):
    owner = _person(make)
    path = _invitation(app, make, owner.email)
    guesser = _from(app, "203.0.113.66")
    assert [_answer(guesser, path, WRONG + str(n)) for n in range(5)] == [200] * 5
    # A right guess now is refused unchecked, and the invitation is not taken.
    assert _answer(guesser, path, TEST_PASSWORD) == 429
    with app.app_context():
        assert (
            db.session.scalars(db.select(OneTimeToken).where(OneTimeToken.email == owner.email))
            .one()
            .used_at
            is None
        )
    # The login page knows too: these were failures on the same account from the same address.
    assert _login(guesser, owner.email, TEST_PASSWORD) == 429


def test_the_invitation_answer_respects_a_lockout_from_the_login_page(app, make):
    owner = _person(make)
    path = _invitation(app, make, owner.email)
    guesser = _from(app, "203.0.113.66")
    for _ in range(5):
        _login(guesser, owner.email, WRONG)
    assert _answer(guesser, path, TEST_PASSWORD) == 429
    assert guesser.get("/account/").status_code == 302


def test_authentication_events_are_logged_without_the_typed_address(app, make, caplog):
    """v5.0.0-16.3.1: success, failure and refusal, with where from; the account as a hash."""
    import logging

    owner = _person(make)
    client = _from(app, "203.0.113.9")
    with caplog.at_level(logging.INFO, logger="jimnet.accounts.throttle"):
        for _ in range(6):
            _login(client, owner.email, WRONG)
        _login(_from(app, "198.51.100.7"), owner.email, TEST_PASSWORD)
    messages = [r.getMessage() for r in caplog.records if r.name == "jimnet.accounts.throttle"]
    assert sum("authentication failed" in m and "203.0.113.9" in m for m in messages) == 5
    assert any("refused by a limit from 203.0.113.9" in m for m in messages)
    assert any("succeeded" in m and "198.51.100.7" in m for m in messages)
    assert not any(owner.email in m for m in messages)
