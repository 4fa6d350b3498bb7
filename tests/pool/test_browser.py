"""The issue's "done when" in headless Chromium on the demo data, with axe on every page: the
coordinator gets proposals for every waiting young person at once and approves one; Sem (16)
accepts on his phone and keeps his BIG5 plan to himself; the volunteer then sees only what he
shares. Also the public registration form on a phone."""

from __future__ import annotations

import sqlite3

import pytest

from tests.browser.fixtures import _skip_reason, assert_accessible, login, shoot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or ""),
]


def _sem(server) -> int:
    with sqlite3.connect(server.database) as conn:
        return int(
            conn.execute(
                "SELECT id FROM youth WHERE first_name = 'Sem' AND last_name = 'Bakker'"
            ).fetchone()[0]
        )


def test_coordinator_approves_sem_accepts_on_his_phone_and_the_mentor_sees_only_what_he_shares(
    live_server, desktop, phone, browser
):
    from playwright.sync_api import expect

    sem = _sem(live_server)
    login(desktop, live_server, "coordinator@jimnet.test")
    desktop.goto(live_server.url + "/mentorpool/")
    expect(desktop.get_by_role("heading", name="Wachtende jongeren")).to_be_visible()
    # A new round: proposals for every waiting young person at once.
    desktop.get_by_role("button", name="Nieuwe ronde maken").click()
    expect(desktop.get_by_text("Nieuwe ronde:")).to_contain_text("wachtende jongere")
    waiting = desktop.locator(".pool-list > li")
    assert waiting.count() >= 1
    # A proposal (or a clear "no proposal") for every waiting young person at once.
    for index in range(waiting.count()):
        item = waiting.nth(index)
        assert (
            item.get_by_text("Voorstel:").count() + item.get_by_text("Geen voorstel").count() == 1
        )
    assert_accessible(desktop)
    shoot(desktop, "pool-dashboard-desktop")
    card = waiting.filter(has_text="Sem")
    expect(card.get_by_text("Voorstel: Hanna Tesfay")).to_be_visible()
    expect(card.get_by_text("Is een vrouw, zoals gevraagd")).to_be_visible()
    card.get_by_role("button", name="Goedkeuren", exact=True).click()
    expect(
        desktop.get_by_text("Goedgekeurd. De jongere krijgt het voorstel te zien.")
    ).to_be_visible()

    login(phone, live_server, "youth2@jimnet.test")
    phone.goto(f"{live_server.url}/jongeren/{sem}/mentor")
    expect(phone.get_by_role("heading", name="Wil je Hanna als mentor?")).to_be_visible()
    expect(phone.get_by_text("Spreekt Tigrinya, zoals je vroeg")).to_be_visible()
    assert_accessible(phone)
    shoot(phone, "pool-youth-offer-390")
    phone.get_by_role("button", name="Ja, graag").click()
    expect(phone.get_by_text("Je zei ja.")).to_be_visible()
    phone.get_by_label("Mijn BIG5-plan").uncheck()
    phone.get_by_role("button", name="Opslaan").click()
    expect(phone.get_by_text("Opgeslagen: dit mag je mentor zien.")).to_be_visible()
    assert_accessible(phone)

    desktop.goto(f"{live_server.url}/jongeren/{sem}/mentor")
    desktop.get_by_role("button", name="Kennismaking vastleggen").click()
    match_link = desktop.url
    assert match_link.endswith("/mentor")
    with sqlite3.connect(live_server.database) as conn:
        match_id = conn.execute(
            "SELECT id FROM mentor_match WHERE youth_id = ? AND state = 'introduced'", (sem,)
        ).fetchone()[0]
    desktop.goto(f"{live_server.url}/mentorpool/koppelingen/{match_id}")
    assert_accessible(desktop)
    desktop.get_by_role("button", name="Koppeling starten").click()
    expect(desktop.get_by_text("De koppeling is gestart.")).to_be_visible()

    mentor = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True, locale="nl-NL"
    ).new_page()
    login(mentor, live_server, "volunteer@jimnet.test")
    mentor.goto(live_server.url + "/mentor/")
    section = mentor.locator("section", has=mentor.get_by_role("heading", name="Sem"))
    expect(section.get_by_role("link", name="Netwerkkaart")).to_be_visible()
    expect(section.get_by_role("link", name="BIG5 naar 18")).to_have_count(0)
    assert_accessible(mentor)
    section.get_by_role("link", name="Netwerkkaart").click()
    expect(mentor.locator("h1")).to_be_visible()
    response = mentor.goto(f"{live_server.url}/jongeren/{sem}/big5")
    assert response is not None and response.status == 404
    mentor.context.close()


def test_the_public_registration_form_on_a_phone(live_server, browser):
    from playwright.sync_api import expect

    page = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, bypass_csp=True, locale="nl-NL"
    ).new_page()
    page.goto(live_server.url + "/vrijwilliger-worden")
    expect(page.get_by_role("heading", name="Vrijwillige mentor worden")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Je naam").fill("Tess Vermeer")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Vul je e-mailadres in.")).to_be_visible()
    expect(page.get_by_label("Je naam")).to_have_value("Tess Vermeer")
    assert_accessible(page)
    page.context.close()


def test_the_professional_refers_and_withdraws_a_referral_on_a_phone(live_server, phone, desktop):
    """The professional refers Noa to the pool, then takes her off the waiting list again: the
    confirmation page says what happens, and the referral ends closed with the note."""
    from playwright.sync_api import expect

    noa = live_server.youth_id("Noa")
    login(phone, live_server, "professional@jimnet.test")
    phone.goto(f"{live_server.url}/jongeren/{noa}/mentor/aanmelden")
    shoot(phone, "pool-refer-390")
    phone.get_by_role("button", name="Aanmelden bij de mentorpool").click()
    expect(phone.get_by_text("Noa staat nu op de wachtlijst van de mentorpool.")).to_be_visible()
    assert_accessible(phone)
    shoot(phone, "pool-youth-professional-390")
    phone.get_by_role("link", name="Aanmelding intrekken").click()
    expect(
        phone.get_by_role("heading", name="Aanmelding bij de mentorpool intrekken")
    ).to_be_visible()
    assert_accessible(phone)
    shoot(phone, "pool-withdraw-390")
    phone.get_by_label("Waarom? (mag leeg; de jongere ziet dit niet)").fill(
        "Een buurvrouw wordt JIM."
    )
    phone.get_by_role("button", name="Aanmelding intrekken").click()
    expect(
        phone.get_by_text("Noa staat niet meer op de wachtlijst van de mentorpool.")
    ).to_be_visible()
    expect(phone.get_by_text("De vorige aanmelding is afgesloten op")).to_contain_text(
        "Een buurvrouw wordt JIM."
    )
    assert_accessible(phone)
    shoot(phone, "pool-youth-withdrawn-390")
    login(desktop, live_server, "professional@jimnet.test")
    desktop.goto(f"{live_server.url}/jongeren/{noa}/mentor")
    shoot(desktop, "pool-youth-withdrawn-desktop")
    with sqlite3.connect(live_server.database) as conn:
        status, reason = conn.execute(
            "SELECT status, closed_reason FROM mentor_request WHERE youth_id = ?", (noa,)
        ).fetchone()
    assert (status, reason) == ("closed", "Een buurvrouw wordt JIM.")
