"""Consent by age (Jeugdwet/WGBO), evaluated at the date of consent: boundaries and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jimnet.jim.consent import AgeBand, ConsentFact, age_on, evaluate, may_give, required_givers
from jimnet.youth.models import Youth

DOB = date(2010, 6, 15)
TWELVE = date(2022, 6, 15)
SIXTEEN = date(2026, 6, 15)
DAY = timedelta(days=1)
PARENTS = [1, 2]


def youth_fact(day: date, withdrawn: date | None = None) -> ConsentFact:
    return ConsentFact("youth", day, None, withdrawn)


def parent_fact(authority: int, day: date, withdrawn: date | None = None) -> ConsentFact:
    return ConsentFact("parent", day, authority, withdrawn)


def both_parents(day: date) -> list[ConsentFact]:
    return [parent_fact(a, day) for a in PARENTS]


# --- the rule at its boundaries -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "band", "youth", "parents"),
    [
        (TWELVE - DAY, AgeBand.UNDER_12, False, True),
        (TWELVE, AgeBand.TWELVE_TO_FIFTEEN, True, True),
        (SIXTEEN - DAY, AgeBand.TWELVE_TO_FIFTEEN, True, True),
        (SIXTEEN, AgeBand.SIXTEEN_PLUS, True, False),
    ],
)
def test_who_consents_the_day_before_and_on_the_birthday(day, band, youth, parents):
    need = required_givers(age_on(DOB, day))
    assert (need.band, need.youth, need.parents) == (band, youth, parents)


def test_the_day_before_12_the_parents_alone_suffice():
    assert evaluate(DOB, PARENTS, both_parents(TWELVE - DAY), TWELVE - DAY).valid


def test_on_the_12th_birthday_the_parents_alone_no_longer_suffice():
    check = evaluate(DOB, PARENTS, both_parents(TWELVE), TWELVE)
    assert not check.valid
    assert check.youth_missing


def test_on_the_12th_birthday_youth_and_parents_suffice():
    facts = [*both_parents(TWELVE), youth_fact(TWELVE)]
    assert evaluate(DOB, PARENTS, facts, TWELVE).valid


def test_from_12_one_parent_of_two_is_not_enough():
    facts = [parent_fact(1, TWELVE), youth_fact(TWELVE)]
    check = evaluate(DOB, PARENTS, facts, TWELVE)
    assert not check.valid
    assert check.authorities_missing == [2]


def test_the_day_before_16_the_youth_alone_does_not_suffice():
    check = evaluate(DOB, PARENTS, [youth_fact(SIXTEEN - DAY)], SIXTEEN - DAY)
    assert not check.valid
    assert check.authorities_missing == PARENTS


def test_on_the_16th_birthday_the_youth_alone_suffices():
    assert evaluate(DOB, PARENTS, [youth_fact(SIXTEEN)], SIXTEEN).valid


def test_from_16_no_parent_is_needed_even_without_any_authority():
    assert evaluate(DOB, [], [youth_fact(SIXTEEN)], SIXTEEN).valid


def test_under_16_without_registered_authority_consent_cannot_be_complete():
    check = evaluate(DOB, [], [youth_fact(SIXTEEN - DAY)], SIXTEEN - DAY)
    assert not check.valid
    assert check.no_authority


def test_consent_is_judged_at_its_own_date_not_today():
    # Parents consented the day before she turned 12: still valid long after.
    assert evaluate(DOB, PARENTS, both_parents(TWELVE - DAY), SIXTEEN + DAY).valid
    # Her consent alone at 15 does not become valid by turning 16: she consents again.
    assert not evaluate(DOB, PARENTS, [youth_fact(SIXTEEN - DAY)], SIXTEEN + DAY).valid


def test_a_withdrawn_consent_no_longer_counts_from_the_day_it_was_withdrawn():
    facts = [*both_parents(TWELVE), youth_fact(TWELVE, withdrawn=TWELVE + 10 * DAY)]
    assert evaluate(DOB, PARENTS, facts, TWELVE + 9 * DAY).valid
    assert not evaluate(DOB, PARENTS, facts, TWELVE + 10 * DAY).valid


def test_a_consent_given_after_the_day_checked_does_not_count():
    assert not evaluate(DOB, PARENTS, both_parents(TWELVE - DAY), TWELVE - 2 * DAY).valid


def test_consents_that_count_at_an_age():
    assert not may_give("youth", 11) and may_give("parent", 11)
    assert may_give("youth", 12) and may_give("parent", 15)
    assert may_give("youth", 16) and not may_give("parent", 16)


# --- properties ---------------------------------------------------------------------------------

dobs = st.dates(min_value=date(1995, 1, 1), max_value=date(2020, 12, 31))
facts_strategy = st.lists(
    st.tuples(
        st.sampled_from(["youth", "parent"]),
        st.integers(min_value=0, max_value=3000),  # days after the 8th birthday
        st.sampled_from([1, 2, 3]),
        st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
    ),
    max_size=6,
)


def _facts(dob: date, raw: list[tuple[str, int, int, int | None]]) -> list[ConsentFact]:
    start = (
        dob.replace(year=dob.year + 8)
        if (dob.month, dob.day) != (2, 29)
        else date(dob.year + 8, 3, 1)
    )
    out = []
    for giver, offset, authority, withdrawn_after in raw:
        given = start + timedelta(days=offset)
        withdrawn = given + timedelta(days=withdrawn_after) if withdrawn_after is not None else None
        out.append(ConsentFact(giver, given, authority if giver == "parent" else None, withdrawn))
    return out


def oracle(dob: date, authorities: list[int], facts: list[ConsentFact], on: date) -> bool:
    """Day by day: is there a day on which someone consented and by which everyone the law asks
    for at the age of that day had consented (with consents still standing on ``on``)? Turning
    16 is not itself a consent: the date of consent is a day someone consented."""
    standing = [
        f for f in facts if f.given_on <= on and (f.withdrawn_on is None or f.withdrawn_on > on)
    ]
    if not standing:
        return False
    day = min(f.given_on for f in standing)
    while day <= on:
        age = age_on(dob, day)
        upto = [f for f in standing if f.given_on <= day]
        if not any(f.given_on == day for f in upto):
            day += timedelta(days=1)
            continue
        youth_ok = age < 12 or any(f.giver == "youth" for f in upto)
        parents_ok = age >= 16 or (
            bool(authorities)
            and all(
                any(f.giver == "parent" and f.authority_id == a for f in upto) for a in authorities
            )
        )
        if youth_ok and parents_ok:
            return True
        day += timedelta(days=1)
    return False


@settings(max_examples=150, deadline=None)
@given(
    dob=dobs,
    raw=facts_strategy,
    authorities=st.sampled_from([[], [1], [1, 2]]),
    on_offset=st.integers(0, 3500),
)
def test_validity_matches_a_day_by_day_reading_of_the_law(dob, raw, authorities, on_offset):
    facts = _facts(dob, raw)
    on = (
        dob.replace(year=dob.year + 8)
        if (dob.month, dob.day) != (2, 29)
        else date(dob.year + 8, 3, 1)
    )
    on += timedelta(days=on_offset)
    assert evaluate(dob, authorities, facts, on).valid == oracle(dob, authorities, facts, on)


@settings(max_examples=100, deadline=None)
@given(dob=dobs, raw=facts_strategy, extra=facts_strategy, on_offset=st.integers(0, 3500))
def test_more_consent_never_makes_valid_consent_invalid(dob, raw, extra, on_offset):
    facts = [f for f in _facts(dob, raw) if f.withdrawn_on is None]
    more = [f for f in _facts(dob, extra) if f.withdrawn_on is None]
    on = date(dob.year + 8, 3, 1) + timedelta(days=on_offset)
    if evaluate(dob, [1, 2], facts, on).valid:
        assert evaluate(dob, [1, 2], facts + more, on).valid


@settings(max_examples=100, deadline=None)
@given(dob=dobs, day=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
def test_age_is_the_same_as_the_youth_record_says(dob, day):
    assert age_on(dob, day) == Youth(date_of_birth=dob).age_on(day)
