"""Two coordinators approve the same proposal at the same moment: exactly one wins.

Real threads with real commits on separate connections (PostgreSQL when the suite runs there),
so this uses a database of its own instead of the per-test SAVEPOINT.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from jimnet.access import log as access_log
from jimnet.accounts.models import User
from jimnet.clock import today
from jimnet.db import Base, configure_sqlite
from jimnet.models import import_all
from jimnet.organisations.models import Organisation
from jimnet.pool import workflow
from jimnet.pool.errors import PoolError
from jimnet.pool.models import MatchState, MentorEvent, MentorMatch, MentorRequest, Volunteer
from jimnet.pool.workflow import Actor, Role
from jimnet.youth.models import Youth
from tests.conftest import database_url


@pytest.fixture
def engine(tmp_path):
    import_all()
    url = database_url(tmp_path, suffix="_pool")
    engine = create_engine(url, connect_args={"timeout": 30} if url.startswith("sqlite") else {})
    configure_sqlite(engine)
    Base.metadata.create_all(engine)
    yield engine
    engine.dispose()


def _pool(engine, volunteers=1, requests=1, capacity=1):
    with Session(engine) as s, s.begin():
        org = Organisation(name="Org")
        s.add(org)
        s.flush()
        coordinators = [User(email=f"c{i}@example.test", name=f"C{i}") for i in range(2)]
        s.add_all(coordinators)
        vols = [
            Volunteer(
                organisation_id=org.id,
                name=f"V{i}",
                email=f"v{i}@example.test",
                birth_year=1980,
                postcode="3811 AB",
                status="approved",
                vog_issued_on=today() - timedelta(days=10),
                capacity=capacity,
            )
            for i in range(volunteers)
        ]
        s.add_all(vols)
        s.flush()
        match_ids = []
        for i in range(requests):
            youth = Youth(
                organisation_id=org.id,
                first_name=f"Y{i}",
                last_name="J",
                date_of_birth=today().replace(year=today().year - 16),
            )
            s.add(youth)
            s.flush()
            request = MentorRequest(youth_id=youth.id, organisation_id=org.id)
            s.add(request)
            s.flush()
            match = MentorMatch(
                request_id=request.id, youth_id=youth.id, volunteer_id=vols[0].id, score=0.5
            )
            s.add(match)
            s.flush()
            match_ids.append(match.id)
        return [c.id for c in coordinators], match_ids


def _race(app, engine, coordinator_ids, match_ids):
    outcomes: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def approve(coordinator_id: int, match_id: int) -> None:
        try:
            with app.test_request_context(), Session(engine, expire_on_commit=False) as s:
                # Both pages showed the proposal as open; the read ends before the race starts
                # (on SQLite an open transaction would hold the write lock).
                match = s.get(MentorMatch, match_id)
                s.commit()
                start.wait()
                try:
                    workflow.apply(
                        s, match, "approve", Actor(Role.COORDINATOR, coordinator_id, "c")
                    )
                    # As the unit of work does: the entries go with the change, in this
                    # thread's own session (the app's session belongs to another database).
                    access_log.write(s, access_log.take_pending())
                    s.commit()
                    outcomes.append("won")
                except PoolError as error:
                    s.rollback()
                    outcomes.append(error.code)
                    access_log.take_pending()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [
        threading.Thread(target=approve, args=(c, m))
        for c, m in zip(coordinator_ids, match_ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return sorted(outcomes)


def test_two_coordinators_approving_the_same_proposal_one_wins_one_gets_a_conflict(app, engine):
    coordinators, (match_id,) = _pool(engine)
    outcomes = _race(app, engine, coordinators, [match_id, match_id])
    assert outcomes == ["conflict", "won"]
    with Session(engine) as s:
        assert s.get(MentorMatch, match_id).state == MatchState.APPROVED
        events = s.scalars(select(MentorEvent).where(MentorEvent.match_id == match_id)).all()
        assert [e.step for e in events] == ["approve"]


def test_two_approvals_for_the_last_place_of_one_volunteer_one_wins(app, engine):
    coordinators, match_ids = _pool(engine, requests=2, capacity=1)
    outcomes = _race(app, engine, coordinators, match_ids)
    assert outcomes == ["at_capacity", "won"]
    with Session(engine) as s:
        states = sorted(s.scalars(select(MentorMatch.state)).all())
        assert states == ["approved", "proposed"]


def test_withdrawing_a_referral_while_a_coordinator_approves_leaves_no_match_holding_a_place(
    app, engine
):
    """The care team takes the young person off the list at the moment a coordinator approves
    their proposal: whichever comes first, the referral ends closed and the match withdrawn
    (never an approved match for a closed referral, never a lost update)."""
    from jimnet.pool import services
    from jimnet.pool.models import RequestStatus

    (coordinator_id, professional_id), (match_id,) = _pool(engine)
    with Session(engine) as s:
        request_id = s.get(MentorMatch, match_id).request_id
    outcomes: dict[str, str] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def run(name: str) -> None:
        try:
            with app.test_request_context(), Session(engine, expire_on_commit=False) as s:
                match = s.get(MentorMatch, match_id)
                request = s.get(MentorRequest, request_id)
                s.commit()
                start.wait()
                try:
                    if name == "approve":
                        workflow.apply(
                            s, match, "approve", Actor(Role.COORDINATOR, coordinator_id, "c")
                        )
                    else:
                        services.withdraw_referral(
                            s, request, Actor(Role.PROFESSIONAL, professional_id, "p")
                        )
                    access_log.write(s, access_log.take_pending())
                    s.commit()
                    outcomes[name] = "done"
                except PoolError as error:
                    s.rollback()
                    outcomes[name] = error.code
                    access_log.take_pending()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("approve", "withdraw")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert outcomes["withdraw"] == "done"
    assert outcomes["approve"] in {"done", "conflict", "request_taken"}
    with Session(engine) as s:
        assert s.get(MentorRequest, request_id).status == RequestStatus.CLOSED
        assert s.get(MentorMatch, match_id).state == MatchState.WITHDRAWN
