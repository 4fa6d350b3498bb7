"""The demo: Noa's aunt Anouk is her active JIM with a full history, and there are young people
in every state with outcomes the candidate ranking can learn from."""

from __future__ import annotations

import importlib.util
from datetime import timedelta

import pytest
from sqlalchemy import select

from jimnet.accounts.models import User
from jimnet.clock import today
from jimnet.demo import seed as demo_seed
from jimnet.extensions import db
from jimnet.jim import status, workflow
from jimnet.jim.models import JimEvent, JimNomination, JimState
from jimnet.network.models import NetworkMember
from jimnet.youth.models import CaseParticipant, Youth


@pytest.fixture
def demo(app, monkeypatch):
    extensions = list(demo_seed.EXTENSIONS)
    if "jimnet.network.demo" not in extensions and importlib.util.find_spec("jimnet.network.demo"):
        extensions.insert(0, "jimnet.network.demo")
    if "jimnet.jim.demo" not in extensions:
        extensions.append("jimnet.jim.demo")
    monkeypatch.setattr(demo_seed, "EXTENSIONS", tuple(extensions))
    with app.app_context():
        summary = demo_seed.seed(db.session(), youth_count=150)
        db.session.commit()
    return summary


def test_noa_has_her_aunt_anouk_as_active_jim_with_a_full_history(app, demo, client_factory):
    assert "Anouk de Boer as active JIM" in demo
    with app.app_context():
        noa = db.session.scalars(
            select(Youth).where(Youth.first_name == "Noa", Youth.last_name == "Visser")
        ).one()
        summary = status.active_jim(db.session, noa.id)
        assert summary is not None and summary.name == "Anouk de Boer" and not summary.on_standby
        nomination = status.in_position(db.session, noa.id)
        anouk = db.session.scalars(select(User).where(User.email == "jim@jimnet.test")).one()
        assert nomination.jim_user_id == anouk.id
        aunts = db.session.scalars(
            select(NetworkMember).where(
                NetworkMember.youth_id == noa.id, NetworkMember.display_name == "Anouk de Boer"
            )
        ).all()
        assert [a.id for a in aunts] == [nomination.member_id]  # the map's Anouk, not a copy
        steps = [
            e.step
            for e in db.session.scalars(
                select(JimEvent)
                .where(JimEvent.nomination_id == nomination.id)
                .order_by(JimEvent.occurred_at, JimEvent.id)
            )
        ]
        assert steps[:4] == [
            "nominate",
            "start_conversation",
            "record_conversation",
            "request_consent",
        ]
        assert (
            steps.count("consent_given") == 2
            and "invite" in steps
            and "accept" in steps
            and "positioning" in steps
        )
        assert nomination.nominated_by_role == "youth"
        participants = db.session.scalars(
            select(CaseParticipant).where(
                CaseParticipant.youth_id == noa.id, CaseParticipant.role == "jim"
            )
        ).all()
        assert [p.active for p in participants] == [True]
        anouk_id, noa_id = anouk.id, noa.id
    # Anouk logs in and sees her page.
    client = client_factory()
    with app.app_context():
        client.login(db.session.get(User, anouk_id))
    page = client.get(f"/jongeren/{noa_id}/jim/mijn-rol")
    assert page.status_code == 200
    assert "Jij bent de JIM van Noa" in page.get_data(as_text=True)


def test_the_demo_has_every_state_and_outcomes_to_learn_from(app, demo):
    with app.app_context():
        nominations = db.session.scalars(select(JimNomination)).all()
        states = {n.state for n in nominations}
        assert states == set(JimState), set(JimState) - states
        now_day = today()
        active = [n for n in nominations if n.state == JimState.ACTIVE]
        assert any((now_day - n.active_since.date()) > timedelta(days=365) for n in active)
        assert any(
            timedelta(days=182) < (now_day - n.active_since.date()) <= timedelta(days=365)
            for n in active
        )
        ended = [n for n in nominations if n.state == JimState.ENDED]
        assert any((n.ended_at - n.active_since) < timedelta(days=365) for n in ended)
        assert all(n.end_reason for n in ended)
        assert all(n.member_facts.get("relation") for n in nominations)
        # Every JIM in position got there by the rules: suitable, with valid consent on that day.
        for n in active:
            accepted = db.session.scalars(
                select(JimEvent).where(JimEvent.nomination_id == n.id, JimEvent.step == "accept")
            ).one()
            check = workflow.consent_check(db.session, n, workflow.local_date(accepted.occurred_at))
            assert check.valid, n.id
            assert workflow.latest_conversation(db.session, n.id).outcome == "suitable"
            assert n.active_since.date() <= now_day
        # No event lies in the future.
        latest = db.session.scalars(select(JimEvent).order_by(JimEvent.occurred_at.desc())).first()
        assert workflow.local_date(latest.occurred_at) <= now_day
