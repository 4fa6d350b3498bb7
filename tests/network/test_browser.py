"""In a real browser (headless Chromium): the young person on a phone puts people on her own
map and sees them drawn; her professional sees the same map with the analysis and compares it
with last quarter's measurement; the map moves with the keyboard; axe finds no violations."""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.browser.fixtures import assert_accessible, login

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("JIMNET_SCREENSHOTS")


def shot(page: Any, name: str) -> None:
    """Screenshots for people reviewing the pages (JIMNET_SCREENSHOTS=<folder>)."""
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
        figure = page.locator("figure.nm-figure")
        if figure.count():
            figure.first.screenshot(path=f"{SHOTS}/{name}-map.png")


def test_the_youth_adds_people_on_her_phone_and_sees_them_drawn(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    page = phone
    login(page, live_server, "youth@jimnet.test")
    noa = live_server.youth_id("Noa")
    page.goto(f"{live_server.url}/jongeren/{noa}")
    page.get_by_role("link", name="Netwerkkaart").click()
    assert page.get_by_role("heading", name="Mijn netwerk").is_visible()
    before = page.locator("svg.network-map .member").count()
    page.get_by_role("link", name="Wie is belangrijk voor jou?").click()
    page.get_by_label("Naam").nth(0).fill("Yara")
    page.get_by_label("Hoe dichtbij?").nth(0).select_option("1")
    page.get_by_label("Naam").nth(1).fill("Opa Henk")
    page.get_by_label("Wie is het?").nth(1).select_option("grandparent")
    shot(page, "youth-quick-add")
    page.get_by_role("button", name="Zet ze op de kaart").click()
    assert "2 mensen staan op de kaart" in page.locator(".flashes").inner_text()
    assert page.locator("svg.network-map .member").count() == before + 2
    yara = page.locator("svg.network-map .member.by-youth", has_text="Yara")
    assert yara.count() == 1 and yara.get_attribute("data-ring") == "1"
    shot(page, "youth-map")
    assert_accessible(page)
    # Nothing makes a phone's page wider than the phone (wide tables become cards).
    for path in ("", "/nieuw", "/metingen", "/verbindingen"):
        page.goto(f"{live_server.url}/jongeren/{noa}/netwerk{path}")
        assert page.evaluate("window.innerWidth") == 390, path
    assert_accessible(page)


def test_the_professional_sees_analysis_and_compares_with_last_quarter(
    live_server, desktop
) -> None:  # type: ignore[no-untyped-def]
    page = desktop
    login(page, live_server, "professional@jimnet.test")
    noa = live_server.youth_id("Noa")
    page.goto(f"{live_server.url}/jongeren/{noa}/netwerk")
    assert page.get_by_role("heading", name="Wat zegt de kaart?").is_visible()
    assert page.locator(".nm-findings li").count() >= 3
    assert page.get_by_role("link", name="Anouk de Boer").is_visible()
    shot(page, "professional-map")
    assert_accessible(page)
    page.get_by_role("link", name="Vergelijk met de meting van").click()
    assert page.get_by_role("heading", name="Wat veranderde er?").is_visible()
    assert page.locator("svg.network-map .change-joined").count() >= 1
    shot(page, "professional-compare")
    assert_accessible(page)
    page.goto(f"{live_server.url}/jongeren/{noa}/netwerk/metingen")
    assert page.locator("svg.network-timeline").count() == 1
    shot(page, "professional-measurements")
    assert_accessible(page)


def test_a_member_moves_with_the_keyboard_and_is_saved(live_server, desktop) -> None:  # type: ignore[no-untyped-def]
    page = desktop
    login(page, live_server, "professional@jimnet.test")
    noa = live_server.youth_id("Noa")
    page.goto(f"{live_server.url}/jongeren/{noa}/netwerk")
    member = page.locator('svg.network-map .member[data-ring="4"]').first
    member_id = member.get_attribute("data-member-id")
    member.focus()
    page.keyboard.press("ArrowUp")
    moved = page.locator(f'svg.network-map .member[data-member-id="{member_id}"][data-ring="3"]')
    moved.wait_for()
    assert "ring 3" in page.locator(".nm-status").inner_text()
    page.reload()
    assert page.locator(f'.member[data-member-id="{member_id}"]').get_attribute("data-ring") == "3"


def test_the_map_prints_on_one_a4_page(live_server, browser) -> None:  # type: ignore[no-untyped-def]
    # A4 portrait with 15 mm margins leaves 180 x 267 mm: at 96 dpi 680 x 1009 CSS pixels.
    context = browser.new_context(viewport={"width": 680, "height": 1009}, locale="nl-NL")
    page = context.new_page()
    try:
        login(page, live_server, "professional@jimnet.test")
        noa = live_server.youth_id("Noa")
        page.goto(f"{live_server.url}/jongeren/{noa}/netwerk")
        page.emulate_media(media="print")
        box = page.locator("figure.nm-figure").bounding_box()
        assert box is not None and box["height"] <= 1009 and box["width"] <= 680
        legend = page.locator("figure.nm-figure .nm-legend").bounding_box()
        assert legend is not None and legend["y"] + legend["height"] <= box["y"] + box["height"]
        assert not page.locator(".topbar").is_visible()
        pdf = page.pdf(
            format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}
        )
        assert pdf.startswith(b"%PDF")
    finally:
        context.close()


