"""The transparent points score: what ranks JIM candidates until a trained model has earned it.

Used while there are fewer labelled outcomes than :data:`jimnet.matching.ranker.MIN_LABELLED`,
while no trained model beats it on held-out young people, and whenever the active model's file
is refused. The weights below are shown on the professional's page as they are here.

Points become a rough chance (``sigmoid((points - CENTRE) / SCALE)``) only so that the score can
be put in the same bands and measured with the same figures as a model; it is not calibrated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from numpy.typing import NDArray

from jimnet.matching.features import FEATURES, INDEX

CENTRE = 6.0
SCALE = 2.0


@dataclass(frozen=True)
class Weight:
    feature: str
    rule: LazyString  # shown on the page
    points: str  # shown on the page, as written


WEIGHTS: tuple[Weight, ...] = (
    Weight("closeness", _l("Hoe dichtbij: cirkel 1 / 2 / 3 / 4"), "3 / 2 / 1 / 0"),
    Weight(
        "contact",
        _l("Contact elke dag of elke week / elke maand / minder of onbekend"),
        "2 / 1 / 0",
    ),
    Weight("years_known", _l("Kent de jongere 5 jaar of langer"), "1"),
    Weight("support_kinds", _l("Per soort steun die de persoon al geeft"), "1"),
    Weight(
        "covers_low",
        _l("Per BIG5-domein met een lage score waar de persoon al bij helpt (hoogstens 2)"),
        "2",
    ),
    Weight("supporter_ties", _l("Kent 2 of meer anderen die de jongere helpen"), "1"),
    Weight("bridge", _l("Verbindt groepen in het netwerk"), "1"),
    Weight("earlier_jim", _l("Was eerder JIM van deze jongere"), "2"),
    Weight("earlier_refused", _l("Was eerder niet geschikt of zei nee"), "−3"),
    Weight("mixed", _l("Wisselend contact met de jongere"), "−2"),
    Weight("conflict", _l("Ruzie met de jongere (staat altijd onderaan)"), "−6"),
    Weight("conflict_ties", _l("Per ruzie met iemand anders in het netwerk"), "−2"),
)


def _value(x: NDArray[np.float64], name: str) -> NDArray[np.float64]:
    column = x[:, INDEX[name]]
    return np.where(np.isnan(column), 0.0, column)


def contributions(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """The points each feature gives each candidate (unknown facts give none)."""
    points = np.zeros((x.shape[0], len(FEATURES)), dtype=np.float64)
    contact = _value(x, "contact")
    points[:, INDEX["closeness"]] = np.clip(_value(x, "closeness") - 1, 0, 3)
    points[:, INDEX["contact"]] = np.where(contact >= 3, 2, np.where(contact == 2, 1, 0))
    points[:, INDEX["years_known"]] = _value(x, "years_known") >= 5
    points[:, INDEX["support_kinds"]] = _value(x, "support_kinds")
    points[:, INDEX["covers_low"]] = 2 * np.minimum(_value(x, "covers_low"), 2)
    points[:, INDEX["supporter_ties"]] = _value(x, "supporter_ties") >= 2
    points[:, INDEX["bridge"]] = _value(x, "bridge")
    points[:, INDEX["earlier_jim"]] = 2 * np.minimum(_value(x, "earlier_jim"), 1)
    points[:, INDEX["earlier_refused"]] = -3 * np.minimum(_value(x, "earlier_refused"), 1)
    points[:, INDEX["mixed"]] = -2 * _value(x, "mixed")
    points[:, INDEX["conflict"]] = -6 * _value(x, "conflict")
    points[:, INDEX["conflict_ties"]] = -2 * _value(x, "conflict_ties")
    return points


def points(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return contributions(x).sum(axis=1)


def probability(x: NDArray[np.float64]) -> NDArray[np.float64]:
    return 1.0 / (1.0 + np.exp(-(points(x) - CENTRE) / SCALE))


def probability_of_points(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-(value - CENTRE) / SCALE))
