"""Today's date where our users live: ages and deadlines are Dutch dates, not UTC dates."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def today() -> date:
    return datetime.now(AMSTERDAM).date()


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 28 February for a 29 February in a year without one."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return date(day.year - years, 2, 28)
