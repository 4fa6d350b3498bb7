"""Readiness for 18: one rule, computed from scores and actions, never typed in.

The rule
--------
A young person is **ready** on day D when every domain of their consortium's domain set

* has a *current level*: the latest level the professional perspective gave that domain
  (a score of "I don't know" does not replace an earlier level), and
* is at level 4 or 5, **or** has at least one *open* action whose due date is D or later
  (an agreed step with an owner and a due date that is still on time).

The status says which way it holds or fails:

``not_assessed``   at least one domain has no current level yet;
``ready``          every domain is at 4 or 5;
``ready_with_plan`` some domains are below 4, and each of them has an open action that is on time;
``not_ready``      a domain below 4 has no open action, or only overdue ones.

The facts the rule needs are kept per young person in ``big5_readiness`` and per domain in
``big5_readiness_domain``; ``refresh`` rewrites them in the same transaction as every change to
scores, actions or the consortium's domain set. Because "on time" depends on the day, the stored
row holds ``plan_valid_until`` and the status is evaluated for a day: in Python by ``status_on``
and in SQL (for the dashboard's filters and sorting) by ``status_sql``. Both are tested to agree.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, or_, select
from sqlalchemy.orm import Session

from jimnet.big5 import domains as domain_sets
from jimnet.big5 import scale
from jimnet.big5.models import (
    ActionStatus,
    Big5Action,
    Big5Assessment,
    Big5Readiness,
    Big5ReadinessDomain,
    Big5Score,
    Perspective,
)

CHUNK = 500


class ReadinessStatus(enum.StrEnum):
    READY = "ready"
    READY_WITH_PLAN = "ready_with_plan"
    NOT_READY = "not_ready"
    NOT_ASSESSED = "not_assessed"


# Sorting "who needs attention first".
ATTENTION_ORDER = (
    ReadinessStatus.NOT_READY,
    ReadinessStatus.NOT_ASSESSED,
    ReadinessStatus.READY_WITH_PLAN,
    ReadinessStatus.READY,
)


@dataclass(frozen=True)
class Facts:
    domains: int
    unassessed: int
    below: int
    plan_valid_until: date | None
    lowest: int | None
    unplanned: tuple[str, ...]  # domains below 4 without any open action: flagged on screen


def evaluate(
    domain_keys: Sequence[str],
    levels: Mapping[str, int | None],
    open_dues: Mapping[str, Iterable[date]],
) -> Facts:
    """The day-independent facts of the rule for one young person."""
    known = [levels.get(k) for k in domain_keys]
    unassessed = sum(1 for level in known if level is None)
    below_keys = [
        k for k in domain_keys if (lv := levels.get(k)) is not None and lv < scale.READY_LEVEL
    ]
    unplanned = tuple(k for k in below_keys if not list(open_dues.get(k, ())))
    plan_valid_until: date | None = None
    if below_keys and not unplanned:
        plan_valid_until = min(max(open_dues[k]) for k in below_keys)
    values = [lv for lv in known if lv is not None]
    return Facts(
        domains=len(domain_keys),
        unassessed=unassessed,
        below=len(below_keys),
        plan_valid_until=plan_valid_until,
        lowest=min(values) if values else None,
        unplanned=unplanned,
    )


def status_on(
    domains: int, unassessed: int, below: int, plan_valid_until: date | None, day: date
) -> ReadinessStatus:
    if domains == 0 or unassessed > 0:
        return ReadinessStatus.NOT_ASSESSED
    if below == 0:
        return ReadinessStatus.READY
    if plan_valid_until is not None and plan_valid_until >= day:
        return ReadinessStatus.READY_WITH_PLAN
    return ReadinessStatus.NOT_READY


def status_of(row: Big5Readiness | None, day: date) -> ReadinessStatus:
    if row is None:
        return ReadinessStatus.NOT_ASSESSED
    return status_on(row.domains, row.unassessed, row.below, row.plan_valid_until, day)


def is_ready(status: ReadinessStatus) -> bool:
    return status in (ReadinessStatus.READY, ReadinessStatus.READY_WITH_PLAN)


def status_sql(day: date) -> ColumnElement[str]:
    """``status_on`` in SQL over a (possibly outer-joined, so NULL) ``big5_readiness`` row."""
    r = Big5Readiness
    return case(
        (
            or_(r.youth_id.is_(None), r.domains == 0, r.unassessed > 0),
            literal(ReadinessStatus.NOT_ASSESSED.value),
        ),
        (r.below == 0, literal(ReadinessStatus.READY.value)),
        (r.plan_valid_until >= day, literal(ReadinessStatus.READY_WITH_PLAN.value)),
        else_=literal(ReadinessStatus.NOT_READY.value),
    )


def attention_sql(day: date) -> ColumnElement[int]:
    """0 for the status that needs attention most (``ATTENTION_ORDER``)."""
    r = Big5Readiness
    return case(
        (or_(r.youth_id.is_(None), r.domains == 0, r.unassessed > 0), literal(1)),
        (r.below == 0, literal(3)),
        (r.plan_valid_until >= day, literal(2)),
        else_=literal(0),
    )


# --- Keeping the stored facts current -------------------------------------------------------


@dataclass(frozen=True)
class Current:
    """The latest known level per perspective and domain, and when each perspective last scored."""

    levels: dict[tuple[str, str], tuple[int, date]]  # (perspective, domain) -> (level, date)
    last_on: dict[str, date]  # perspective -> latest assessment date


def current_levels(session: Session, youth_ids: Sequence[int]) -> dict[int, Current]:
    """For each young person: the latest non-empty level per perspective and domain (2 queries)."""
    if not youth_ids:
        return {}
    a, s = Big5Assessment, Big5Score
    ranked = (
        select(
            a.youth_id,
            a.perspective,
            s.domain_key,
            s.level,
            a.assessed_on,
            func.row_number()
            .over(
                partition_by=(a.youth_id, a.perspective, s.domain_key),
                order_by=(a.assessed_on.desc(), a.id.desc()),
            )
            .label("rn"),
        )
        .join(s, s.assessment_id == a.id)
        .where(a.youth_id.in_(youth_ids), s.level.is_not(None))
        .subquery()
    )
    result: dict[int, Current] = {y: Current({}, {}) for y in youth_ids}
    for youth_id, perspective, key, level, on in session.execute(
        select(
            ranked.c.youth_id,
            ranked.c.perspective,
            ranked.c.domain_key,
            ranked.c.level,
            ranked.c.assessed_on,
        ).where(ranked.c.rn == 1)
    ):
        result[youth_id].levels[(perspective, key)] = (level, on)
    for youth_id, perspective, last in session.execute(
        select(a.youth_id, a.perspective, func.max(a.assessed_on))
        .where(a.youth_id.in_(youth_ids))
        .group_by(a.youth_id, a.perspective)
    ):
        result[youth_id].last_on[perspective] = last
    return result


def open_action_dues(
    session: Session, youth_ids: Sequence[int]
) -> dict[int, dict[str, list[date]]]:
    result: dict[int, dict[str, list[date]]] = {y: defaultdict(list) for y in youth_ids}
    if not youth_ids:
        return result
    for youth_id, key, due in session.execute(
        select(Big5Action.youth_id, Big5Action.domain_key, Big5Action.due_on).where(
            Big5Action.youth_id.in_(youth_ids), Big5Action.status == ActionStatus.OPEN
        )
    ):
        result[youth_id][key].append(due)
    return result


def refresh(session: Session, youth_id: int) -> Big5Readiness:
    """Recompute one young person's readiness facts (call after every change; flushes)."""
    return refresh_many(session, [youth_id])[youth_id]


