"""How well a volunteer fits a waiting young person: hard constraints, a score, and reasons.

Per (young person, volunteer) pair, three features in [0, 1], computed for all pairs at once:

- ``interests``: cosine similarity of the two sets of interests (scikit-learn's
  ``MultiLabelBinarizer`` and ``cosine_similarity``); 0 when either side named none;
- ``languages``: cosine similarity of the languages the young person asked for and those the
  volunteer speaks; when the young person asked for none, 1 if the volunteer speaks Dutch;
- ``distance``: 1 at the same place, falling linearly to 0 at the smaller of the volunteer's
  travel distance and the young person's maximum; 0.5 when a postcode is outside the table.

**Hard constraints** (a pair that breaks one is never proposed): the volunteer is approved and
their VOG is valid on the day (:mod:`jimnet.pool.vog`); the young person's explicit wishes hold
(the mentor's gender, at least one of the asked-for languages, the maximum distance); the
distance is within the volunteer's travel distance; the young person's age is within the ages
the volunteer chose; and the young person has not declined this volunteer before. Capacity is
handled by the assignment (each free place is one column).

**The score.** Until there are enough past outcomes (:data:`MIN_OUTCOMES` labelled matches with
at least :data:`MIN_PER_CLASS` of each kind), the documented rule: 0.45 × interests + 0.25 ×
languages + 0.30 × distance. From then on a logistic regression learned from past matches
(label: the match lasted six months, see :func:`jimnet.pool.learning.outcomes`) gives the
probability that the match lasts, from the same three features.

**Reasons.** Each proposal carries the three contributions that mattered most for that pair
(weight × feature for the rule, coefficient × feature for the model), plus every explicit wish
it meets, as codes with values; :func:`jimnet.pool.explain.sentence` puts them into words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

import numpy as np
from sklearn.metrics.pairwise import cosine_similarity
from sklearn.preprocessing import MultiLabelBinarizer

from jimnet.pool import region, vog

FEATURES = ("interests", "languages", "distance")
RULE_WEIGHTS = {"interests": 0.45, "languages": 0.25, "distance": 0.30}
UNKNOWN_DISTANCE = 0.5


@dataclass(frozen=True)
class Seeker:
    """A waiting young person with their explicit wishes."""

    request_id: int
    youth_id: int
    age: int
    postcode: str | None
    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    mentor_gender: str = "any"
    max_km: int | None = None


@dataclass(frozen=True)
class Offer:
    """A volunteer with the places they have free."""

    volunteer_id: int
    gender: str
    postcode: str | None
    travel_km: int
    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    age_min: int = 12
    age_max: int = 23
    vog_issued_on: date | None = None
    approved: bool = True
    free_places: int = 1


class Scorer(Protocol):
    method: str

    def score(self, features: np.ndarray) -> np.ndarray: ...

    def contributions(self, features: np.ndarray) -> np.ndarray: ...


class RuleScorer:
    """The documented rule, used until there are enough outcomes to learn from."""

    method = "rule"
    weights = np.array([RULE_WEIGHTS[name] for name in FEATURES])

    def score(self, features: np.ndarray) -> np.ndarray:
        return np.asarray(features @ self.weights)

    def contributions(self, features: np.ndarray) -> np.ndarray:
        return np.asarray(features * self.weights)


@dataclass
class Table:
    """Every pair at once: rows are seekers, columns are offers."""

    seekers: list[Seeker]
    offers: list[Offer]
    features: np.ndarray  # (n, m, len(FEATURES))
    distance_km: np.ndarray  # (n, m), NaN where unknown
    allowed: np.ndarray  # (n, m) bool
    refusal: np.ndarray  # (n, m) the first hard constraint a pair breaks ("" when allowed)
    score: np.ndarray  # (n, m)
    contributions: np.ndarray  # (n, m, len(FEATURES))
    method: str = "rule"
    _reasons: dict[tuple[int, int], list[dict[str, Any]]] = field(default_factory=dict)

    def reasons(self, i: int, j: int) -> list[dict[str, Any]]:
        key = (i, j)
        if key not in self._reasons:
            self._reasons[key] = _reasons(self, i, j)
        return self._reasons[key]

    def feature_dict(self, i: int, j: int) -> dict[str, float]:
        return {name: round(float(self.features[i, j, k]), 4) for k, name in enumerate(FEATURES)}


def _similarity(left: Sequence[tuple[str, ...]], right: Sequence[tuple[str, ...]]) -> np.ndarray:
    binarizer = MultiLabelBinarizer()
    binarizer.fit([*left, *right, ()])
    if not binarizer.classes_.size:
        return np.zeros((len(left), len(right)))
    a = binarizer.transform(left).astype(float)
    b = binarizer.transform(right).astype(float)
    return np.asarray(cosine_similarity(a, b))


def table(
    seekers: list[Seeker],
    offers: list[Offer],
    day: date,
    *,
    declined: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset(),
    scorer: Scorer | None = None,
) -> Table:
    """Features, hard constraints, scores and contributions for every pair (vectorised)."""
    scorer = scorer or RuleScorer()
    n, m = len(seekers), len(offers)
    features = np.zeros((n, m, len(FEATURES)))
    if n and m:
        features[:, :, 0] = _similarity(
            [s.interests for s in seekers], [o.interests for o in offers]
        )
        asked = [s.languages for s in seekers]
        language = _similarity([a or ("nl",) for a in asked], [o.languages for o in offers])
        speaks_dutch = np.array([float("nl" in o.languages) for o in offers])
        for i, wanted in enumerate(asked):
            features[i, :, 1] = language[i] if wanted else speaks_dutch
    distance = region.distances_km([s.postcode for s in seekers], [o.postcode for o in offers])
    limit = np.array(
        [
            [min(o.travel_km, s.max_km) if s.max_km else o.travel_km for o in offers]
            for s in seekers
        ],
        dtype=float,
    ).reshape(n, m)
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.clip(1 - distance / np.maximum(limit, 1), 0, 1)
    features[:, :, 2] = np.where(np.isnan(distance), UNKNOWN_DISTANCE, closeness)

    refusal = np.full((n, m), "", dtype=object)

    def forbid(mask: np.ndarray, code: str) -> None:
        refusal[(refusal == "") & mask] = code

    not_approved = np.array([not o.approved for o in offers], dtype=bool)
    no_vog = np.array([not vog.valid_on(o.vog_issued_on, day) for o in offers], dtype=bool)
    forbid(np.broadcast_to(not_approved, (n, m)), "not_approved")
    forbid(np.broadcast_to(no_vog, (n, m)), "vog")
    for i, seeker in enumerate(seekers):
        for j, offer in enumerate(offers):
            if refusal[i, j]:
                continue
            if (seeker.youth_id, offer.volunteer_id) in declined:
                refusal[i, j] = "declined"
            elif seeker.mentor_gender != "any" and offer.gender != seeker.mentor_gender:
                refusal[i, j] = "gender"
            elif seeker.languages and not set(seeker.languages) & set(offer.languages):
                refusal[i, j] = "language"
            elif not offer.age_min <= seeker.age <= offer.age_max:
                refusal[i, j] = "age"
            elif not np.isnan(distance[i, j]) and distance[i, j] > limit[i, j]:
                refusal[i, j] = "distance"
    allowed = refusal == ""
    flat = features.reshape(-1, len(FEATURES))
    score = scorer.score(flat).reshape(n, m) if flat.size else np.zeros((n, m))
    contributions = (
        scorer.contributions(flat).reshape(n, m, len(FEATURES)) if flat.size else features.copy()
    )
    return Table(
        seekers=seekers,
        offers=offers,
        features=features,
        distance_km=distance,
        allowed=allowed,
        refusal=refusal,
        score=score,
        contributions=contributions,
        method=scorer.method,
    )


def _reasons(t: Table, i: int, j: int) -> list[dict[str, Any]]:
    seeker, offer = t.seekers[i], t.offers[j]
    reasons: list[dict[str, Any]] = []
    order = np.argsort(-t.contributions[i, j], kind="stable")
    for k in order:
        name = FEATURES[int(k)]
        value = float(t.features[i, j, k])
        if value <= 0:
            continue
        if name == "interests":
            shared = sorted(set(seeker.interests) & set(offer.interests))
            if shared:
                reasons.append({"code": "interests", "values": shared})
        elif name == "languages":
            shared = sorted(set(seeker.languages or ("nl",)) & set(offer.languages))
            if shared:
                reasons.append(
                    {"code": "language", "values": shared, "asked": bool(seeker.languages)}
                )
        elif name == "distance" and not np.isnan(t.distance_km[i, j]):
            reasons.append({"code": "distance", "km": round(float(t.distance_km[i, j]))})
        if len(reasons) == 3:
            break
    if seeker.mentor_gender != "any":
        reasons.append({"code": "gender", "value": seeker.mentor_gender})
    return reasons


def band(score: float) -> str:
    """Scores are shown as words, never as false precision."""
    if score >= 0.6:
        return "good"
    if score >= 0.35:
        return "fair"
    return "weak"
