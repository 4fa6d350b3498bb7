"""The readiness rule: every domain ≥ 4, or each domain below 4 has an open action that is on
time. Tested at its boundaries, as a property, and in SQL (the dashboard's twin of the rule)."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from jimnet.accounts.roles import StaffRole
from jimnet.big5 import actions, readiness
from jimnet.big5 import domains as domain_sets
from jimnet.big5.models import ActionStatus, Big5Action, Big5Readiness, Big5ReadinessDomain
from jimnet.big5.readiness import ReadinessStatus, evaluate, status_on
from jimnet.clock import today
from jimnet.extensions import db
from tests.big5.conftest import DEFAULT_KEYS

KEYS = list(DEFAULT_KEYS)
DAY = date(2026, 6, 1)


def _status(levels, dues, day=DAY):
    facts = evaluate(KEYS, levels, dues)
    return status_on(
        facts.domains, facts.unassessed, facts.below, facts.plan_valid_until, day
    ), facts


def test_every_domain_at_4_or_more_is_ready():
    status, facts = _status(dict.fromkeys(KEYS, 4), {})
    assert status == ReadinessStatus.READY
    assert facts.below == 0
    assert facts.lowest == 4


def test_a_domain_at_3_without_an_action_is_not_ready_and_flagged():
    status, facts = _status({**dict.fromkeys(KEYS, 5), "income": 3}, {})
    assert status == ReadinessStatus.NOT_READY
    assert facts.unplanned == ("income",)


def test_an_open_action_due_today_counts_due_yesterday_does_not():
    levels = {**dict.fromkeys(KEYS, 4), "income": 3}
    assert _status(levels, {"income": [DAY]})[0] == ReadinessStatus.READY_WITH_PLAN
    assert _status(levels, {"income": [DAY - timedelta(days=1)]})[0] == ReadinessStatus.NOT_READY
    # One action on time is enough, even next to an overdue one.
    assert (
        _status(levels, {"income": [DAY - timedelta(days=9), DAY]})[0]
        == ReadinessStatus.READY_WITH_PLAN
    )


def test_every_domain_below_4_needs_its_own_plan():
    levels = {**dict.fromkeys(KEYS, 4), "income": 2, "school": 1}
    status, facts = _status(levels, {"income": [DAY + timedelta(days=5)]})
    assert status == ReadinessStatus.NOT_READY
    assert facts.unplanned == ("school",)
    status, facts = _status(
        levels, {"income": [DAY + timedelta(days=5)], "school": [DAY + timedelta(days=40)]}
    )
    assert status == ReadinessStatus.READY_WITH_PLAN
    assert facts.plan_valid_until == DAY + timedelta(days=5)  # until the first plan runs late


def test_a_domain_without_a_level_is_not_assessed_whatever_else():
    status, facts = _status({**dict.fromkeys(KEYS, 5), "support": None}, {"support": [DAY]})
    assert status == ReadinessStatus.NOT_ASSESSED
    assert facts.unassessed == 1


def test_an_action_in_a_domain_at_4_does_not_matter():
    assert (
        _status(dict.fromkeys(KEYS, 4), {"work": [DAY - timedelta(days=30)]})[0]
        == ReadinessStatus.READY
    )


@given(
    st.lists(st.one_of(st.none(), st.integers(1, 5)), min_size=5, max_size=5),
    st.dictionaries(
        st.sampled_from(KEYS),
        st.lists(st.integers(-30, 30).map(lambda d: DAY + timedelta(days=d)), max_size=3),
    ),
)
def test_the_rule_as_a_property(levels, dues):
    by_key = dict(zip(KEYS, levels, strict=True))
    status, _facts = _status(by_key, dues)
    known = [lv for lv in levels if lv is not None]
    if len(known) < len(KEYS):
        assert status == ReadinessStatus.NOT_ASSESSED
    elif all(lv >= 4 for lv in known):
        assert status == ReadinessStatus.READY
    else:
        planned = all(any(d >= DAY for d in dues.get(k, [])) for k, lv in by_key.items() if lv < 4)
        assert status == (ReadinessStatus.READY_WITH_PLAN if planned else ReadinessStatus.NOT_READY)
    assert readiness.is_ready(status) == (
        status in {ReadinessStatus.READY, ReadinessStatus.READY_WITH_PLAN}
    )


GRID = list(itertools.product((0, 5), (0, 1), (0, 2), (None, -1, 0, 1)))


def test_the_sql_twin_agrees_with_the_rule(app, make):
    """``status_sql`` (used to filter and sort the dashboard) against ``status_on``."""
    youth = [make.youth() for _ in GRID]
    day = today()
    with app.app_context():
        for y, (domains, unassessed, below, offset) in zip(youth, GRID, strict=True):
            db.session.add(
                Big5Readiness(
                    youth_id=y.id,
                    domains=domains,
                    unassessed=unassessed,
                    below=below,
                    plan_valid_until=None if offset is None else day + timedelta(days=offset),
                )
            )
        db.session.flush()
        from_sql = dict(
            db.session.execute(
                select(Big5Readiness.youth_id, readiness.status_sql(day)).where(
                    Big5Readiness.youth_id.in_([y.id for y in youth])
                )
            ).all()
        )
        for y, (domains, unassessed, below, offset) in zip(youth, GRID, strict=True):
            until = None if offset is None else day + timedelta(days=offset)
            assert from_sql[y.id] == status_on(domains, unassessed, below, until, day).value
        db.session.rollback()


@pytest.fixture
def pro(make):
    return make.user(StaffRole.PROFESSIONAL)


def test_refresh_keeps_the_stored_row_in_step(app, make, big5, pro):
    youth = make.youth(professionals=[pro], age=17)
    big5.assessment(youth, {**dict.fromkeys(KEYS, 4), "income": 2}, on=today() - timedelta(days=10))
    with app.app_context():
        row = db.session.get(Big5Readiness, youth.id)
        assert (row.domains, row.unassessed, row.below, row.unplanned) == (5, 0, 1, 1)
        assert readiness.status_of(row, today()) == ReadinessStatus.NOT_READY
        assert row.last_assessed_on == today() - timedelta(days=10)
    action = big5.action(youth, "income", due=today() + timedelta(days=14))
    with app.app_context():
        row = db.session.get(Big5Readiness, youth.id)
        assert row.plan_valid_until == action.due_on
        assert row.unplanned == 0
        assert readiness.status_of(row, today()) == ReadinessStatus.READY_WITH_PLAN
        # The plan runs late: the stored row does not change, the status on that day does.
        assert (
            readiness.status_of(row, action.due_on + timedelta(days=1)) == ReadinessStatus.NOT_READY
        )
        income = db.session.scalars(
            select(Big5ReadinessDomain).where(
                Big5ReadinessDomain.youth_id == youth.id, Big5ReadinessDomain.domain_key == "income"
            )
        ).one()
        assert (income.level, income.open_actions, income.plan_until) == (2, 1, action.due_on)


def test_the_youths_own_score_does_not_count_but_a_gap_is_kept(app, make, big5, pro):
    youth = make.youth(professionals=[pro], age=17)
    big5.assessment(youth, 4, on=today() - timedelta(days=20))
    big5.assessment(
        youth, {"work": 2, "income": 4}, perspective="youth", on=today() - timedelta(days=5)
    )
    with app.app_context():
        row = db.session.get(Big5Readiness, youth.id)
        assert readiness.status_of(row, today()) == ReadinessStatus.READY
        assert row.gaps == 1
        work = db.session.scalars(
            select(Big5ReadinessDomain).where(
                Big5ReadinessDomain.youth_id == youth.id, Big5ReadinessDomain.domain_key == "work"
            )
        ).one()
        assert (work.level, work.youth_level, work.gap) == (4, 2, True)


def test_a_later_dont_know_keeps_the_earlier_level(app, make, big5, pro):
    youth = make.youth(professionals=[pro], age=17)
    big5.assessment(youth, 4, on=today() - timedelta(days=20))
    big5.assessment(youth, {"work": None, "income": 5}, on=today() - timedelta(days=2))
    with app.app_context():
        row = db.session.get(Big5Readiness, youth.id)
        assert row.unassessed == 0
        assert readiness.status_of(row, today()) == ReadinessStatus.READY


def test_choosing_another_domain_set_recomputes_readiness(app, make, big5, pro):
    consortium = make.consortium()
    org = make.organisation(consortium=consortium)
    youth = make.youth(org, professionals=[pro], age=17)
    big5.assessment(youth, 4, on=today() - timedelta(days=3))
    with app.app_context():
        nji = db.session.scalars(
            select(domain_sets.Big5DomainSet).where(domain_sets.Big5DomainSet.key == "nji_vng")
        ).one()
        domain_sets.choose_set(db.session, consortium.id, nji.id, None)
        readiness.refresh_many(db.session, [youth.id])
        row = db.session.get(Big5Readiness, youth.id)
        # income and support carry over; housing, wellbeing and school & work need a score.
        assert (row.domains, row.unassessed) == (5, 3)
        keys = set(
            db.session.scalars(
                select(Big5ReadinessDomain.domain_key).where(
                    Big5ReadinessDomain.youth_id == youth.id
                )
            )
        )
        assert keys == {"housing", "income", "wellbeing", "school_work", "support"}
        db.session.rollback()


@pytest.mark.parametrize("closed", ["done", "dropped"])
def test_a_closed_action_is_no_plan(app, make, big5, pro, closed):
    """Only an open action on time makes a plan: one done or dropped, however far its due date,
    leaves the domain unplanned (a mutant counting closed actions passed the whole suite)."""
    youth = make.youth(professionals=[pro], age=17)
    big5.assessment(youth, {**dict.fromkeys(KEYS, 4), "income": 2}, on=today() - timedelta(days=3))
    big5.action(youth, "income", due=today() + timedelta(days=60), status=closed)
    with app.app_context():
        row = db.session.get(Big5Readiness, youth.id)
        assert (row.below, row.unplanned, row.plan_valid_until) == (1, 1, None)
        assert readiness.status_of(row, today()) == ReadinessStatus.NOT_READY
        income = db.session.scalars(
            select(Big5ReadinessDomain).where(
                Big5ReadinessDomain.youth_id == youth.id, Big5ReadinessDomain.domain_key == "income"
            )
        ).one()
        assert (income.open_actions, income.plan_until) == (0, None)


def test_closing_the_only_action_ends_the_plan(app, make, big5, pro):
    youth = make.youth(professionals=[pro], age=17)
    big5.assessment(youth, {**dict.fromkeys(KEYS, 4), "income": 2}, on=today() - timedelta(days=3))
    action = big5.action(youth, "income", due=today() + timedelta(days=60))
    with app.app_context():
        row = db.session.get(Big5Readiness, youth.id)
        assert readiness.status_of(row, today()) == ReadinessStatus.READY_WITH_PLAN
        actions.set_status(
            db.session,
            db.session.get(Big5Action, action.id),
            ActionStatus.DONE,
            expected_version=None,
            today=today(),
        )
        db.session.commit()
        row = db.session.get(Big5Readiness, youth.id)
        db.session.refresh(row)
        assert (row.unplanned, row.plan_valid_until) == (1, None)
        assert readiness.status_of(row, today()) == ReadinessStatus.NOT_READY


def test_the_latest_level_counts_per_young_person(app, make, big5, pro):
    """Survivors of make mutate: the levels of other young people, or an older assessment, must
    not decide a young person's readiness."""
    first = make.youth(professionals=[pro], age=17)
    second = make.youth(professionals=[pro], age=17)
    big5.assessment(first, 4, on=today() - timedelta(days=20))
    big5.assessment(first, {"income": 2}, on=today() - timedelta(days=2))
    big5.assessment(second, 5, on=today() - timedelta(days=5))
    with app.app_context():
        first_row = db.session.get(Big5Readiness, first.id)
        second_row = db.session.get(Big5Readiness, second.id)
        assert (first_row.below, first_row.unplanned) == (1, 1)
        assert readiness.status_of(first_row, today()) == ReadinessStatus.NOT_READY
        assert (second_row.below, second_row.unassessed) == (0, 0)
        assert readiness.status_of(second_row, today()) == ReadinessStatus.READY
