"""The JIM shortlist of one young person: every eligible person from the map, in order, each
with a band and three reasons, and which ranker put them in that order.

Eligibility is :func:`jimnet.jim.candidates.refusal` (never a parent with authority, a
professional or a minor), asked of every current member. People in conflict with the young
person are never hidden: they come last, with the reason. The young person chooses; the order
only helps.

The ranker is the active trained version when its file checks out (see
:mod:`jimnet.matching.store`), else the points score; :class:`RankerInUse` says which and why.
A fixed number of statements, whatever the size of the map.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from jimnet.jim.candidates import refusal
from jimnet.matching import explain, mapdata, store
from jimnet.matching.explain import Reason
from jimnet.matching.features import INDEX, feature_table, snapshot
from jimnet.matching.models import ModelKind, ModelVersion
from jimnet.matching.ranker import (
    BOOSTING,
    FALLBACK,
    BoostingRanker,
    LogisticRanker,
    PointsRanker,
    Ranker,
    single_threaded,
)
from jimnet.network.models import NetworkMember, Quality
from jimnet.youth.models import Youth

log = logging.getLogger(__name__)

SHORTLIST = 3

# Why the points score is in use.
NO_MODEL = "no_model"
REFUSED = "refused"


@dataclass(frozen=True)
class RankerInUse:
    kind: str  # "fallback", "logistic" or "boosting"
    version: ModelVersion | None = None
    why_fallback: str | None = None  # NO_MODEL or REFUSED
    refused: store.Refused | None = None

    @property
    def is_fallback(self) -> bool:
        return self.kind == FALLBACK


@dataclass
class RankedCandidate:
    member: NetworkMember
    position: int  # 1 = first
    probability: float  # for ordering only: never shown as a number
    band: str
    reasons: list[Reason]
    in_conflict: bool
    earlier: list[str] = field(default_factory=list)


@dataclass
class Ranking:
    ranker: RankerInUse
    candidates: list[RankedCandidate]

    @property
    def empty(self) -> bool:
        return not self.candidates

    @property
    def first(self) -> list[RankedCandidate]:
        """The shortlist: the first three not in conflict with the young person."""
        return [c for c in self.candidates if not c.in_conflict][:SHORTLIST]

    @property
    def rest(self) -> list[RankedCandidate]:
        shown = {c.member.id for c in self.first}
        return [c for c in self.candidates if c.member.id not in shown]


def has_good_candidate(ranking: Ranking) -> bool:
    """Whether the young person's own map holds someone in the good band who is not in conflict
    with them. The volunteer-mentor pool asks this to know whom to offer a volunteer."""
    return any(c.band == explain.GOOD and not c.in_conflict for c in ranking.candidates)


# The ranker built from a verified file, per process, keyed by the version and the file's
# SHA-256: building one (the logistic model's arithmetic is checked against scikit-learn when it
# is made) costs more than ranking a map. The file itself is still read and its hash checked on
# every use (store.load), so a file changed on disk is refused from the next request on.
_rankers: dict[tuple[int, str], Ranker] = {}
_rankers_lock = threading.Lock()


def _ranker_of(version: ModelVersion, loaded: store.LoadedModel) -> Ranker:
    key = (version.id, version.sha256)
    with _rankers_lock:
        cached = _rankers.get(key)
    if cached is not None:
        return cached
    single_threaded()
    ranker: Ranker
    if loaded.algorithm == BOOSTING:
        ranker = BoostingRanker(loaded.estimator, loaded.baseline)
    else:
        ranker = LogisticRanker(loaded.estimator)
    with _rankers_lock:
        _rankers[key] = ranker
    return ranker


def ranker_in_use(session: Session, directory: Path) -> tuple[Ranker, RankerInUse]:
    version = store.active(session, ModelKind.JIM_RANKER)
    if version is None:
        return PointsRanker(), RankerInUse(FALLBACK, why_fallback=NO_MODEL)
    try:
        loaded = store.load(directory, version)
    except store.Refused as refused:
        log.warning("model version %s refused (%s); the points score ranks", version.id, refused)
        return PointsRanker(), RankerInUse(
            FALLBACK, version=version, why_fallback=REFUSED, refused=refused
        )
    return _ranker_of(version, loaded), RankerInUse(loaded.algorithm, version=version)


def rank(session: Session, youth: Youth, on: date, directory: Path) -> Ranking:
    loaded = mapdata.load(session, youth, on)
    eligible = [m for m in loaded.members.values() if refusal(m, youth.id) is None]
    ranker, in_use = ranker_in_use(session, directory)
    if not eligible:
        return Ranking(in_use, [])
    table = feature_table(loaded.network, [m.id for m in eligible])
    probability = ranker.predict(table.values)
    contributions = ranker.contributions(table.values)
    rows: list[RankedCandidate] = []
    for i, member in enumerate(eligible):
        in_conflict = member.quality == Quality.CONFLICT
        reasons = explain.reasons(table.values[i], contributions[i], table.details[i])
        if in_conflict:
            # Why this person is at the bottom comes first, whatever the ranker weighed.
            reasons = [explain.conflict_reason(), *[r for r in reasons if r.feature != "conflict"]]
            reasons = reasons[: explain.TOP]
        rows.append(
            RankedCandidate(
                member=member,
                position=0,
                probability=float(probability[i]),
                band=explain.band(float(probability[i])),
                reasons=reasons,
                in_conflict=in_conflict,
                earlier=list(loaded.network.earlier.get(member.id, [])),
            )
        )
    rows.sort(key=lambda c: (c.in_conflict, -c.probability, c.member.display_name, c.member.id))
    for position, row in enumerate(rows, start=1):
        row.position = position
    return Ranking(in_use, rows)


def nomination_features(session: Session, youth: Youth, member_id: int, on: date) -> dict[str, Any]:
    """The nominated person's feature row today, to keep with the nomination."""
    loaded = mapdata.load(session, youth, on)
    if member_id not in loaded.members:
        return {}
    table = feature_table(loaded.network, [member_id])
    kept = snapshot(table, member_id)
    low = sorted(k for k, v in loaded.network.big5_levels.items() if v <= 2)
    kept["low_domains"] = low
    kept["conflict"] = bool(np.nan_to_num(table.values[0][INDEX["conflict"]]))
    return kept