def test_a_member_is_dragged_to_another_ring_and_sector(live_server, desktop) -> None:  # type: ignore[no-untyped-def]
    page = desktop
    login(page, live_server, "professional@jimnet.test")
    noa = live_server.youth_id("Noa")
    page.goto(f"{live_server.url}/jongeren/{noa}/netwerk")
    member = page.locator('svg.network-map .member[data-sector="leisure"]').first
    member_id = member.get_attribute("data-member-id")
    member.scroll_into_view_if_needed()
    start = member.locator("circle").first.bounding_box()
    assert start is not None
    # The screen point of ring 2 in the middle of the friends sector, from the SVG's own geometry.
    target = page.evaluate(
        """() => {
          const svg = document.querySelector('svg.network-map');
          const radii = svg.dataset.radii.split(',').map(Number);
          const bounds = svg.dataset.bounds.split(',').map(Number);
          const angle = (bounds[0] + bounds[1]) / 2 * Math.PI / 180;
          const r = (radii[1] + radii[2]) / 2;
          const p = svg.createSVGPoint();
          p.x = Number(svg.dataset.cx) + r * Math.cos(angle);
          p.y = Number(svg.dataset.cy) + r * Math.sin(angle);
          const s = p.matrixTransform(svg.getScreenCTM());
          return {x: s.x, y: s.y};
        }"""
    )
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"], target["y"], steps=8)
    page.mouse.up()
    moved = page.locator(
        f'svg.network-map .member[data-member-id="{member_id}"][data-sector="friends"][data-ring="2"]'
    )
    moved.wait_for()
    page.reload()
    saved = page.locator(f'svg.network-map .member[data-member-id="{member_id}"]')
    assert (saved.get_attribute("data-sector"), saved.get_attribute("data-ring")) == (
        "friends",
        "2",
    )


def test_a_network_canvas_interview_is_mapped_before_it_is_imported(
    live_server, phone, desktop
) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    unified = Path(__file__).resolve().parent / "files" / "nc_unified.graphml"
    for page, width, name in ((phone, 390, "phone"), (desktop, 1280, "desktop")):
        login(page, live_server, "professional@jimnet.test")
        milan = live_server.youth_id("Milan")
        page.goto(f"{live_server.url}/jongeren/{milan}/netwerk/importeren")
        shot(page, f"import-upload-{name}")
        broken = unified.read_bytes().replace(b'source="1" target="2"', b'source="1" target="9"')
        broken = broken.replace(b">5</data>", b">vijf</data>", 1)
        page.set_input_files(
            "input[type=file]",
            files=[{"name": "kapot.graphml", "mimeType": "application/xml", "buffer": broken}],
        )
        page.get_by_role("button", name="Bekijk het bestand").click()
        problems = page.locator(".form-errors").inner_text()
        assert "niet ingelezen" in problems and "wijst naar '9'" in problems
        assert "'vijf' is geen geldige waarde voor closeness" in problems
        shot(page, f"import-refused-{name}")
        assert_accessible(page)
        page.set_input_files("input[type=file]", str(unified))
        page.get_by_role("button", name="Bekijk het bestand").click()
        assert page.get_by_role("heading", name="Zo lezen we dit bestand").is_visible()
        page.get_by_label("Het hoogste getal is het dichtst bij").check()
        page.get_by_role("button", name="Opnieuw bekijken").click()
        assert "Schaal 1 tot en met 5, waarbij 5 het dichtst bij is" in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        shot(page, f"import-mapping-{name}")
        assert_accessible(page)
    desktop.get_by_role("button", name="Inlezen").click()
    assert "Ingelezen: 5 mensen en 3 verbindingen." in desktop.locator(".flashes").inner_text()