def refresh_many(session: Session, youth_ids: Iterable[int]) -> dict[int, Big5Readiness]:
    """Recompute readiness facts for many young people, in chunks of a fixed number of queries."""
    ids = sorted(set(youth_ids))
    rows: dict[int, Big5Readiness] = {}
    for start in range(0, len(ids), CHUNK):
        rows.update(_refresh_chunk(session, ids[start : start + CHUNK]))
    session.flush()
    return rows


def _refresh_chunk(session: Session, ids: list[int]) -> dict[int, Big5Readiness]:
    sets = domain_sets.sets_for_youth_ids(session, ids)
    current = current_levels(session, ids)
    dues = open_action_dues(session, ids)
    existing = {
        r.youth_id: r
        for r in session.scalars(select(Big5Readiness).where(Big5Readiness.youth_id.in_(ids)))
    }
    existing_domains: dict[tuple[int, str], Big5ReadinessDomain] = {
        (d.youth_id, d.domain_key): d
        for d in session.scalars(
            select(Big5ReadinessDomain).where(Big5ReadinessDomain.youth_id.in_(ids))
        )
    }
    rows: dict[int, Big5Readiness] = {}
    for youth_id in ids:
        domain_set = sets.get(youth_id)
        if domain_set is None:  # the young person is gone
            continue
        keys = [d.key for d in domain_set.domains]
        now = current[youth_id]
        level_of = {k: now.levels.get((Perspective.PROFESSIONAL, k), (None, None))[0] for k in keys}
        facts = evaluate(keys, level_of, dues[youth_id])
        row = existing.get(youth_id)
        if row is None:
            row = Big5Readiness(youth_id=youth_id)
            session.add(row)
        all_dues = [d for k in dues[youth_id] for d in dues[youth_id][k]]
        gaps = 0
        for position, key in enumerate(keys):
            youth_level = now.levels.get((Perspective.YOUTH, key), (None, None))[0]
            jim_level = now.levels.get((Perspective.JIM, key), (None, None))[0]
            gap = scale.has_gap(youth_level, level_of[key])
            gaps += gap
            domain_row = existing_domains.pop((youth_id, key), None)
            if domain_row is None:
                domain_row = Big5ReadinessDomain(youth_id=youth_id, domain_key=key)
                session.add(domain_row)
            key_dues = dues[youth_id].get(key, [])
            _assign(
                domain_row,
                position=position,
                level=level_of[key],
                youth_level=youth_level,
                jim_level=jim_level,
                gap=gap,
                open_actions=len(key_dues),
                plan_until=max(key_dues) if key_dues else None,
            )
        _assign(
            row,
            domain_set_id=domain_set.id,
            domains=facts.domains,
            unassessed=facts.unassessed,
            below=facts.below,
            plan_valid_until=facts.plan_valid_until,
            lowest_level=facts.lowest,
            gaps=gaps,
            unplanned=len(facts.unplanned),
            open_actions=len(all_dues),
            first_open_due=min(all_dues) if all_dues else None,
            last_assessed_on=max(now.last_on.values()) if now.last_on else None,
            last_professional_on=now.last_on.get(Perspective.PROFESSIONAL),
        )
        rows[youth_id] = row
    for domain_row in existing_domains.values():  # domains no longer in the set
        session.delete(domain_row)
    return rows


def _assign(row: Any, **values: Any) -> None:
    """Set only what changed, so that an unchanged row is not written again."""
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
