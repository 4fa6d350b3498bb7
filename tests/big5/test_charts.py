"""The SVG pictures parse, carry a line per perspective and a cell per domain, and escape text."""

from __future__ import annotations

from datetime import date

from defusedxml import ElementTree

from jimnet.big5 import charts
from jimnet.big5.assessments import Point

NS = {"svg": "http://www.w3.org/2000/svg"}


def test_history_chart_has_a_panel_per_domain_and_a_line_per_perspective():
    data = {
        "work": {
            "youth": [Point(date(2025, 1, 1), 2), Point(date(2025, 6, 1), 4)],
            "professional": [Point(date(2025, 2, 1), 3)],
        },
        "income": {"jim": [Point(date(2025, 3, 1), 5), Point(date(2025, 9, 1), 5)]},
    }
    svg = charts.history_chart(
        [("work", "Werk"), ("income", "Inkomen <&>")],
        data,
        [("youth", "Jongere"), ("professional", "Professional"), ("jim", "JIM")],
        date(2024, 12, 1),
        date(2025, 12, 1),
        title="Scores van Noa",
        description="Uitleg",
    )
    root = ElementTree.fromstring(str(svg))
    assert root.find("svg:title", NS).text == "Scores van Noa"
    panels = root.findall("svg:g[@class='panel']", NS)
    assert [p.get("data-domain") for p in panels] == ["work", "income"]
    lines = {
        (p.get("data-domain"), line.get("data-perspective"))
        for p in panels
        for line in p.findall("svg:polyline", NS)
    }
    assert lines == {("work", "youth"), ("work", "professional"), ("income", "jim")}
    assert "Inkomen &lt;&amp;&gt;" in str(svg)
    # Level 5 is drawn above level 2 (smaller y).
    work_youth = next(
        line
        for line in panels[0].findall("svg:polyline", NS)
        if line.get("data-perspective") == "youth"
    )
    (_, y_first), (_, y_last) = (
        tuple(map(float, p.split(","))) for p in work_youth.get("points").split()
    )
    assert y_last < y_first


def test_heat_map_cells_carry_level_and_gap():
    svg = charts.heat_map(
        [("work", "Werk"), ("income", "Inkomen")],
        [
            charts.HeatRow(
                "Noa Visser",
                "/jongeren/1/big5",
                {"work": 2, "income": None},
                frozenset({"work"}),
                "!",
            ),
            charts.HeatRow("Bram <b>", "/jongeren/2/big5", {"work": 5, "income": 4}),
        ],
        title="Warmtekaart",
        description="Uitleg",
        gap_label="≠ = verschil",
    )
    root = ElementTree.fromstring(str(svg))
    cells = root.findall(".//svg:g[@class='cell']", NS)
    assert [(c.get("data-domain"), c.get("data-level")) for c in cells] == [
        ("work", "2"),
        ("income", ""),
        ("work", "5"),
        ("income", "4"),
    ]
    assert "≠" in cells[0].find("svg:text", NS).text
    links = root.findall("svg:a", NS)
    assert [a.get("href") for a in links] == ["/jongeren/1/big5", "/jongeren/2/big5"]
    assert "Bram &lt;b&gt;" in str(svg)
