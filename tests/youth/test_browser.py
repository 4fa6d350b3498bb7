"""The page where a young person chooses what her parents see, on her phone and on a desktop,
with an accessibility check (demo data: Noa, 15, and her mother)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.fixtures import _skip_reason, assert_accessible, login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or ""),
]

SHOTS = os.environ.get("JIMNET_SHOTS")


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / name), full_page=True)


def test_noa_chooses_what_her_mother_sees_on_her_phone(live_server, phone):
    from playwright.sync_api import expect

    login(phone, live_server, "youth@jimnet.test")
    noa = live_server.youth_id("Noa")
    phone.goto(f"{live_server.url}/jongeren/{noa}")
    phone.get_by_role("link", name="Wat zien je ouders?").click()
    expect(phone.get_by_role("heading", name="Wat zien je ouders?", level=1)).to_be_visible()
    expect(phone.get_by_text("Je bent 12 tot 16.")).to_be_visible()
    assert_accessible(phone)
    _shot(phone, "share_parents_390.png")
    phone.get_by_label("Mijn plan (BIG5)").check()
    phone.get_by_role("button", name="Opslaan").first.click()
    expect(phone.get_by_text("Opgeslagen. Dit ziet je ouder nu.")).to_be_visible()
    expect(phone.get_by_label("Mijn plan (BIG5)")).to_be_checked()
    _shot(phone, "share_parents_390_saved.png")


def test_the_sharing_page_on_a_desktop(live_server, desktop):
    from playwright.sync_api import expect

    login(desktop, live_server, "youth@jimnet.test")
    noa = live_server.youth_id("Noa")
    desktop.goto(f"{live_server.url}/jongeren/{noa}/delen-met-ouders")
    expect(desktop.get_by_role("heading", name="Wat zien je ouders?", level=1)).to_be_visible()
    assert_accessible(desktop)
    _shot(desktop, "share_parents_desktop.png")
