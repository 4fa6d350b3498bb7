"""Public helpers about a young person's JIM, for other domains and for the policy.

``active_jim(session, youth_id)`` is the contract with the other domains (BIG5, the youth page):
the JIM in position (active, or on standby: still the young person's JIM, just less active for
a while), or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.clock import AMSTERDAM, today
from jimnet.jim import consent
from jimnet.jim.models import IN_POSITION, JimNomination, JimState
from jimnet.youth.models import Youth


@dataclass(frozen=True)
class JimSummary:
    name: str
    since: date
    member_id: int | None
    on_standby: bool = False


def in_position(session: Session, youth_id: int) -> JimNomination | None:
    return session.scalars(
        select(JimNomination).where(
            JimNomination.youth_id == youth_id, JimNomination.state.in_(IN_POSITION)
        )
    ).first()


def active_jim(session: Session, youth_id: int) -> JimSummary | None:
    nomination = in_position(session, youth_id)
    if nomination is None:
        return None
    since = nomination.active_since or nomination.state_since
    return JimSummary(
        name=nomination.member.display_name,
        since=since.astimezone(AMSTERDAM).date(),
        member_id=nomination.member_id,
        on_standby=nomination.state == JimState.STANDBY,
    )


def nomination_of_jim(session: Session, youth_id: int, user_id: int) -> JimNomination | None:
    """The nomination in which this account is the young person's JIM now."""
    return session.scalars(
        select(JimNomination).where(
            JimNomination.youth_id == youth_id,
            JimNomination.jim_user_id == user_id,
            JimNomination.state.in_(IN_POSITION),
        )
    ).first()


def consent_valid(session: Session, nomination: JimNomination, youth: Youth, on: date) -> bool:
    return consent.check_records(
        youth.date_of_birth,
        consent.authority_ids(session, youth.id),
        consent.records_for(session, [nomination.id]),
        on,
    ).valid


SHARE_FLAGS = ("share_network", "share_big5", "share_case_notes")


def jim_sees(session: Session, youth: Youth, user_id: int, flag: str) -> bool:
    """Whether this JIM sees one kind of the young person's data: only while in position, only
    what the young person shares (``flag``), and only while the consent is valid."""
    if flag not in SHARE_FLAGS:
        raise ValueError(flag)
    nomination = nomination_of_jim(session, youth.id, user_id)
    if nomination is None or not getattr(nomination, flag):
        return False
    return consent_valid(session, nomination, youth, today())
