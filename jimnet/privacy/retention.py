"""The legal retention term of a young person's file (Jeugdwet art. 7.3.8), in one function.

The youth-care file is kept 20 years from the end of care. Where a protective measure applied
(a family supervision order or guardianship), the term runs from the end of the measure if that
came later, and while the measure has not ended the file is kept, whatever else. Until the end of
care is recorded, the file is kept. These are the rules as the issue states them; a jurist of the
consortium confirms them before production (docs/privacy.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.privacy.models import RetentionFacts
from jimnet.youth.models import Youth

TERM_YEARS = 20


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def keep_until(facts: RetentionFacts | None) -> date | None:
    """The last day the file must be kept, or None while the term has not started."""
    if facts is None or facts.care_ended_on is None:
        return None
    start = facts.care_ended_on
    if facts.protective_measure:
        if facts.measure_ended_on is None:
            return None
        start = max(start, facts.measure_ended_on)
    return add_years(start, TERM_YEARS)


def under_protective_measure(facts: RetentionFacts | None) -> bool:
    return bool(facts and facts.protective_measure)


@dataclass(frozen=True)
class Due:
    youth_id: int
    organisation_id: int
    keep_until: date


def past_term(session: Session, today: date) -> list[Due]:
    """Files whose retention term ended before today, oldest first."""
    rows = session.execute(
        select(Youth.id, Youth.organisation_id, RetentionFacts)
        .join(RetentionFacts, RetentionFacts.youth_id == Youth.id)
        .where(RetentionFacts.care_ended_on.is_not(None))
        .order_by(Youth.id)
    ).all()
    due = []
    for youth_id, organisation_id, facts in rows:
        until = keep_until(facts)
        if until is not None and until < today:
            due.append(Due(youth_id, organisation_id, until))
    return sorted(due, key=lambda d: (d.keep_until, d.youth_id))
