"""A synthetic history of JIM nominations with a known ground truth, shared by the bench and
the demo.

**The ground truth.** For a young person and an eligible candidate, with ``x`` the candidate's
row of :func:`jimnet.matching.features.feature_table` on the *complete* map (every fact known)::

    logit = TRUTH_INTERCEPT + Σ TRUTH_WEIGHTS[f] · x[f]
            + CLOSE_CONFLICT · conflict_ties · [closeness ≥ 3]      (one interaction)
            + ε,   ε ~ Normal(0, NOISE_SD)                         (what no map records)
    P(still JIM after 12 months) = sigmoid(logit)
    P(still JIM after  6 months) = sigmoid(logit + SIX_MONTH_SHIFT)

(``supporter_ties`` counts at most 4.) The oracle of the bench is this probability itself,
ε included. An outcome is one uniform draw ``u`` per candidate: lasted 12 months when
``u < p12``, 6 months when ``u < p6`` (so lasting 12 implies lasting 6).

**What the models see** is the map with facts missing, as in practice: the contact frequency
is unknown for ``HIDE_SHARE`` of the members and "known since" for as many, independently,
and one young person in five has no BIG5 scores yet.

**Who is nominated.** Young people choose close people they see often (a softmax over
``1.0·closeness + 0.4·contact`` plus Gumbel noise), so training data are, as in reality, a
selection of the candidates, not a random sample. After an early end about a third nominate a
second person.

Gender is drawn for each member (recorded for nine in ten) only so that the bench can measure
the gap between women and men: it is never a feature and the truth does not use it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray

from jimnet.jim.candidates import rule
from jimnet.matching.features import (
    FEATURES,
    INDEX,
    FeatureTable,
    MemberFacts,
    NetworkMap,
    TieFacts,
    feature_table,
    relation_group,
)
from jimnet.network.models import BIG5_DOMAINS, ContactFrequency, SupportDomain, SupportKind

TRUTH_INTERCEPT = -3.7
TRUTH_WEIGHTS: dict[str, float] = {
    "closeness": 0.45,
    "contact": 0.35,
    "years_known": 0.04,
    "support_kinds": 0.3,
    "support_domains": 0.05,
    "covers_low": 0.45,
    "family": 0.15,
    "school_work": -0.1,
    "leisure": -0.15,
    "mixed": -0.9,
    "conflict": -2.0,
    "conflict_ties": -0.6,
    "supporter_ties": 0.3,
    "bridge": 0.35,
    "earlier_jim": 0.6,
    "earlier_refused": -1.0,
    "age_band": 0.15,
}
CLOSE_CONFLICT = -0.3
SIX_MONTH_SHIFT = 0.9
NOISE_SD = 0.35
HIDE_SHARE = 0.15
assert set(TRUTH_WEIGHTS) == set(FEATURES)

FREQUENCIES = [f.value for f in ContactFrequency]
KINDS = [k.value for k in SupportKind]
DOMAINS = [d.value for d in SupportDomain]
# (relation, sector, adult share, ring range)
PEOPLE: list[tuple[str, str, float, tuple[int, int]]] = [
    ("sibling", "family", 0.4, (1, 3)),
    ("grandparent", "family", 1.0, (1, 3)),
    ("aunt_uncle", "family", 1.0, (1, 4)),
    ("cousin", "family", 0.5, (2, 4)),
    ("other_family", "family", 0.9, (2, 4)),
    ("friend", "friends", 0.35, (1, 3)),
    ("partner", "friends", 0.5, (1, 2)),
    ("teacher", "school_work", 1.0, (2, 4)),
    ("colleague", "school_work", 1.0, (2, 4)),
    ("neighbour", "leisure", 1.0, (2, 4)),
    ("sports_coach", "leisure", 1.0, (2, 4)),
    ("other", "leisure", 0.8, (2, 4)),
    ("professional", "professional", 1.0, (2, 4)),
]
FIRST_NAMES = [
    "Anouk", "Bram", "Chantal", "Daan", "Esra", "Fenna", "Gert", "Hanna", "Ilse", "Jeroen",
    "Kees", "Latifa", "Mo", "Nadia", "Otto", "Priya", "Ruben", "Sanne", "Tom", "Yara",
]  # fmt: skip


def sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def truth_logit(row: NDArray[np.float64]) -> float:
    """The known part of the ground truth for one row of the complete map (ε not included)."""
    total = TRUTH_INTERCEPT
    for name, weight in TRUTH_WEIGHTS.items():
        value = float(row[INDEX[name]])
        if name == "supporter_ties":
            value = min(value, 4.0)
        total += weight * value
    if row[INDEX["closeness"]] >= 3:
        total += CLOSE_CONFLICT * float(row[INDEX["conflict_ties"]])
    return total


@dataclass
class SyntheticYouth:
    key: int
    age: int
    complete: NetworkMap  # every fact known: what the truth is computed on
    observed: NetworkMap  # with facts missing: what the models see
    eligible: list[int]
    p12: dict[int, float]
    p6: dict[int, float]
    lasted12: dict[int, bool]  # one draw for every eligible candidate (the bench's "what if")
    lasted6: dict[int, bool]
    gender: dict[int, str | None]
    group: dict[int, str] = field(default_factory=dict)  # relation group
    sector: dict[int, str] = field(default_factory=dict)

    def table(self) -> FeatureTable:
        return feature_table(self.observed, self.eligible)


@dataclass
class SyntheticNomination:
    youth: SyntheticYouth
    member_id: int
    order: int  # 0 = first nomination of this young person
    lasted12: bool
    lasted6: bool


def _make_member(
    rng: random.Random,
    mid: int,
    age: int,
    on: date,
    person: tuple[str, str, float, tuple[int, int]],
) -> MemberFacts:
    relation, sector, adult_share, (lo, hi) = person
    ring = rng.randint(lo, hi)
    freq_index = min(len(FREQUENCIES) - 1, max(0, ring - 1 + rng.choice((-1, 0, 0, 1))))
    years = rng.randint(0, age) if sector == "family" else rng.randint(0, min(age, 10))
    quality = rng.choices(["positive", "mixed", "conflict"], weights=(75, 18, 7))[0]
    n_support = rng.choices([0, 1, 2, 3, 4], weights=(25, 30, 25, 12, 8))[0]
    if ring == 1:
        n_support += 1
    supports = tuple(sorted({(rng.choice(KINDS), rng.choice(DOMAINS)) for _ in range(n_support)}))
    return MemberFacts(
        id=mid,
        name=f"{rng.choice(FIRST_NAMES)} {chr(65 + mid % 26)}.",
        relation=relation,
        sector=sector,
        ring=ring,
        quality=quality,
        contact_frequency=FREQUENCIES[freq_index],
        known_since=on - timedelta(days=365 * years + rng.randint(0, 300)),
        is_adult=rng.random() < adult_share,
        supports=supports,
    )


def make_map(
    rng: random.Random, size: int, age: int, on: date, first_id: int = 1
) -> tuple[list[MemberFacts], list[TieFacts]]:
    """Members (one or two parents first) and ties: within a sector often, across rarely."""
    members: list[MemberFacts] = []
    mid = first_id
    for _ in range(rng.choice((1, 2, 2))):
        quality = rng.choices(["positive", "mixed", "conflict"], weights=(60, 25, 15))[0]
        members.append(
            MemberFacts(
                id=mid,
                name=f"{rng.choice(FIRST_NAMES)} {chr(65 + mid % 26)}.",
                relation="parent",
                sector="family",
                ring=rng.randint(1, 2),
                quality=quality,
                contact_frequency="daily",
                known_since=on - timedelta(days=365 * age),
                supports=(("practical", "income"),),
            )
        )
        mid += 1
    while len(members) < size:
        person = rng.choices(PEOPLE, weights=(8, 6, 9, 5, 3, 12, 2, 6, 3, 4, 4, 3, 5))[0]
        members.append(_make_member(rng, mid, age, on, person))
        mid += 1
    ties: list[TieFacts] = []
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            chance = 0.45 if a.sector == b.sector else 0.06
            if rng.random() < chance:
                quality = "conflict" if rng.random() < 0.08 else "positive"
                ties.append(TieFacts(min(a.id, b.id), max(a.id, b.id), quality))
    return members, ties


def _hide(rng: random.Random, members: list[MemberFacts]) -> list[MemberFacts]:
    hidden = []
    for m in members:
        contact = None if rng.random() < HIDE_SHARE else m.contact_frequency
        known = None if rng.random() < HIDE_SHARE else m.known_since
        hidden.append(
            MemberFacts(
                id=m.id,
                name=m.name,
                relation=m.relation,
                sector=m.sector,
                ring=m.ring,
                quality=m.quality,
                contact_frequency=contact,
                known_since=known,
                is_adult=m.is_adult,
                supports=m.supports,
            )
        )
    return hidden


def youth(
    rng: random.Random, key: int, on: date, size: int | None = None, first_id: int = 1
) -> SyntheticYouth:
    """One young person with a map, the truth for every eligible candidate and one draw each."""
    age = rng.randint(12, 23)
    members, ties = make_map(rng, size or rng.randint(8, 20), age, on, first_id)
    eligible = [m.id for m in members if rule(m.relation, m.sector, m.is_adult) is None]
    levels = {d.value: rng.randint(1, 5) for d in BIG5_DOMAINS}
    # One in five has no BIG5 scores yet: the truth knows the levels, the models do not.
    seen_levels = levels if rng.random() < 0.8 else {}
    earlier: dict[int, list[str]] = {}
    if eligible and rng.random() < 0.15:
        earlier[rng.choice(eligible)] = [rng.choice(("ended", "not_suitable", "declined"))]
    complete = NetworkMap(members, ties, on, age, levels, earlier)
    observed = NetworkMap(_hide(rng, members), ties, on, age, seen_levels, earlier)
    table = feature_table(complete, eligible)
    p12: dict[int, float] = {}
    p6: dict[int, float] = {}
    lasted12: dict[int, bool] = {}
    lasted6: dict[int, bool] = {}
    for member_id, row in zip(table.member_ids, table.values, strict=True):
        logit = truth_logit(row) + rng.gauss(0.0, NOISE_SD)
        p12[member_id] = sigmoid(logit)
        p6[member_id] = sigmoid(logit + SIX_MONTH_SHIFT)
        u = rng.random()
        lasted12[member_id] = u < p12[member_id]
        lasted6[member_id] = u < p6[member_id]
    by_id = {m.id: m for m in members}
    return SyntheticYouth(
        key=key,
        age=age,
        complete=complete,
        observed=observed,
        eligible=eligible,
        p12=p12,
        p6=p6,
        lasted12=lasted12,
        lasted6=lasted6,
        gender={
            m.id: (rng.choice(("woman", "man")) if rng.random() < 0.9 else None) for m in members
        },
        group={m: relation_group(by_id[m].relation) for m in eligible},
        sector={m: by_id[m].sector for m in eligible},
    )


def population(n: int, seed: int, on: date, size: int | None = None) -> list[SyntheticYouth]:
    """``n`` young people; member ids are unique across the population."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    result = []
    next_id = 1
    for key in range(n):
        y = youth(rng, key, on, size, next_id)
        next_id = max(m.id for m in y.complete.members) + 1
        result.append(y)
    return result


