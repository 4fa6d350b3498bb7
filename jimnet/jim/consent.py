"""Consent for a JIM by age (Jeugdwet / WGBO), evaluated at the date of consent.

The rule, in one function (:func:`required_givers`):

* under 12: the parents with parental authority;
* 12 to 15: the young person **and** the parents with parental authority;
* 16 and older: the young person alone.

A consent is *valid on a day* when there is a date of consent ``D`` (the day one of the
still-standing consents was given, on or before that day) such that everyone the rule asks for
at the young person's age on ``D`` had given a consent that still stands on or before ``D``.
So a consent given by parents and a 15-year-old stays valid after the 16th birthday, and a
15-year-old's consent alone does not become valid by turning 16: at 16 she consents again.

"The parents with authority" are all holders of parental authority registered (and active) for
the young person now; with none registered, a young person under 16 cannot be given a JIM until
the professional registers who holds authority (for example a guardian).

The functions here are pure (no database); :func:`facts_for` and :func:`check_nomination` read
the records of one nomination.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.clock import AMSTERDAM
from jimnet.youth.models import Consent, ConsentGiver, ParentalAuthority

PURPOSE = "jim"
SUBJECT_TYPE = "jim_nomination"
YOUTH_FROM = 12  # from this age the young person's own consent is needed
ALONE_FROM = 16  # from this age the young person decides alone


class AgeBand(enum.StrEnum):
    UNDER_12 = "under_12"
    TWELVE_TO_FIFTEEN = "12_15"
    SIXTEEN_PLUS = "16_plus"


@dataclass(frozen=True)
class Requirement:
    band: AgeBand
    youth: bool
    parents: bool


def age_on(date_of_birth: date, day: date) -> int:
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def required_givers(age: int) -> Requirement:
    """Who must consent at this age: the rule of the Jeugdwet/WGBO, in one place."""
    if age < YOUTH_FROM:
        return Requirement(AgeBand.UNDER_12, youth=False, parents=True)
    if age < ALONE_FROM:
        return Requirement(AgeBand.TWELVE_TO_FIFTEEN, youth=True, parents=True)
    return Requirement(AgeBand.SIXTEEN_PLUS, youth=True, parents=False)


def may_give(giver: ConsentGiver | str, age: int) -> bool:
    """Whether a consent of this kind counts at this age (a parent's from 16 does not, nor a
    child's under 12): such a consent is refused rather than recorded without meaning."""
    need = required_givers(age)
    return need.youth if ConsentGiver(giver) == ConsentGiver.YOUTH else need.parents


@dataclass(frozen=True)
class ConsentFact:
    """One consent record, reduced to what the rule needs."""

    giver: str  # ConsentGiver
    given_on: date
    authority_id: int | None = None
    withdrawn_on: date | None = None

    def stands_on(self, day: date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


@dataclass(frozen=True)
class ConsentCheck:
    valid: bool
    # The date of consent that made it valid (the earliest that works), if valid.
    complete_on: date | None
    # What the rule asks for when someone consents on the day checked.
    requirement: Requirement
    youth_missing: bool
    authorities_missing: list[int] = field(default_factory=list)
    no_authority: bool = False


def evaluate(
    date_of_birth: date,
    authority_ids: Iterable[int],
    facts: Sequence[ConsentFact],
    on: date,
) -> ConsentCheck:
    """Is there valid consent on ``on``, and if not, whose consent is still missing?"""
    authorities = sorted(set(authority_ids))
    standing = [f for f in facts if f.stands_on(on)]

    def satisfied_at(day: date) -> bool:
        need = required_givers(age_on(date_of_birth, day))
        upto = [f for f in standing if f.given_on <= day]
        if need.youth and not any(f.giver == ConsentGiver.YOUTH for f in upto):
            return False
        if need.parents:
            if not authorities:
                return False
            given = {f.authority_id for f in upto if f.giver == ConsentGiver.PARENT}
            if not set(authorities) <= given:
                return False
        return True

    complete_on = next((d for d in sorted({f.given_on for f in standing}) if satisfied_at(d)), None)
    need_now = required_givers(age_on(date_of_birth, on))
    youth_missing = need_now.youth and not any(f.giver == ConsentGiver.YOUTH for f in standing)
    given_parents = {f.authority_id for f in standing if f.giver == ConsentGiver.PARENT}
    authorities_missing = (
        [a for a in authorities if a not in given_parents] if need_now.parents else []
    )
    if complete_on is None and not youth_missing and not authorities_missing:
        # Everyone the rule asks for today has a standing consent, yet no day of consent works:
        # a 15-year-old consented without her parents and has turned 16. A consent today would
        # make today a day of consent, so whoever the rule asks for today must consent (again).
        # Saying "nothing missing" here left the young person unable to consent (409).
        youth_missing = need_now.youth
        authorities_missing = list(authorities) if need_now.parents else []
    return ConsentCheck(
        valid=complete_on is not None,
        complete_on=complete_on,
        requirement=need_now,
        youth_missing=youth_missing,
        authorities_missing=authorities_missing,
        no_authority=need_now.parents and not authorities,
    )


# --- reading one nomination's records ----------------------------------------------------------


def must_consent(check: ConsentCheck, giver: ConsentGiver | str, authority_id: int | None) -> bool:
    """Whether this person's consent is among what ``check`` says is missing: the one answer the
    pages, the API and the service that records a consent all give."""
    if ConsentGiver(giver) == ConsentGiver.YOUTH:
        return check.youth_missing
    return authority_id in check.authorities_missing


def _local_date(moment: datetime | None) -> date | None:
    return moment.astimezone(AMSTERDAM).date() if moment is not None else None


def fact(record: Consent) -> ConsentFact:
    return ConsentFact(
        giver=record.given_by_role,
        given_on=record.given_on,
        authority_id=record.authority_id,
        withdrawn_on=_local_date(record.withdrawn_at),
    )


def records_for(session: Session, nomination_ids: Iterable[int]) -> list[Consent]:
    ids = list(nomination_ids)
    if not ids:
        return []
    return list(
        session.scalars(
            select(Consent)
            .where(
                Consent.purpose == PURPOSE,
                Consent.subject_type == SUBJECT_TYPE,
                Consent.subject_id.in_(ids),
            )
            .order_by(Consent.given_on, Consent.id)
        )
    )


def authority_ids(session: Session, youth_id: int) -> list[int]:
    return list(
        session.scalars(
            select(ParentalAuthority.id).where(
                ParentalAuthority.youth_id == youth_id, ParentalAuthority.active.is_(True)
            )
        )
    )


def check_records(
    date_of_birth: date, authorities: Iterable[int], records: Iterable[Consent], on: date
) -> ConsentCheck:
    return evaluate(date_of_birth, authorities, [fact(r) for r in records], on)
