"""Consent by age (Jeugdwet/WGBO), evaluated at the date of consent: boundaries and properties."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from jimnet.clock import AMSTERDAM
from jimnet.jim.consent import AgeBand, ConsentFact, age_on, evaluate, may_give, required_givers
from jimnet.youth.models import Youth
from tests import clock

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
#
# The examples are aimed where the rule can go wrong: a day checked near the suite's instant, a
# young person whose 11th, 12th, 15th, 16th, 17th or 18th birthday falls within a few days of
# it, consents given on that day, around the 12th and 16th birthdays or some time before, by
# the people the rule asks for (most of the time all of them), now and then withdrawn. About
# half of the examples reach valid consent (`pytest --hypothesis-show-statistics` shows the
# share; it was 5% with dates drawn uniformly over 25 years, and an age-12 bug went unnoticed).

BOUNDARY_AGES = [11, 12, 15, 16, 17, 18]
ANCHORS = {12, 16}  # birthdays around which consents are given


def _birthday(dob: date, age: int) -> date:
    """The day someone born on ``dob`` turns ``age`` (1 March for 29 February in other years)."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return date(dob.year + age, 3, 1)


def _born(birthday: date, age: int) -> date:
    """A date of birth whose ``age``-th birthday is ``birthday``."""
    try:
        return birthday.replace(year=birthday.year - age)
    except ValueError:  # 29 February, and the year of birth is not a leap year
        return date(birthday.year - age, 2, 28)


@dataclass(frozen=True)
class Case:
    dob: date
    on: date
    authorities: list[int]
    facts: list[ConsentFact]


@st.composite
def givens(draw: st.DrawFn, dob: date, on: date) -> date:
    """A day of consent: the day checked, just before it, around a birthday, or long ago."""
    kind = draw(st.sampled_from(["on", "recent", "birthday", "long_ago"]))
    if kind == "on":
        day = on
    elif kind == "recent":
        day = on - timedelta(days=draw(st.integers(1, 10)))
    elif kind == "birthday":
        anchor = _birthday(dob, draw(st.sampled_from(sorted(ANCHORS))))
        day = anchor + timedelta(days=draw(st.integers(-2, 2)))
    else:
        day = on - timedelta(days=draw(st.integers(11, 2500)))
    return min(day, on) if draw(st.integers(0, 9)) else day  # now and then after the day checked


@st.composite
def cases(draw: st.DrawFn) -> Case:
    on = clock.instant().astimezone(AMSTERDAM).date() + timedelta(days=draw(st.integers(-3, 3)))
    age = draw(st.sampled_from(BOUNDARY_AGES))
    dob = _born(on + timedelta(days=draw(st.integers(-3, 3))), age)
    authorities = draw(st.sampled_from([[1, 2], [1, 2], [1], []]))
    facts: list[ConsentFact] = []
    # Everyone who might consent: the young person, the registered parents, and one parent whose
    # authority is not registered (their consent must not count).
    for giver, authority in [("youth", None), *(("parent", a) for a in [1, 2, 3])]:
        for _ in range(draw(st.sampled_from([1, 1, 1, 1, 0, 2]))):  # mostly once
            given = draw(givens(dob, on))
            withdrawn = None
            if draw(st.integers(0, 6)) == 0:
                withdrawn = given + timedelta(days=draw(st.integers(0, 30)))
            facts.append(ConsentFact(giver, given, authority, withdrawn))
    return Case(dob, on, authorities, facts)


def _note(case: Case, valid: bool) -> None:
    event(f"valid consent: {valid}")
    event(f"age on the day checked: {age_on(case.dob, case.on)}")


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


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_validity_matches_a_day_by_day_reading_of_the_law(case):
    valid = evaluate(case.dob, case.authorities, case.facts, case.on).valid
    _note(case, valid)
    assert valid == oracle(case.dob, case.authorities, case.facts, case.on)


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_what_is_missing_is_what_makes_consent_valid(case):
    """Not valid means someone is named as missing; their consent today makes it valid. (At the
    16th birthday the check once named no one while consent was not valid.)"""
    check = evaluate(case.dob, case.authorities, case.facts, case.on)
    _note(case, check.valid)
    if check.valid:
        return
    assert check.youth_missing or check.authorities_missing or check.no_authority
    if check.no_authority:
        return
    today = [ConsentFact("youth", case.on)] if check.youth_missing else []
    today += [ConsentFact("parent", case.on, a) for a in check.authorities_missing]
    age = age_on(case.dob, case.on)
    assert all(may_give(f.giver, age) for f in today)
    after = evaluate(case.dob, case.authorities, [*case.facts, *today], case.on)
    assert after.valid and after.complete_on == case.on


@settings(max_examples=200, deadline=None)
@given(case=cases(), extra=cases())
def test_more_consent_never_makes_valid_consent_invalid(case, extra):
    facts = [f for f in case.facts if f.withdrawn_on is None]
    more = [f for f in extra.facts if f.withdrawn_on is None]
    valid = evaluate(case.dob, case.authorities, facts, case.on).valid
    _note(case, valid)
    if valid:
        assert evaluate(case.dob, case.authorities, facts + more, case.on).valid


@settings(max_examples=100, deadline=None)
@given(
    dob=st.dates(min_value=date(1995, 1, 1), max_value=date(2020, 12, 31)),
    day=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
)
def test_age_is_the_same_as_the_youth_record_says(dob, day):
    assert age_on(dob, day) == Youth(date_of_birth=dob).age_on(day)
