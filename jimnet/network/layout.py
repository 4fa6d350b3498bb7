"""Where each member goes on the map: four rings of closeness, five sectors, never overlapping.

Sectors are sized by how many people they hold (in steps of ``QUANTUM`` people, with a minimum
angle), so a family of 30 gets room and an empty sector a thin slice; family stays centred at
the top. Within a *cell* (one ring of one sector) people are spread over the cell's angle and
over the width of the ring: person *i* of *n* gets the angle ``(i + ½) / n`` across the cell and
one of a few arcs across the ring in turn (a zig-zag), so that ties do not run on top of each
other along the sector's middle line.

The order within a cell keeps ties short and crossings few: a first pass places people by id,
then each cell is ordered by the mean angle of the people each one is tied to (the barycentre
heuristic of layered graph drawing), ties broken by id. Everything is deterministic.

Every *footprint* (the circle and the name under it, a rectangle with the name at ``FONT`` px)
lies inside its own cell and apart from the others of its cell: when a spot is taken, the nearest
free spot is searched in a widening spiral around it. So footprints never overlap, and names are
never smaller than ``MIN_FONT`` px at the map's natural size (one unit of the viewBox = 1 px).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jimnet.network.models import MAX_RING, Sector

WIDTH = 1640
MAP_HEIGHT = 1250
CX = WIDTH / 2
CY = MAP_HEIGHT / 2
# Ring boundaries: the young person's own circle, then the outer edge of rings 1 to 4.
RADII: tuple[float, ...] = (56.0, 275.0, 400.0, 495.0, 580.0)
SECTORS: tuple[Sector, ...] = (
    Sector.FAMILY,
    Sector.FRIENDS,
    Sector.SCHOOL_WORK,
    Sector.LEISURE,
    Sector.PROFESSIONAL,
)
SECTOR_SPAN = 360.0 / len(SECTORS)
START_ANGLE = -90.0 - SECTOR_SPAN / 2  # of the empty map (all sectors alike)
MIN_SPAN = 30.0  # degrees: even an empty sector stays a place to drop someone into
QUANTUM = 3  # sectors change size in steps of this many people (fewer moves as a map grows)

NODE_RADIUS = 10.0
FONT = 12.0
MIN_FONT = 11.0
LABEL_CHARS = 20
SMALL_CHARS = 12
GAP = 4.0
RAY_GAP = 5.0
RING_LABEL_GAP = 20.0  # the ring numbers sit on the line between professional help and family
SEARCH_STEP = 5.0
RING_SHIFT = (-0.2, 0.3, -0.3, 0.15)
SEARCH_LIMIT = 160.0


# Glyph widths in em, about those of DejaVu Sans (wider than most system-ui fonts), so that a
# name's box is never narrower than the name a browser draws.
_NARROW = {**dict.fromkeys("iljI.,:;'!|", 0.3), **dict.fromkeys("frt ()-[]", 0.42)}
_WIDE = {**dict.fromkeys("mw", 1.0), **dict.fromkeys("MW…", 1.0)}


def text_width(text: str, font: float) -> float:
    """A generous width of ``text`` at ``font`` px."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += _NARROW[char]
        elif char in _WIDE:
            em += _WIDE[char]
        elif char.isupper():
            em += 0.78
        else:
            em += 0.66
    return em * font


def short(name: str, limit: int = LABEL_CHARS) -> str:
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Placement:
    x: float
    y: float  # the centre of the member's circle
    label: str = ""
    font: float = FONT
    radius: float = NODE_RADIUS

    @property
    def circle_y(self) -> float:
        return self.y

    @property
    def scale(self) -> float:
        return self.font / FONT

    @property
    def label_y(self) -> float:
        """The baseline of the name under the circle."""
        return self.y + self.radius + 2 + 0.8 * self.font

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The footprint rectangle (x0, y0, x1, y1): the circle and the name under it."""
        half = max(self.radius, text_width(self.label, self.font) / 2)
        return (self.x - half, self.y - self.radius, self.x + half, self.label_y + 0.25 * self.font)


def sector_spans(counts: Mapping[str, int] | None = None) -> dict[str, tuple[float, float]]:
    """Each sector's (start, end) angle in degrees, clockwise from the x axis; family on top."""
    counts = counts or {}
    weights = [max(1, math.ceil(counts.get(str(s), 0) / QUANTUM)) for s in SECTORS]
    free = 360.0 - MIN_SPAN * len(SECTORS)
    spans = [MIN_SPAN + free * w / sum(weights) for w in weights]
    start = -90.0 - spans[0] / 2
    found = {}
    for sector, span in zip(SECTORS, spans, strict=True):
        found[str(sector)] = (start, start + span)
        start += span
    return found


def sector_angles(
    sector: str, spans: Mapping[str, tuple[float, float]] | None = None
) -> tuple[float, float]:
    return (spans or sector_spans())[str(sector)]


