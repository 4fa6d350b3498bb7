"""Factories for BIG5: assessments and actions made through the services (so that the
readiness rows stay in step, as in the app)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from jimnet.accounts.models import User
from jimnet.big5 import actions as action_service
from jimnet.big5 import assessments as assessment_service
from jimnet.big5 import domains as domain_sets
from jimnet.big5.models import ActionOwner, ActionStatus, Big5Action, Big5Assessment, Perspective
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.youth.models import Youth

DEFAULT_KEYS = ("work", "income", "existence_security", "school", "support")


class Big5Factory:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def assessment(
        self,
        youth: Youth,
        levels: dict[str, int | None] | int,
        *,
        perspective: str = "professional",
        on: date | None = None,
        assessor: User | None = None,
    ) -> Big5Assessment:
        with self.app.app_context():
            row = db.session.get(Youth, youth.id)
            domain_set = domain_sets.view(domain_sets.set_for_youth(db.session, row))
            if isinstance(levels, int):
                levels = {k: levels for k in domain_set.keys}
            if assessor is None:
                assessor = User(
                    email=f"assessor{youth.id}-{len(levels)}-{perspective}@example.test",
                    name="Beoordelaar",
                )
                existing = db.session.query(User).filter_by(email=assessor.email).first()
                assessor = existing or assessor
                db.session.add(assessor)
                db.session.flush()
            else:
                assessor = db.session.get(User, assessor.id)
            created = assessment_service.record_assessment(
                db.session,
                row,
                domain_set,
                Perspective(perspective),
                on or today(),
                [assessment_service.ScoreInput(k, v) for k, v in levels.items()],
                assessor=assessor,
                assessor_role=perspective,
                today=today(),
            )
            db.session.commit()
            return created

    def action(
        self,
        youth: Youth,
        domain: str,
        *,
        due: date | None = None,
        status: str = "open",
        owner: str = "youth",
        owner_name: str | None = None,
        what: str = "Iets regelen",
    ) -> Big5Action:
        """An action; a due date in the past is written directly (as if time has passed)."""
        with self.app.app_context():
            row = db.session.get(Youth, youth.id)
            domain_set = domain_sets.view(domain_sets.set_for_youth(db.session, row))
            due = due or today() + timedelta(days=30)
            creator = db.session.query(User).first()
            data = action_service.ActionInput(
                domain,
                what,
                ActionOwner(owner),
                owner_name,
                max(due, today()),
                ActionStatus(status),
            )
            created = action_service.create_action(
                db.session, row, domain_set, data, created_by=creator, today=today()
            )
            if due < today():
                created.due_on = due
                db.session.flush()
                from jimnet.big5 import readiness

                readiness.refresh(db.session, row.id)
            db.session.commit()
            return created


@pytest.fixture
def big5(app: Flask) -> Big5Factory:
    return Big5Factory(app)


@pytest.fixture(autouse=True)
def _domain_sets(app: Flask, _database: None) -> Any:
    """The built-in domain sets, as the migration loads them."""
    with app.app_context():
        domain_sets.ensure_builtin_sets(db.session)
        db.session.commit()
    yield
