"""The JIM pages in headless Chromium on the demo data, with an accessibility check per page:
Noa on her phone, her mother, her aunt Anouk (the JIM), and the professional's pipeline."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import _skip_reason, assert_accessible, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or ""),
]


def test_noa_sees_her_jim_on_her_phone(live_server, phone):
    from playwright.sync_api import expect

    login(phone, live_server, "youth@jimnet.test")
    noa = live_server.youth_id("Noa")
    phone.goto(f"{live_server.url}/jongeren/{noa}/jim")
    expect(phone.get_by_role("heading", name="Jouw JIM")).to_be_visible()
    expect(phone.get_by_text("Anouk de Boer is jouw JIM.")).to_be_visible()
    expect(phone.get_by_label("Mijn netwerkkaart")).to_be_checked()
    assert_accessible(phone)


def test_her_mother_sees_the_consent(live_server, phone):
    from playwright.sync_api import expect

    login(phone, live_server, "parent@jimnet.test")
    noa = live_server.youth_id("Noa")
    phone.goto(f"{live_server.url}/jongeren/{noa}/jim")
    expect(phone.get_by_role("heading", name="Jouw toestemming")).to_be_visible()
    expect(phone.get_by_text("Je gaf toestemming op")).to_be_visible()
    assert_accessible(phone)


def test_anouk_sees_her_role_and_the_shared_plan(live_server, phone):
    from playwright.sync_api import expect

    login(phone, live_server, "jim@jimnet.test")
    phone.get_by_role("link", name="Mijn JIM-rol").first.click()
    expect(phone.get_by_role("heading", name="Jij bent de JIM van Noa")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="BIG5 naar 18").click()
    expect(phone.locator("h1")).to_be_visible()
    assert phone.url.endswith("/big5") or "/big5" in phone.url


def test_the_professional_sees_the_pipeline_and_a_jim_page(live_server, desktop):
    from playwright.sync_api import expect

    login(desktop, live_server, "professional@jimnet.test")
    desktop.get_by_role("link", name="JIM-overzicht").first.click()
    expect(desktop.get_by_role("heading", name="JIM-overzicht van je caseload")).to_be_visible()
    assert_accessible(desktop)
    desktop.get_by_role("link", name="Noa Visser").click()
    expect(desktop.get_by_role("heading", name="JIM van Noa")).to_be_visible()
    expect(desktop.get_by_text("positioneringsgesprek vastgelegd").first).to_be_visible()
    assert_accessible(desktop)
