"""The network map as SVG, drawn on the server: works without JavaScript, prints, can be parsed.

Colours and line styles are presentation attributes (not CSS), so the picture is the same when
it is downloaded on its own. Every member is a ``<g class="member">`` with its id, ring, sector
and version in data attributes; the script ``network.js`` uses them to move members.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from markupsafe import Markup
from markupsafe import escape as _escape

from jimnet.network import labels
from jimnet.network import layout as geo
from jimnet.network.graph import alters, member_supports
from jimnet.network.models import Quality, Sector
from jimnet.network.xmlsafe import clean

SECTOR_FILL: dict[str, str] = {
    Sector.FAMILY: "#f2c66d",
    Sector.FRIENDS: "#9ccfe8",
    Sector.SCHOOL_WORK: "#b9e394",
    Sector.LEISURE: "#d4bde3",
    Sector.PROFESSIONAL: "#d6d6d6",
}
RING_FILL = ("#ffffff", "#f2f6f8", "#ffffff", "#f2f6f8")
INK = "#1b1b1b"
MUTED = "#4a4f55"
BRAND = "#0b5d4b"
CONFLICT = "#a4161a"
MIXED = "#8a3b00"
TIE = "#66727c"
JOINED = "#1d6b2f"
LEFT = "#767676"
FURTHER = "#8a3b00"
LEGEND_TOP = geo.MAP_HEIGHT + 10
LEGEND_ROW = 44


def escape(text: object) -> Markup:
    """Escaped for XML, and nothing XML 1.0 cannot carry (a control character in a stored name
    becomes U+FFFD): the map stays well-formed whatever the database holds."""
    return _escape(clean(str(text)))


@dataclass(frozen=True)
class MapMember:
    key: int  # member id: the layout orders by it
    name: str
    relation: str
    sector: str
    ring: int
    quality: str
    is_adult: bool = True
    by_youth: bool = False
    is_jim: bool = False
    version: int | None = None
    supports: int = 0
    status: str = ""  # compare: joined | left | closer | further | moved | same
    old_ring: int | None = None
    old_sector: str | None = None


@dataclass(frozen=True)
class MapTie:
    a: int
    b: int
    quality: str
    status: str = ""  # compare: new | gone | same


def members_from_graph(graph: nx.Graph) -> tuple[list[MapMember], list[MapTie]]:
    """The drawable members and ties of a graph in the shape of ``jimnet.network.graph``."""
    members = []
    keys: dict[str, int] = {}
    for node, attrs in alters(graph):
        key = int(attrs.get("member_id") or 0)
        keys[node] = key
        members.append(
            MapMember(
                key=key,
                name=str(attrs.get("label", "")),
                relation=str(attrs.get("relation", "other")),
                sector=str(attrs.get("sector", Sector.LEISURE)),
                ring=int(attrs.get("ring", 4)),
                quality=str(attrs.get("quality", Quality.POSITIVE)),
                is_adult=bool(attrs.get("is_adult", False)),
                by_youth=attrs.get("added_by") == "youth",
                version=int(attrs["version"]) if "version" in attrs else None,
                supports=len(member_supports(attrs)),
            )
        )
    ties = [
        MapTie(keys[a], keys[b], str(attrs.get("quality", "positive")))
        for a, b, attrs in graph.edges(data=True)
        if attrs.get("type") == "tie" and a in keys and b in keys
    ]
    return members, ties


def short(name: str, limit: int = geo.LABEL_CHARS) -> str:
    return geo.short(name, limit)


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _attrs(**values: Any) -> str:
    parts = []
    for key, value in values.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        text = _f(value) if isinstance(value, float) else str(value)
        parts.append(f' {name}="{escape(text)}"')
    return "".join(parts)


def describe(ego_name: str, members: Sequence[MapMember]) -> str:
    """A text alternative for the picture: who is in which ring."""
    current = [m for m in members if m.status != "left"]
    parts = [
        ngettext(
            "Netwerkkaart van %(name)s met %(num)d persoon.",
            "Netwerkkaart van %(name)s met %(num)d mensen.",
            len(current),
            name=ego_name,
        )
    ]
    for ring in range(1, 5):
        names = [m.name for m in current if m.ring == ring]
        if names:
            parts.append(
                _(
                    "Ring %(ring)d, %(label)s: %(names)s.",
                    ring=ring,
                    label=str(labels.RING[ring]).lower(),
                    names=", ".join(names),
                )
            )
    return " ".join(parts)


def _rings_and_sectors(out: list[str], spans: dict[str, tuple[float, float]]) -> None:
    out.append('<g class="nm-grid">')
    for ring in range(4, 0, -1):
        out.append(
            f"<circle{_attrs(cx=geo.CX, cy=geo.CY, r=geo.RADII[ring], fill=RING_FILL[ring - 1])}"
            f'{_attrs(stroke="#9aa5ae", stroke_width=1.5)} class="ring ring-{ring}"/>'
        )
    first = spans[geo.SECTORS[0]][0]
    for sector in geo.SECTORS:
        angle = spans[sector][0]
        x0, y0 = geo.polar(geo.RADII[0], angle)
        x1, y1 = geo.polar(geo.RADII[-1], angle)
        out.append(
            f"<line{_attrs(x1=x0, y1=y0, x2=x1, y2=y1, stroke='#9aa5ae', stroke_width=1.5)}/>"
        )
    # Ring numbers along the boundary between professional help and family.
    for ring in range(1, 5):
        radius = (geo.RADII[ring - 1] + geo.RADII[ring]) / 2
        x, y = geo.polar(radius, first)
        out.append(
            f'<g class="nm-ring-label"><circle{_attrs(cx=x, cy=y, r=13.0, fill="#ffffff")}'
            f"{_attrs(stroke='#9aa5ae')}/><text{_attrs(x=x, y=y + 5.0, text_anchor='middle')}"
            f"{_attrs(font_size=15, fill=MUTED)}>{ring}</text></g>"
        )
    for sector in geo.SECTORS:
        start, end = spans[sector]
        middle = (start + end) / 2
        x, y = geo.polar(geo.RADII[-1] + 16, middle)
        # Anchored away from the rings, so that a long name never reaches into them.
        cos = math.cos(math.radians(middle))
        anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
        if anchor == "middle":
            y += -6.0 if y < geo.CY else 22.0
        else:
            y += 7.0
        out.append(
            f'<text class="nm-sector-label"{_attrs(x=x, y=y, text_anchor=anchor)}'
            f"{_attrs(font_size=21, font_weight='600', fill=INK)}>"
            f"{escape(str(labels.SECTOR[sector]))}</text>"
        )
    out.append("</g>")


def _stroke(quality: str) -> dict[str, Any]:
    if quality == Quality.CONFLICT:
        return {"stroke": CONFLICT, "stroke_width": 3.5, "stroke_dasharray": "7 4"}
    if quality == Quality.MIXED:
        return {"stroke": MIXED, "stroke_width": 3.5, "stroke_dasharray": "2 3"}
    return {"stroke": INK, "stroke_width": 2}


def _tie_line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    quality: str,
    status: str,
    ends: tuple[int, int] | None = None,
) -> str:
    # Light by default, so that 60 people stay readable; a person's ties are highlighted when
    # she is focused or tapped (map-view.js). Conflict stays red, dashed and full strength.
    style: dict[str, Any] = {"stroke": TIE, "stroke_width": 1.5, "stroke_opacity": "0.45"}
    if quality == "conflict":
        style = {"stroke": CONFLICT, "stroke_width": 2.5, "stroke_dasharray": "9 5"}
    if status == "new":
        style["stroke_width"] = 5
    if status == "gone":
        style = {"stroke": LEFT, "stroke_width": 2, "stroke_dasharray": "2 5", "opacity": "0.7"}
    css = f"tie tie-{quality}" + (f" tie-{status}" if status else "")
    data = _attrs(data_a=ends[0], data_b=ends[1]) if ends else ""
    return f'<line class="{css}"{data}{_attrs(x1=x1, y1=y1, x2=x2, y2=y2, **style)}/>'


def _member(m: MapMember, place: geo.Placement, ego_name: str, editable: bool) -> str:
    s = 1.0
    classes = ["member", f"sector-{m.sector}", f"quality-{m.quality}", f"ring-{m.ring}"]
    if m.by_youth:
        classes.append("by-youth")
    if m.is_jim:
        classes.append("is-jim")
    if m.status:
        classes.append(f"change-{m.status}")
    title = _(
        "%(name)s · %(relation)s · ring %(ring)d · %(quality)s",
        name=m.name,
        relation=str(labels.RELATION.get(m.relation, m.relation)),
        ring=m.ring,
        quality=str(labels.QUALITY.get(m.quality, m.quality)).lower(),
    )
    if m.is_jim:
        title += " · " + _("JIM")
    if m.by_youth:
        title += " · " + _("zelf toegevoegd door %(name)s", name=ego_name)
    if m.status:
        title += " · " + str(CHANGE_LABEL.get(m.status, m.status))
    stroke = _stroke(m.quality)
    fill = SECTOR_FILL.get(m.sector, "#ffffff")
    opacity = None
    if m.status == "left":
        stroke, fill, opacity = (
            {"stroke": LEFT, "stroke_width": 2.5, "stroke_dasharray": "3 3"},
            "#ffffff",
            "0.8",
        )
    elif m.status == "joined":
        stroke = {**stroke, "stroke": JOINED, "stroke_width": 5}
    box = place.box
    parts = [
        f'<g class="{" ".join(classes)}"'
        f"{_attrs(data_member_id=m.key, data_ring=m.ring, data_sector=m.sector)}"
        f"{_attrs(data_version=m.version, data_name=m.name if editable else None)}"
        f"{_attrs(data_box=','.join(_f(v) for v in box), opacity=opacity)}>",
        f"<title>{escape(title)}</title>",
        f"<circle{_attrs(cx=place.x, cy=place.circle_y, r=place.radius, fill=fill, **stroke)}/>",
    ]
    if m.is_jim:
        # The JIM: a second, thick ring around the circle (the legend says "JIM").
        parts.append(
            f'<circle class="jim-ring"{_attrs(cx=place.x, cy=place.circle_y, r=place.radius + 3.5)}'
            f"{_attrs(fill='none', stroke=BRAND, stroke_width=3)}/>"
        )
    if not m.is_adult:
        # Minors get an inner dot: the legend says "jonger dan 18".
        parts.append(f"<circle{_attrs(cx=place.x, cy=place.circle_y, r=3.5 * s, fill=INK)}/>")
    if m.by_youth:
        sx, sy = place.x + place.radius * 0.95, place.circle_y - place.radius * 0.95
        parts.append(
            f'<text class="star" aria-hidden="true"{_attrs(x=sx, y=sy + 5 * s, font_size=15 * s, fill=BRAND)}'
            f"{_attrs(text_anchor='middle')}>★</text>"
        )
    if m.status == "joined":
        parts.append(
            f'<text aria-hidden="true"{_attrs(x=place.x - place.radius - 2 * s, y=place.circle_y - place.radius + 6 * s)}'
            f"{_attrs(font_size=18 * s, font_weight='700', fill=JOINED, text_anchor='end')}>+</text>"
        )
    # The (maybe shortened) name is for the eye; assistive technology gets the whole name and
    # the details from <title> (and, on the enhanced map, from the button's label).
    parts.append(
        f'<text class="name" aria-hidden="true"'
        f"{_attrs(x=place.x, y=place.label_y, font_size=place.font, fill=INK)}"
        f"{_attrs(text_anchor='middle')}>{escape(place.label)}</text>"
    )
    parts.append("</g>")
    return "".join(parts)


CHANGE_LABEL = {
    "joined": _l("nieuw erbij"),
    "left": _l("niet meer op de kaart"),
    "closer": _l("dichterbij gekomen"),
    "further": _l("verder weg"),
    "moved": _l("naar een andere groep"),
}


def _legend(out: list[str], ego_name: str, compare: bool) -> None:
    out.append(f'<g class="nm-legend"{_attrs(font_size=16, fill=INK)}>')
    y = LEGEND_TOP + 18
    x = 20.0
    step = (geo.WIDTH - 40) / len(geo.SECTORS)
    for sector in geo.SECTORS:
        out.append(
            f"<circle{_attrs(cx=x + 12, cy=y, r=11.0, fill=SECTOR_FILL[sector], stroke=INK)}/>"
            f"<text{_attrs(x=x + 30, y=y + 6)}>{escape(str(labels.SECTOR[sector]))}</text>"
        )
        x += step
    y += LEGEND_ROW
    x = 20.0
    items: list[tuple[str, str]] = []
    for quality in (Quality.POSITIVE, Quality.MIXED, Quality.CONFLICT):
        items.append(
            (
                f"<circle{_attrs(cx=x + 12, cy=y, r=11.0, fill='#ffffff', **_stroke(quality))}/>",
                str(labels.QUALITY[quality]),
            )
        )
    items.append(
        (
            f"<circle{_attrs(cx=x + 12, cy=y, r=11.0, fill='#ffffff', stroke=INK)}/>"
            f"<circle{_attrs(cx=x + 12, cy=y, r=3.5, fill=INK)}/>",
            _("Jonger dan 18"),
        )
    )
    items.append(
        (
            f"<text{_attrs(x=x + 12, y=y + 6, font_size=20, fill=BRAND, text_anchor='middle')}>★</text>",
            _("Gezet door %(name)s", name=short(ego_name, 14)),
        )
    )
    items.append(
        (
            f"<circle{_attrs(cx=x + 12, cy=y, r=8.0, fill='#ffffff', stroke=INK)}/>"
            f"<circle{_attrs(cx=x + 12, cy=y, r=11.5, fill='none', stroke=BRAND, stroke_width=3)}/>",
            _("JIM"),
        )
    )
    width = (geo.WIDTH - 40) / len(items)
    for index, (mark, text) in enumerate(items):
        dx = index * width
        out.append(f'<g transform="translate({_f(dx)},0)">{mark}')
        out.append(f"<text{_attrs(x=x + 30, y=y + 6)}>{escape(text)}</text></g>")
    y += LEGEND_ROW
    lines = [
        (_tie_line(x, y, x + 40, y, "positive", ""), _("Kennen elkaar")),
        (_tie_line(x, y, x + 40, y, "conflict", ""), _("Ruzie tussen twee mensen")),
    ]
    rows = [lines]
    if compare:
        y2 = y + LEGEND_ROW
        rows.append(
            [
                (
                    f"<circle{_attrs(cx=x + 20, cy=y2, r=11.0, fill='#ffffff', stroke=JOINED)}"
                    f"{_attrs(stroke_width=5)}/>",
                    _("Nieuw erbij"),
                ),
                (
                    f"<circle{_attrs(cx=x + 20, cy=y2, r=11.0, fill='#ffffff', stroke=LEFT)}"
                    f"{_attrs(stroke_width=2.5, stroke_dasharray='3 3')}/>",
                    _("Niet meer op de kaart"),
                ),
                (
                    f"<line{_attrs(x1=x, y1=y2, x2=x + 36, y2=y2, stroke=JOINED, stroke_width=3)}"
                    f"{_attrs(marker_end='url(#nm-arrow-closer)')}/>",
                    _("Dichterbij"),
                ),
                (
                    f"<line{_attrs(x1=x, y1=y2, x2=x + 36, y2=y2, stroke=FURTHER, stroke_width=3)}"
                    f"{_attrs(marker_end='url(#nm-arrow-further)')}/>",
                    _("Verder weg"),
                ),
            ]
        )
    width = (geo.WIDTH - 40) / 4
    for number, row in enumerate(rows):
        text_y = y + number * LEGEND_ROW + 6
        for index, (mark, text) in enumerate(row):
            out.append(f'<g transform="translate({_f(index * width)},0)">{mark}')
            out.append(f"<text{_attrs(x=x + 52, y=text_y)}>{escape(text)}</text></g>")
    out.append("</g>")


def render_map(
    ego_name: str,
    members: Sequence[MapMember],
    ties: Iterable[MapTie],
    *,
    title: str | None = None,
    editable: bool = False,
    compare: bool = False,
    old_places: dict[int, geo.Placement] | None = None,
    legend: bool = True,
) -> Markup:
    """The map as one ``<svg>`` element (without XML declaration; see ``standalone``).

    Without ``legend`` the picture is the map alone: the page shows the legend below it in
    HTML (``legend_items``), where it wraps on a phone.
    """
    ties = list(ties)
    arranged = geo.arrange(
        ((m.key, m.ring, str(m.sector), m.name) for m in members),
        ((t.a, t.b) for t in ties if t.status != "gone"),
    )
    places, spans = arranged.places, arranged.spans
    height = LEGEND_TOP + LEGEND_ROW * (4 if compare else 3) + 10 if legend else geo.MAP_HEIGHT
    title = title or _("Netwerkkaart van %(name)s", name=ego_name)
    out: list[str] = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="network-map"'
        f"{_attrs(viewBox=f'0 0 {geo.WIDTH} {int(height)}', role='img')}"
        ' aria-labelledby="nm-title nm-desc" font-family="system-ui, sans-serif"'
        f"{_attrs(data_cx=geo.CX, data_cy=geo.CY, data_radii=','.join(_f(r) for r in geo.RADII))}"
        f"{_attrs(data_sectors=','.join(s.value for s in geo.SECTORS))}"
        f"{_attrs(data_start_angle=spans[geo.SECTORS[0]][0])}"
        f"{_attrs(data_bounds=','.join(_f(spans[s][1]) for s in geo.SECTORS))}"
        f"{_attrs(data_editable='1' if editable else None)}>",
        f'<title id="nm-title">{escape(title)}</title>',
        f'<desc id="nm-desc">{escape(describe(ego_name, members))}</desc>',
    ]
    if compare:
        out.append(
            "<defs>"
            + "".join(
                f'<marker id="nm-arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" '
                f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                f'<path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
                for name, colour in (("closer", JOINED), ("further", FURTHER))
            )
            + "</defs>"
        )
    _rings_and_sectors(out, spans)
    out.append('<g class="nm-ties">')
    for tie in ties:
        a, b = places.get(tie.a), places.get(tie.b)
        if a is not None and b is not None:
            out.append(
                _tie_line(a.x, a.circle_y, b.x, b.circle_y, tie.quality, tie.status, (tie.a, tie.b))
            )
    by_key = {m.key: m for m in members}
    # Conflict with the young person: a red dashed line from the centre.
    for key, place in places.items():
        if by_key[key].quality == Quality.CONFLICT and by_key[key].status != "left":
            out.append(
                f'<line class="ego-conflict"{_attrs(x1=geo.CX, y1=geo.CY, x2=place.x, y2=place.circle_y)}'
                f"{_attrs(stroke=CONFLICT, stroke_width=3, stroke_dasharray='10 6')}/>"
            )
    out.append("</g>")
    if compare and old_places:
        out.append('<g class="nm-moves">')
        for m in members:
            old, new = old_places.get(m.key), places.get(m.key)
            if m.status in ("closer", "further", "moved") and old and new:
                colour = JOINED if m.status == "closer" else FURTHER
                marker = "closer" if m.status == "closer" else "further"
                out.append(
                    f"<circle{_attrs(cx=old.x, cy=old.circle_y, r=5.0, fill=colour, opacity='0.6')}/>"
                )
                dx, dy = new.x - old.x, new.circle_y - old.circle_y
                length = math.hypot(dx, dy) or 1.0
                shorten = new.radius + 4
                out.append(
                    f'<line class="move move-{m.status}"'
                    f"{_attrs(x1=old.x, y1=old.circle_y, x2=new.x - dx / length * shorten)}"
                    f"{_attrs(y2=new.circle_y - dy / length * shorten, stroke=colour)}"
                    f"{_attrs(stroke_width=3, marker_end=f'url(#nm-arrow-{marker})')}/>"
                )
        out.append("</g>")
    out.append('<g class="nm-members">')
    for m in sorted(members, key=lambda m: m.key):
        out.append(_member(m, places[m.key], ego_name, editable))
    out.append("</g>")
    out.append(
        f'<g class="nm-ego"><circle{_attrs(cx=geo.CX, cy=geo.CY, r=geo.RADII[0] - 6, fill=BRAND)}/>'
        f"<text{_attrs(x=geo.CX, y=geo.CY + 6, text_anchor='middle', font_size=17)}"
        f"{_attrs(font_weight='700', fill='#ffffff')}>{escape(short(ego_name, 9))}</text></g>"
    )
    if legend:
        _legend(out, ego_name, compare)
    out.append("</svg>")
    # Every piece of text above went through escape(); the rest is our own markup.
    return Markup("".join(out))  # noqa: S704


def standalone(svg: Markup) -> str:
    """A complete SVG file (for download): the XML declaration before the element."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + str(svg)


