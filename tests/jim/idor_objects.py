"""The JIM's objects for the route walk: a nomination of the target youth and a consent on it."""

from __future__ import annotations

from typing import Any

from jimnet.clock import today
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.jim.models import JimNomination, JimState
from jimnet.network.models import NetworkMember
from jimnet.youth.models import Consent


def build(make: Any, app: Any, youth: Any) -> dict[str, int]:
    with app.app_context():
        member = NetworkMember(
            youth_id=youth.id,
            display_name="Tante van de route",
            relation="aunt_uncle",
            sector="family",
            ring=1,
            is_adult=True,
            quality="positive",
            email="tante.route@example.test",
        )
        db.session.add(member)
        db.session.flush()
        now = utcnow()
        nomination = JimNomination(
            youth_id=youth.id,
            member_id=member.id,
            state=JimState.AWAITING_CONSENT,
            state_since=now,
            nominated_by_role="youth",
            nominated_at=now,
            member_facts={},
        )
        db.session.add(nomination)
        db.session.flush()
        consent = Consent(
            youth_id=youth.id,
            purpose="jim",
            subject_type="jim_nomination",
            subject_id=nomination.id,
            given_by_role="youth",
            given_by_name="jongere",
            given_on=today(),
            method="app",
        )
        db.session.add(consent)
        db.session.commit()
        return {"nomination_id": nomination.id, "consent_id": consent.id}
