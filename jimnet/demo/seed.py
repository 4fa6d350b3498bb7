"""The demo consortium behind ``make run``: believable, Dutch, fixed seed, loaded once.

The foundation builds organisations, staff, young people, parents and care teams. Later domains
(network maps, JIMs, BIG5 histories) add to it through ``EXTENSIONS``: each names a module with a
``seed(ctx: DemoContext) -> str`` that adds its part and returns a line for the summary.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pyotp
from faker import Faker
from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet import sitesettings
from jimnet.accounts.models import Membership, User
from jimnet.accounts.passwords import hash_password
from jimnet.accounts.roles import CareTeamRole, ParticipantRole, StaffRole
from jimnet.clock import today, years_before
from jimnet.organisations.models import Consortium, Organisation
from jimnet.youth.models import (
    CareTeamMember,
    CaseParticipant,
    ParentalAuthority,
    Youth,
    YouthStatus,
)

SEED = 20261124
DEMO_PASSWORD = "jimnet-demo-2026"  # noqa: S105 - published on purpose: demo data only
CONSORTIUM_NAME = "Jeugdexpertisepunt Regio Amersfoort"
ORGANISATIONS = (
    ("Jeugdzorg Eemland", "Amersfoort"),
    ("Stichting De Brug", "Soest"),
    ("Samen Sterk Jeugdhulp", "Leusden"),
    ("Kwadrant Jeugd & Gezin", "Baarn"),
    ("Het Vlot Ambulante Hulp", "Bunschoten"),
    ("Oké Opvoedondersteuning", "Woudenberg"),
)
DEMO_ACCOUNTS = (
    ("professional@jimnet.test", "professional, Jeugdzorg Eemland (case load incl. youth@)"),
    ("professional2@jimnet.test", "professional, Stichting De Brug (other young people)"),
    ("coach@jimnet.test", "transition coach, Jeugdzorg Eemland"),
    ("intake@jimnet.test", "intake, Jeugdzorg Eemland"),
    ("admin@jimnet.test", "organisation admin, Jeugdzorg Eemland"),
    ("youth@jimnet.test", "young person, 15 years old"),
    ("parent@jimnet.test", "her parent (with parental authority)"),
    ("jim@jimnet.test", "her JIM (aunt)"),
    ("milan@jimnet.test", "young person, 15, choosing a JIM (ranked shortlist)"),
    (
        "coordinator@jimnet.test",
        "coordinator of volunteer mentors, Jeugdzorg Eemland (whole consortium)",
    ),
    ("volunteer@jimnet.test", "volunteer mentor Hanna Tesfay (one young person, one place free)"),
    ("youth2@jimnet.test", "Sem Bakker, 16, waiting for a volunteer mentor"),
)
# Domains add their demo data here (module paths with a ``seed(ctx)`` function).
EXTENSIONS: tuple[str, ...] = (
    "jimnet.network.demo",
    "jimnet.jim.demo",
    "jimnet.big5.demo",
    "jimnet.matching.demo",
    "jimnet.pool.demo",
    "jimnet.privacy.demo",
)  # JIM after the network (Anouk is on the map); BIG5 last (support evidence: map and JIM)


@dataclass
class DemoContext:
    session: Session
    rng: random.Random
    fake: Faker
    today: date
    password_hash: str
    organisations: list[Organisation] = field(default_factory=list)
    staff: dict[int, dict[StaffRole, list[User]]] = field(default_factory=dict)
    youth: list[Youth] = field(default_factory=list)
    accounts: dict[str, User] = field(default_factory=dict)
    demo_youth: Youth | None = None


def _user(ctx: DemoContext, email: str, name: str, staff: bool) -> User:
    user = User(email=email, name=name, password_hash=ctx.password_hash, locale="nl")
    if staff:
        user.totp_secret = pyotp.random_base32()
    ctx.session.add(user)
    return user


def _dob(ctx: DemoContext, age: int) -> date:
    birthday_this_year = ctx.today - timedelta(days=365 * age + ctx.rng.randint(0, 364))
    return birthday_this_year


def seed(session: Session, youth_count: int = 300) -> str:
    if (
        session.scalars(select(Consortium).where(Consortium.name == CONSORTIUM_NAME)).first()
        is not None
    ):
        return "Demo data is already loaded."
    fake = Faker("nl_NL")
    fake.seed_instance(SEED)
    ctx = DemoContext(
        session=session,
        rng=random.Random(SEED),
        fake=fake,
        today=today(),
        password_hash=hash_password(DEMO_PASSWORD),
    )
    lines = [_foundation(ctx, youth_count)]
    for module_name in EXTENSIONS:
        lines.append(importlib.import_module(module_name).seed(ctx))
    sitesettings.put(session, sitesettings.DEMO_MODE, "on")
    session.flush()
    return "\n".join(lines)


def _foundation(ctx: DemoContext, youth_count: int) -> str:
    session, rng, fake = ctx.session, ctx.rng, ctx.fake
    consortium = Consortium(name=CONSORTIUM_NAME, region="Regio Amersfoort")
    session.add(consortium)
    for name, city in ORGANISATIONS:
        org = Organisation(name=name, city=city, consortium=consortium)
        session.add(org)
        ctx.organisations.append(org)
    session.flush()

    fixed = {
        "professional@jimnet.test": (0, StaffRole.PROFESSIONAL, "Sanne de Vries"),
        "professional2@jimnet.test": (1, StaffRole.PROFESSIONAL, "Mehmet Yılmaz"),
        "coach@jimnet.test": (0, StaffRole.COACH, "Ilse Bakker"),
        "intake@jimnet.test": (0, StaffRole.INTAKE, "Ruud Jansen"),
        "admin@jimnet.test": (0, StaffRole.ORG_ADMIN, "Petra Smit"),
    }
    for email, (org_index, role, name) in fixed.items():
        user = _user(ctx, email, name, staff=True)
        session.flush()
        session.add(
            Membership(user_id=user.id, organisation_id=ctx.organisations[org_index].id, role=role)
        )
        ctx.staff.setdefault(ctx.organisations[org_index].id, {}).setdefault(role, []).append(user)
        ctx.accounts[email] = user
    plan = {
        StaffRole.PROFESSIONAL: 4,
        StaffRole.COACH: 1,
        StaffRole.INTAKE: 1,
        StaffRole.ORG_ADMIN: 1,
    }
    for org in ctx.organisations:
        for role, wanted in plan.items():
            have = len(ctx.staff.get(org.id, {}).get(role, []))
            for _ in range(max(wanted - have, 0)):
                first, last = fake.first_name(), fake.last_name()
                slug = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
                city = (org.city or "regio").lower()
                user = _user(
                    ctx,
                    f"{slug}.{rng.randint(10, 99)}@{city}.jimnet.test",
                    f"{first} {last}",
                    staff=True,
                )
                session.flush()
                session.add(Membership(user_id=user.id, organisation_id=org.id, role=role))
                ctx.staff.setdefault(org.id, {}).setdefault(role, []).append(user)
    session.flush()

    for index in range(youth_count):
        org = ctx.organisations[index % len(ctx.organisations)]
        age = rng.randint(8, 22)
        last = fake.last_name()
        youth = Youth(
            organisation_id=org.id,
            first_name=fake.first_name(),
            last_name=last,
            date_of_birth=_dob(ctx, age),
            postcode=fake.postcode(),
            status=YouthStatus.AFTERCARE
            if age >= 18 and rng.random() < 0.4
            else YouthStatus.ACTIVE,
            care_started_on=ctx.today - timedelta(days=rng.randint(30, 900)),
            reporting_every_weeks=rng.choice([None, 2, 4, 6, 8]),
        )
        session.add(youth)
        ctx.youth.append(youth)
        for _ in range(1 if rng.random() < 0.35 else 2):
            session.add(
                ParentalAuthority(
                    youth=youth, name=f"{fake.first_name()} {last}", email=None, relation="ouder"
                )
            )
    session.flush()

    # The demo youth: 15 years old, on the demo professional's team, with parent and JIM accounts.
    demo = ctx.youth[0]
    demo.first_name, demo.last_name = "Noa", "Visser"
    demo.date_of_birth = years_before(ctx.today, 15) - timedelta(days=40)
    demo.status = YouthStatus.ACTIVE
    ctx.demo_youth = demo
    youth_user = _user(ctx, "youth@jimnet.test", "Noa Visser", staff=False)
    parent_user = _user(ctx, "parent@jimnet.test", "Marieke Visser", staff=False)
    jim_user = _user(ctx, "jim@jimnet.test", "Anouk de Boer", staff=False)
    session.flush()
    ctx.accounts.update(
        {
            "youth@jimnet.test": youth_user,
            "parent@jimnet.test": parent_user,
            "jim@jimnet.test": jim_user,
        }
    )
    session.add_all(
        [
            CaseParticipant(youth_id=demo.id, user_id=youth_user.id, role=ParticipantRole.YOUTH),
            CaseParticipant(youth_id=demo.id, user_id=parent_user.id, role=ParticipantRole.PARENT),
            CaseParticipant(youth_id=demo.id, user_id=jim_user.id, role=ParticipantRole.JIM),
        ]
    )
    session.flush()
    for authority in session.scalars(
        select(ParentalAuthority).where(ParentalAuthority.youth_id == demo.id)
    ):
        session.delete(authority)
    session.add(
        ParentalAuthority(
            youth_id=demo.id,
            name="Marieke Visser",
            email="parent@jimnet.test",
            user_id=parent_user.id,
            relation="moeder",
        )
    )

    # Care teams: the lead professional of the youth's organisation; a coach from 15; and now
    # and then a professional of a partner organisation (the consortium works as one team).
    professional = ctx.accounts["professional@jimnet.test"]
    for index, youth in enumerate(ctx.youth):
        org_staff = ctx.staff[youth.organisation_id]
        if youth is demo or (youth.organisation_id == ctx.organisations[0].id and index % 12 < 6):
            lead = professional
        elif youth.organisation_id == ctx.organisations[1].id and index % 12 < 7:
            lead = ctx.accounts["professional2@jimnet.test"]
        else:
            lead = rng.choice(org_staff[StaffRole.PROFESSIONAL])
        session.add(
            CareTeamMember(
                youth_id=youth.id, user_id=lead.id, role=CareTeamRole.PROFESSIONAL, is_lead=True
            )
        )
        if youth.age_on(ctx.today) >= 15:
            coach = org_staff[StaffRole.COACH][0]
            session.add(
                CareTeamMember(youth_id=youth.id, user_id=coach.id, role=CareTeamRole.COACH)
            )
        if rng.random() < 0.1:
            partner_org = rng.choice(
                [o for o in ctx.organisations if o.id != youth.organisation_id]
            )
            partner = rng.choice(ctx.staff[partner_org.id][StaffRole.PROFESSIONAL])
            if partner.id != lead.id:
                session.add(
                    CareTeamMember(
                        youth_id=youth.id, user_id=partner.id, role=CareTeamRole.PROFESSIONAL
                    )
                )
    session.flush()
    staff_count = sum(len(users) for roles in ctx.staff.values() for users in roles.values())
    return (
        f"Loaded 1 consortium, {len(ctx.organisations)} organisations, {staff_count} staff, "
        f"{len(ctx.youth)} young people with parents and care teams."
    )
