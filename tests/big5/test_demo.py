"""The demo BIG5 data: believable histories, valid by the app's own rules."""

from __future__ import annotations

import random
from datetime import timedelta

from faker import Faker
from sqlalchemy import func, select

from jimnet.big5 import demo as big5_demo
from jimnet.big5 import readiness
from jimnet.big5.models import (
    Big5Action,
    Big5Assessment,
    Big5Readiness,
    Big5ReadinessDomain,
    Big5Score,
)
from jimnet.clock import today
from jimnet.demo import seed as demo_seed
from jimnet.extensions import db
from jimnet.youth.models import Youth


def test_demo_histories(app):
    with app.app_context():
        fake = Faker("nl_NL")
        fake.seed_instance(demo_seed.SEED)
        ctx = demo_seed.DemoContext(
            session=db.session,
            rng=random.Random(demo_seed.SEED),
            fake=fake,
            today=today(),
            password_hash="x",
        )
        demo_seed._foundation(ctx, 60)
        summary = big5_demo.seed(ctx)
        db.session.flush()
        assert "BIG5:" in summary
        noa = ctx.demo_youth
        perspectives = dict(
            db.session.execute(
                select(Big5Assessment.perspective, func.count())
                .where(Big5Assessment.youth_id == noa.id)
                .group_by(Big5Assessment.perspective)
            ).all()
        )
        assert (
            perspectives["professional"] >= 6
            and perspectives["youth"] >= 6
            and perspectives["jim"] >= 2
        )
        first = db.session.scalar(
            select(func.min(Big5Assessment.assessed_on)).where(Big5Assessment.youth_id == noa.id)
        )
        assert first <= today() - timedelta(days=700)
        # Everything obeys the rules the app enforces.
        for assessment in db.session.scalars(select(Big5Assessment)):
            youth = db.session.get(Youth, assessment.youth_id)
            assert youth.date_of_birth <= assessment.assessed_on <= today()
        assert (
            db.session.scalar(
                select(func.count()).select_from(Big5Score).where(~Big5Score.level.between(1, 5))
            )
            == 0
        )
        # Some ready, some not; some gaps; some overdue actions; some who had no score for months.
        statuses = [
            readiness.status_of(r, today()) for r in db.session.scalars(select(Big5Readiness))
        ]
        assert {readiness.ReadinessStatus.NOT_READY} <= set(statuses)
        assert any(readiness.is_ready(s) for s in statuses)
        assert (
            db.session.scalar(
                select(func.count()).select_from(Big5ReadinessDomain).where(Big5ReadinessDomain.gap)
            )
            > 0
        )
        overdue = (
            select(func.count())
            .select_from(Big5Action)
            .where(Big5Action.status == "open", Big5Action.due_on < today())
        )
        assert db.session.scalar(overdue) > 0
        ages = {y.id: y.age_on(today()) for y in ctx.youth}
        assessed = set(db.session.scalars(select(Big5Assessment.youth_id).distinct()))
        assert all(14 <= ages[y] <= 22 or y == noa.id for y in assessed)
        db.session.rollback()
