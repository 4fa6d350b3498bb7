"""Factories: each call makes what a test needs, commits it, and returns it readable."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pyotp
from flask import Flask

from jimnet.accounts.models import Membership, User
from jimnet.accounts.passwords import hash_password
from jimnet.accounts.roles import CareTeamRole, ParticipantRole, StaffRole
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.organisations.models import Consortium, Organisation
from jimnet.youth.models import (
    CareTeamMember,
    CaseParticipant,
    ParentalAuthority,
    ParentShare,
    Youth,
)

TEST_PASSWORD = "correct horse battery"
_HASH = hash_password(TEST_PASSWORD)
_counter = itertools.count(1)


def years_ago(years: int, days: int = 0) -> date:
    """A date of birth for someone who turns ``years`` ``days`` days ago."""
    now = today()
    try:
        birthday = now.replace(year=now.year - years)
    except ValueError:  # 29 February
        birthday = now.replace(year=now.year - years, day=28)
    return birthday - timedelta(days=days)


class Factory:
    def __init__(self, app: Flask) -> None:
        self.app = app

    def _save(self, *objects: Any) -> None:
        with self.app.app_context():
            db.session.add_all(objects)
            db.session.commit()

    def consortium(self, name: str | None = None) -> Consortium:
        consortium = Consortium(name=name or f"Consortium {next(_counter)}")
        self._save(consortium)
        return consortium

    def organisation(
        self, name: str | None = None, consortium: Consortium | None = None
    ) -> Organisation:
        org = Organisation(
            name=name or f"Organisatie {next(_counter)}",
            consortium_id=consortium.id if consortium else None,
        )
        self._save(org)
        return org

    def user(
        self,
        role: StaffRole | str | None = None,
        organisation: Organisation | None = None,
        *,
        email: str | None = None,
        name: str | None = None,
        totp: bool | None = None,
        active: bool = True,
    ) -> User:
        n = next(_counter)
        user = User(
            email=email or f"user{n}@example.test",
            name=name or f"Persoon {n}",
            password_hash=_HASH,
            active=active,
        )
        if totp or (totp is None and role is not None):
            user.totp_secret = pyotp.random_base32()
        if role is not None:
            organisation = organisation or self.organisation()
        with self.app.app_context():
            db.session.add(user)
            db.session.flush()
            if role is not None:
                assert organisation is not None
                db.session.add(
                    Membership(
                        user_id=user.id, organisation_id=organisation.id, role=StaffRole(role)
                    )
                )
            db.session.commit()
            db.session.refresh(user)
            user.memberships  # noqa: B018 - loaded now, readable after the context ends
        return user

    def youth(
        self,
        organisation: Organisation | None = None,
        *,
        professionals: list[User] | tuple[User, ...] = (),
        coaches: list[User] | tuple[User, ...] = (),
        age: int = 15,
        date_of_birth: date | None = None,
        first_name: str | None = None,
        last_name: str = "Jansen",
        postcode: str | None = "3811 AB",
    ) -> Youth:
        if organisation is None:
            orgs = [m.organisation_id for p in professionals for m in p.memberships]
            if orgs:
                with self.app.app_context():
                    organisation = db.session.get(Organisation, orgs[0])
            organisation = organisation or self.organisation()
        youth = Youth(
            organisation_id=organisation.id,
            first_name=first_name or f"Jongere{next(_counter)}",
            last_name=last_name,
            date_of_birth=date_of_birth or years_ago(age, 30),
            postcode=postcode,
            care_started_on=today() - timedelta(days=200),
        )
        self._save(youth)
        members = [
            CareTeamMember(
                youth_id=youth.id, user_id=p.id, role=CareTeamRole.PROFESSIONAL, is_lead=i == 0
            )
            for i, p in enumerate(professionals)
        ] + [
            CareTeamMember(youth_id=youth.id, user_id=c.id, role=CareTeamRole.COACH)
            for c in coaches
        ]
        if members:
            self._save(*members)
        return youth

    def participant(
        self, youth: Youth, role: ParticipantRole | str, user: User | None = None
    ) -> User:
        user = user or self.user()
        self._save(CaseParticipant(youth_id=youth.id, user_id=user.id, role=ParticipantRole(role)))
        if ParticipantRole(role) == ParticipantRole.PARENT:
            self._save(
                ParentalAuthority(
                    youth_id=youth.id, name=user.name, email=user.email, user_id=user.id
                )
            )
        return user

    def authority(
        self, youth: Youth, name: str = "Ouder", email: str | None = None
    ) -> ParentalAuthority:
        authority = ParentalAuthority(youth_id=youth.id, name=name, email=email)
        self._save(authority)
        return authority

    def parent_share(self, youth: Youth, parent: User, **parts: bool) -> ParentShare:
        """The young person shares ``parts`` (jim, network, big5, log, details) with a parent."""
        share = ParentShare(
            youth_id=youth.id,
            user_id=parent.id,
            decided_on=today(),
            **{f"share_{name}": value for name, value in parts.items()},
        )
        self._save(share)
        return share
