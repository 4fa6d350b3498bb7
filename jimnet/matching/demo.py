"""Demo data for the JIM ranking: a history to learn from, a trained model, and a young person
who is choosing a JIM right now.

- **The history**: young people of earlier years (an archive organisation nobody on the demo
  team works in), each with the person they nominated and the outcome, drawn from the synthetic
  ground truth (:mod:`jimnet.matching.synthetic`) on their own maps: several hundred nominations,
  each keeping its feature row as a real nomination does. Only the nominated person is stored
  on the archive's maps (training reads the kept row, never the map). About a thousand: with a
  few hundred the logistic model does not yet beat the points score (the points score encodes
  what practice knows; learning has to earn its place).
- **A trained model**: ``train-ranker``'s own code trains on that history (the logistic model
  only, to keep seeding quick) and activates the result when it beats the points score.
- **Milan de Jong (15)**, on the demo professional's case load, account ``milan@jimnet.test``, has
  no JIM yet: his page shows "Wie past bij jou als JIM?" with a real shortlist, including a
  teacher he is in conflict with (last, with the reason) and a mother in conflict with his aunt.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import insert, select

from jimnet.accounts.models import User
from jimnet.accounts.roles import CareTeamRole, ParticipantRole
from jimnet.big5 import readiness
from jimnet.big5.models import Big5Assessment, Big5DomainSet, Big5Score
from jimnet.clock import AMSTERDAM, years_before
from jimnet.demo.seed import DemoContext
from jimnet.jim.models import EndReason, JimNomination, JimState, NominatedBy
from jimnet.matching import store, synthetic, training
from jimnet.matching.features import MemberFacts, snapshot
from jimnet.network.models import NetworkMember, Support, Tie
from jimnet.organisations.models import Organisation
from jimnet.youth.models import (
    CareTeamMember,
    CaseParticipant,
    ParentalAuthority,
    Youth,
    YouthStatus,
)

HISTORY_YOUTH = 1000
SEED = 2026
MILAN_EMAIL = "milan@jimnet.test"


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), AMSTERDAM)


def _facts(m: MemberFacts) -> dict[str, Any]:
    """What ``jim.candidates.facts`` keeps of a member, from the synthetic facts."""
    return {
        "relation": m.relation,
        "sector": m.sector,
        "ring": m.ring,
        "contact_frequency": m.contact_frequency,
        "known_since": m.known_since.isoformat() if m.known_since else None,
        "quality": m.quality,
        "is_adult": m.is_adult,
        "has_email": False,
        "has_phone": False,
        "supports": sorted({f"{k}:{d}" for k, d in m.supports}),
    }


def _history(ctx: DemoContext) -> int:
    session, rng = ctx.session, ctx.rng
    archive = Organisation(
        name="Archief eerdere trajecten (demo)",
        city="Amersfoort",
        consortium=ctx.organisations[0].consortium,
    )
    session.add(archive)
    session.flush()
    people = synthetic.population(HISTORY_YOUTH, SEED, ctx.today)
    nominations = synthetic.history(people, SEED + 1)
    # Bulk inserts with RETURNING, in the order given: a thousand rows in a few statements.
    ids = session.scalars(
        insert(Youth).returning(Youth.id, sort_by_parameter_order=True),
        [
            {
                "organisation_id": archive.id,
                # Plain archive names: never a demo person's name (tests look up "Noa", "Milan", "Sem").
                "first_name": "Archief",
                "last_name": f"{index + 1:04d}",
                "date_of_birth": ctx.today - timedelta(days=365 * y.age + rng.randint(0, 300)),
                "status": YouthStatus.CLOSED,
            }
            for index, y in enumerate(people)
        ],
    ).all()
    youth_ids = {y.key: youth_id for y, youth_id in zip(people, ids, strict=True)}
    chosen = [
        (n, next(x for x in n.youth.observed.members if x.id == n.member_id)) for n in nominations
    ]
    member_ids = session.scalars(
        insert(NetworkMember).returning(NetworkMember.id, sort_by_parameter_order=True),
        [
            {
                "youth_id": youth_ids[n.youth.key],
                "display_name": m.name,
                "relation": m.relation,
                "sector": m.sector,
                "ring": m.ring,
                "contact_frequency": m.contact_frequency,
                "known_since": m.known_since,
                "quality": m.quality,
                "is_adult": m.is_adult,
                "added_by_role": "demo",
            }
            for n, m in chosen
        ],
    ).all()
    supports = [
        {"member_id": member_id, "youth_id": youth_ids[n.youth.key], "kind": k, "domain": d}
        for (n, m), member_id in zip(chosen, member_ids, strict=True)
        for k, d in m.supports
    ]
    if supports:
        session.execute(insert(Support), supports)
    tables: dict[int, Any] = {}
    rows: list[dict[str, Any]] = []
    for (n, m), member_id in zip(chosen, member_ids, strict=True):
        table = tables.get(n.youth.key) or tables.setdefault(n.youth.key, n.youth.table())
        # Nominated 13 to 40 months ago: every outcome is known by now.
        nominated = ctx.today - timedelta(days=rng.randint(400, 1200))
        row: dict[str, Any] = {
            "youth_id": youth_ids[n.youth.key],
            "member_id": member_id,
            "nominated_by_role": NominatedBy.YOUTH,
            "nominated_at": _at(nominated),
            "member_facts": _facts(m),
            "ranking_features": snapshot(table, n.member_id),
            "end_reason": None,
            "active_since": None,
            "ended_at": None,
        }
        active = nominated + timedelta(days=rng.randint(30, 70))
        if n.lasted12:
            ended = active + timedelta(days=rng.randint(380, 700))
            row |= {"state": JimState.ENDED, "end_reason": EndReason.CARE_ENDED}
        elif n.lasted6:
            ended = active + timedelta(days=rng.randint(190, 350))
            row |= {"state": JimState.ENDED, "end_reason": EndReason.JIM_WISH}
        else:
            ended = active + timedelta(days=rng.randint(20, 170))
            never = rng.choice((JimState.NOT_SUITABLE, JimState.DECLINED, None, None))
            if never is not None:
                row |= {"state": never}
                row["state_since"] = _at(active)
                rows.append(row)
                continue
            row |= {"state": JimState.ENDED, "end_reason": EndReason.YOUTH_WISH}
        row |= {
            "active_since": _at(active),
            "ended_at": _at(ended),
            "state_since": _at(ended),
        }
        rows.append(row)
    session.execute(insert(JimNomination), rows)
    return len(rows)


MILAN_MAP: list[dict[str, Any]] = [
    # name, relation, sector, ring, contact, years known, quality, adult, supports
    {"name": "Karin de Jong", "relation": "parent", "sector": "family", "ring": 1, "contact": "daily", "years": 15, "quality": "mixed", "supports": [("practical", "income")]},
    {"name": "Lotte de Jong", "relation": "aunt_uncle", "sector": "family", "ring": 1, "contact": "weekly", "years": 15, "supports": [("emotional", "support"), ("advice", "school"), ("practical", "income")]},
    {"name": "Henk de Jong", "relation": "grandparent", "sector": "family", "ring": 2, "contact": "monthly", "years": 15, "supports": [("company", "leisure")]},
    {"name": "Jesse de Jong", "relation": "sibling", "sector": "family", "ring": 1, "contact": "daily", "years": 12, "adult": False},
    {"name": "Ayoub El Amrani", "relation": "sports_coach", "sector": "leisure", "ring": 2, "contact": "weekly", "years": 4, "supports": [("advice", "work"), ("company", "leisure")]},
    {"name": "Gerda Visscher", "relation": "neighbour", "sector": "leisure", "ring": 3, "contact": "weekly", "years": None, "supports": [("practical", "existence_security")]},
    {"name": "Meneer De Wit", "relation": "teacher", "sector": "school_work", "ring": 2, "contact": "daily", "years": 2, "quality": "conflict", "supports": [("advice", "school")]},
    {"name": "Mevrouw Yilmaz", "relation": "teacher", "sector": "school_work", "ring": 3, "contact": "weekly", "years": 1},
    {"name": "Daan Mulder", "relation": "friend", "sector": "friends", "ring": 1, "contact": "daily", "years": 6, "adult": False, "supports": [("company", "leisure")]},
    {"name": "Ricardo Mulder", "relation": "other", "sector": "leisure", "ring": 3, "contact": None, "years": 6, "supports": [("practical", "work")]},
    {"name": "Esther de Graaf", "relation": "professional", "sector": "professional", "ring": 2, "contact": "weekly", "years": 1, "supports": [("advice", "existence_security")]},
]  # fmt: skip
MILAN_TIES = [
    ("Karin de Jong", "Lotte de Jong", "conflict"),
    ("Karin de Jong", "Henk de Jong", "positive"),
    ("Lotte de Jong", "Henk de Jong", "positive"),
    ("Jesse de Jong", "Karin de Jong", "positive"),
    ("Daan Mulder", "Ricardo Mulder", "positive"),
    ("Ayoub El Amrani", "Daan Mulder", "positive"),
    ("Meneer De Wit", "Mevrouw Yilmaz", "positive"),
    ("Gerda Visscher", "Karin de Jong", "positive"),
]
# Low on money and housing: the aunt and the neighbour help there.
MILAN_BIG5 = {"work": 3, "income": 2, "existence_security": 2, "school": 3, "support": 4}


def _milan(ctx: DemoContext) -> Youth:
    session = ctx.session
    professional = ctx.accounts["professional@jimnet.test"]
    milan = Youth(
        organisation_id=ctx.organisations[0].id,
        first_name="Milan",
        last_name="de Jong",
        date_of_birth=years_before(ctx.today, 15) - timedelta(days=120),
        postcode="3811 AB",
        status=YouthStatus.ACTIVE,
        care_started_on=ctx.today - timedelta(days=200),
        reporting_every_weeks=4,
    )
    session.add(milan)
    session.flush()
    user = User(
        email=MILAN_EMAIL, name="Milan de Jong", password_hash=ctx.password_hash, locale="nl"
    )
    session.add(user)
    session.flush()
    ctx.accounts[MILAN_EMAIL] = user
    session.add_all(
        [
            CaseParticipant(youth_id=milan.id, user_id=user.id, role=ParticipantRole.YOUTH),
            CareTeamMember(
                youth_id=milan.id,
                user_id=professional.id,
                role=CareTeamRole.PROFESSIONAL,
                is_lead=True,
            ),
            ParentalAuthority(youth_id=milan.id, name="Karin de Jong", relation="moeder"),
        ]
    )
    members: dict[str, NetworkMember] = {}
    for p in MILAN_MAP:
        years = p.get("years")
        member = NetworkMember(
            youth_id=milan.id,
            display_name=p["name"],
            relation=p["relation"],
            sector=p["sector"],
            ring=p["ring"],
            contact_frequency=p.get("contact"),
            known_since=ctx.today - timedelta(days=365 * years + 30) if years else None,
            quality=p.get("quality", "positive"),
            is_adult=p.get("adult", True),
            added_by_role="demo",
            supports=[
                Support(youth_id=milan.id, kind=k, domain=d) for k, d in p.get("supports", [])
            ],
        )
        session.add(member)
        members[p["name"]] = member
    session.flush()
    for a, b, quality in MILAN_TIES:
        first, second = sorted((members[a].id, members[b].id))
        session.add(Tie(youth_id=milan.id, a_id=first, b_id=second, quality=quality))
    domain_set_id = session.scalars(select(Big5DomainSet.id).order_by(Big5DomainSet.id)).first()
    if domain_set_id is not None:
        assessment = Big5Assessment(
            youth_id=milan.id,
            perspective="professional",
            assessed_on=ctx.today - timedelta(days=20),
            domain_set_id=domain_set_id,
            assessor_id=professional.id,
            assessor_name=professional.name,
            assessor_role="professional",
        )
        assessment.scores = [Big5Score(domain_key=k, level=v) for k, v in MILAN_BIG5.items()]
        session.add(assessment)
        session.flush()
        readiness.refresh(session, milan.id)
    session.flush()
    return milan


def seed(ctx: DemoContext) -> str:
    count = _history(ctx)
    _milan(ctx)
    ctx.session.flush()
    report = training.train_and_save(
        ctx.session,
        store.models_dir(current_app.config),
        created_by="demo (synthetic history)",
        challenger=False,
    )
    return (
        f"Matching: {count} past nominations with outcomes from the synthetic ground truth; "
        f"ranker: {report.message} Milan de Jong (15, {MILAN_EMAIL}) is choosing a JIM."
    )
