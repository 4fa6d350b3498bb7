"""The three reasons that mattered most for one candidate, in plain words, and the chance as a
band.

A reason is chosen from the candidate's *own* contributions (see :mod:`jimnet.matching.ranker`:
points for the points score, coefficient × standardised value for the logistic model, the
occlusion change for the challenger): the three largest in size whose fact can be said in
words. A reason says what is true of the person ("ziet je elke week"), and whether it counted
for or against. Words are addressed to the young person, as the young person's page shows them;
the professional sees the same words.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from numpy.typing import NDArray

from jimnet.matching.features import FEATURES, Detail

TOP = 3
# Contributions smaller than this (log-odds or points) are not a reason.
NEGLIGIBLE = 0.02

# Bands on the chance that the person is still the JIM after a year. Never a percentage on
# screen: the figures behind them are estimates from a few hundred outcomes.
GOOD = "good"
FAIR = "fair"
LOW = "low"
BAND_FROM = {GOOD: 0.55, FAIR: 0.35}
BAND = {
    GOOD: _l("Grote kans"),
    FAIR: _l("Redelijke kans"),
    LOW: _l("Kleinere kans"),
}
BAND_HINT = {
    GOOD: _l("Grote kans dat het na een jaar nog goed gaat."),
    FAIR: _l("Redelijke kans dat het na een jaar nog goed gaat."),
    LOW: _l("Kleinere kans dat het na een jaar nog goed gaat."),
}


def band(probability: float) -> str:
    if probability >= BAND_FROM[GOOD]:
        return GOOD
    if probability >= BAND_FROM[FAIR]:
        return FAIR
    return LOW


@dataclass(frozen=True)
class Reason:
    feature: str
    code: str  # stable, for the API
    helps: bool  # counted for (True) or against (False) this person
    number: int = 0
    names: tuple[str, ...] = field(default_factory=tuple)  # domains or people


def _code(feature: str, value: float, row: dict[str, float], detail: Detail) -> Reason | None:
    """What is true of the person for this feature, or None when it says nothing."""
    known = not math.isnan(value)
    n = int(value) if known else 0

    def r(code: str, number: int = 0, names: Sequence[str] = ()) -> Reason:
        return Reason(feature, code, True, number, tuple(names))

    match feature:
        case "closeness":
            return r({4: "very_close", 3: "close", 2: "further"}.get(n, "far"))
        case "contact":
            if not known:
                return r("contact_unknown")
            return r({4: "daily", 3: "weekly", 2: "monthly", 1: "yearly"}.get(n, "rarely"))
        case "years_known":
            if not known:
                return r("known_unknown")
            return r("known_years", n) if n >= 2 else r("known_short")
        case "support_kinds":
            return r("helps_ways", n) if n else r("helps_not_yet")
        case "support_domains":
            return r("helps_with", n, detail.support_domains) if n else None
        case "covers_low":
            if not known:
                return None
            return (
                r("helps_where_hard", n, detail.low_domains_covered) if n else r("not_where_hard")
            )
        case "family":
            # "Is not family" is no reason anyone would give: only the fact that is true.
            return r("family") if n else None
        case "school_work":
            return r("school_work") if n else None
        case "leisure":
            return r("leisure") if n else None
        case "mixed":
            return r("mixed") if n else None
        case "conflict":
            if n:
                return r("conflict_youth")
            return r("good_bond") if not row.get("mixed") else None
        case "conflict_ties":
            return r("conflict_with", n, detail.conflict_with) if n else r("no_conflicts")
        case "supporter_ties":
            return r("knows_supporters", n) if n else r("knows_no_supporters")
        case "bridge":
            return r("bridge") if n else None
        case "earlier_jim":
            return r("was_jim") if n else None
        case "earlier_refused":
            return r("was_refused") if n else None
    return None


_MIXED = FEATURES.index("mixed")


def reasons(
    values: NDArray[np.float64], contributions: NDArray[np.float64], detail: Detail, top: int = TOP
) -> list[Reason]:
    """The ``top`` reasons for one candidate, largest contribution first."""
    # Plain floats once (numpy scalars are slow one at a time); "mixed" is all _code reads.
    own = values.tolist()
    weights = contributions.tolist()
    row = {"mixed": own[_MIXED]}
    # Largest first, ties in feature order, an unknown (NaN) last: as numpy's stable argsort.
    order = sorted(
        range(len(weights)), key=lambda j: -abs(weights[j]) if weights[j] == weights[j] else 1.0
    )
    result: list[Reason] = []
    for j in order:
        c = weights[j]
        if abs(c) < NEGLIGIBLE:
            break
        found = _code(FEATURES[j], own[j], row, detail)
        if found is None:
            continue
        result.append(Reason(found.feature, found.code, c > 0, found.number, found.names))
        if len(result) == top:
            break
    return result


def conflict_reason() -> Reason:
    return Reason("conflict", "conflict_youth", False)


# --- words ---------------------------------------------------------------------------------

DOMAIN_WORD = {
    "work": _l("werk"),
    "income": _l("geld"),
    "existence_security": _l("wonen en papieren"),
    "school": _l("school"),
    "support": _l("steun van anderen"),
    "health": _l("gezondheid"),
    "leisure": _l("vrije tijd"),
}


def _and(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return _("%(first)s en %(last)s", first=", ".join(words[:-1]), last=words[-1])


def text(reason: Reason) -> str:
    """The reason in B1 words, addressed to the young person."""
    domains = _and([str(DOMAIN_WORD.get(d, d)) for d in reason.names])
    n = reason.number
    match reason.code:
        case "very_close":
            return _("staat heel dicht bij je")
        case "close":
            return _("staat dicht bij je")
        case "further":
            return _("staat wat verder van je af")
        case "far":
            return _("staat ver van je af")
        case "daily":
            return _("ziet je elke dag")
        case "weekly":
            return _("ziet je elke week")
        case "monthly":
            return _("ziet je elke maand")
        case "yearly":
            return _("ziet je een paar keer per jaar")
        case "rarely":
            return _("ziet je bijna nooit")
        case "contact_unknown":
            return _("we weten niet hoe vaak jullie elkaar zien")
        case "known_years":
            return ngettext("kent je al %(num)d jaar", "kent je al %(num)d jaar", n)
        case "known_short":
            return _("kent je nog maar kort")
        case "known_unknown":
            return _("we weten niet hoe lang jullie elkaar kennen")
        case "helps_ways":
            return ngettext("helpt je al op %(num)d manier", "helpt je al op %(num)d manieren", n)
        case "helps_not_yet":
            return _("helpt je nu nog niet")
        case "helps_with":
            return _("helpt al bij %(domains)s", domains=domains)
        case "helps_where_hard":
            return _("helpt al waar het nu moeilijk is: %(domains)s", domains=domains)
        case "not_where_hard":
            return _("helpt nog niet waar het nu moeilijk is")
        case "family":
            return _("is familie van je")
        case "school_work":
            return _("kent je van school of werk")
        case "leisure":
            return _("kent je van sport, de buurt of vrije tijd")
        case "mixed":
            return _("het gaat niet altijd goed tussen jullie")
        case "conflict_youth":
            return _("jullie hebben ruzie")
        case "good_bond":
            return _("jullie gaan goed met elkaar om")
        case "conflict_with":
            return _("ruzie met %(names)s", names=_and(list(reason.names)))
        case "no_conflicts":
            return _("heeft geen ruzie met anderen in je netwerk")
        case "knows_supporters":
            return ngettext(
                "kent %(num)d ander die je helpt", "kent %(num)d anderen die je helpen", n
            )
        case "knows_no_supporters":
            return _("kent de anderen die je helpen nog niet")
        case "bridge":
            return _("brengt groepen mensen om je heen bij elkaar")
        case "was_jim":
            return _("was al eerder je JIM")
        case "was_refused":
            return _("was eerder niet geschikt of zei nee")
    return reason.code
