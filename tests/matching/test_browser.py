"""The shortlist in headless Chromium on the demo data: Milan (15) on his phone chooses a JIM
from the ranked list; his professional sees the same list with the model version."""

from __future__ import annotations

import sqlite3

import pytest

from tests.browser.fixtures import _skip_reason, assert_accessible, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or ""),
]


def _milan(live_server) -> int:
    with sqlite3.connect(live_server.database) as conn:
        row = conn.execute(
            "SELECT id FROM youth WHERE first_name = 'Milan' AND last_name = 'de Jong'"
        ).fetchone()
    return int(row[0])


def test_the_professional_sees_the_list_with_the_model_version(live_server, desktop):
    from playwright.sync_api import expect

    login(desktop, live_server, "professional@jimnet.test")
    desktop.goto(f"{live_server.url}/jongeren/{_milan(live_server)}/jim")
    expect(desktop.get_by_role("heading", name="Samen met Milan een JIM kiezen")).to_be_visible()
    expect(desktop.get_by_text("Volgorde gemaakt met een geleerd model")).to_be_visible()
    rows = desktop.locator("table.match-table tbody tr")
    assert rows.count() == 7
    expect(rows.last).to_contain_text("jullie hebben ruzie")  # the teacher in conflict: last
    assert_accessible(desktop)


def test_milan_sees_three_with_reasons_and_nominates_one_on_his_phone(live_server, phone):
    from playwright.sync_api import expect

    login(phone, live_server, "milan@jimnet.test")
    phone.goto(f"{live_server.url}/jongeren/{_milan(live_server)}/jim")
    expect(phone.get_by_role("heading", name="Wie past bij jou als JIM?")).to_be_visible()
    best = phone.get_by_role("group", name="Deze mensen passen het best bij jou")
    cards = best.locator(".match-card")
    expect(cards).to_have_count(3)
    for i in range(3):
        assert cards.nth(i).locator(".match-reasons li").count() == 3
    assert_accessible(phone)
    # He chooses someone from lower down: nothing asks him why.
    others = phone.get_by_role("group", name="Of kies iemand anders uit je netwerk")
    chosen = others.locator(".match-card").first
    name = chosen.locator("strong").inner_text()
    chosen.locator("input[type=radio]").check()
    phone.get_by_role("button", name="Deze persoon wil ik als JIM").click()
    expect(phone.get_by_text(f"Je hebt {name} voorgedragen als JIM.")).to_be_visible()
    expect(phone.get_by_role("heading", name="Jouw JIM")).to_be_visible()
    assert_accessible(phone)
