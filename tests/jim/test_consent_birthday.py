"""The 16th birthday, at the instant it happens: a young person who consented at 15 without her
parents must consent again at 16, and the page, the API and the service that records consent say
the same thing about it (once the API said nothing was missing while the page asked for her
consent, and recording it answered 409)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import time_machine

from jimnet.clock import AMSTERDAM
from jimnet.extensions import db
from jimnet.jim import consent, services
from jimnet.jim.models import JimNomination, JimState
from jimnet.jim.workflow import Actor, Role
from jimnet.youth.models import Consent, ConsentGiver, ConsentMethod, Youth

DOB = date(2012, 3, 10)
SIXTEEN = date(2028, 3, 10)
DAY = timedelta(days=1)


def _in_amsterdam(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), AMSTERDAM)


def _fifteen_year_old_consented_alone(app, jim):
    """At 15, ten days before the birthday, she consented on paper; her parents did not."""
    w = jim.world(date_of_birth=DOB)
    with time_machine.travel(_in_amsterdam(SIXTEEN - 30 * DAY, 10), tick=False):
        nomination = jim.nomination(w.youth, w.aunt, JimState.AWAITING_CONSENT, suitable=True)
    fifteen = time_machine.travel(_in_amsterdam(SIXTEEN - 10 * DAY, 10), tick=False)
    with fifteen, app.test_request_context():
        session = db.session()
        services.give_consent(
            session,
            session.get(JimNomination, nomination.id),
            session.get(Youth, w.youth.id),
            Actor(Role.PROFESSIONAL, w.professional.id, "pro"),
            services.ConsentInput(ConsentGiver.YOUTH, ConsentMethod.PAPER, SIXTEEN - 10 * DAY),
        )
        session.commit()
    return w, nomination


def _status(client, w) -> dict:
    body = client.api("GET", f"/api/v1/youth/{w.youth.id}/jim").get_json()
    return body["current"]["consent_status"]


def test_at_16_the_api_and_the_page_ask_for_her_consent_and_she_can_give_it(
    app, jim, client_factory
):
    w, nomination = _fifteen_year_old_consented_alone(app, jim)
    page = f"/jongeren/{w.youth.id}/jim"
    give = f"{page}/{nomination.id}/toestemming"
    # Shortly after midnight in Amsterdam on the birthday: still the 9th in UTC.
    with time_machine.travel(_in_amsterdam(SIXTEEN, 0) + timedelta(minutes=30), tick=False):
        youth = client_factory().login(w.youth_user)
        status = _status(youth, w)
        assert status["valid"] is False
        assert status["age_band"] == "16_plus"
        assert status["youth_missing"] is True
        assert status["authorities_missing"] == []
        html = youth.get(page).get_data(as_text=True)
        assert f'action="{give}"' in html

        answer = youth.form(give, {"consent-agree": "y"}, token_page=page)
        assert answer.status_code == 302
        with app.app_context():
            records = db.session.query(Consent).filter_by(subject_id=nomination.id).all()
            assert sorted(r.given_on for r in records) == [SIXTEEN - 10 * DAY, SIXTEEN]
        status = _status(youth, w)
        assert status["valid"] is True
        assert status["complete_on"] == SIXTEEN.isoformat()
        assert status["youth_missing"] is False
        assert f'action="{give}"' not in youth.get(page).get_data(as_text=True)
        # Now it is complete, a second consent is a double again.
        again = youth.api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/consents",
            json={"given_by": "youth", "method": "app"},
        )
        assert again.status_code == 409
        assert again.get_json()["type"].endswith("/jim-consent-exists")


def test_the_day_before_the_birthday_her_consent_is_there_and_her_parents_are_missing(
    app, jim, client_factory
):
    w, nomination = _fifteen_year_old_consented_alone(app, jim)
    with time_machine.travel(_in_amsterdam(SIXTEEN - DAY, 23) + timedelta(minutes=30), tick=False):
        youth = client_factory().login(w.youth_user)
        status = _status(youth, w)
        assert status["valid"] is False
        assert status["age_band"] == "12_15"
        assert status["youth_missing"] is False
        assert status["authorities_missing"] == [w.authority_id]
        answer = youth.api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/consents",
            json={"given_by": "youth", "method": "app"},
        )
        assert answer.status_code == 409
        assert answer.get_json()["type"].endswith("/jim-consent-exists")


def test_the_api_records_her_consent_again_on_the_birthday(app, jim, client_factory):
    w, nomination = _fifteen_year_old_consented_alone(app, jim)
    with time_machine.travel(_in_amsterdam(SIXTEEN, 9), tick=False):
        youth = client_factory().login(w.youth_user)
        answer = youth.api(
            "POST",
            f"/api/v1/youth/{w.youth.id}/jim/{nomination.id}/consents",
            json={"given_by": "youth", "method": "app"},
        )
        assert answer.status_code == 201, answer.get_json()
        assert answer.get_json()["consent_status"]["valid"] is True


def test_what_is_missing_is_what_the_service_accepts():
    """The pure rule: consent at 15 alone, checked on the 16th birthday, asks for her again."""
    facts = [consent.ConsentFact(ConsentGiver.YOUTH, SIXTEEN - 10 * DAY)]
    before = consent.evaluate(DOB, [7], facts, SIXTEEN - DAY)
    on = consent.evaluate(DOB, [7], facts, SIXTEEN)
    assert (before.valid, before.youth_missing, before.authorities_missing) == (False, False, [7])
    assert (on.valid, on.youth_missing, on.authorities_missing) == (False, True, [])
    assert consent.must_consent(on, ConsentGiver.YOUTH, None)
    assert not consent.must_consent(before, ConsentGiver.YOUTH, None)
    again = [*facts, consent.ConsentFact(ConsentGiver.YOUTH, SIXTEEN)]
    after = consent.evaluate(DOB, [7], again, SIXTEEN)
    assert (after.valid, after.complete_on, after.youth_missing) == (True, SIXTEEN, False)