def test_on_a_phone_the_map_fits_zooms_and_keeps_its_legend_below(live_server, phone) -> None:  # type: ignore[no-untyped-def]
    page = phone
    login(page, live_server, "youth@jimnet.test")
    noa = live_server.youth_id("Noa")
    page.goto(f"{live_server.url}/jongeren/{noa}/netwerk")
    # No sideways scrolling of the page: the map frame is as wide as the screen at most.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    frame = page.locator(".nm-canvas").bounding_box()
    assert frame is not None and frame["x"] >= 0 and frame["x"] + frame["width"] <= 390
    legend = page.locator(".nm-legend").bounding_box()
    assert legend is not None and legend["y"] >= frame["y"] + frame["height"]
    # Zoom buttons, big enough to tap; zooming in shows less of the map in the same frame.
    zoom_in = page.get_by_role("button", name="Inzoomen")
    size = zoom_in.bounding_box()
    assert size is not None and size["width"] >= 44 and size["height"] >= 44
    whole = page.locator("svg.network-map").get_attribute("viewBox")
    zoom_in.click()
    zoom_in.click()
    zoomed = page.locator("svg.network-map").get_attribute("viewBox")
    assert float(zoomed.split()[2]) < float(whole.split()[2]) / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Dragging pans inside the frame.
    page.mouse.move(frame["x"] + 200, frame["y"] + 150)
    page.mouse.down()
    page.mouse.move(frame["x"] + 120, frame["y"] + 100, steps=5)
    page.mouse.up()
    panned = page.locator("svg.network-map").get_attribute("viewBox")
    assert panned.split()[:2] != zoomed.split()[:2]
    # Tapping a person highlights her ties.
    member = page.locator("svg.network-map .member").first
    member.focus()
    assert "has-focus" in (page.locator("svg.network-map").get_attribute("class") or "")
    shot(page, "youth-map-zoomed")
    page.get_by_role("button", name="Hele kaart").click()
    assert page.locator("svg.network-map").get_attribute("viewBox") == whole
    assert_accessible(page)


def test_the_sixty_person_map_has_no_overlapping_names_in_a_browser(app, browser) -> None:  # type: ignore[no-untyped-def]
    from jimnet.network import mapquality
    from jimnet.network.svg import render_map

    with app.test_request_context():
        svg = str(render_map("Noa", *mapquality.sample_map(60)))
    context = browser.new_context(viewport={"width": 1600, "height": 1400})
    page = context.new_page()
    try:
        page.set_content(f"<!doctype html><body style='margin:0'>{svg}</body>")
        # The real boxes of circles and names as the browser draws them, at natural size.
        found = page.evaluate(
            """() => {
              const boxes = [];
              document.querySelectorAll('svg .member').forEach((g) => {
                for (const el of [g.querySelector('circle'), g.querySelector('text.name')]) {
                  const b = el.getBBox();
                  boxes.push({id: g.dataset.memberId, x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height,
                              size: parseFloat(el.getAttribute('font-size') || '99')});
                }
              });
              let overlaps = 0;
              for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                const a = boxes[i], b = boxes[j];
                if (a.id !== b.id && a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1) overlaps++;
              }
              return {overlaps, smallest: Math.min(...boxes.map((b) => b.size)), count: boxes.length};
            }"""
        )
        assert found["count"] == 120
        assert found["overlaps"] == 0
        assert found["smallest"] >= 11
    finally:
        context.close()