def polar(radius: float, degrees: float) -> tuple[float, float]:
    angle = math.radians(degrees)
    return CX + radius * math.cos(angle), CY + radius * math.sin(angle)


def cell_of(
    x: float, y: float, spans: Mapping[str, tuple[float, float]] | None = None
) -> tuple[int, Sector] | None:
    """Which ring and sector a point falls in (for drag-and-drop), or None outside the rings."""
    spans = spans or sector_spans()
    dx, dy = x - CX, y - CY
    distance = math.hypot(dx, dy)
    if distance <= RADII[0] or distance > RADII[-1]:
        return None
    ring = next(r for r in range(1, MAX_RING + 1) if distance <= RADII[r])
    first = spans[str(SECTORS[0])][0]
    angle = (math.degrees(math.atan2(dy, dx)) - first) % 360.0
    for sector in SECTORS:
        if angle < spans[str(sector)][1] - first:
            return ring, sector
    return ring, SECTORS[-1]


@dataclass(frozen=True)
class _Cell:
    ring: int
    sector: str
    start: float
    end: float

    @property
    def rays(self) -> tuple[tuple[float, float, float, float], ...]:
        gap_start = RING_LABEL_GAP if self.sector == SECTORS[0] else RAY_GAP
        gap_end = RING_LABEL_GAP if self.sector == SECTORS[-1] else RAY_GAP
        return tuple(
            (math.cos(math.radians(angle)), math.sin(math.radians(angle)), side, gap)
            for angle, side, gap in ((self.start, 1.0, gap_start), (self.end, -1.0, gap_end))
        )

    def inside(self, box: tuple[float, float, float, float], rays: Sequence[Any]) -> bool:
        x0, y0, x1, y1 = box
        inner, outer = RADII[self.ring - 1] + GAP, RADII[self.ring] - GAP
        corners = ((x0 - CX, y0 - CY), (x1 - CX, y0 - CY), (x0 - CX, y1 - CY), (x1 - CX, y1 - CY))
        outer2 = outer * outer
        if any(x * x + y * y > outer2 for x, y in corners):
            return False
        for ux, uy, side, gap in rays:
            for x, y in corners:
                if side * (ux * y - uy * x) < gap:
                    return False
        # The point of the rectangle nearest the centre must stay outside the inner circle.
        nx_, ny_ = min(max(0.0, x0 - CX), x1 - CX), min(max(0.0, y0 - CY), y1 - CY)
        return nx_ * nx_ + ny_ * ny_ >= inner * inner


