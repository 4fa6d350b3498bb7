"""Pictures drawn on the server as SVG: they work without JavaScript, print, and can be parsed in
tests. Colours are never the only carrier: lines differ in dash and marker shape, cells carry
their number. Every picture has a title and a description, and the page shows the same data in a
table for screen readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup

from jimnet.big5 import scale
from jimnet.big5.assessments import Point


@dataclass(frozen=True)
class LineStyle:
    colour: str
    dash: str  # stroke-dasharray, "" for solid
    marker: str  # "circle", "square", "triangle"


STYLES: dict[str, LineStyle] = {
    "youth": LineStyle("#1f5fa8", "", "circle"),
    "professional": LineStyle("#5b2a86", "7 4", "square"),
    "jim": LineStyle("#a04a00", "2 3", "triangle"),
}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def _a(value: object) -> str:
    return quoteattr(str(value))


def _marker(kind: str, x: float, y: float, colour: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill={_a(colour)}>{tip}</rect>'
    if kind == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x - 5:.1f},{y + 4:.1f} {x + 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill={_a(colour)}>{tip}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill={_a(colour)}>{tip}</circle>'


def history_chart(
    domains: Sequence[tuple[str, str]],
    data: dict[str, dict[str, list[Point]]],
    perspectives: Sequence[tuple[str, str]],
    start: date,
    end: date,
    *,
    title: str,
    description: str,
    date_label: str = "%d-%m-%Y",
) -> Markup:
    """One panel per domain (``(key, name)``), levels 1–5 over time, a line per perspective
    (``(key, label)``), all panels on the same time axis from ``start`` to ``end``."""
    width, left, right = 640, 44, 16
    panel_h, gap, top = 110, 34, 46
    plot_w = width - left - right
    height = top + len(domains) * (panel_h + gap) + 10
    span = max((end - start).days, 1)

    def x_of(day: date) -> float:
        return left + plot_w * (day - start).days / span

    def y_of(level: int, panel_top: float) -> float:
        return panel_top + panel_h - (level - 1) * panel_h / 4

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="big5-history-title big5-history-desc" class="big5-chart" '
        f'font-family={_a(FONT)} font-size="12">',
        f'<title id="big5-history-title">{escape(title)}</title>',
        f'<desc id="big5-history-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    # Legend.
    lx = left
    for key, label in perspectives:
        style = STYLES.get(key, STYLES["professional"])
        parts.append(
            f'<g class="legend" data-perspective={_a(key)}>'
            f'<line x1="{lx}" y1="18" x2="{lx + 28}" y2="18" stroke={_a(style.colour)} stroke-width="2.5"'
            f"{f' stroke-dasharray={_a(style.dash)}' if style.dash else ''}/>"
            f"{_marker(style.marker, lx + 14, 18, style.colour, label)}"
            f'<text x="{lx + 34}" y="22" fill="#1b1b1b">{escape(label)}</text></g>'
        )
        lx += 40 + 8 * len(label) + 20
    for index, (key, name) in enumerate(domains):
        panel_top = top + index * (panel_h + gap) + 16
        parts.append(f'<g class="panel" data-domain={_a(key)}>')
        parts.append(
            f'<text x="{left}" y="{panel_top - 8:.1f}" font-weight="700" fill="#1b1b1b">{escape(name)}</text>'
        )
        parts.append(
            f'<rect x="{left}" y="{panel_top:.1f}" width="{plot_w}" height="{panel_h}" fill="#f7f8f9" stroke="#c9d0d6"/>'
        )
        # The band "ready" (4–5) is shaded, so the eye sees the target.
        parts.append(
            f'<rect x="{left}" y="{y_of(5, panel_top):.1f}" width="{plot_w}" height="{panel_h / 4:.1f}" '
            f'fill="#e3f1dc" class="ready-band"/>'
        )
        for level in scale.LEVELS_DOWN:
            y = y_of(level, panel_top)
            parts.append(
                f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d7dce0"/>'
            )
            parts.append(
                f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#4a4f55">{level}</text>'
            )
        for perspective, _label in perspectives:
            points = data.get(key, {}).get(perspective, [])
            points = [p for p in points if start <= p.on <= end]
            if not points:
                continue
            style = STYLES.get(perspective, STYLES["professional"])
            coords = " ".join(f"{x_of(p.on):.1f},{y_of(p.level, panel_top):.1f}" for p in points)
            dash = f" stroke-dasharray={_a(style.dash)}" if style.dash else ""
            parts.append(
                f'<polyline class="line" data-perspective={_a(perspective)} points="{coords}" fill="none" '
                f'stroke={_a(style.colour)} stroke-width="2.5"{dash}/>'
            )
            for p in points:
                tip = f"{_label}: {p.level} ({p.on.strftime(date_label)})"
                parts.append(
                    _marker(style.marker, x_of(p.on), y_of(p.level, panel_top), style.colour, tip)
                )
        parts.append("</g>")
    # Time axis under the last panel: start, middle, end.
    axis_y = top + len(domains) * (panel_h + gap) - gap + 30
    for day, anchor in ((start, "start"), (start + (end - start) / 2, "middle"), (end, "end")):
        parts.append(
            f'<text x="{x_of(day):.1f}" y="{axis_y:.1f}" text-anchor="{anchor}" fill="#4a4f55">'
            f"{escape(day.strftime(date_label))}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text and attribute above is escaped


@dataclass(frozen=True)
class HeatRow:
    label: str
    href: str
    levels: dict[str, int | None]
    gaps: frozenset[str] = frozenset()
    flag: str = ""  # a short mark after the name, e.g. "!" for not ready


def heat_map(
    columns: Sequence[tuple[str, str]],
    rows: Sequence[HeatRow],
    *,
    title: str,
    description: str,
    gap_label: str,
) -> Markup:
    """Young people (rows) × domains (columns), each cell coloured and numbered by level."""
    name_w, cell_w, cell_h, head_h = 190, 74, 28, 40
    width = name_w + cell_w * len(columns) + 8
    height = head_h + cell_h * len(rows) + 22
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="group" aria-labelledby="big5-heat-title big5-heat-desc" class="big5-heatmap" '
        f'font-family={_a(FONT)} font-size="12">',
        f'<title id="big5-heat-title">{escape(title)}</title>',
        f'<desc id="big5-heat-desc">{escape(description)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    for index, (_key, name) in enumerate(columns):
        x = name_w + index * cell_w + cell_w / 2
        parts.append(
            f'<text x="{x:.1f}" y="{head_h - 12}" text-anchor="middle" font-weight="700" fill="#1b1b1b">'
            f"{escape(name if len(name) <= 11 else name[:10] + '…')}<title>{escape(name)}</title></text>"
        )
    for r_index, row in enumerate(rows):
        y = head_h + r_index * cell_h
        label = row.label if len(row.label) <= 24 else row.label[:23] + "…"
        parts.append(
            f'<a href={_a(row.href)} class="heat-row"><text x="4" y="{y + 18}" fill="#0b5d4b" '
            f'text-decoration="underline">{escape(label)}{escape(" " + row.flag) if row.flag else ""}</text></a>'
        )
        for c_index, (key, name) in enumerate(columns):
            level = row.levels.get(key)
            x = name_w + c_index * cell_w
            tip = f"{row.label}, {name}: {scale.label(level) if level else '?'}"
            stroke = (
                ' stroke="#1b1b1b" stroke-width="2.5"' if key in row.gaps else ' stroke="#ffffff"'
            )
            parts.append(
                f'<g class="cell" data-domain={_a(key)} data-level={_a(level or "")}>'
                f'<rect x="{x + 1}" y="{y + 1}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f"fill={_a(scale.colour(level))}{stroke}><title>{escape(tip)}</title></rect>"
                f'<text x="{x + cell_w / 2:.1f}" y="{y + 18}" text-anchor="middle" fill={_a(scale.ink(level))}>'
                f"{level if level else '?'}{' ≠' if key in row.gaps else ''}</text></g>"
            )
    parts.append(
        f'<text x="4" y="{height - 2}" fill="#4a4f55" font-size="10">{escape(gap_label)}</text>'
        if rows
        else ""
    )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text and attribute above is escaped
