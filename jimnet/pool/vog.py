"""The VOG (Verklaring Omtrent het Gedrag, certificate of conduct): when it counts.

**The rule.** A volunteer may be matched only with a VOG issued on or before the day and less
than :data:`VALID_YEARS` years before it: on the day the VOG turns three years old it has
expired, and the volunteer is not matchable until a new one is recorded. A VOG dated in the
future is refused at screening. Three years is the renewal period many Dutch mentoring
organisations use for volunteers who work one-to-one with young people (a VOG itself has no
expiry date; the organisation decides how recent it must be). The rule lives here only.
"""

from __future__ import annotations

from datetime import date

VALID_YEARS = 3


def expires_on(issued_on: date) -> date:
    """The first day on which this VOG no longer counts."""
    try:
        return issued_on.replace(year=issued_on.year + VALID_YEARS)
    except ValueError:  # issued on 29 February
        return issued_on.replace(year=issued_on.year + VALID_YEARS, day=28)


def valid_on(issued_on: date | None, day: date) -> bool:
    return issued_on is not None and issued_on <= day < expires_on(issued_on)
