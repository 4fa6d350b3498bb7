"""The pool's objects for the route walk: a volunteer of the target youth's organisation and a
proposal for the target youth."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jimnet.clock import today
from jimnet.extensions import db
from jimnet.pool.models import MentorMatch, MentorRequest, Volunteer
from jimnet.youth.models import CareTeamMember


def build(make: Any, app: Any, youth: Any) -> dict[str, int]:
    with app.app_context():
        referrer = db.session.scalars(
            select(CareTeamMember.user_id).where(CareTeamMember.youth_id == youth.id)
        ).first()
        volunteer = Volunteer(
            organisation_id=youth.organisation_id,
            name="Vrijwilliger van de route",
            email="route.vrijwilliger@example.test",
            birth_year=today().year - 40,
            postcode="3811 AB",
            status="approved",
            vog_issued_on=today(),
            capacity=1,
        )
        request = MentorRequest(
            youth_id=youth.id, organisation_id=youth.organisation_id, referred_by_id=referrer
        )
        db.session.add_all([volunteer, request])
        db.session.flush()
        match = MentorMatch(
            request_id=request.id,
            youth_id=youth.id,
            volunteer_id=volunteer.id,
            score=0.5,
            state="approved",
        )
        db.session.add(match)
        db.session.commit()
        return {"volunteer_id": volunteer.id, "match_id": match.id}
