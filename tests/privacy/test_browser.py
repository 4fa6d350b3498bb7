"""Noa (15) on her phone: asks for her data, reads it as a page, downloads the JSON; each page
checked with axe-core. Set JIMNET_SHOTS=<dir> to keep screenshots at 390 px and desktop size."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from jimnet.clock import today
from tests.browser.fixtures import assert_accessible, login

pytestmark = pytest.mark.browser


def _shot(page: Any, name: str) -> None:
    folder = os.environ.get("JIMNET_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide"


def test_noa_takes_her_data_on_her_phone(live_server, phone):
    from playwright.sync_api import expect

    login(phone, live_server, "youth@jimnet.test")
    noa = live_server.youth_id("Noa")
    phone.goto(f"{live_server.url}/jongeren/{noa}")
    phone.get_by_role("link", name="Gegevens en privacy").click()
    expect(phone.get_by_role("heading", name="Jouw gegevens")).to_be_visible()
    assert_accessible(phone)
    _no_sideways_scroll(phone)
    _shot(phone, "privacy-rights-phone")
    phone.get_by_role("button", name="Mijn gegevens opvragen").click()
    expect(phone.get_by_text("Je gegevens staan klaar")).to_be_visible()
    assert_accessible(phone)
    _no_sideways_scroll(phone)
    _shot(phone, "privacy-ready-phone")
    with phone.expect_download() as info:
        phone.get_by_role("link", name="Downloaden als bestand (JSON)").click()
    document = json.loads(Path(info.value.path()).read_text())
    assert document["subject"]["name"].startswith("Noa")
    phone.get_by_role("link", name="Lezen als pagina").click()
    expect(phone.get_by_role("heading", name="Alles wat jimnet over Noa")).to_be_visible()
    expect(phone.locator("svg.network-map")).to_be_visible()
    assert_accessible(phone)
    _shot(phone, "privacy-export-page-phone")
    phone.go_back()
    phone.reload()
    # Both taken: the content is gone, the record that she asked stays.
    expect(phone.get_by_text("gedownload of verlopen").first).to_be_visible()


def test_noa_reads_who_looked_at_her_file_on_her_phone(live_server, phone, desktop):
    from playwright.sync_api import expect

    noa = live_server.youth_id("Noa")
    login(desktop, live_server, "professional@jimnet.test")
    for path in ("", "/netwerk", "/big5", "/gegevens"):
        desktop.goto(f"{live_server.url}/jongeren/{noa}{path}")
    login(phone, live_server, "youth@jimnet.test")
    phone.goto(f"{live_server.url}/jongeren/{noa}/logboek")
    expect(phone.get_by_role("heading", name="Wie heeft mijn dossier bekeken?")).to_be_visible()
    expect(phone.locator("li.visit").first).to_be_visible()
    assert_accessible(phone)
    _no_sideways_scroll(phone)
    _shot(phone, "privacy-log-phone")
    phone.get_by_role("button", name="English").click()
    expect(phone.get_by_role("heading", name="Who looked at my file?")).to_be_visible()
    _no_sideways_scroll(phone)
    _shot(phone, "privacy-log-phone-en")
    phone.get_by_role("button", name="Nederlands").click()


def test_the_professional_sees_the_page_on_a_desktop(live_server, desktop):
    from playwright.sync_api import expect

    login(desktop, live_server, "professional@jimnet.test")
    noa = live_server.youth_id("Noa")
    desktop.goto(f"{live_server.url}/jongeren/{noa}/gegevens")
    expect(desktop.get_by_role("heading", name="Gegevens van Noa")).to_be_visible()
    expect(desktop.get_by_text("Alleen de jongere (vanaf 12 jaar)")).to_be_visible()
    assert_accessible(desktop)
    _shot(desktop, "privacy-rights-desktop")


def test_lisa_erasure_is_recorded_and_carried_out_by_a_second_person(live_server, desktop, phone):
    from playwright.sync_api import expect

    login(desktop, live_server, "professional@jimnet.test")
    with sqlite3.connect(live_server.database) as conn:
        (lisa,) = conn.execute(
            "SELECT id FROM youth WHERE first_name = 'Lisa' AND last_name = 'Brouwer'"
        ).fetchone()
    desktop.goto(f"{live_server.url}/jongeren/{lisa}/gegevens")
    expect(desktop.get_by_role("heading", name="Gegevens laten wissen")).to_be_visible()
    desktop.get_by_label("Wat moet weg?").select_option("file")
    desktop.get_by_label("Datum van het schriftelijke verzoek").fill(
        (today() - timedelta(days=12)).isoformat()  # the server runs at the test instant too
    )
    desktop.get_by_role("button", name="Vastleggen").click()
    expect(desktop.get_by_text("Het verzoek is vastgelegd")).to_be_visible()
    assert_accessible(desktop)
    _shot(desktop, "privacy-erasure-recorded-desktop")

    login(phone, live_server, "admin@jimnet.test")
    phone.goto(f"{live_server.url}/jongeren/{lisa}/gegevens")
    expect(phone.get_by_text("wacht op een beheerder")).to_be_visible()
    assert_accessible(phone)
    _no_sideways_scroll(phone)
    _shot(phone, "privacy-erasure-decide-phone")
    phone.get_by_role("button", name="Goedkeuren en het dossier wissen").click()
    expect(phone.get_by_text("Het dossier is gewist")).to_be_visible()
    phone.goto(f"{live_server.url}/jongeren/?q=Brouwer")
    expect(phone.get_by_text("Lisa Brouwer")).to_have_count(0)
