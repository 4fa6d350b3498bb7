"""A newcomer's path through the foundation, on a phone, with an accessibility check per page."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.fixtures import assert_accessible, login


def test_login_page_is_accessible_on_a_phone(live_server, phone):
    phone.goto(live_server.url + "/inloggen")
    expect(phone.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(phone)


def test_professional_logs_in_with_totp_and_the_main_pages_are_accessible(live_server, phone):
    login(phone, live_server, "professional@jimnet.test")
    assert_accessible(phone)
    noa = live_server.youth_id("Noa")
    for path in (
        "/jongeren/",
        f"/jongeren/{noa}",
        f"/jongeren/{noa}/team",
        f"/jongeren/{noa}/logboek",
        "/account/",
    ):
        phone.goto(live_server.url + path)
        expect(phone.locator("h1")).to_be_visible()
        assert_accessible(phone)


def test_professional_creates_a_youth_adds_a_colleague_and_sees_the_log(live_server, desktop):
    login(desktop, live_server, "professional@jimnet.test")
    desktop.goto(live_server.url + "/jongeren/nieuw")
    desktop.get_by_label("Voornaam").fill("Sem")
    desktop.get_by_label("Achternaam").fill("de Wit")
    desktop.get_by_label("Geboortedatum").fill("2011-05-04")
    desktop.get_by_label("Ouder met gezag 1: naam").fill("Iris de Wit")
    desktop.get_by_role("button", name="Jongere toevoegen").click()
    expect(desktop.get_by_role("heading", name="Sem de Wit")).to_be_visible()
    desktop.get_by_role("link", name="Team en uitnodigingen").click()
    desktop.get_by_label("E-mailadres van je collega").fill("coach@jimnet.test")
    desktop.get_by_label("Rol in het team").select_option("coach")
    desktop.get_by_role("button", name="Toevoegen aan het team").click()
    expect(desktop.get_by_text("staat nu in het team")).to_be_visible()
    desktop.goto(desktop.url.replace("/team", "/logboek"))
    expect(desktop.get_by_text("voegde iemand toe aan het team").first).to_be_visible()
    assert_accessible(desktop)


def test_young_person_sees_her_page_and_who_looked(live_server, phone):
    login(phone, live_server, "youth@jimnet.test")
    phone.get_by_role("link", name="Mijn pagina").click()
    expect(phone.get_by_role("heading", name="Noa Visser")).to_be_visible()
    assert_accessible(phone)
    phone.get_by_role("link", name="Wie heeft dit dossier bekeken?").click()
    expect(phone.locator("li.visit").first).to_be_visible()  # one card per visit
    assert_accessible(phone)


def test_language_switch_to_english(live_server, phone):
    phone.goto(live_server.url + "/inloggen")
    phone.get_by_role("button", name="English").click()
    assert phone.locator("html").get_attribute("lang") == "en"
    expect(phone.get_by_role("heading", name="Log in")).to_be_visible()
