"""Two years of BIG5 for everyone from 14: the professional every three to five months, the
young person's own view for most, the JIM's twice a year where a JIM is in position; actions
as in the demo (done ones in the history, open ones for domains below 4, some overdue). The
readiness rows are then computed by the app's own ``readiness.refresh_many``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bench.database import insert_rows
from bench.region import Region
from jimnet.big5 import countdown, readiness
from jimnet.big5 import domains as domain_sets
from jimnet.big5.demo import ACTIONS, OTHER_OWNERS, Trajectory, _dates, _trajectory
from jimnet.big5.models import Big5Action, Big5Assessment, Big5Score

MIN_AGE = 14
HISTORY_DAYS = 730
OWNERS = ("youth", "parent", "jim", "professional", "other")


def build(region: Region) -> None:
    rng, today = region.rng, region.today
    if not region.conn.in_transaction():
        region.conn.begin()
    # Joins the connection's transaction; the builder commits it.
    session = Session(bind=region.conn)
    domain_sets.ensure_builtin_sets(session)
    session.flush()
    chosen = domain_sets.view(domain_sets.default_set(session), "nl")
    keys = list(chosen.keys)
    assessments: list[dict[str, Any]] = []
    scores: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []

    def assess(youth_id: int, perspective: str, on: date, levels: dict[str, int | None],
               assessor: tuple[int | None, str]) -> None:  # fmt: skip
        assessment_id = len(assessments) + 1
        assessments.append({
            "id": assessment_id, "youth_id": youth_id, "perspective": perspective,
            "assessed_on": on, "domain_set_id": chosen.id, "domain_set_version": chosen.version,
            "assessor_id": assessor[0], "assessor_name": assessor[1], "assessor_role": perspective,
            "note": None, "created_at": region.moment(on),
        })  # fmt: skip
        for key, level in levels.items():
            scores.append({
                "id": len(scores) + 1, "assessment_id": assessment_id, "domain_key": key,
                "level": level, "note": None, "proposed_level": None, "proposal_reason": None,
                "overrule_reason": None,
            })  # fmt: skip

    assessed: list[int] = []
    for youth in region.youth:
        if youth.age_on(today) < MIN_AGE:
            continue
        assessed.append(youth.id)
        lead = region.lead_of[youth.id]
        first = max(today - timedelta(days=HISTORY_DAYS),
                    countdown.birthday(youth.date_of_birth, MIN_AGE)) + timedelta(days=rng.randint(0, 90))  # fmt: skip
        trajectory: Trajectory = _trajectory(keys, rng, ready=rng.random() < 0.45)
        span = max((today - first).days, 1)
        last = today - timedelta(days=rng.randint(0, 150))
        latest: dict[str, int] = {}
        for on in _dates(first, last, rng, (90, 150)):
            progress = (on - first).days / span
            levels: dict[str, int | None] = {k: trajectory.level(k, progress, rng) for k in keys}
            assess(youth.id, "professional", on, levels, (lead, region.user_names[lead]))
            latest = {k: v for k, v in levels.items() if v is not None}
        if rng.random() < 0.6:
            for on in _dates(first + timedelta(days=20), today, rng, (150, 220)):
                progress = (on - first).days / span
                own = {k: None if rng.random() < 0.06 else min(5, trajectory.level(k, progress, rng) + rng.choice([0, 0, 1])) for k in keys}  # fmt: skip
                assess(youth.id, "youth", on, own, (None, youth.first_name))
        jim = region.active_jim.get(youth.id)
        if jim is not None:
            for on in _dates(
                today - timedelta(days=360), today - timedelta(days=5), rng, (170, 190)
            ):
                progress = (on - first).days / span
                assess(
                    youth.id, "jim", on, {k: trajectory.level(k, progress, rng) for k in keys}, jim
                )
        plan_well = rng.random() < 0.6
        for key, level in latest.items():
            catalogue = ACTIONS.get(key, ("Afspraak maken over de volgende stap",))
            for _ in range(rng.randint(0, 2)):
                due = today - timedelta(days=rng.randint(30, 400))
                actions.append(_action(region, len(actions) + 1, youth.id, key, rng.choice(catalogue),
                                       rng.choice(OWNERS[:2] + OWNERS[3:4]), due, "done", lead))  # fmt: skip
            if level >= 4 or (not plan_well and rng.random() < 0.45):
                continue
            overdue = rng.random() < (0.08 if plan_well else 0.3)
            due = today + timedelta(days=-rng.randint(3, 40) if overdue else rng.randint(7, 150))
            actions.append(_action(region, len(actions) + 1, youth.id, key, rng.choice(catalogue),
                                   rng.choice(OWNERS), due, "open", lead))  # fmt: skip
    for table, rows in (
        (Big5Assessment.__table__, assessments),
        (Big5Score.__table__, scores),
        (Big5Action.__table__, actions),
    ):
        region.count(table.name, insert_rows(region.conn, table, rows))  # type: ignore[arg-type]
    # Readiness through the app's own code, in chunks so that memory stays flat.
    for start in range(0, len(assessed), 2000):
        readiness.refresh_many(session, assessed[start : start + 2000])
        session.flush()
        session.expunge_all()
    region.count("big5_readiness", len(assessed))
    region.count("big5_readiness_domain", len(assessed) * len(keys))
    session.close()


def _action(region: Region, action_id: int, youth_id: int, key: str, what: str, owner: str,
            due: date, status: str, lead: int) -> dict[str, Any]:  # fmt: skip
    created = region.moment(due - timedelta(days=region.rng.randint(20, 90)))
    return {
        "id": action_id, "youth_id": youth_id, "domain_key": key, "what": what,
        "owner_kind": owner, "owner_name": region.rng.choice(OTHER_OWNERS) if owner == "other" else None,
        "due_on": due, "status": status,
        "done_on": due - timedelta(days=region.rng.randint(0, 10)) if status == "done" else None,
        "note": None, "created_by_id": lead, "version": 1,
        "created_at": created, "updated_at": created,
    }  # fmt: skip
