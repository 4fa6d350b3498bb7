"""The retention term (Jeugdwet art. 7.3.8) at its boundaries, and `flask retention`: a dry run
by default, one file per transaction, a run interrupted halfway carried on by the next."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
import time_machine
from faker import Faker
from sqlalchemy import func, select

from jimnet.access import keyed
from jimnet.access.models import AccessLogEntry
from jimnet.clock import today
from jimnet.demo import seed as demo_seed
from jimnet.extensions import db
from jimnet.privacy import demo as privacy_demo
from jimnet.privacy import erasure, ledger
from jimnet.privacy.models import RetentionFacts
from jimnet.privacy.retention import keep_until, past_term
from jimnet.youth.models import Youth


def test_twenty_years_after_care_ends():
    facts = RetentionFacts(care_ended_on=date(2006, 12, 2), protective_measure=False)
    assert keep_until(facts) == date(2026, 12, 2)
    assert keep_until(RetentionFacts(care_ended_on=None)) is None
    leap = RetentionFacts(care_ended_on=date(2004, 2, 29), protective_measure=False)
    assert keep_until(leap) == date(2024, 2, 29)
    century = RetentionFacts(care_ended_on=date(2080, 2, 29), protective_measure=False)
    assert keep_until(century) == date(2100, 2, 28)  # 2100 is no leap year


def test_a_protective_measure_holds_the_file_until_20_years_after_it_ended():
    running = RetentionFacts(care_ended_on=date(2000, 1, 1), protective_measure=True)
    assert keep_until(running) is None
    ended = RetentionFacts(
        care_ended_on=date(2000, 1, 1), protective_measure=True, measure_ended_on=date(2008, 5, 1)
    )
    assert keep_until(ended) == date(2028, 5, 1)


def _former(make, app, ended: date, **facts) -> Youth:
    youth = make.youth(age=40)
    with app.app_context():
        db.session.add(RetentionFacts(youth_id=youth.id, care_ended_on=ended, **facts))
        db.session.commit()
    return youth


@pytest.mark.parametrize(("day", "due"), [(date(2026, 12, 2), False), (date(2026, 12, 3), True)])
def test_past_term_from_the_day_after_the_last_day(app, make, day, due):
    youth = _former(make, app, date(2006, 12, 2))
    with app.app_context():
        assert [d.youth_id for d in past_term(db.session(), day)] == ([youth.id] if due else [])


def test_the_dry_run_lists_and_destroys_nothing(app, make, clock):
    old = _former(make, app, date(2004, 1, 1))
    kept = _former(make, app, date(2020, 1, 1))
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert f"youth #{old.id}" in result.output and f"youth #{kept.id}" not in result.output
    assert "Dry run" in result.output
    with app.app_context():
        assert db.session.get(Youth, old.id) is not None


def test_execute_destroys_logs_and_writes_the_ledger(app, make, clock, log):
    old = _former(make, app, date(2004, 1, 1))
    kept = _former(make, app, date(2020, 1, 1))
    log.sequence()
    result = app.test_cli_runner().invoke(args=["retention", "--execute"])
    assert result.exit_code == 0, result.output
    assert "Destroyed 1 file(s)" in result.output
    pseudonym = keyed.pseudonym_for(app.config["JIMNET_PSEUDONYM_KEY"], old.id)
    with app.app_context():
        assert db.session.get(Youth, old.id) is None
        assert db.session.get(Youth, kept.id) is not None
        actions = db.session.scalars(
            select(AccessLogEntry.action).where(AccessLogEntry.youth_pseudonym == pseudonym)
        ).all()
        assert "retention_erase" in actions
    assert [line.pseudonym for line in ledger.read(Path(app.config["JIMNET_ERASURE_LEDGER"]))][
        -1
    ] == pseudonym
    log.sequence()
    report = log.verify(full=True)
    assert report.ok, [f.text for f in report.findings]


def test_a_run_interrupted_halfway_leaves_whole_files_and_the_next_run_finishes(
    app, make, clock, monkeypatch
):
    first = _former(make, app, date(2003, 1, 1))
    second = _former(make, app, date(2004, 1, 1))
    real = erasure.erase_file
    calls = []

    def crash_on_the_second(session, youth_id, context):
        calls.append(youth_id)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(session, youth_id, context)

    monkeypatch.setattr(erasure, "erase_file", crash_on_the_second)
    result = app.test_cli_runner().invoke(args=["retention", "--execute"])
    assert result.exit_code != 0
    with app.app_context():
        db.session.rollback()
        assert db.session.get(Youth, first.id) is None
        assert db.session.get(Youth, second.id) is not None
        assert db.session.get(RetentionFacts, second.id) is not None  # whole, not half
    monkeypatch.setattr(erasure, "erase_file", real)
    again = app.test_cli_runner().invoke(args=["retention", "--execute"])
    assert again.exit_code == 0, again.output
    with app.app_context():
        assert db.session.get(Youth, second.id) is None


def test_the_demo_has_files_past_their_term_and_lisa(app):
    with time_machine.travel(date(2026, 12, 2), tick=False), app.app_context():
        fake = Faker("nl_NL")
        fake.seed_instance(demo_seed.SEED)
        ctx = demo_seed.DemoContext(
            session=db.session,
            rng=random.Random(demo_seed.SEED),
            fake=fake,
            today=today(),
            password_hash="x",
        )
        demo_seed._foundation(ctx, 10)
        assert "Lisa Brouwer" in privacy_demo.seed(ctx)
        db.session.flush()
        due = past_term(db.session(), today())
        names = {db.session.get(Youth, d.youth_id).last_name for d in due}
        assert names == {"de Boer", "Kuipers"}
        lisa = db.session.scalars(select(Youth).where(Youth.last_name == "Brouwer")).one()
        assert lisa.age_on(today()) == 19
        assert db.session.scalar(select(func.count()).select_from(RetentionFacts)) == 4
        db.session.rollback()
