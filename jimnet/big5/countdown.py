"""The countdown to 18: the birthday, the time left, and the Dutch milestones on the way.

Pure functions of a date of birth and today's date (``jimnet.clock.today()`` in the views).

Birthdays of people born on 29 February fall on 1 March in other years, the same rule as
``Youth.age_on`` (so the countdown and the consent rules agree on the day someone turns 18).
"17½" is the day six calendar months before the 18th birthday; when that month is shorter, the
last day of that month.
"""

from __future__ import annotations

import calendar
import enum
from dataclasses import dataclass, field
from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

ADULT_AGE = 18
EXTENDED_CARE_UNTIL_AGE = 23
PREPARATION_AGE = 16


def birthday(date_of_birth: date, age: int) -> date:
    """The day someone turns ``age``; 29 February → 1 March in a year without it."""
    year = date_of_birth.year + age
    try:
        return date_of_birth.replace(year=year)
    except ValueError:
        return date(year, 3, 1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; a day past the month's end becomes its last day."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(date_of_birth: date, day: date) -> int:
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def turns_18_on(date_of_birth: date) -> date:
    return birthday(date_of_birth, ADULT_AGE)


def half_year_before_18(date_of_birth: date) -> date:
    """The day someone is 17½."""
    return add_months(turns_18_on(date_of_birth), -6)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end``; negative when ``end`` is earlier."""
    if end < start:
        return -months_between(end, start)
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months


@dataclass(frozen=True)
class TimeLeft:
    years: int
    months: int
    days: int


def time_between(start: date, end: date) -> TimeLeft:
    """Years, months and days from ``start`` to a later ``end``."""
    months = months_between(start, end)
    days = (end - add_months(start, months)).days
    return TimeLeft(months // 12, months % 12, days)


class Phase(enum.StrEnum):
    EARLY = "early"  # under 16: the plan need not start yet
    PREPARING = "preparing"  # 16 up to 17½
    FINAL = "final"  # 17½ up to 18: the practical things must be arranged now
    EXTENDED = "extended"  # 18 up to 23: extended youth care, same view
    AFTER = "after"  # 23 or older


class MilestoneState(enum.StrEnum):
    UPCOMING = "upcoming"
    SOON = "soon"  # within SOON_DAYS
    REACHED = "reached"


SOON_DAYS = 90


@dataclass(frozen=True)
class MilestoneDef:
    key: str
    age_years: int
    age_months: int  # 6 for 17½
    title: LazyString
    text: LazyString
    # Domain keys an action for this milestone belongs to; the first one in the set is used.
    domain_keys: tuple[str, ...] = ()
    # Shown only from this age on (extended care's end is not news for a 15-year-old).
    show_from_age: int = 0


MILESTONES: tuple[MilestoneDef, ...] = (
    MilestoneDef(
        "start_plan",
        16,
        0,
        _l("Begin met het plan naar 18"),
        _l(
            "Maak samen een BIG5-plan: hoe staat het met werk, geld, wonen en papieren, school "
            "en de mensen om je heen?"
        ),
        (),
    ),
    MilestoneDef(
        "extended_care",
        17,
        0,
        _l("Praat over hulp na 18 en over wonen"),
        _l(
            "Bespreek of je hulp na je 18e nog nodig hebt. Jeugdhulp kan worden verlengd tot je "
            "23e, maar dat moet vóór je 18e verjaardag geregeld zijn. Bespreek ook waar je na "
            "je 18e woont."
        ),
        ("existence_security", "housing"),
    ),
    MilestoneDef(
        "health_insurance",
        17,
        6,
        _l("Kies een zorgverzekering"),
        _l(
            "Vanaf je 18e heb je een eigen zorgverzekering nodig en betaal je zelf de premie. "
            "Kies er nu een; hij gaat in op je 18e verjaardag."
        ),
        ("existence_security", "income"),
    ),
    MilestoneDef(
        "digid",
        17,
        6,
        _l("Vraag een DigiD aan"),
        _l(
            "Met DigiD regel je zaken met de overheid, zoals toeslagen. De brief met je code "
            "komt op je woonadres, dus vraag hem op tijd aan."
        ),
        ("existence_security", "income"),
    ),
    MilestoneDef(
        "bank_account",
        17,
        6,
        _l("Open een bankrekening op je eigen naam"),
        _l("Je loon, uitkering, studiefinanciering of toeslag komt op je eigen rekening."),
        ("income",),
    ),
    MilestoneDef(
        "benefits",
        17,
        6,
        _l("Vraag zorgtoeslag en andere toeslagen aan"),
        _l(
            "Zorgtoeslag helpt je de premie te betalen. Je krijgt hem vanaf de maand na je 18e "
            "verjaardag; vraag hem op tijd aan. Kijk ook naar huurtoeslag, studiefinanciering "
            "of een uitkering."
        ),
        ("income",),
    ),
    MilestoneDef(
        "insurance_starts",
        18,
        0,
        _l("Je zorgverzekering gaat in"),
        _l("Vanaf je 18e verjaardag betaal je zelf de premie en geldt het eigen risico."),
        ("existence_security", "income"),
    ),
    MilestoneDef(
        "youth_care_ends",
        18,
        0,
        _l("De jeugdhulp stopt, tenzij die verlengd is"),
        _l(
            "Op je 18e verjaardag stopt de jeugdhulp. Is die verlengd? Dan kan de hulp doorgaan "
            "tot je 23e. Je beslist nu zelf; je ouders hebben geen gezag meer."
        ),
        (),
    ),
    MilestoneDef(
        "extended_care_ends",
        23,
        0,
        _l("Verlengde jeugdhulp stopt"),
        _l(
            "Verlengde jeugdhulp kan tot je 23e verjaardag. Daarna helpt de gemeente op een andere manier."
        ),
        (),
        show_from_age=ADULT_AGE,
    ),
)


@dataclass(frozen=True)
class Milestone:
    key: str
    on: date
    title: LazyString
    text: LazyString
    state: MilestoneState
    domain_keys: tuple[str, ...]

    def domain_in(self, keys: list[str] | tuple[str, ...]) -> str | None:
        return next((k for k in self.domain_keys if k in keys), None)


def milestone_date(date_of_birth: date, definition: MilestoneDef) -> date:
    if definition.age_months:
        return add_months(
            birthday(date_of_birth, definition.age_years + 1), definition.age_months - 12
        )
    return birthday(date_of_birth, definition.age_years)


@dataclass(frozen=True)
class Countdown:
    today: date
    date_of_birth: date
    turns_18_on: date
    half_year_on: date
    extended_until: date
    age: int
    days_to_18: int  # negative once 18
    months_to_18: int  # whole months, negative once 18
    phase: Phase
    left: TimeLeft | None  # until 18; None once 18
    left_extended: TimeLeft | None  # until 23 while in the extended phase
    milestones: list[Milestone] = field(default_factory=list)

    @property
    def is_adult(self) -> bool:
        return self.days_to_18 <= 0

    @property
    def next_milestone(self) -> Milestone | None:
        return next((m for m in self.milestones if m.state != MilestoneState.REACHED), None)


def countdown(date_of_birth: date, today: date) -> Countdown:
    eighteen = turns_18_on(date_of_birth)
    half = half_year_before_18(date_of_birth)
    twenty_three = birthday(date_of_birth, EXTENDED_CARE_UNTIL_AGE)
    age = age_on(date_of_birth, today)
    if today < birthday(date_of_birth, PREPARATION_AGE):
        phase = Phase.EARLY
    elif today < half:
        phase = Phase.PREPARING
    elif today < eighteen:
        phase = Phase.FINAL
    elif today < twenty_three:
        phase = Phase.EXTENDED
    else:
        phase = Phase.AFTER
    milestones = []
    for definition in MILESTONES:
        if age < definition.show_from_age:
            continue
        on = milestone_date(date_of_birth, definition)
        if today >= on:
            state = MilestoneState.REACHED
        elif (on - today).days <= SOON_DAYS:
            state = MilestoneState.SOON
        else:
            state = MilestoneState.UPCOMING
        milestones.append(
            Milestone(
                definition.key, on, definition.title, definition.text, state, definition.domain_keys
            )
        )
    milestones.sort(key=lambda m: m.on)
    return Countdown(
        today=today,
        date_of_birth=date_of_birth,
        turns_18_on=eighteen,
        half_year_on=half,
        extended_until=twenty_three,
        age=age,
        days_to_18=(eighteen - today).days,
        months_to_18=months_between(today, eighteen),
        phase=phase,
        left=time_between(today, eighteen) if today < eighteen else None,
        left_extended=time_between(today, twenty_three)
        if eighteen <= today < twenty_three
        else None,
        milestones=milestones,
    )


def birth_bounds_for_age(today: date, min_age: int, max_age: int) -> tuple[date, date]:
    """Dates of birth of everyone aged ``min_age``..``max_age`` (inclusive) on ``today``.

    Someone is at least ``min_age`` when born on or before ``today`` minus ``min_age`` years, and
    at most ``max_age`` when born after ``today`` minus ``max_age + 1`` years.
    """
    latest = _years_before(today, min_age)
    earliest = _years_before(today, max_age + 1)
    return date.fromordinal(earliest.toordinal() + 1), latest


def _years_before(day: date, years: int) -> date:
    """The latest date of birth of someone who is ``years`` old on ``day`` (29 Feb aware)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # today is 29 February and that year has none: born 28 Feb at the latest
        return date(day.year - years, 2, 28)
