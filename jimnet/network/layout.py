"""Where each member goes on the map: four rings of closeness, five sectors, never overlapping.

The map is a set of *cells*, one per (ring, sector): an annular wedge. Each cell has a fixed
sequence of *slots*, found once by greedy packing from the middle of the cell outwards; a slot is
the spot for one member's *footprint* (the circle and the name under it, a rectangle). Members
of a cell take the slots in the order of their id, so adding a member never moves anybody else:
the newcomer takes the next free slot. Only when a cell is full does that one cell switch to a
smaller footprint (a denser slot sequence); the other cells do not move.

Footprints never overlap: slots within a cell are packed so that their rectangles keep a gap,
and every rectangle lies inside its own cell, so rectangles of different cells cannot meet.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jimnet.network.models import MAX_RING, Sector

WIDTH = 1460
MAP_HEIGHT = 1200
CX = WIDTH / 2
CY = MAP_HEIGHT / 2
# Ring boundaries: the young person's own circle, then the outer edge of rings 1 to 4.
RADII: tuple[float, ...] = (60.0, 230.0, 350.0, 460.0, 555.0)
SECTORS: tuple[Sector, ...] = (
    Sector.FAMILY,
    Sector.FRIENDS,
    Sector.SCHOOL_WORK,
    Sector.LEISURE,
    Sector.PROFESSIONAL,
)
SECTOR_SPAN = 360.0 / len(SECTORS)
# Family is centred at the top; the sectors follow clockwise.
START_ANGLE = -90.0 - SECTOR_SPAN / 2

# The footprint at full size: a circle of NODE_RADIUS above a name of up to LABEL_CHARS.
NODE_RADIUS = 15.0
FOOT_W = 80.0
FOOT_H = 50.0
GAP = 4.0
LABEL_CHARS = 10
OFFSETS = 5
SCALES: tuple[float, ...] = (1.0, 0.85, 0.72, 0.6, 0.5, 0.42, 0.35, 0.3, 0.25, 0.2, 0.16, 0.13)


@dataclass(frozen=True)
class Placement:
    x: float
    y: float
    scale: float  # of the footprint: 1.0 full size

    @property
    def radius(self) -> float:
        return NODE_RADIUS * self.scale

    @property
    def box(self) -> tuple[float, float, float, float]:
        """The footprint rectangle (x0, y0, x1, y1), centred on the slot."""
        w, h = FOOT_W * self.scale, FOOT_H * self.scale
        return (self.x - w / 2, self.y - h / 2, self.x + w / 2, self.y + h / 2)

    @property
    def circle_y(self) -> float:
        return self.y - (FOOT_H / 2 - NODE_RADIUS - 1) * self.scale

    @property
    def label_y(self) -> float:
        return self.y + (FOOT_H / 2 - 3) * self.scale


def sector_angles(sector: str) -> tuple[float, float]:
    index = SECTORS.index(Sector(sector))
    start = START_ANGLE + index * SECTOR_SPAN
    return start, start + SECTOR_SPAN


def polar(radius: float, degrees: float) -> tuple[float, float]:
    angle = math.radians(degrees)
    return CX + radius * math.cos(angle), CY + radius * math.sin(angle)


def cell_of(x: float, y: float) -> tuple[int, Sector] | None:
    """Which ring and sector a point falls in (for drag-and-drop), or None outside the rings."""
    dx, dy = x - CX, y - CY
    distance = math.hypot(dx, dy)
    if distance <= RADII[0] or distance > RADII[-1]:
        return None
    ring = next(r for r in range(1, MAX_RING + 1) if distance <= RADII[r])
    angle = (math.degrees(math.atan2(dy, dx)) - START_ANGLE) % 360.0
    return ring, SECTORS[int(angle // SECTOR_SPAN) % len(SECTORS)]


@lru_cache(maxsize=16)
def _rays(sector: str) -> tuple[tuple[float, float, float], ...]:
    start, end = sector_angles(sector)
    return tuple(
        (math.cos(math.radians(angle)), math.sin(math.radians(angle)), side)
        for angle, side in ((start, 1.0), (end, -1.0))
    )


def _inside(ring: int, sector: str, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = box
    inner, outer = RADII[ring - 1] + GAP, RADII[ring] - GAP
    corners = ((x0 - CX, y0 - CY), (x1 - CX, y0 - CY), (x0 - CX, y1 - CY), (x1 - CX, y1 - CY))
    outer2 = outer * outer
    if any(x * x + y * y > outer2 for x, y in corners):
        return False
    # Inside the wedge: on the inner side of both boundary rays, with a gap.
    for ux, uy, side in _rays(sector):
        for x, y in corners:
            if side * (ux * y - uy * x) < GAP:
                return False
    # The point of the rectangle nearest the centre must stay outside the inner circle.
    nx_, ny_ = min(max(0.0, x0 - CX), x1 - CX), min(max(0.0, y0 - CY), y1 - CY)
    return nx_ * nx_ + ny_ * ny_ >= inner * inner


def _apart(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[2] + GAP <= b[0] or b[2] + GAP <= a[0] or a[3] + GAP <= b[1] or b[3] + GAP <= a[1]


@lru_cache(maxsize=512)
def slots(ring: int, sector: str, scale: float) -> tuple[tuple[float, float], ...]:
    """The fixed slot sequence of one cell at one footprint size, middle of the cell first.

    Slots lie on an axis-aligned grid of footprint-sized steps (so their rectangles cannot
    overlap); of a few grid offsets, the one that fits most slots inside the cell wins.
    """
    start, end = sector_angles(sector)
    inner, outer = RADII[ring - 1], RADII[ring]
    mid_r, mid_a = (inner + outer) / 2, (start + end) / 2
    anchor = polar(mid_r, mid_a)
    w, h = FOOT_W * scale, FOOT_H * scale
    pitch_x, pitch_y = w + GAP, h + GAP
    corners = [polar(r, a) for r in (inner, outer) for a in (start, mid_a, end)]
    corners += [polar(outer, a) for a in range(int(start), int(end) + 1, 6)]
    x_lo, x_hi = min(c[0] for c in corners), max(c[0] for c in corners)
    y_lo, y_hi = min(c[1] for c in corners), max(c[1] for c in corners)
    best: list[tuple[float, float]] = []
    for fx in range(OFFSETS):
        for fy in range(OFFSETS):
            found = []
            y = y_lo + h / 2 + pitch_y * fy / OFFSETS
            while y <= y_hi:
                x = x_lo + w / 2 + pitch_x * fx / OFFSETS
                while x <= x_hi:
                    if _inside(ring, sector, (x - w / 2, y - h / 2, x + w / 2, y + h / 2)):
                        found.append((round(x, 1), round(y, 1)))
                    x += pitch_x
                y += pitch_y
            if len(found) > len(best):
                best = found
    along = _arc_slots(ring, sector, w, h)
    if len(along) > len(best):
        best = along
    best.sort(key=lambda p: (round(math.hypot(p[0] - anchor[0], p[1] - anchor[1]), 1), p))
    return tuple(best)


def _arc_slots(ring: int, sector: str, w: float, h: float) -> list[tuple[float, float]]:
    """Slots swept along arcs of the ring, inner arcs first: better in thin, slanted cells."""
    start, end = sector_angles(sector)
    inner, outer = RADII[ring - 1], RADII[ring]
    found: list[tuple[float, float]] = []
    boxes: list[tuple[float, float, float, float]] = []
    radius = inner + GAP + min(w, h) / 2
    while radius <= outer:
        step = math.degrees(max(2.0, min(w, h) / 8) / radius)
        angle = start
        while angle <= end:
            x, y = polar(radius, angle)
            box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            if _inside(ring, sector, box) and all(_apart(box, other) for other in boxes):
                found.append((round(x, 1), round(y, 1)))
                boxes.append(box)
                angle += math.degrees(min(w, h) / radius)
            angle += step
        radius += max(2.0, h / 6)
    return found


def layout(members: Iterable[tuple[int, int, str]]) -> dict[int, Placement]:
    """Place members given as (member_id, ring, sector); returns member_id -> Placement."""
    cells: dict[tuple[int, str], list[int]] = {}
    for member_id, ring, sector in members:
        cells.setdefault((ring, str(sector)), []).append(member_id)
    placed: dict[int, Placement] = {}
    for (ring, sector), ids in cells.items():
        ids.sort()
        scale, spots = SCALES[-1], slots(ring, sector, SCALES[-1])
        for candidate in SCALES:
            found = slots(ring, sector, candidate)
            if len(found) >= len(ids):
                scale, spots = candidate, found
                break
        for index, member_id in enumerate(ids):
            # Beyond the smallest size's capacity (hundreds in one cell) spots are reused;
            # the import and the forms keep a map far below that.
            x, y = spots[index % len(spots)]
            placed[member_id] = Placement(x, y, scale)
    return placed


def place(members: Iterable[Any], ties: Iterable[Any] = ()) -> dict[int, Placement]:
    """Place drawable members (with ``key``, ``ring``, ``sector``); ties are not used yet."""
    del ties
    return layout((m.key, m.ring, m.sector) for m in members)


def capacity(ring: int, sector: str, scale: float = 1.0) -> int:
    return len(slots(ring, sector, scale))
