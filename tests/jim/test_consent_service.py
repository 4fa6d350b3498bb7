"""Consent through the services on the days around the 12th and 16th birthday: who may
consent, and whether the invitation may go out, judged at the date of consent."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from jimnet.extensions import db
from jimnet.jim import services, workflow
from jimnet.jim.errors import JimError
from jimnet.jim.models import InvitationChannel, JimNomination, JimState
from jimnet.jim.workflow import Actor, Role
from jimnet.youth.models import Consent, ConsentGiver, ConsentMethod, Youth

DOB = date(2012, 3, 10)
TWELVE = date(2024, 3, 10)
SIXTEEN = date(2028, 3, 10)
DAY = timedelta(days=1)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


@pytest.fixture
def case(app, jim):
    def build(nominated_on: date):
        w = jim.world(date_of_birth=DOB)
        nomination = jim.nomination(w.youth, w.aunt, JimState.AWAITING_CONSENT, suitable=True)
        with app.app_context():
            row = db.session.get(JimNomination, nomination.id)
            row.nominated_at = _at(nominated_on - 30 * DAY)
            db.session.commit()
        return w, nomination

    return build


def _give(w, nomination, who: str, day: date) -> None:
    session = db.session()
    nomination = session.get(JimNomination, nomination.id)
    youth = session.get(Youth, w.youth.id)
    pro = Actor(Role.PROFESSIONAL, w.professional.id, "pro")
    giver = ConsentGiver.YOUTH if who == "youth" else ConsentGiver.PARENT
    authority = w.authority_id if who == "parent" else None
    services.give_consent(
        session,
        nomination,
        youth,
        pro,
        services.ConsentInput(giver, ConsentMethod.PAPER, day, authority),
        at=_at(day),
    )


def _invite(w, nomination, day: date) -> None:
    session = db.session()
    services.invite(
        session,
        session.get(JimNomination, nomination.id),
        Actor(Role.PROFESSIONAL, w.professional.id, "pro"),
        InvitationChannel.LETTER,
        None,
        at=_at(day),
    )


@pytest.mark.parametrize(
    ("day", "givers", "may_invite"),
    [
        (TWELVE - DAY, ["parent"], True),
        (TWELVE, ["parent"], False),
        (TWELVE, ["parent", "youth"], True),
        (SIXTEEN - DAY, ["youth"], False),
        (SIXTEEN - DAY, ["youth", "parent"], True),
        (SIXTEEN, ["youth"], True),
    ],
)
def test_consent_and_invitation_around_the_birthdays(app, case, day, givers, may_invite):
    w, nomination = case(day)
    with app.test_request_context():
        for who in givers:
            _give(w, nomination, who, day)
        if may_invite:
            _invite(w, nomination, day)
        else:
            with pytest.raises(JimError) as error:
                _invite(w, nomination, day)
            assert error.value.code == "no_consent"


@pytest.mark.parametrize(
    ("day", "who", "counts"),
    [
        (TWELVE - DAY, "youth", False),
        (TWELVE, "youth", True),
        (SIXTEEN - DAY, "parent", True),
        (SIXTEEN, "parent", False),
    ],
)
def test_who_may_consent_the_day_before_and_on_the_birthday(app, case, day, who, counts):
    w, nomination = case(day)
    with app.test_request_context():
        if counts:
            _give(w, nomination, who, day)
            records = db.session.scalars(
                select(Consent).where(Consent.subject_id == nomination.id)
            ).all()
            assert [(r.given_by_role, r.given_on) for r in records] == [(who, day)]
        else:
            with pytest.raises(JimError) as error:
                _give(w, nomination, who, day)
            assert error.value.code == "consent_age"
            assert not db.session.scalars(
                select(Consent).where(Consent.subject_id == nomination.id)
            ).all()


def test_parents_consent_before_12_still_counts_after_the_birthday(app, case):
    w, nomination = case(TWELVE - DAY)
    with app.test_request_context():
        _give(w, nomination, "parent", TWELVE - DAY)
        session = db.session()
        row = session.get(JimNomination, nomination.id)
        check = workflow.consent_check(session, row, TWELVE + 10 * DAY)
        # Valid since the day before the birthday, although she has not consented herself.
        assert (check.valid, check.complete_on) == (True, TWELVE - DAY)
        assert check.requirement.band == "12_15" and check.youth_missing
        _invite(w, nomination, TWELVE + 10 * DAY)
        assert session.get(JimNomination, nomination.id).state == JimState.INVITED
