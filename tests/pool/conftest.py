"""Factories for the pool's tests: a consortium with a coordinator, volunteers, referred young
people and proposals put straight into a state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.organisations.models import Organisation
from jimnet.pool.models import MatchState, MentorMatch, MentorRequest, Volunteer, VolunteerStatus
from jimnet.youth.models import Youth
from tests.factories import Factory


@dataclass
class PoolWorld:
    organisation: Organisation
    coordinator: User
    professional: User
    youth: Youth
    youth_user: User


class PoolFactory:
    def __init__(self, app: Flask, make: Factory) -> None:
        self.app = app
        self.make = make

    def world(self, age: int = 16) -> PoolWorld:
        consortium = self.make.consortium()
        org = self.make.organisation(consortium=consortium)
        coordinator = self.make.user(StaffRole.COORDINATOR, org, name="Fatima Coördinator")
        professional = self.make.user(StaffRole.PROFESSIONAL, org)
        youth = self.make.youth(org, professionals=[professional], age=age, first_name="Sem")
        youth_user = self.make.participant(youth, "youth")
        return PoolWorld(org, coordinator, professional, youth, youth_user)

    def volunteer(
        self,
        organisation: Organisation,
        *,
        vog_days_ago: int | None = 100,
        capacity: int = 1,
        status: VolunteerStatus = VolunteerStatus.APPROVED,
        user: User | None = None,
        **fields: Any,
    ) -> Volunteer:
        values: dict[str, Any] = {
            "name": "Hanna Tesfay",
            "email": f"v{utcnow().timestamp()}{id(fields)}@example.test",
            "birth_year": today().year - 35,
            "gender": "woman",
            "postcode": "3811 AB",
            "travel_km": 15,
            "interests": ["music", "sport"],
            "languages": ["nl"],
            "availability": ["weekend"],
            **fields,
        }
        volunteer = Volunteer(
            organisation_id=organisation.id,
            status=status,
            vog_issued_on=today() - timedelta(days=vog_days_ago)
            if vog_days_ago is not None
            else None,
            interviewed_on=today() - timedelta(days=120),
            training_done_on=today() - timedelta(days=90),
            capacity=capacity,
            user_id=user.id if user else None,
            **values,
        )
        with self.app.app_context():
            db.session.add(volunteer)
            db.session.commit()
        return volunteer

    def request(self, youth: Youth, referred_by: User, **fields: Any) -> MentorRequest:
        values: dict[str, Any] = {
            "interests": ["music"],
            "languages": [],
            "mentor_gender": "any",
            **fields,
        }
        with self.app.app_context():
            request = MentorRequest(
                youth_id=youth.id,
                organisation_id=youth.organisation_id,
                referred_by_id=referred_by.id,
                **values,
            )
            db.session.add(request)
            db.session.commit()
            request.youth  # noqa: B018 - loaded now
        return request

    def match(
        self,
        request: MentorRequest,
        volunteer: Volunteer,
        state: MatchState = MatchState.PROPOSED,
        **fields: Any,
    ) -> MentorMatch:
        with self.app.app_context():
            match = MentorMatch(
                request_id=request.id,
                youth_id=request.youth_id,
                volunteer_id=volunteer.id,
                state=state,
                score=0.7,
                reasons=[{"code": "interests", "values": ["music"]}],
                features={"interests": 0.7, "languages": 1.0, "distance": 1.0},
                **fields,
            )
            db.session.add(match)
            db.session.commit()
            match.volunteer  # noqa: B018
            match.youth  # noqa: B018
        return match


@pytest.fixture
def pool(app: Flask, make: Factory) -> PoolFactory:
    return PoolFactory(app, make)


def days_ago(days: int) -> date:
    return today() - timedelta(days=days)
