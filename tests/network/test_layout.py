"""The drawn map: no overlaps (checked by parsing the SVG), stable when someone is added."""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET

import defusedxml.ElementTree as SafeET
import pytest
from flask import Flask

from jimnet.network import layout as geo
from jimnet.network.svg import MapMember, MapTie, render_map

SVG = "{http://www.w3.org/2000/svg}"
SECTORS = [s.value for s in geo.SECTORS]


def overlapping(boxes: list[tuple[float, ...]]) -> list[tuple[int, int]]:
    found = []
    for i, a in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            b = boxes[j]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]:
                found.append((i, j))
    return found


def realistic(count: int, seed: int) -> list[tuple[int, int, str]]:
    rng = random.Random(seed)
    return [
        (
            i + 1,
            rng.choices([1, 2, 3, 4], weights=[2, 3, 3, 2])[0],
            rng.choices(SECTORS, weights=[4, 4, 2, 2, 1])[0],
        )
        for i in range(count)
    ]


def parse_members(svg: str) -> list[ET.Element]:
    root = SafeET.fromstring(svg)
    return [g for g in root.iter(f"{SVG}g") if "member" in g.get("class", "").split()]


def drawn_boxes(svg: str) -> list[tuple[float, ...]]:
    """Each member's footprint from the drawing itself: its circle and its name's extent."""
    boxes = []
    for group in parse_members(svg):
        circle = group.find(f"{SVG}circle")
        text = group.find(f"{SVG}text[@class='name']")
        assert circle is not None and text is not None
        cx, cy, r = (float(circle.get(k)) for k in ("cx", "cy", "r"))
        size = float(text.get("font-size"))
        # A generous width for the name: 0.6 em per character.
        half = max(r, 0.6 * size * len(text.text or "") / 2)
        ty = float(text.get("y"))
        boxes.append((cx - half, cy - r, cx + half, ty + 0.25 * size))
    return boxes


@pytest.mark.parametrize("seed", range(6))
def test_sixty_members_never_overlap(app: Flask, seed: int) -> None:
    members = [
        MapMember(
            key=k, name=f"Persoon{k:03d}x", relation="friend", sector=s, ring=r, quality="positive"
        )
        for k, r, s in realistic(60 + seed * 4, seed)
    ]
    with app.test_request_context():
        svg = str(render_map("Noa", members, []))
    boxes = drawn_boxes(svg)
    assert len(boxes) == len(members)
    assert overlapping(boxes) == []


@pytest.mark.parametrize(("ring", "sector"), [(1, "family"), (4, "professional"), (2, "friends")])
def test_sixty_in_one_cell_still_never_overlap(ring: int, sector: str) -> None:
    placed = geo.layout((k, ring, sector) for k in range(1, 61))
    assert overlapping([p.box for p in placed.values()]) == []
    for place in placed.values():
        # Still in its own ring and sector.
        assert geo.cell_of(place.x, place.circle_y) == (ring, sector)


def test_every_slot_lies_in_its_own_cell() -> None:
    for ring in range(1, 5):
        for sector in SECTORS:
            for scale in (1.0, 0.6):
                for x, y in geo.slots(ring, sector, scale):
                    assert geo.cell_of(x, y) == (ring, sector)


def test_adding_a_member_moves_nobody_else() -> None:
    before = realistic(25, seed=3)
    newcomer = (26, 2, "friends")
    old = geo.layout(before)
    new = geo.layout([*before, newcomer])
    assert 26 in new
    moved = [k for k in old if old[k] != new[k]]
    assert moved == []


def test_a_full_cell_repacks_only_itself() -> None:
    full = geo.capacity(1, "family")
    before = [(k, 1, "family") for k in range(1, full + 1)] + [(100, 3, "friends")]
    old = geo.layout(before)
    new = geo.layout([*before, (200, 1, "family")])
    assert new[100] == old[100]
    assert new[1].scale < old[1].scale
    assert overlapping([p.box for p in new.values()]) == []


def test_cell_of_maps_points_to_rings_and_sectors() -> None:
    assert geo.cell_of(geo.CX, geo.CY) is None
    assert geo.cell_of(geo.CX, geo.CY - 100) == (1, "family")
    assert geo.cell_of(geo.CX + 300, geo.CY) == (2, "friends")
    assert geo.cell_of(geo.CX, geo.CY + 500) == (4, "school_work") or geo.cell_of(
        geo.CX, geo.CY + 500
    ) == (4, "leisure")
    assert geo.cell_of(geo.CX - 400, geo.CY) == (3, "professional")
    assert geo.cell_of(geo.CX + 1000, geo.CY) is None
    x, _ = geo.polar(100, 180 + 36)
    assert math.isclose(x, geo.CX - 100 * math.cos(math.radians(36)))


def test_the_svg_is_accessible_and_draws_ties_and_conflict(app: Flask) -> None:
    members = [
        MapMember(1, "Mam", "parent", "family", 1, "positive", by_youth=True, version=3),
        MapMember(2, "Pap", "parent", "family", 2, "conflict"),
        MapMember(3, "Lisa <b>", "friend", "friends", 2, "mixed", is_adult=False),
    ]
    ties = [MapTie(1, 2, "conflict"), MapTie(1, 3, "positive")]
    with app.test_request_context():
        svg = str(render_map("Noa", members, ties))
    root = SafeET.fromstring(svg)  # well-formed: names are escaped
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "nm-title nm-desc"
    assert root.find(f"{SVG}title").text == "Netwerkkaart van Noa"
    desc = root.find(f"{SVG}desc").text
    assert "Ring 1, heel dichtbij: Mam." in desc and "Lisa <b>" in desc
    ties_group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "nm-ties")
    lines = list(ties_group.iter(f"{SVG}line"))
    conflict_ties = [line for line in lines if "tie-conflict" in line.get("class", "")]
    assert len(conflict_ties) == 1
    assert conflict_ties[0].get("stroke") == "#a4161a" and conflict_ties[0].get("stroke-dasharray")
    assert len([line for line in lines if "tie-positive" in line.get("class", "")]) == 1
    # Pap is in conflict with Noa: a red dashed line from the centre.
    assert len([line for line in lines if line.get("class") == "ego-conflict"]) == 1
    groups = {g.get("data-member-id"): g for g in parse_members(svg)}
    assert "by-youth" in groups["1"].get("class")
    assert groups["1"].get("data-version") == "3"
    assert "Netwerkkaart" in svg and "Gezet door Noa" in svg  # the legend
