"""Demo networks: every demo youth gets a believable map, ties, support, some conflict, and two
or three measurements over the past year; Noa gets a rich, hand-made one with her aunt Anouk.

Sizes follow a skewed distribution (a fifth of the young people have a thin network of 5–9
people, most 10–25, a few up to 60). Rows are written with bulk inserts; measurements are
built from the same rows as they stood on each date (who had joined by then, who had not yet
come closer), so comparisons in the demo show real change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import insert

from jimnet.demo.seed import DemoContext
from jimnet.network.graph import build_graph, node_link
from jimnet.network.models import (
    AddedBy,
    NetworkMember,
    NetworkSnapshot,
    Support,
    Tie,
)
from jimnet.youth.models import Youth

ANOUK_EMAIL = "jim@jimnet.test"

SECTOR_WEIGHTS = {
    "family": 34,
    "friends": 30,
    "school_work": 12,
    "leisure": 14,
    "professional": 10,
}
RELATIONS = {
    "family": [
        ("sibling", 5),
        ("grandparent", 4),
        ("aunt_uncle", 5),
        ("cousin", 4),
        ("step_parent", 1),
        ("other_family", 2),
    ],
    "friends": [("friend", 12), ("partner", 1)],
    "school_work": [("teacher", 3), ("colleague", 2)],
    "leisure": [("neighbour", 3), ("sports_coach", 2), ("other", 2)],
    "professional": [("professional", 1)],
}
# Ring weights per sector: family and friends close, help further away.
RINGS = {
    "family": [4, 4, 2, 1],
    "friends": [3, 4, 3, 1],
    "school_work": [1, 2, 4, 3],
    "leisure": [1, 2, 4, 3],
    "professional": [1, 3, 4, 2],
}
# Which domains people of a relation tend to help with.
HELPS = {
    "parent": ["support", "income", "existence_security", "school", "health"],
    "step_parent": ["support", "existence_security", "income"],
    "grandparent": ["support", "income", "leisure"],
    "aunt_uncle": ["support", "work", "school", "existence_security"],
    "sibling": ["support", "leisure", "school"],
    "cousin": ["leisure", "support"],
    "other_family": ["support", "leisure"],
    "friend": ["leisure", "support", "school"],
    "partner": ["support", "leisure", "existence_security"],
    "teacher": ["school", "work"],
    "colleague": ["work", "income"],
    "neighbour": ["existence_security", "leisure"],
    "sports_coach": ["leisure", "health", "support"],
    "professional": ["existence_security", "income", "work", "health", "support"],
    "other": ["leisure", "support"],
}
KINDS_FOR = {
    "school": ["advice", "practical"],
    "work": ["advice", "practical"],
    "income": ["practical", "advice"],
    "existence_security": ["practical", "advice"],
    "support": ["emotional", "emotional", "advice"],
    "health": ["practical", "advice", "emotional"],
    "leisure": ["company", "company", "emotional"],
}
ADULT_RELATIONS = {
    "parent",
    "step_parent",
    "grandparent",
    "aunt_uncle",
    "teacher",
    "colleague",
    "neighbour",
    "sports_coach",
    "professional",
}
FREQUENCY = {
    1: ["daily", "daily", "weekly"],
    2: ["weekly", "weekly", "monthly"],
    3: ["monthly", "weekly", "yearly"],
    4: ["yearly", "rarely", "monthly"],
}
PROFESSIONAL_TITLES = ("wijkteam", "schoolmaatschappelijk werk", "huisarts", "GGZ", "mentor")


@dataclass
class DemoMember:
    key: int  # index within the youth, before ids exist
    name: str
    relation: str
    sector: str
    ring: int
    is_adult: bool
    quality: str = "positive"
    email: str | None = None
    contact_frequency: str | None = None
    known_since: date | None = None
    youth_supports_member: bool = False
    added_by: str = AddedBy.DEMO
    supports: list[tuple[str, str]] = field(default_factory=list)
    joined: date | None = None  # first on the map (for measurements)
    left: date | None = None  # taken off the map
    earlier_ring: int | None = None  # ring before they came closer
    moved_on: date | None = None
    id: int = 0


def _pick(ctx: DemoContext, pairs: list[tuple[str, int]]) -> str:
    values, weights = zip(*pairs, strict=True)
    return ctx.rng.choices(values, weights=weights)[0]


def _size(ctx: DemoContext) -> int:
    draw = ctx.rng.random()
    if draw < 0.2:
        return ctx.rng.randint(5, 9)
    if draw < 0.85:
        return ctx.rng.randint(10, 25)
    return min(60, int(ctx.rng.paretovariate(1.6) * 22))


def _supports(ctx: DemoContext, relation: str, ring: int, quality: str) -> list[tuple[str, str]]:
    if quality == "conflict":
        return []
    chance = {1: 0.85, 2: 0.65, 3: 0.4, 4: 0.2}[ring]
    found: set[tuple[str, str]] = set()
    domains = HELPS[relation]
    while ctx.rng.random() < chance and len(found) < 4:
        domain = ctx.rng.choice(domains)
        found.add((ctx.rng.choice(KINDS_FOR[domain]), domain))
        chance *= 0.55
    return sorted(found)


def _random_network(ctx: DemoContext, youth: Youth, start: date) -> list[DemoMember]:
    rng, fake = ctx.rng, ctx.fake
    age = youth.age_on(ctx.today)
    members: list[DemoMember] = []
    parents = 1 if rng.random() < 0.35 else 2
    for index in range(parents):
        members.append(
            DemoMember(
                0,
                f"{fake.first_name_female() if index == 0 else fake.first_name_male()} "
                f"{youth.last_name}",
                "parent",
                "family",
                rng.choices([1, 2, 3, 4], weights=[6, 3, 2, 1])[0],
                True,
            )
        )
    for _ in range(max(_size(ctx) - parents, 3)):
        sector = _pick(ctx, list(SECTOR_WEIGHTS.items()))
        relation = _pick(ctx, RELATIONS[sector])
        if relation == "partner" and age < 14:
            relation = "friend"
        if relation == "colleague" and age < 15:
            relation = "teacher"
        ring = rng.choices([1, 2, 3, 4], weights=RINGS[sector])[0]
        adult = relation in ADULT_RELATIONS or (
            relation in ("sibling", "cousin", "friend", "partner", "other_family", "other")
            and age >= 18
            and rng.random() < 0.7
        )
        if sector == "professional":
            name = f"{fake.first_name()} ({rng.choice(PROFESSIONAL_TITLES)})"
        elif relation == "teacher":
            name = f"{rng.choice(['Meneer', 'Mevrouw', 'Juf', 'Meester'])} {fake.last_name()}"
        else:
            name = fake.first_name()
        members.append(DemoMember(0, name, relation, sector, ring, adult))
    for key, member in enumerate(members):
        member.key = key
        member.quality = rng.choices(["positive", "mixed", "conflict"], weights=[80, 13, 7])[0]
        member.supports = _supports(ctx, member.relation, member.ring, member.quality)
        member.contact_frequency = (
            rng.choice(FREQUENCY[member.ring]) if rng.random() < 0.85 else None
        )
        member.youth_supports_member = member.sector in ("family", "friends") and rng.random() < 0.2
        if member.sector == "friends" and rng.random() < 0.5:
            member.added_by = AddedBy.YOUTH
        span = max((ctx.today - start).days, 1)
        member.joined = (
            start if rng.random() < 0.6 else start + timedelta(days=rng.randint(0, span))
        )
        if rng.random() < 0.05 and member.relation != "parent":
            member.left = ctx.today - timedelta(days=rng.randint(10, 200))
            if member.left <= member.joined:
                member.left = None
        if member.ring < 4 and rng.random() < 0.2:
            member.earlier_ring = min(4, member.ring + 1)
            member.moved_on = member.joined + timedelta(days=rng.randint(1, span))
    return members


def _random_ties(ctx: DemoContext, members: list[DemoMember]) -> list[tuple[int, int, str]]:
    ties = []
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if a.sector == b.sector == "family":
                chance = 0.75
            elif a.sector == b.sector:
                chance = 0.35 if a.sector == "friends" else 0.2
            else:
                chance = 0.04
            if ctx.rng.random() < chance:
                conflict = ctx.rng.random() < 0.06 or (
                    (a.quality == "conflict" or b.quality == "conflict") and ctx.rng.random() < 0.3
                )
                ties.append((a.key, b.key, "conflict" if conflict else "positive"))
    return ties


def _noa_network(
    ctx: DemoContext, noa: Youth
) -> tuple[list[DemoMember], list[tuple[int, int, str]]]:
    today = ctx.today
    year_ago = today - timedelta(days=330)
    half = today - timedelta(days=180)
    recent = today - timedelta(days=60)  # after the last measurement: shows in "compare with now"
    born = noa.date_of_birth
    rows = [
        # name, relation, sector, ring, adult, quality, supports, joined, earlier ring, by youth
        (
            "Marieke Visser",
            "parent",
            "family",
            1,
            True,
            "positive",
            [
                ("emotional", "support"),
                ("practical", "income"),
                ("practical", "existence_security"),
                ("practical", "health"),
            ],
            year_ago,
            None,
            False,
        ),
        ("Peter Visser", "parent", "family", 3, True, "conflict", [], year_ago, None, False),
        (
            "Daan",
            "sibling",
            "family",
            1,
            False,
            "positive",
            [("company", "leisure")],
            year_ago,
            None,
            False,
        ),
        (
            "Oma Riet",
            "grandparent",
            "family",
            2,
            True,
            "positive",
            [("emotional", "support"), ("company", "leisure")],
            year_ago,
            None,
            False,
        ),
        (
            "Anouk de Boer",
            "aunt_uncle",
            "family",
            1,
            True,
            "positive",
            [
                ("emotional", "support"),
                ("advice", "school"),
                ("advice", "work"),
                ("practical", "existence_security"),
            ],
            half,
            2,
            False,
        ),
        (
            "Lisa",
            "friend",
            "friends",
            1,
            False,
            "positive",
            [("emotional", "support"), ("company", "leisure")],
            year_ago,
            None,
            True,
        ),
        (
            "Sem",
            "friend",
            "friends",
            2,
            False,
            "positive",
            [("company", "leisure"), ("advice", "school")],
            half,
            None,
            True,
        ),
        (
            "Fleur",
            "friend",
            "friends",
            2,
            False,
            "mixed",
            [("company", "leisure")],
            recent,
            None,
            True,
        ),
        ("Jayden", "friend", "friends", 3, False, "conflict", [], year_ago, None, True),
        (
            "Meneer Bakker",
            "teacher",
            "school_work",
            2,
            True,
            "positive",
            [("advice", "school"), ("practical", "school")],
            recent,
            None,
            False,
        ),
        (
            "Trainer Rob",
            "sports_coach",
            "leisure",
            3,
            True,
            "positive",
            [("company", "leisure"), ("advice", "health")],
            half,
            None,
            False,
        ),
        (
            "Buurvrouw Els",
            "neighbour",
            "leisure",
            4,
            True,
            "positive",
            [("practical", "existence_security")],
            year_ago,
            None,
            False,
        ),
        (
            "Sanne de Vries",
            "professional",
            "professional",
            3,
            True,
            "positive",
            [("advice", "existence_security"), ("advice", "income")],
            year_ago,
            None,
            False,
        ),
    ]
    members = []
    for key, (
        name,
        relation,
        sector,
        ring,
        adult,
        quality,
        supports,
        joined,
        earlier,
        mine,
    ) in enumerate(rows):
        member = DemoMember(
            key,
            name,
            relation,
            sector,
            ring,
            adult,
            quality,
            supports=supports,
            joined=joined,
            contact_frequency=ctx.rng.choice(FREQUENCY[ring]),
            added_by=AddedBy.YOUTH if mine else AddedBy.DEMO,
        )
        if earlier is not None:
            member.earlier_ring, member.moved_on = earlier, today - timedelta(days=70)
        if relation in ("parent", "sibling", "grandparent", "aunt_uncle"):
            member.known_since = born
        members.append(member)
    members[8].left = today - timedelta(days=40)  # Jayden: off the map after the fights
    members[4].email = ANOUK_EMAIL
    members[4].youth_supports_member = True
    members[5].youth_supports_member = True
    ties = [
        (0, 1, "conflict"),
        (0, 2, "positive"),
        (0, 3, "positive"),
        (0, 4, "positive"),
        (1, 2, "positive"),
        (3, 4, "positive"),
        (2, 3, "positive"),
        (5, 6, "positive"),
        (5, 7, "positive"),
        (6, 7, "positive"),
        (6, 8, "conflict"),
        (5, 9, "positive"),
        (6, 10, "positive"),
        (0, 11, "positive"),
        (0, 12, "positive"),
        (4, 12, "positive"),
    ]
    return members, ties


def _snapshot_dates(ctx: DemoContext, start: date) -> list[date]:
    span = (ctx.today - start).days
    count = ctx.rng.choice([2, 3, 3])
    days = sorted(ctx.rng.sample(range(20, max(span, 40)), count))
    return [start + timedelta(days=d) for d in days]


def _as_of(
    members: list[DemoMember], ties: list[tuple[int, int, str]], on: date
) -> tuple[list[Any], list[Any]]:
    present = {}
    for m in members:
        if m.joined is not None and m.joined > on:
            continue
        if m.left is not None and m.left <= on:
            continue
        ring = m.earlier_ring if m.earlier_ring and m.moved_on and m.moved_on > on else m.ring
        present[m.key] = SimpleNamespace(
            id=m.id,
            display_name=m.name,
            relation=m.relation,
            sector=m.sector,
            ring=ring,
            quality=m.quality,
            is_adult=m.is_adult,
            added_by_role=m.added_by,
            youth_supports_member=m.youth_supports_member,
            contact_frequency=m.contact_frequency,
            known_since=m.known_since,
            supports=[SimpleNamespace(kind=k, domain=d) for k, d in m.supports],
            version=1,
        )
    tie_rows = [
        SimpleNamespace(
            id=0,
            a_id=min(members[a].id, members[b].id),
            b_id=max(members[a].id, members[b].id),
            quality=q,
        )
        for a, b, q in ties
        if a in present and b in present
    ]
    return list(present.values()), tie_rows


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def seed(ctx: DemoContext) -> str:
    session = ctx.session
    plans: list[tuple[Youth, list[DemoMember], list[tuple[int, int, str]], list[date]]] = []
    for youth in ctx.youth:
        start = max(
            youth.care_started_on or ctx.today - timedelta(days=365),
            ctx.today - timedelta(days=365),
        )
        if youth is ctx.demo_youth:
            members, ties = _noa_network(ctx, youth)
            dates = [ctx.today - timedelta(days=d) for d in (320, 170, 95)]
        else:
            members = _random_network(ctx, youth, start)
            ties = _random_ties(ctx, members)
            dates = _snapshot_dates(ctx, start)
        plans.append((youth, members, ties, dates))

    member_rows = []
    order: list[DemoMember] = []
    for youth, members, _ties, _dates in plans:
        for m in members:
            member_rows.append(
                {
                    "youth_id": youth.id,
                    "display_name": m.name,
                    "relation": m.relation,
                    "sector": m.sector,
                    "ring": m.ring,
                    "contact_frequency": m.contact_frequency,
                    "known_since": m.known_since,
                    "is_adult": m.is_adult,
                    "quality": m.quality,
                    "email": m.email,
                    "youth_supports_member": m.youth_supports_member,
                    "added_by_role": m.added_by,
                    "removed_at": _noon(m.left) if m.left else None,
                    "created_at": _noon(m.joined or ctx.today),
                    "updated_at": _noon(m.moved_on or m.joined or ctx.today),
                    "version": 1,
                }
            )
            order.append(m)
    ids = session.scalars(
        insert(NetworkMember).returning(NetworkMember.id, sort_by_parameter_order=True),
        member_rows,
    ).all()
    for member, member_id in zip(order, ids, strict=True):
        member.id = member_id

    support_rows = []
    tie_rows = []
    snapshot_rows = []
    for youth, members, ties, dates in plans:
        for m in members:
            support_rows += [
                {"member_id": m.id, "youth_id": youth.id, "kind": k, "domain": d}
                for k, d in m.supports
            ]
        for a, b, quality in ties:
            low, high = sorted((members[a].id, members[b].id))
            tie_rows.append(
                {
                    "youth_id": youth.id,
                    "a_id": low,
                    "b_id": high,
                    "quality": quality,
                    "added_by_role": AddedBy.DEMO,
                    "created_at": _noon(
                        max(members[a].joined or ctx.today, members[b].joined or ctx.today)
                    ),
                    "updated_at": _noon(ctx.today),
                }
            )
        for number, on in enumerate(dates, start=1):
            present, links = _as_of(members, ties, on)
            graph = build_graph(
                youth.first_name, youth.id, cast(Any, present), cast(Any, links), taken_on=on
            )
            snapshot_rows.append(
                {
                    "youth_id": youth.id,
                    "taken_on": on,
                    "taken_at": _noon(on),
                    "label": "Startmeting" if number == 1 else f"Meting {number}",
                    "note": None,
                    "data": node_link(graph),
                }
            )
    if support_rows:
        session.execute(insert(Support), support_rows)
    if tie_rows:
        session.execute(insert(Tie), tie_rows)
    if snapshot_rows:
        session.execute(insert(NetworkSnapshot), snapshot_rows)
    session.flush()
    return (
        f"Loaded network maps: {len(member_rows)} members, {len(support_rows)} kinds of support, "
        f"{len(tie_rows)} ties, {len(snapshot_rows)} measurements."
    )
