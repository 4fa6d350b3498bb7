"""Open redirects: every user-supplied target goes through one rule (jimnet.redirects)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pyotp
import pytest

from jimnet.accounts.roles import StaffRole
from jimnet.redirects import safe_target

EVIL = [
    "//evil.example",
    "/\t/evil.example",  # what /%09/evil.example becomes once the form or query is decoded
    "\\\\evil.example",
    "/\\evil.example",
    "/\\\tevil.example",
    "\t//evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "javascript:alert(1)",
    "///evil.example",
    "/\x00/evil.example",
    "evil.example",
]
# NUL never reaches a view: the input guard refuses it first (400).
HTTP_EVIL = [t for t in EVIL if "\x00" not in t]


def _lands_here(location: str) -> bool:
    """Whether a browser, after its own clean-up of the URL, stays on this site."""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").strip()
    parts = urlsplit(cleaned)
    return (
        not parts.scheme
        and not parts.netloc
        and cleaned.startswith("/")
        and not cleaned.startswith("//")
    )


@pytest.mark.parametrize("target", EVIL)
def test_the_helper_refuses_every_way_off_the_site(app, target):
    with app.test_request_context():
        assert safe_target(target) == "/"


@pytest.mark.parametrize("target", ["/jongeren/", "/jongeren/3?tab=netwerk", "/account/#taal"])
def test_the_helper_keeps_a_path_on_this_site(app, target):
    with app.test_request_context():
        assert safe_target(target) == target


@pytest.mark.parametrize("target", HTTP_EVIL)
def test_the_language_switch_never_leaves_the_site(client, target):
    token = client.csrf_token("/inloggen")
    response = client.post(
        "/account/taal", data={"csrf_token": token, "lang-lang": "en", "next": target}
    )
    assert response.status_code == 302
    assert _lands_here(response.headers["Location"]), response.headers["Location"]


def test_the_language_switch_after_a_page_with_a_tab_in_its_path(client):
    """The finding: /%09/evil.example put "/<tab>/evil.example" in the switch's hidden field."""
    page = client.get("/%09/evil.example")
    html = page.get_data(as_text=True)
    field = re.search(r'name="next" value="([^"]*)"', html)
    next_value = field.group(1) if field else "/\t/evil.example"
    token = client.csrf_token("/inloggen")
    response = client.post(
        "/account/taal", data={"csrf_token": token, "lang-lang": "en", "next": next_value}
    )
    assert _lands_here(response.headers["Location"])


@pytest.mark.parametrize("target", HTTP_EVIL)
def test_login_next_never_leaves_the_site(client, make, target):
    youth = make.youth()
    user = make.participant(youth, "youth")
    token = client.csrf_token("/inloggen")
    response = client.post(
        "/inloggen",
        query_string={"next": target},
        data={"csrf_token": token, "email": user.email, "password": "correct horse battery"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_second_factor_next_never_leaves_the_site(client, make):
    user = make.user(StaffRole.PROFESSIONAL)
    token = client.csrf_token("/inloggen")
    client.post(
        "/inloggen",
        query_string={"next": "/\t/evil.example"},
        data={"csrf_token": token, "email": user.email, "password": "correct horse battery"},
    )
    code = pyotp.TOTP(user.totp_secret).now()
    response = client.post(
        "/inloggen/code", data={"csrf_token": client.csrf_token("/inloggen/code"), "code": code}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_next_on_this_site_is_followed(client, make):
    youth = make.youth()
    user = make.participant(youth, "youth")
    token = client.csrf_token("/inloggen")
    response = client.post(
        "/inloggen",
        query_string={"next": "/account/"},
        data={"csrf_token": token, "email": user.email, "password": "correct horse battery"},
    )
    assert response.headers["Location"] == "/account/"