def render_timeline(points: Sequence[Any]) -> Markup:
    """Network size and BIG5 coverage over the measurements (``snapshots.TimelinePoint``)."""
    if not points:
        return Markup("")
    width, height = 760.0, 320.0
    left, right, top, bottom = 60.0, 60.0, 30.0, 70.0
    plot_w, plot_h = width - left - right, height - top - bottom
    first, last = points[0].on.toordinal(), points[-1].on.toordinal()
    span = last - first

    def x_of(index: int) -> float:
        if span <= 0:
            return left + (plot_w * index / max(len(points) - 1, 1))
        return left + plot_w * (points[index].on.toordinal() - first) / span

    top_size = max(5, max(p.size for p in points))
    top_size = int(math.ceil(top_size / 5.0) * 5)

    def y_size(value: float) -> float:
        return top + plot_h * (1 - value / top_size)

    def y_cover(value: float) -> float:
        return top + plot_h * (1 - value / 5)

    desc = "; ".join(
        _(
            "%(label)s (%(date)s): %(size)d mensen, %(covered)d van 5 domeinen met hulp",
            label=p.label,
            date=p.on.isoformat(),
            size=p.size,
            covered=p.covered,
        )
        for p in points
    )
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="network-timeline"'
        f"{_attrs(viewBox=f'0 0 {int(width)} {int(height)}', role='img')}"
        ' aria-labelledby="tl-title tl-desc" font-family="system-ui, sans-serif">',
        f'<title id="tl-title">{escape(_("Netwerk door de tijd"))}</title>',
        f'<desc id="tl-desc">{escape(desc)}</desc>',
    ]
    for step in range(0, 6):
        y = top + plot_h * step / 5
        out.append(f"<line{_attrs(x1=left, y1=y, x2=width - right, y2=y, stroke='#d5dbe0')}/>")
        out.append(
            f"<text{_attrs(x=left - 8, y=y + 5, text_anchor='end', font_size=13, fill=BRAND)}>"
            f"{int(top_size * (5 - step) / 5)}</text>"
        )
        out.append(
            f"<text{_attrs(x=width - right + 8, y=y + 5, font_size=13, fill=MIXED)}>{5 - step}</text>"
        )
    out.append(
        f"<text{_attrs(x=left - 8, y=top - 12, text_anchor='end', font_size=13, fill=BRAND)}>"
        f"{escape(_('mensen'))}</text>"
        f"<text{_attrs(x=width - right + 8, y=top - 12, font_size=13, fill=MIXED)}>"
        f"{escape(_('domeinen'))}</text>"
    )
    size_points = " ".join(f"{_f(x_of(i))},{_f(y_size(p.size))}" for i, p in enumerate(points))
    cover_points = " ".join(f"{_f(x_of(i))},{_f(y_cover(p.covered))}" for i, p in enumerate(points))
    out.append(
        f'<polyline class="series-size"{_attrs(points=size_points, fill="none", stroke=BRAND)}'
        f"{_attrs(stroke_width=3)}/>"
        f'<polyline class="series-covered"{_attrs(points=cover_points, fill="none", stroke=MIXED)}'
        f"{_attrs(stroke_width=3, stroke_dasharray='8 4')}/>"
    )
    for index, point in enumerate(points):
        x = x_of(index)
        out.append(
            f"<circle{_attrs(cx=x, cy=y_size(point.size), r=5.0, fill=BRAND)}><title>"
            f"{escape(point.label)}: {point.size}</title></circle>"
            f"<rect{_attrs(x=x - 5, y=y_cover(point.covered) - 5, width=10, height=10, fill=MIXED)}>"
            f"<title>{escape(point.label)}: {point.covered}/5</title></rect>"
            f"<text{_attrs(x=x, y=height - bottom + 22, text_anchor='middle', font_size=12)}"
            f"{_attrs(fill=INK)}>{escape(point.on.strftime('%d-%m-%y'))}</text>"
        )
    legend_y = height - 18
    out.append(
        f"<line{_attrs(x1=left, y1=legend_y - 5, x2=left + 30, y2=legend_y - 5, stroke=BRAND, stroke_width=3)}/>"
        f"<text{_attrs(x=left + 38, y=legend_y, font_size=13, fill=INK)}>"
        f"{escape(_('Aantal mensen'))}</text>"
        f"<line{_attrs(x1=left + 250, y1=legend_y - 5, x2=left + 280, y2=legend_y - 5, stroke=MIXED)}"
        f"{_attrs(stroke_width=3, stroke_dasharray='8 4')}/>"
        f"<text{_attrs(x=left + 288, y=legend_y, font_size=13, fill=INK)}>"
        f"{escape(_('BIG5-domeinen waar iemand helpt (van 5)'))}</text>"
    )
    out.append("</svg>")
    return Markup("".join(out))  # noqa: S704 - all text escaped above
