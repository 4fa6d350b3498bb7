"""The match lifecycle on the database: every step, guards, the access log, bad input."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jimnet.access.models import AccessLogEntry
from jimnet.extensions import db
from jimnet.matching import store
from jimnet.pool import services, workflow
from jimnet.pool.errors import PoolError
from jimnet.pool.models import EndReason, MatchState, MentorMatch, RequestStatus
from jimnet.pool.workflow import Actor, Role


def _actor(user, role=Role.COORDINATOR):
    return Actor(role, user.id, user.name)


def _apply(app, match_id, step, actor, **kw):
    with app.test_request_context():
        match = db.session.get(MentorMatch, match_id)
        try:
            workflow.apply(db.session(), match, step, actor, **kw)
            db.session.commit()
        finally:
            from jimnet.access import log

            log.write(db.session(), log.take_pending())
            db.session.commit()
        return match


def test_the_table_says_who_may_take_which_step():
    assert workflow.decide("approve", "proposed", Role.COORDINATOR) == MatchState.APPROVED
    with pytest.raises(PoolError) as error:
        workflow.decide("approve", "proposed", Role.PROFESSIONAL)
    assert error.value.code == "role"
    with pytest.raises(PoolError):
        workflow.decide("accept", "proposed", Role.YOUTH)
    assert workflow.allowed_steps("approved", Role.YOUTH) == ["accept", "decline"]


def test_the_whole_life_of_a_match(app, pool, make):
    w = pool.world()
    mentor_user = make.user()
    volunteer = pool.volunteer(w.organisation, user=mentor_user)
    request = pool.request(w.youth, w.professional)
    match = pool.match(request, volunteer)
    coordinator, youth = _actor(w.coordinator), _actor(w.youth_user, Role.YOUTH)
    for step, who in (
        ("approve", coordinator),
        ("accept", youth),
        ("introduce", coordinator),
        ("activate", coordinator),
    ):
        _apply(app, match.id, step, who)
    with app.app_context():
        match = db.session.get(MentorMatch, match.id)
        assert match.state == MatchState.ACTIVE and match.participant_id is not None
        assert db.session.get(type(request), request.id).status == RequestStatus.MATCHED
    with pytest.raises(PoolError) as error:
        _apply(app, match.id, "end", youth)
    assert error.value.code == "end_reason"
    _apply(app, match.id, "end", youth, end_reason=EndReason.GOAL_REACHED)
    with app.app_context():
        from jimnet.youth.models import CaseParticipant

        match = db.session.get(MentorMatch, match.id)
        assert match.state == MatchState.ENDED and match.end_reason == "goal_reached"
        assert not db.session.get(CaseParticipant, match.participant_id).active
        steps = db.session.scalars(
            select(AccessLogEntry.action).where(AccessLogEntry.object_id == str(match.id))
        ).all()
        assert {"pool_approve", "pool_accept", "pool_activate", "pool_end"} <= set(steps)


def test_an_expired_vog_is_not_matchable_and_nothing_changes(app, pool):
    w = pool.world()
    volunteer = pool.volunteer(w.organisation, vog_days_ago=3 * 366)
    match = pool.match(pool.request(w.youth, w.professional), volunteer)
    with pytest.raises(PoolError) as error:
        _apply(app, match.id, "approve", _actor(w.coordinator))
    assert error.value.code == "vog" and error.value.status == 409
    with app.app_context():
        assert db.session.get(MentorMatch, match.id).state == MatchState.PROPOSED
        denied = db.session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.action == "pool_approve")
        ).all()
        assert [e.outcome for e in denied] == ["denied"]


def test_a_volunteer_at_capacity_cannot_be_approved_again(app, pool, make):
    w = pool.world()
    other = make.youth(w.organisation, professionals=[w.professional])
    volunteer = pool.volunteer(w.organisation, capacity=1)
    pool.match(pool.request(other, w.professional), volunteer, MatchState.ACTIVE)
    match = pool.match(pool.request(w.youth, w.professional), volunteer)
    with pytest.raises(PoolError) as error:
        _apply(app, match.id, "approve", _actor(w.coordinator))
    assert error.value.code == "at_capacity"


def test_a_decline_removes_the_pair_from_the_next_round(app, pool):
    w = pool.world()
    volunteer = pool.volunteer(w.organisation)
    request = pool.request(w.youth, w.professional)
    match = pool.match(request, volunteer)
    _apply(app, match.id, "approve", _actor(w.coordinator))
    _apply(app, match.id, "decline", _actor(w.youth_user, Role.YOUTH), reason="liever niet")
    with app.test_request_context():
        round_ = services.run_round(
            db.session(),
            {w.organisation.id},
            _actor(w.coordinator),
            services.day_of(match.state_since),
            models_dir=store.models_dir(app.config),
        )
        db.session.commit()
        assert round_.waiting == 1 and round_.proposed == 0
        assert db.session.get(type(request), request.id).status == RequestStatus.WAITING


def test_a_round_proposes_for_every_waiting_young_person_at_once(app, pool, make):
    w = pool.world()
    others = [make.youth(w.organisation, professionals=[w.professional]) for _ in range(3)]
    for youth in [w.youth, *others]:
        pool.request(youth, w.professional)
    pool.volunteer(w.organisation, capacity=3)
    pool.volunteer(w.organisation, capacity=1, email="b@example.test")
    pool.volunteer(w.organisation, vog_days_ago=2000, email="c@example.test")  # expired
    with app.test_request_context():
        round_ = services.run_round(
            db.session(),
            {w.organisation.id},
            _actor(w.coordinator),
            services.day_of(services.utcnow()),
            models_dir=store.models_dir(app.config),
        )
        db.session.commit()
        assert (round_.waiting, round_.places, round_.proposed) == (4, 4, 4)
        proposals = db.session.scalars(
            select(MentorMatch).where(MentorMatch.round_id == round_.id)
        ).all()
        assert {p.youth_id for p in proposals} == {w.youth.id, *(o.id for o in others)}
        assert all(p.reasons for p in proposals)


def test_a_second_open_referral_is_refused(app, pool):
    w = pool.world()
    pool.request(w.youth, w.professional)
    with app.app_context(), pytest.raises(PoolError) as error:
        services.refer(
            db.session(), w.youth, w.professional, services.Wishes(None, [], [], "any", None)
        )
    assert error.value.code == "open_request"
