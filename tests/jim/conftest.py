"""Factories for the JIM tests: a young person with her network, team, parents and accounts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.jim.models import JimConversation, JimEvent, JimNomination, JimState
from jimnet.network.models import NetworkMember
from jimnet.youth.models import Consent, ParentalAuthority, Youth
from tests.factories import Factory


@dataclass
class World:
    professional: User
    coach: User
    youth: Youth
    youth_user: User
    parent_user: User
    authority_id: int
    aunt: NetworkMember
    org_admin: User
    outsider: User  # a professional of the same organisation, not on the team


class JimFactory:
    def __init__(self, app: Flask, make: Factory) -> None:
        self.app = app
        self.make = make

    def member(self, youth: Youth, name: str = "Anouk de Boer", **fields: Any) -> NetworkMember:
        values: dict[str, Any] = {
            "relation": "aunt_uncle",
            "sector": "family",
            "ring": 1,
            "is_adult": True,
            "quality": "positive",
            "contact_frequency": "weekly",
            **fields,
        }
        with self.app.app_context():
            member = NetworkMember(youth_id=youth.id, display_name=name, **values)
            db.session.add(member)
            db.session.commit()
            member.supports  # noqa: B018 - loaded now, readable after the context ends
        return member

    def world(self, age: int = 14, date_of_birth: date | None = None) -> World:
        org = self.make.organisation()
        professional = self.make.user(StaffRole.PROFESSIONAL, org, name="Sanne de Vries")
        coach = self.make.user(StaffRole.COACH, org)
        youth = self.make.youth(
            org,
            professionals=[professional],
            coaches=[coach],
            age=age,
            date_of_birth=date_of_birth,
            first_name="Noa",
            last_name="Visser",
        )
        youth_user = self.make.participant(youth, "youth")
        parent_user = self.make.participant(youth, "parent")
        with self.app.app_context():
            authority_id = db.session.scalars(
                select(ParentalAuthority.id).where(ParentalAuthority.user_id == parent_user.id)
            ).one()
        aunt = self.member(youth, email="anouk@example.test")
        return World(
            professional=professional,
            coach=coach,
            youth=youth,
            youth_user=youth_user,
            parent_user=parent_user,
            authority_id=authority_id,
            aunt=aunt,
            org_admin=self.make.user(StaffRole.ORG_ADMIN, org),
            outsider=self.make.user(StaffRole.PROFESSIONAL, org),
        )

    def nomination(
        self,
        youth: Youth,
        member: NetworkMember,
        state: JimState = JimState.NOMINATED,
        *,
        suitable: bool | None = None,
        consents: tuple[tuple[str, int | None], ...] = (),
        jim_user: User | None = None,
    ) -> JimNomination:
        """A nomination put straight into a state (for tests of what follows from there)."""
        from jimnet.youth.models import CaseParticipant

        with self.app.app_context():
            now = utcnow()
            nomination = JimNomination(
                youth_id=youth.id,
                member_id=member.id,
                state=state,
                state_since=now,
                nominated_by_role="youth",
                nominated_at=now,
                member_facts={},
            )
            db.session.add(nomination)
            db.session.flush()
            db.session.add(
                JimEvent(
                    nomination_id=nomination.id,
                    youth_id=youth.id,
                    step="nominate",
                    from_state=None,
                    to_state=state,
                    actor_role="youth",
                    actor_name="test",
                )
            )
            if suitable is not None:
                db.session.add(
                    JimConversation(
                        nomination_id=nomination.id,
                        youth_id=youth.id,
                        held_on=today(),
                        willingness="willing",
                        reachability="easy",
                        outcome="suitable" if suitable else "not_suitable",
                        reason_for_youth="Zij wil graag en woont dichtbij.",
                    )
                )
            for giver, authority_id in consents:
                db.session.add(
                    Consent(
                        youth_id=youth.id,
                        purpose="jim",
                        subject_type="jim_nomination",
                        subject_id=nomination.id,
                        given_by_role=giver,
                        authority_id=authority_id,
                        given_by_name=giver,
                        given_on=today(),
                        method="paper",
                    )
                )
            if jim_user is not None:
                participant = CaseParticipant(youth_id=youth.id, user_id=jim_user.id, role="jim")
                db.session.add(participant)
                db.session.flush()
                nomination.jim_user_id = jim_user.id
                nomination.participant_id = participant.id
                nomination.active_since = now
            db.session.commit()
            nomination.member  # noqa: B018
        return nomination


@pytest.fixture
def jim(app: Flask, make: Factory) -> JimFactory:
    return JimFactory(app, make)


LINK = re.compile(r"(http://localhost/jim/uitnodiging\?t=[\w\-]+)")
CODE = re.compile(r"([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})")


def link_in(body: str) -> str:
    match = LINK.search(body)
    assert match, body
    return match.group(1).replace("http://localhost", "")


def version_of(app: Flask, nomination_id: int) -> int:
    """The nomination's version as stored now: every step that changes it must send it."""
    with app.app_context():
        return db.session.get(JimNomination, nomination_id).version
