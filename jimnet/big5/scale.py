"""The anchored 1–5 scale shared by every domain, and how a level is read from input.

Scoring starts at 5 and steps down until the descriptor fits, so every list of levels on screen
runs 5 → 1 (``LEVELS_DOWN``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

LOWEST = 1
HIGHEST = 5
LEVELS_DOWN: tuple[int, ...] = (5, 4, 3, 2, 1)
# The level from which a domain counts as "in order" for readiness.
READY_LEVEL = 4
# A difference of this many levels between the young person and the professional is pointed out.
GAP = 2
# What a form sends for "I don't know".
UNKNOWN = "?"


@dataclass(frozen=True)
class Level:
    value: int
    label: LazyString
    colour: str  # fill for charts and the heat map (WCAG AA against the text colour below)
    ink: str


LEVELS: dict[int, Level] = {
    1: Level(1, _l("Acute problemen"), "#b2182b", "#ffffff"),
    2: Level(2, _l("Niet zelfredzaam"), "#ef8a62", "#1b1b1b"),
    3: Level(3, _l("Deels zelfredzaam"), "#fddb87", "#1b1b1b"),
    4: Level(4, _l("Voldoende zelfredzaam"), "#91cf60", "#1b1b1b"),
    5: Level(5, _l("Helemaal op orde"), "#1a7837", "#ffffff"),
}
UNKNOWN_COLOUR = "#d9dde1"


def is_level(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and LOWEST <= value <= HIGHEST


def parse_level(raw: str | int | None) -> int | None:
    """``"1"``..``"5"`` → the level; ``"?"``, ``""`` or None → None (I don't know).

    Anything else raises ``ValueError``: a level outside the scale is an input error, not a
    "don't know".
    """
    if raw is None or raw in ("", UNKNOWN):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError) as error:
        raise ValueError(f"not a level: {raw!r}") from error
    if not is_level(value):
        raise ValueError(f"level out of range: {value}")
    return value


def label(level: int | None) -> str:
    if level is None:
        return str(_l("Weet ik niet"))
    return str(LEVELS[level].label)


def colour(level: int | None) -> str:
    return UNKNOWN_COLOUR if level is None else LEVELS[level].colour


def ink(level: int | None) -> str:
    return "#1b1b1b" if level is None else LEVELS[level].ink


def has_gap(youth_level: int | None, professional_level: int | None) -> bool:
    """A large difference between the young person's and the professional's view."""
    if youth_level is None or professional_level is None:
        return False
    return abs(youth_level - professional_level) >= GAP
