"""The professional's JIM pipeline: for every young person on their case load, where the JIM
stands, who the next step waits on and for how long, and the figures research reports (days
from the start of care to the first nomination and to the first JIM in position).

Read in a fixed number of statements, however large the case load.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.access.policy import team_youth_ids
from jimnet.accounts.models import User
from jimnet.clock import AMSTERDAM
from jimnet.jim import consent
from jimnet.jim.consent import ConsentCheck
from jimnet.jim.models import IN_POSITION, JimInvitation, JimNomination, JimState
from jimnet.youth.models import ParentalAuthority, Youth


class WaitingOn(enum.StrEnum):
    PROFESSIONAL = "professional"
    YOUTH = "youth"
    PARENTS = "parents"
    CANDIDATE = "candidate"
    NOBODY = "nobody"


class Filter(enum.StrEnum):
    ALL = "all"
    NO_JIM = "no_jim"  # nobody in position
    WAITING = "waiting"  # a nomination on its way
    IN_POSITION = "in_position"


@dataclass
class Row:
    youth: Youth
    nomination: JimNomination | None  # the live one, else the latest
    waiting_on: WaitingOn
    waiting_days: int | None
    days_to_nomination: int | None
    days_to_active: int | None
    consent: ConsentCheck | None = None
    invitation_expired: bool = False
    parents_missing: list[str] | None = None

    @property
    def has_jim(self) -> bool:
        return self.nomination is not None and self.nomination.state in IN_POSITION

    @property
    def waiting(self) -> bool:
        return self.nomination is not None and self.nomination.state in (
            JimState.NOMINATED,
            JimState.IN_CONVERSATION,
            JimState.SUITABLE,
            JimState.AWAITING_CONSENT,
            JimState.INVITED,
        )


@dataclass
class Pipeline:
    rows: list[Row]
    total: int
    without_jim: int
    waiting: int
    in_position: int
    median_days_to_nomination: float | None
    median_days_to_active: float | None


def _days(start: date | None, moment: datetime | None) -> int | None:
    if start is None or moment is None:
        return None
    return max((moment.astimezone(AMSTERDAM).date() - start).days, 0)


def _waiting_on(
    nomination: JimNomination | None, check: ConsentCheck | None, expired: bool
) -> WaitingOn:
    if nomination is None or nomination.state in (
        JimState.NOT_SUITABLE,
        JimState.WITHDRAWN,
        JimState.DECLINED,
        JimState.ENDED,
    ):
        return WaitingOn.YOUTH  # to nominate (someone else)
    state = JimState(nomination.state)
    if state in (JimState.NOMINATED, JimState.IN_CONVERSATION, JimState.SUITABLE):
        return WaitingOn.PROFESSIONAL
    if state == JimState.AWAITING_CONSENT:
        if check is None or check.valid:
            return WaitingOn.PROFESSIONAL  # consent complete: send the invitation
        if check.youth_missing:
            return WaitingOn.YOUTH
        return WaitingOn.PARENTS if not check.no_authority else WaitingOn.PROFESSIONAL
    if state == JimState.INVITED:
        return WaitingOn.PROFESSIONAL if expired else WaitingOn.CANDIDATE
    if state == JimState.STANDBY and check is not None and not check.valid:
        return WaitingOn.YOUTH if check.youth_missing else WaitingOn.PARENTS
    return WaitingOn.NOBODY


def pipeline(
    session: Session, user: User, today: date, now: datetime, show: Filter = Filter.ALL
) -> Pipeline:
    youth_list = list(
        session.scalars(
            select(Youth)
            .where(Youth.id.in_(team_youth_ids(user)))
            .order_by(Youth.last_name, Youth.first_name, Youth.id)
        )
    )
    youth_ids = [y.id for y in youth_list]
    by_youth: dict[int, list[JimNomination]] = {}
    if youth_ids:
        for nomination in session.scalars(
            select(JimNomination)
            .where(JimNomination.youth_id.in_(youth_ids))
            .order_by(JimNomination.nominated_at, JimNomination.id)
        ):
            by_youth.setdefault(nomination.youth_id, []).append(nomination)
    live = {
        youth_id: next((n for n in reversed(items) if n.live), items[-1])
        for youth_id, items in by_youth.items()
    }
    needs_consent = [
        n
        for n in live.values()
        if n.state in (JimState.AWAITING_CONSENT, JimState.STANDBY, JimState.INVITED)
    ]
    records = consent.records_for(session, [n.id for n in needs_consent])
    authorities: dict[int, list[ParentalAuthority]] = {}
    if needs_consent:
        for authority in session.scalars(
            select(ParentalAuthority).where(
                ParentalAuthority.youth_id.in_({n.youth_id for n in needs_consent}),
                ParentalAuthority.active.is_(True),
            )
        ):
            authorities.setdefault(authority.youth_id, []).append(authority)
    invited = [n.id for n in live.values() if n.state == JimState.INVITED]
    open_invitation: set[int] = set()
    if invited:
        open_invitation = set(
            session.scalars(
                select(JimInvitation.nomination_id).where(
                    JimInvitation.nomination_id.in_(invited),
                    JimInvitation.used_at.is_(None),
                    JimInvitation.revoked_at.is_(None),
                    JimInvitation.expires_at > now,
                )
            )
        )
    rows = []
    for youth in youth_list:
        nominations = by_youth.get(youth.id, [])
        current = live.get(youth.id)
        check = None
        missing: list[str] | None = None
        if current is not None and current in needs_consent:
            held = authorities.get(youth.id, [])
            check = consent.check_records(
                youth.date_of_birth,
                [a.id for a in held],
                [r for r in records if r.subject_id == current.id],
                today,
            )
            missing = [a.name for a in held if a.id in check.authorities_missing]
        expired = (
            current is not None
            and current.state == JimState.INVITED
            and (current.id not in open_invitation)
        )
        first_active = min((n.active_since for n in nominations if n.active_since), default=None)
        rows.append(
            Row(
                youth=youth,
                nomination=current,
                waiting_on=_waiting_on(current, check, expired),
                waiting_days=(now - current.state_since).days if current else None,
                days_to_nomination=_days(
                    youth.care_started_on, nominations[0].nominated_at if nominations else None
                ),
                days_to_active=_days(youth.care_started_on, first_active),
                consent=check,
                invitation_expired=expired,
                parents_missing=missing,
            )
        )
    to_nomination = [r.days_to_nomination for r in rows if r.days_to_nomination is not None]
    to_active = [r.days_to_active for r in rows if r.days_to_active is not None]
    shown = {
        Filter.ALL: rows,
        Filter.NO_JIM: [r for r in rows if not r.has_jim],
        Filter.WAITING: [r for r in rows if r.waiting],
        Filter.IN_POSITION: [r for r in rows if r.has_jim],
    }[show]
    return Pipeline(
        rows=shown,
        total=len(rows),
        without_jim=sum(1 for r in rows if not r.has_jim),
        waiting=sum(1 for r in rows if r.waiting),
        in_position=sum(1 for r in rows if r.has_jim),
        median_days_to_nomination=median(to_nomination) if to_nomination else None,
        median_days_to_active=median(to_active) if to_active else None,
    )
