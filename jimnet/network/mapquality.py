"""How good is the drawn map? Figures measured on the SVG itself, at 10, 25, 60 and 100 people.

The maps are made by ``sample_map`` from the demo's own distributions (sectors, relations, rings,
ties per pair) with a fixed seed, so every run measures the same maps: a map of *n* people is the
first *n* of the map of 100, with the ties among them, so "one person added" is a real step.

Figures, read from the rendered SVG (the numbers a person sees):
- ``min_label_px``: the smallest font size of a name, at the map's natural size (1 unit = 1 px);
- ``overlaps``: pairs of members whose circle or name touches the other's circle or name;
- ``crossings``: pairs of ties that cross (ties sharing an end do not count);
- ``cut_names``: names drawn shorter than the person's full name;
- ``moved_sum`` / ``moved_max``: how far the others move (px) when person *n* is added.
"""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import defusedxml.ElementTree as SafeET

from jimnet.network import layout as geo
from jimnet.network.demo import RELATIONS, RINGS, SECTOR_WEIGHTS
from jimnet.network.svg import MapMember, MapTie, render_map

SVG = "{http://www.w3.org/2000/svg}"
SIZES = (10, 25, 60, 100)
SEED = 13


FIRST_NAMES = (
    "Anouk", "Bram", "Daan", "Emma", "Fatima", "Sem", "Julia", "Lucas", "Mila", "Noah",
    "Yara", "Mohammed", "Sanne", "Thijs", "Zoë", "Ilse", "Kevin", "Lotte", "Ayoub", "Fleur",
    "Jan-Willem", "Marieke", "Esmeralda", "Dewi", "Bas", "Kees", "Rachida", "Tim", "Anne-Sophie",
    "Hendrik", "Priya", "Stijn", "Wouter", "Naima", "Jesse", "Evi", "Rutger", "Lieke",
)  # fmt: skip
LAST_NAMES = ("de Vries", "Jansen", "van den Berg", "Bakker", "El Amrani", "Visser", "Smit",
              "van Dijk", "Yilmaz", "de Groot", "Vermeulen", "Hoekstra")  # fmt: skip
TITLES = ("wijkteam", "schoolmaatschappelijk werk", "huisarts", "GGZ", "mentor")


def sample_map(size: int, seed: int = SEED) -> tuple[list[MapMember], list[MapTie]]:
    """The first ``size`` people of a deterministic map of 100 (demo distributions)."""
    rng = random.Random(seed)  # noqa: S311 - a fixed sample, not a secret
    members: list[MapMember] = []
    sectors, weights = zip(*SECTOR_WEIGHTS.items(), strict=True)
    for key in range(1, max(size, 100) + 1):
        if key <= 2:
            sector, relation = "family", "parent"
            ring = rng.choices([1, 2, 3, 4], weights=[6, 3, 2, 1])[0]
        else:
            sector = rng.choices(sectors, weights=weights)[0]
            names, rel_w = zip(*RELATIONS[sector], strict=True)
            relation = rng.choices(names, weights=rel_w)[0]
            ring = rng.choices([1, 2, 3, 4], weights=RINGS[sector])[0]
        if relation == "parent":
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        elif sector == "professional":
            name = f"{rng.choice(FIRST_NAMES)} ({rng.choice(TITLES)})"
        elif relation == "teacher":
            name = f"{rng.choice(['Meneer', 'Mevrouw', 'Juf'])} {rng.choice(LAST_NAMES)}"
        else:
            name = rng.choice(FIRST_NAMES)
        quality = rng.choices(["positive", "mixed", "conflict"], weights=[80, 13, 7])[0]
        members.append(
            MapMember(
                key=key,
                name=name,
                relation=relation,
                sector=sector,
                ring=ring,
                quality=quality,
                is_adult=rng.random() < 0.6,
                by_youth=sector == "friends" and rng.random() < 0.5,
                is_jim=key == 4,
            )
        )
    members = members[:size]
    ties = []
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            # One draw per pair, from the pair alone: a smaller map has the same ties.
            pair = random.Random(f"{seed}:{a.key}:{b.key}")  # noqa: S311
            if a.sector == b.sector == "family":
                chance = 0.75
            elif a.sector == b.sector:
                chance = 0.35 if a.sector == "friends" else 0.2
            else:
                chance = 0.04
            if pair.random() < chance:
                conflict = pair.random() < 0.06
                ties.append(MapTie(a.key, b.key, "conflict" if conflict else "positive"))
    return members, ties


@dataclass(frozen=True)
class Drawn:
    key: int
    cx: float
    cy: float
    r: float
    label: str
    font: float
    lx: float
    ly: float

    @property
    def node_box(self) -> tuple[float, float, float, float]:
        return (self.cx - self.r, self.cy - self.r, self.cx + self.r, self.cy + self.r)

    @property
    def label_box(self) -> tuple[float, float, float, float]:
        half = geo.text_width(self.label, self.font) / 2
        return (
            self.lx - half,
            self.ly - 0.8 * self.font,
            self.lx + half,
            self.ly + 0.25 * self.font,
        )