def _choose(rng: random.Random, y: SyntheticYouth, exclude: set[int]) -> int | None:
    table = y.table()
    best: tuple[float, int] | None = None
    for member_id, row in zip(table.member_ids, table.values, strict=True):
        if member_id in exclude:
            continue
        contact = 0.0 if math.isnan(row[INDEX["contact"]]) else float(row[INDEX["contact"]])
        gumbel = -math.log(-math.log(rng.random() or 1e-12))
        utility = 1.0 * float(row[INDEX["closeness"]]) + 0.4 * contact + gumbel
        if best is None or utility > best[0]:
            best = (utility, member_id)
    return None if best is None else best[1]


def history(youths: list[SyntheticYouth], seed: int) -> list[SyntheticNomination]:
    """The nominations the young people made, with their outcomes (from the same draws)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    result: list[SyntheticNomination] = []
    for y in youths:
        chosen = _choose(rng, y, set())
        if chosen is None:
            continue
        result.append(SyntheticNomination(y, chosen, 0, y.lasted12[chosen], y.lasted6[chosen]))
        if not y.lasted6[chosen] and rng.random() < 0.35:
            second = _choose(rng, y, {chosen})
            if second is not None:
                result.append(
                    SyntheticNomination(y, second, 1, y.lasted12[second], y.lasted6[second])
                )
    return result


def training_arrays(
    nominations: list[SyntheticNomination],
) -> tuple[NDArray[np.float64], NDArray[np.int_], NDArray[np.int_], NDArray[np.int_]]:
    """X (observed features), y12, y6 and the young person of each row (the groups)."""
    tables: dict[int, FeatureTable] = {}
    rows = []
    for n in nominations:
        table = tables.get(n.youth.key) or tables.setdefault(n.youth.key, n.youth.table())
        rows.append(table.values[table.member_ids.index(n.member_id)])
    x = np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES))
    y12 = np.array([int(n.lasted12) for n in nominations])
    y6 = np.array([int(n.lasted6) for n in nominations])
    groups = np.array([n.youth.key for n in nominations])
    return x, y12, y6, groups
