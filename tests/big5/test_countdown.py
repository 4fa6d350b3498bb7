"""The countdown to 18 at its boundaries: the day before and on 17½ and the 18th birthday,
29 February births, and the extended phase up to 23."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jimnet.big5 import countdown as cd
from jimnet.big5.countdown import MilestoneState, Phase
from jimnet.youth.models import Youth


def test_eighteenth_birthday_and_half_year():
    dob = date(2008, 8, 15)
    assert cd.turns_18_on(dob) == date(2026, 8, 15)
    assert cd.half_year_before_18(dob) == date(2026, 2, 15)


def test_half_year_in_a_short_month_is_its_last_day():
    assert cd.half_year_before_18(date(2008, 8, 31)) == date(2026, 2, 28)
    assert cd.half_year_before_18(date(2010, 8, 31)) == date(2028, 2, 29)  # leap year


def test_born_on_29_february_turns_18_on_1_march_in_a_common_year():
    dob = date(2008, 2, 29)
    assert cd.turns_18_on(dob) == date(2026, 3, 1)
    assert cd.half_year_before_18(dob) == date(2025, 9, 1)
    # The same day as the foundation's age rule (consent, the youth page).
    youth = Youth(date_of_birth=dob)
    assert youth.age_on(date(2026, 2, 28)) == 17 == cd.age_on(dob, date(2026, 2, 28))
    assert youth.age_on(date(2026, 3, 1)) == 18 == cd.age_on(dob, date(2026, 3, 1))


def test_born_on_29_february_turns_18_on_29_february_in_a_leap_year():
    dob = date(2012, 2, 29)
    assert cd.turns_18_on(dob) == date(2030, 3, 1)  # 2030 is common
    assert cd.turns_18_on(date(2010, 2, 28)) == date(2028, 2, 28)
    assert cd.birthday(dob, 16) == date(2028, 2, 29)  # 2028 is a leap year


@pytest.mark.parametrize(
    ("day", "phase", "days_to_18", "months_to_18"),
    [
        (date(2024, 8, 14), Phase.EARLY, 731, 24),  # the day before 16
        (date(2024, 8, 15), Phase.PREPARING, 730, 24),  # 16
        (date(2026, 2, 14), Phase.PREPARING, 182, 6),  # the day before 17½
        (date(2026, 2, 15), Phase.FINAL, 181, 6),  # 17½
        (date(2026, 8, 14), Phase.FINAL, 1, 0),  # the day before 18
        (date(2026, 8, 15), Phase.EXTENDED, 0, 0),  # 18
        (date(2031, 8, 14), Phase.EXTENDED, -1825, -59),  # the day before 23
        (date(2031, 8, 15), Phase.AFTER, -1826, -60),  # 23
    ],
)
def test_phases_and_time_left_at_the_boundaries(day, phase, days_to_18, months_to_18):
    result = cd.countdown(date(2008, 8, 15), day)
    assert result.phase == phase
    assert result.days_to_18 == days_to_18
    assert result.months_to_18 == months_to_18


def test_time_left_in_years_months_and_days():
    result = cd.countdown(date(2008, 8, 15), date(2025, 6, 10))
    assert result.left == cd.TimeLeft(1, 2, 5)
    assert cd.countdown(date(2008, 8, 15), date(2026, 8, 14)).left == cd.TimeLeft(0, 0, 1)
    on_18 = cd.countdown(date(2008, 8, 15), date(2026, 8, 15))
    assert on_18.left is None
    assert on_18.is_adult
    assert on_18.left_extended == cd.TimeLeft(5, 0, 0)


def test_milestones_at_17_and_a_half_are_reached_on_that_day_not_the_day_before():
    dob = date(2008, 8, 15)
    before = {m.key: m for m in cd.countdown(dob, date(2026, 2, 14)).milestones}
    on = {m.key: m for m in cd.countdown(dob, date(2026, 2, 15)).milestones}
    for key in ("health_insurance", "digid", "bank_account", "benefits"):
        assert before[key].on == date(2026, 2, 15)
        assert before[key].state == MilestoneState.SOON
        assert on[key].state == MilestoneState.REACHED
    assert before["youth_care_ends"].on == date(2026, 8, 15)
    assert on["insurance_starts"].state == MilestoneState.UPCOMING  # 181 days ahead
    assert cd.countdown(dob, date(2026, 8, 14)).milestones[-1].state == MilestoneState.SOON
    at_18 = {m.key: m for m in cd.countdown(dob, date(2026, 8, 15)).milestones}
    assert at_18["youth_care_ends"].state == MilestoneState.REACHED
    assert at_18["insurance_starts"].state == MilestoneState.REACHED


def test_milestones_of_a_29_february_birth():
    milestones = {m.key: m.on for m in cd.countdown(date(2008, 2, 29), date(2025, 1, 1)).milestones}
    assert milestones["digid"] == date(2025, 9, 1)
    assert milestones["youth_care_ends"] == date(2026, 3, 1)


def test_extended_care_end_is_shown_from_18_on():
    keys_at_17 = {m.key for m in cd.countdown(date(2008, 8, 15), date(2026, 1, 1)).milestones}
    keys_at_19 = {m.key for m in cd.countdown(date(2008, 8, 15), date(2027, 9, 1)).milestones}
    assert "extended_care_ends" not in keys_at_17
    assert "extended_care_ends" in keys_at_19
    assert (
        cd.countdown(date(2008, 8, 15), date(2027, 9, 1)).next_milestone.key == "extended_care_ends"
    )


def test_months_between_counts_whole_calendar_months():
    # A month from 31 January ends on the last day of February (as dateutil counts).
    assert cd.months_between(date(2026, 1, 31), date(2026, 2, 27)) == 0
    assert cd.months_between(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert cd.months_between(date(2026, 1, 31), date(2026, 3, 1)) == 1
    assert cd.months_between(date(2026, 3, 1), date(2026, 1, 31)) == -1
    assert cd.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert cd.add_months(date(2026, 3, 31), -13) == date(2025, 2, 28)


@pytest.mark.parametrize(
    "today",
    [date(2026, 3, 1), date(2026, 2, 28), date(2028, 2, 29), date(2028, 3, 1), date(2026, 12, 31)],
)
def test_birth_bounds_match_the_age_rule(today):
    earliest, latest = cd.birth_bounds_for_age(today, 14, 23)
    for dob in (
        earliest - timedelta(days=1),
        earliest,
        latest,
        latest + timedelta(days=1),
        date(2008, 2, 29),
    ):
        inside = earliest <= dob <= latest
        assert inside == (14 <= cd.age_on(dob, today) <= 23), dob


@given(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=6000),
)
def test_countdown_is_consistent(dob, days_after):
    today = dob + timedelta(days=days_after)
    result = cd.countdown(dob, today)
    assert (result.days_to_18 > 0) == (result.left is not None)
    assert result.age == Youth(date_of_birth=dob).age_on(today)
    assert (result.age >= 18) == result.is_adult
    if result.left is not None:
        back = cd.add_months(today, result.left.years * 12 + result.left.months) + timedelta(
            days=result.left.days
        )
        assert back == result.turns_18_on
    assert [m.on for m in result.milestones] == sorted(m.on for m in result.milestones)