def drawn_members(svg: str) -> list[Drawn]:
    root = SafeET.fromstring(svg)
    found = []
    for group in root.iter(f"{SVG}g"):
        if "member" not in group.get("class", "").split():
            continue
        circle = group.find(f"{SVG}circle")
        texts = [t for t in group.iter(f"{SVG}text") if "name" in t.get("class", "").split()]
        assert circle is not None and texts
        text = texts[0]
        found.append(
            Drawn(
                key=int(group.get("data-member-id", "0")),
                cx=float(circle.get("cx", "0")),
                cy=float(circle.get("cy", "0")),
                r=float(circle.get("r", "0")),
                label="".join(text.itertext()),
                font=float(text.get("font-size", "0")),
                lx=float(text.get("x", "0")),
                ly=float(text.get("y", "0")),
            )
        )
    return found


def drawn_ties(svg: str) -> list[tuple[float, float, float, float]]:
    root = SafeET.fromstring(svg)
    return [
        tuple(float(line.get(k, "0")) for k in ("x1", "y1", "x2", "y2"))  # type: ignore[misc]
        for line in root.iter(f"{SVG}line")
        if "tie" in line.get("class", "").split()
    ]


def _meet(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlaps(members: Sequence[Drawn]) -> int:
    count = 0
    for i, a in enumerate(members):
        boxes_a = (a.node_box, a.label_box)
        for b in members[i + 1 :]:
            if any(_meet(x, y) for x in boxes_a for y in (b.node_box, b.label_box)):
                count += 1
    return count


def _orient(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def crossings(segments: Sequence[tuple[float, float, float, float]]) -> int:
    count = 0
    for i, (x1, y1, x2, y2) in enumerate(segments):
        for x3, y3, x4, y4 in segments[i + 1 :]:
            ends = {(round(x1, 1), round(y1, 1)), (round(x2, 1), round(y2, 1))}
            if ends & {(round(x3, 1), round(y3, 1)), (round(x4, 1), round(y4, 1))}:
                continue
            d1 = _orient(x3, y3, x4, y4, x1, y1)
            d2 = _orient(x3, y3, x4, y4, x2, y2)
            d3 = _orient(x1, y1, x2, y2, x3, y3)
            d4 = _orient(x1, y1, x2, y2, x4, y4)
            if d1 * d2 < 0 and d3 * d4 < 0:
                count += 1
    return count


def positions(
    members: Sequence[MapMember], ties: Sequence[MapTie]
) -> dict[int, tuple[float, float]]:
    placed = geo.place(members, ties)
    return {key: (p.x, p.circle_y) for key, p in placed.items()}


@dataclass(frozen=True)
class Figures:
    people: int
    ties: int
    min_label_px: float
    overlaps: int
    crossings: int
    cut_names: int
    moved_sum: float
    moved_max: float
    width: float

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def measure(size: int, seed: int = SEED) -> Figures:
    """Render the map of ``size`` people and read its figures (needs an app context)."""
    members, ties = sample_map(size, seed)
    svg = str(render_map("Noa", members, ties))
    drawn = drawn_members(svg)
    names = {m.key: " ".join(m.name.split()) for m in members}
    before_members, before_ties = sample_map(size - 1, seed)
    old = positions(before_members, before_ties)
    new = positions(members, ties)
    moves = [math.dist(old[k], new[k]) for k in old]
    root: ET.Element = SafeET.fromstring(svg)
    return Figures(
        people=size,
        ties=len(ties),
        min_label_px=min(d.font for d in drawn),
        overlaps=overlaps(drawn),
        crossings=crossings(drawn_ties(svg)),
        cut_names=sum(1 for d in drawn if d.label != names[d.key]),
        moved_sum=round(sum(moves), 1),
        moved_max=round(max(moves, default=0.0), 1),
        width=float(root.get("viewBox", "0 0 0 0").split()[2]),
    )


def growth_moves(start: int = 7, end: int = 60, seed: int = SEED, threshold: float = 1.0) -> int:
    """How many times someone already on the map moved (more than ``threshold`` px) while the
    map grew one person at a time from ``start`` to ``end``."""
    count = 0
    previous = positions(*sample_map(start, seed))
    for size in range(start + 1, end + 1):
        current = positions(*sample_map(size, seed))
        count += sum(1 for k, p in previous.items() if math.dist(p, current[k]) > threshold)
        previous = current
    return count


def table(figures: Sequence[Figures]) -> str:
    lines = [
        "| People | Ties | Smallest name | Overlaps | Tie crossings | Names cut off "
        "| Others moved when one is added (sum / max) |",
        "|---:|---:|---:|---:|---:|---:|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.people} | {f.ties} | {f.min_label_px:g} px | {f.overlaps} | {f.crossings} "
            f"| {f.cut_names} | {f.moved_sum:g} / {f.moved_max:g} px |"
        )
    return "\n".join(lines)