def _apart(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[2] + GAP <= b[0] or b[2] + GAP <= a[0] or a[3] + GAP <= b[1] or b[3] + GAP <= a[1]


VARIANTS: tuple[tuple[float, int], ...] = (
    (FONT, LABEL_CHARS),
    (FONT, 14),
    (MIN_FONT, SMALL_CHARS),
    (MIN_FONT, 8),
    (MIN_FONT, 4),
)


def _arcs(ring: int, widths: Sequence[float], start: float, end: float) -> list[float]:
    """Radii of the arcs a cell's people take in turn: as few as hold them all, spread over
    the width of the ring (one arc sits in the middle of the ring)."""
    # Ring 1 is narrow near the young person's own circle: its arcs start a little further out.
    lo, hi = RADII[ring - 1] + (60.0 if ring == 1 else 26.0), RADII[ring] - 26.0
    most = max(1, int((hi - lo) // 30.0) + 1)
    need = sum(w + 3 * GAP for w in widths)
    k = 1
    while k < most:
        radii = [lo + (hi - lo) * j / k for j in range(k + 1)][1:] if k > 1 else [(lo + hi) / 2]
        room = sum(r * math.radians(end - start) * 0.8 for r in radii)
        if room >= need:
            break
        k += 1
    if k == 1:
        return [(lo + hi) / 2]
    return [lo + (hi - lo) * j / (k - 1) for j in range(k)]


def _place_cell(cell: _Cell, people: Sequence[tuple[int, str]]) -> dict[int, Placement]:
    """The whole cell at the largest name size at which everybody fits."""
    placed: dict[int, Placement] | None = None
    for font, chars in VARIANTS:
        placed = _try_cell(cell, people, font, chars, last=(font, chars) == VARIANTS[-1])
        if placed is not None:
            return placed
    raise AssertionError("unreachable: the last variant always places everybody")


def _try_cell(
    cell: _Cell, people: Sequence[tuple[int, str]], font: float, chars: int, *, last: bool
) -> dict[int, Placement] | None:
    rays = cell.rays
    labels = [short(name, chars) for _key, name in people]
    widths = [text_width(label, font) for label in labels]
    arcs = _arcs(cell.ring, widths, cell.start, cell.end)
    boxes: list[tuple[float, float, float, float]] = []
    placed: dict[int, Placement] = {}
    n = len(people)
    middle = (cell.start + cell.end) / 2
    # The arc follows the person's rank by id, not her place in the order: a newcomer (the
    # highest id) leaves everybody else on the arc they had.
    rank = {key: number for number, key in enumerate(sorted(key for key, _name in people))}
    for index, (key, _name) in enumerate(people):
        radius = arcs[rank[key] % len(arcs)]
        margin = math.degrees((min(widths[index] / 2, 30.0) + 12.0) / radius)
        lo, hi = cell.start + margin, cell.end - margin
        if hi < lo:
            lo = hi = middle
        # Each ring shifted a little, so that people of one sector do not line up on a ray.
        shift = RING_SHIFT[cell.ring - 1]
        target = polar(radius, lo + (hi - lo) * (index + 0.5 + shift) / n)
        candidate = Placement(target[0], target[1], labels[index], font)
        spot = _search(cell, candidate, boxes, rays, 4 * SEARCH_LIMIT if last else SEARCH_LIMIT)
        if spot is None:
            if not last:
                return None
            # Hundreds in one cell: the import and the forms stay far below that.
            spot = candidate
        boxes.append(spot.box)
        placed[key] = spot
    return placed


def _search(
    cell: _Cell,
    at: Placement,
    boxes: Sequence[tuple[float, float, float, float]],
    rays: Sequence[Any],
    limit: float = SEARCH_LIMIT,
) -> Placement | None:
    """The free spot nearest ``at`` inside the cell, in a widening spiral; None if none."""
    x0, y0, x1, y1 = at.box
    left, top, right, bottom = x0 - at.x, y0 - at.y, x1 - at.x, y1 - at.y
    inner, outer = RADII[cell.ring - 1], RADII[cell.ring]
    distance = 0.0
    while distance <= limit:
        steps = max(1, int(2 * math.pi * distance / (SEARCH_STEP * 2)))
        for step in range(steps):
            angle = 2 * math.pi * step / steps
            x = at.x + distance * math.cos(angle)
            y = at.y + distance * math.sin(angle)
            # Quick reject: the circle's centre must lie in the ring.
            r = math.hypot(x - CX, y - CY)
            if r < inner or r > outer:
                continue
            box = (x + left, y + top, x + right, y + bottom)
            if all(_apart(box, other) for other in boxes) and cell.inside(box, rays):
                return Placement(round(x, 1), round(y, 1), at.label, at.font)
        distance += SEARCH_STEP
    return None


def _relative(angle: float, middle: float) -> float:
    return (angle - middle + 180.0) % 360.0 - 180.0


@dataclass
class MapLayout:
    spans: dict[str, tuple[float, float]]
    places: dict[int, Placement]

    def cell_of(self, x: float, y: float) -> tuple[int, Sector] | None:
        return cell_of(x, y, self.spans)


def arrange(
    members: Iterable[tuple[int, int, str, str]], ties: Iterable[tuple[int, int]] = ()
) -> MapLayout:
    """Place members given as (key, ring, sector, name), keeping tied people close."""
    rows = sorted(members)
    counts: dict[str, int] = {}
    for _key, _ring, sector, _name in rows:
        counts[str(sector)] = counts.get(str(sector), 0) + 1
    spans = sector_spans(counts)
    cells: dict[tuple[int, str], list[tuple[int, str]]] = {}
    for key, ring, sector, name in rows:
        cells.setdefault((ring, str(sector)), []).append((key, name))
    shapes = {(ring, sector): _Cell(ring, sector, *spans[sector]) for ring, sector in cells}
    # First pass: by id.
    places: dict[int, Placement] = {}
    for where, people in cells.items():
        places.update(_place_cell(shapes[where], people))
    neighbours: dict[int, list[int]] = {}
    for a, b in ties:
        if a in places and b in places and a != b:
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
    if not neighbours:
        return MapLayout(spans, places)

    def angle_of(key: int) -> float:
        p = places[key]
        return math.degrees(math.atan2(p.y - CY, p.x - CX))

    # Second pass: each cell ordered by where its people's ties go (barycentre), then by id.
    ordered: dict[int, Placement] = {}
    for where, people in cells.items():
        cell = shapes[where]
        middle = (cell.start + cell.end) / 2

        def barycentre(person: tuple[int, str], middle: float = middle) -> tuple[float, int]:
            key = person[0]
            others = neighbours.get(key)
            if not others:
                return _relative(angle_of(key), middle), key
            return sum(_relative(angle_of(o), middle) for o in others) / len(others), key

        ordered.update(_place_cell(cell, sorted(people, key=barycentre)))
    return MapLayout(spans, ordered)


def place(members: Iterable[Any], ties: Iterable[Any] = ()) -> dict[int, Placement]:
    """Place drawable members (``key``, ``ring``, ``sector``, ``name``) with their ties."""
    return arrange(
        ((m.key, m.ring, str(m.sector), m.name) for m in members), ((t.a, t.b) for t in ties)
    ).places


def layout(members: Iterable[tuple[int, int, str]]) -> dict[int, Placement]:
    """Place members given as (member_id, ring, sector) without names or ties."""
    return arrange((key, ring, str(sector), "") for key, ring, sector in members).places
