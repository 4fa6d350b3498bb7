"""BIG5 in a real browser: the young person scores herself on a phone (the step-down scale with
JavaScript), the coach's dashboard and the plan, each page checked with axe-core."""

from __future__ import annotations

import pytest

from tests.browser.fixtures import assert_accessible, login

pytestmark = pytest.mark.browser


def test_the_young_person_scores_herself_on_a_phone(live_server, phone):
    from playwright.sync_api import expect

    login(phone, live_server, "youth@jimnet.test")
    noa = live_server.youth_id("Noa")
    phone.goto(f"{live_server.url}/jongeren/{noa}/big5")
    expect(phone.get_by_role("heading", name="Aftellen naar 18")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Scoor jezelf").click()
    expect(phone.get_by_text("Vraag 1 van 5")).to_be_visible()
    assert_accessible(phone)
    # With JavaScript one level at a time, starting at 5: "no, lower" twice, then "yes".
    expect(phone.locator(".big5-option-5")).to_be_visible()
    expect(phone.locator(".big5-option-4")).to_be_hidden()
    phone.get_by_role("button", name="Nee, lager").click()
    phone.get_by_role("button", name="Nee, lager").click()
    expect(phone.locator(".big5-option-3")).to_be_visible()
    phone.get_by_role("button", name="Ja, dit past").click()
    expect(phone.locator(".big5-option-3 input")).to_be_checked()
    phone.get_by_role("button", name="Volgende").click()
    for _ in range(4):
        expect(phone.get_by_role("button", name="Ja, dit past")).to_be_visible()
        phone.get_by_role("button", name="Toon alle niveaus").click()
        phone.locator(".big5-option-4 label").click()
        phone.get_by_role("button", name="Volgende").click()
    expect(phone.get_by_text("Kijk nog even of alles klopt")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("button", name="Opslaan").click()
    expect(phone.get_by_text("Je score is opgeslagen")).to_be_visible()


def test_the_coach_dashboard_and_the_plan(live_server, desktop):
    from playwright.sync_api import expect

    login(desktop, live_server, "coach@jimnet.test")
    desktop.get_by_role("link", name="Naar 18").first.click()
    expect(desktop.get_by_role("heading", name="Naar 18: wie is er klaar voor?")).to_be_visible()
    expect(desktop.locator("svg.big5-heatmap")).to_be_visible()
    assert_accessible(desktop)
    desktop.get_by_label("Domein", exact=True).select_option("income")
    desktop.get_by_role("button", name="Toon").click()
    assert "domein=income" in desktop.url
    desktop.locator("table.big5-dashboard tbody th a").first.click()
    expect(desktop.get_by_role("heading", name="Naast elkaar")).to_be_visible()
    expect(desktop.locator("svg.big5-chart")).to_be_visible()
    assert_accessible(desktop)
    desktop.get_by_role("link", name="Plan om te printen").click()
    expect(desktop.get_by_role("heading", name="De domeinen")).to_be_visible()
    expect(desktop.get_by_role("button", name="Printen")).to_be_visible()
    assert_accessible(desktop)
    desktop.emulate_media(media="print")
    expect(desktop.locator("header.topbar")).to_be_hidden()
    pdf = desktop.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


def test_the_professional_scores_with_the_descriptors(live_server, desktop):
    from playwright.sync_api import expect

    login(desktop, live_server, "professional@jimnet.test")
    noa = live_server.youth_id("Noa")
    desktop.goto(f"{live_server.url}/jongeren/{noa}/big5/scoren")
    expect(desktop.get_by_text("Je scoort als: Professional")).to_be_visible()
    assert_accessible(desktop)
