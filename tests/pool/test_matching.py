"""Compatibility, hard constraints, the VOG rule and the global assignment (no database)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from jimnet.pool import assign, compatibility, vog
from jimnet.pool.compatibility import Offer, Seeker

DAY = date(2026, 11, 24)


def seeker(i: int = 1, **kw) -> Seeker:
    return Seeker(
        request_id=i,
        youth_id=i,
        age=kw.pop("age", 16),
        postcode=kw.pop("postcode", "3811 AB"),
        **kw,
    )


def offer(j: int = 1, **kw) -> Offer:
    values = {
        "gender": "woman",
        "postcode": "3811 AB",
        "travel_km": 15,
        "interests": ("music",),
        "languages": ("nl",),
        "vog_issued_on": date(2025, 1, 1),
        **kw,
    }
    return Offer(volunteer_id=j, **values)


def test_vog_counts_three_years_and_not_a_day_longer():
    issued = date(2023, 11, 24)
    assert vog.valid_on(issued, date(2026, 11, 23))
    assert not vog.valid_on(issued, date(2026, 11, 24))
    assert not vog.valid_on(date(2026, 11, 25), DAY)  # dated in the future
    assert not vog.valid_on(None, DAY)
    assert vog.expires_on(date(2024, 2, 29)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("s", "o", "code"),
    [
        (seeker(), offer(vog_issued_on=date(2023, 11, 1)), "vog"),
        (seeker(), offer(approved=False), "not_approved"),
        (seeker(mentor_gender="man"), offer(gender="woman"), "gender"),
        (seeker(languages=("ar",)), offer(languages=("nl", "en")), "language"),
        (seeker(age=13), offer(age_min=16), "age"),
        (seeker(postcode="3811 AB"), offer(postcode="3581 AB", travel_km=5), "distance"),
        (seeker(postcode="3811 AB", max_km=3), offer(postcode="3760 AB", travel_km=30), "distance"),
    ],
)
def test_each_hard_constraint_forbids_the_pair(s, o, code):
    table = compatibility.table([s], [o], DAY)
    assert not table.allowed[0, 0]
    assert table.refusal[0, 0] == code


def test_a_declined_pair_is_never_allowed_again():
    table = compatibility.table([seeker()], [offer()], DAY, declined={(1, 1)})
    assert table.refusal[0, 0] == "declined"


def test_shared_interests_language_and_closeness_raise_the_score_and_are_the_reasons():
    close = offer(1, interests=("music", "sport"), languages=("nl", "ar"))
    far = offer(2, interests=("cooking",), postcode="3760 AB", travel_km=25)
    table = compatibility.table(
        [seeker(interests=("music", "sport"), languages=("ar",))], [close, far], DAY
    )
    assert table.allowed[0, 0] and not table.allowed[0, 1]  # far does not speak Arabic
    table = compatibility.table([seeker(interests=("music", "sport"))], [close, far], DAY)
    assert table.score[0, 0] > table.score[0, 1]
    codes = [r["code"] for r in table.reasons(0, 0)]
    assert codes[0] == "interests" and "distance" in codes
    assert table.reasons(0, 0)[0]["values"] == ["music", "sport"]
    assert compatibility.band(float(table.score[0, 0])) == "good"


def test_the_rule_is_the_documented_weighted_sum():
    table = compatibility.table([seeker(interests=("music",))], [offer()], DAY)
    f = table.features[0, 0]
    assert table.score[0, 0] == pytest.approx(0.45 * f[0] + 0.25 * f[1] + 0.30 * f[2])


def test_global_assignment_beats_first_come_greedy():
    # Young person 0 (first come) fits both volunteers; young person 1 fits only volunteer 0.
    score = np.array([[0.9, 0.8], [0.7, 0.0]])
    allowed = np.array([[True, True], [True, False]])
    greedy = assign.greedy(score, allowed, [1, 1])
    optimal = assign.optimal(score, allowed, [1, 1])
    assert greedy.matched == 1 and optimal.matched == 2
    assert optimal.pairs == [(0, 1), (1, 0)]
    assert optimal.total == pytest.approx(1.5)


def test_capacities_are_repeated_places_and_forbidden_pairs_are_never_proposed():
    score = np.array([[0.5], [0.6], [0.7]])
    allowed = np.array([[True], [True], [False]])
    result = assign.optimal(score, allowed, [2])
    assert sorted(result.pairs) == [(0, 0), (1, 0)]
    assert assign.optimal(score, allowed, [0]).pairs == []
    assert assign.optimal(np.zeros((0, 1)), np.zeros((0, 1), bool), [1]).pairs == []


def test_distance_comes_from_the_postcode_table_without_network():
    from jimnet.pool import region

    d = region.distances_km(["3811 AB", "9999 ZZ"], ["3760 AB"])
    assert 5 < d[0, 0] < 9
    assert np.isnan(d[1, 0])
