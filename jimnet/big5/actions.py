"""Actions per domain: what, who (owner), when (due date), and how far (status).

An action is agreed when it is written down: it always has an owner and a due date. Open
actions past their due date are overdue and stand out; a domain below 4 without an open action is
flagged (``readiness.Facts.unplanned``). Every change refreshes the readiness row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from jimnet.accounts.models import User
from jimnet.big5 import readiness
from jimnet.big5.assessments import Big5Error
from jimnet.big5.domains import DomainSetView
from jimnet.big5.models import ActionOwner, ActionStatus, Big5Action
from jimnet.youth.models import Youth

WHAT_MAX = 300
NAME_MAX = 200
NOTE_MAX = 2000
# An agreed step is due within five years; a date further away is a typing error.
FURTHEST_DUE = timedelta(days=5 * 366)


@dataclass(frozen=True)
class ActionInput:
    domain_key: str
    what: str
    owner_kind: ActionOwner
    owner_name: str | None
    due_on: date
    status: ActionStatus = ActionStatus.OPEN
    note: str | None = None


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def validate(
    data: ActionInput,
    domain_set: DomainSetView,
    today: date,
    previous: Big5Action | None = None,
) -> None:
    # An action may keep a domain that has since left the set, as long as it is not moved.
    kept_domain = previous is not None and previous.domain_key == data.domain_key
    if domain_set.get(data.domain_key) is None and not kept_domain:
        raise Big5Error("unknown_domain", "domain_key")
    what = (data.what or "").strip()
    if not what:
        raise Big5Error("what_required", "what")
    if len(what) > WHAT_MAX:
        raise Big5Error("too_long", "what")
    if data.owner_kind == ActionOwner.OTHER and not _clean(data.owner_name):
        raise Big5Error("owner_name_required", "owner_name")
    if len(data.owner_name or "") > NAME_MAX:
        raise Big5Error("too_long", "owner_name")
    if len(data.note or "") > NOTE_MAX:
        raise Big5Error("too_long", "note")
    # A new or moved due date of an open action lies ahead; an unchanged old one may stay.
    previous_due = previous.due_on if previous is not None else None
    if data.status == ActionStatus.OPEN and data.due_on < today and data.due_on != previous_due:
        raise Big5Error("due_in_past", "due_on")
    if data.due_on > today + FURTHEST_DUE:
        raise Big5Error("due_too_far", "due_on")


def create_action(
    session: Session,
    youth: Youth,
    domain_set: DomainSetView,
    data: ActionInput,
    *,
    created_by: User,
    today: date,
) -> Big5Action:
    validate(data, domain_set, today)
    action = Big5Action(
        youth_id=youth.id,
        domain_key=data.domain_key,
        what=data.what.strip(),
        owner_kind=data.owner_kind,
        owner_name=_clean(data.owner_name),
        due_on=data.due_on,
        status=data.status,
        done_on=today if data.status == ActionStatus.DONE else None,
        note=_clean(data.note),
        created_by_id=created_by.id,
    )
    session.add(action)
    session.flush()
    readiness.refresh(session, youth.id)
    return action


def update_action(
    session: Session,
    action: Big5Action,
    domain_set: DomainSetView,
    data: ActionInput,
    *,
    expected_version: int | None,
    today: date,
) -> Big5Action:
    """Change an action; a stale ``expected_version`` raises ``Big5Error("stale")``."""
    if expected_version is not None and expected_version != action.version:
        raise Big5Error("stale", "version")
    validate(data, domain_set, today, previous=action)
    action.domain_key = data.domain_key
    action.what = data.what.strip()
    action.owner_kind = data.owner_kind
    action.owner_name = _clean(data.owner_name)
    action.due_on = data.due_on
    if action.status != data.status:
        action.done_on = today if data.status == ActionStatus.DONE else None
    action.status = data.status
    action.note = _clean(data.note)
    session.flush()
    readiness.refresh(session, action.youth_id)
    return action


def set_status(
    session: Session,
    action: Big5Action,
    status: ActionStatus,
    *,
    expected_version: int | None,
    today: date,
) -> Big5Action:
    if expected_version is not None and expected_version != action.version:
        raise Big5Error("stale", "version")
    if action.status != status:
        action.status = status
        action.done_on = today if status == ActionStatus.DONE else None
        session.flush()
        readiness.refresh(session, action.youth_id)
    return action


def actions_for(session: Session, youth_id: int) -> list[Big5Action]:
    """Open first (soonest due first), then done and dropped (latest first)."""
    open_first = case((Big5Action.status == ActionStatus.OPEN, 0), else_=1)
    return list(
        session.scalars(
            select(Big5Action)
            .where(Big5Action.youth_id == youth_id)
            .order_by(open_first, Big5Action.due_on, Big5Action.id)
        )
    )


def is_overdue(action: Big5Action, today: date) -> bool:
    return action.status == ActionStatus.OPEN and action.due_on < today


def by_domain(actions: list[Big5Action]) -> dict[str, list[Big5Action]]:
    result: dict[str, list[Big5Action]] = {}
    for action in actions:
        result.setdefault(action.domain_key, []).append(action)
    return result
