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
def test_many_in_one_cell_still_never_overlap(ring: int, sector: str) -> None:
    arranged = geo.arrange((k, ring, sector, f"Persoon {k}") for k in range(1, 21))
    assert overlapping([p.box for p in arranged.places.values()]) == []
    for place in arranged.places.values():
        # Still in its own ring and sector, and readable.
        assert arranged.cell_of(place.x, place.circle_y) == (ring, sector)
        assert place.font >= geo.MIN_FONT


def test_sectors_are_sized_by_how_many_people_they_hold() -> None:
    spans = geo.sector_spans({"family": 30, "friends": 2})
    size = {s: end - start for s, (start, end) in spans.items()}
    assert math.isclose(sum(size.values()), 360.0)
    assert size["family"] > 2 * size["friends"]
    assert min(size.values()) >= geo.MIN_SPAN
    # Family stays centred at the top.
    start, end = spans["family"]
    assert math.isclose((start + end) / 2, -90.0)
    equal = geo.sector_spans({})
    assert all(math.isclose(end - start, 72.0) for start, end in equal.values())


def test_people_spread_over_the_cell_not_on_its_middle_line() -> None:
    arranged = geo.arrange((k, 2, "friends", "Sam") for k in range(1, 5))
    angles = [
        math.degrees(math.atan2(p.y - geo.CY, p.x - geo.CX)) for p in arranged.places.values()
    ]
    start, end = arranged.spans["friends"]
    assert max(angles) - min(angles) > (end - start) / 3


def test_adding_a_member_moves_the_others_little() -> None:
    before = [(k, r, s, "Naam") for k, r, s in realistic(25, seed=3)]
    old = geo.arrange(before).places
    new = geo.arrange([*before, (26, 2, "friends", "Naam")]).places
    assert 26 in new
    moves = [math.dist((old[k].x, old[k].y), (new[k].x, new[k].y)) for k in old]
    # Nobody outside the newcomer's cell moves unless the sectors resize (every third person).
    assert max(moves) < 150


def test_cell_of_maps_points_to_rings_and_sectors() -> None:
    assert geo.cell_of(geo.CX, geo.CY) is None
    assert geo.cell_of(geo.CX, geo.CY - 100) == (1, "family")
    wide_family = geo.sector_spans({"family": 40})
    assert geo.cell_of(*geo.polar(300, -20), wide_family) == (2, "family")
    assert geo.cell_of(*geo.polar(300, -20)) == (2, "friends")
    assert geo.cell_of(geo.CX + 300, geo.CY) == (2, "friends")
    assert geo.cell_of(geo.CX, geo.CY + 500) == (4, "school_work") or geo.cell_of(
        geo.CX, geo.CY + 500
    ) == (4, "leisure")
    assert geo.cell_of(geo.CX - 450, geo.CY) == (3, "professional")
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
