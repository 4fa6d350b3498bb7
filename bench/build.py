"""Build a region in a fresh database: migrate to the heads, then each part with bulk inserts,
timed, with a fixed seed. Returns the fixture: who to log in as and which pages to ask for."""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass, field
from typing import Any

from flask_migrate import upgrade

from bench import build_big5, build_jim, build_log, build_network, build_people
from bench.app import PASSWORD, create_bench_app
from bench.database import analyse, reset_sequences
from bench.region import Region, name_pools
from bench.scale import Scale
from jimnet.accounts.passwords import hash_password
from jimnet.clock import today
from jimnet.extensions import db

PARTS = (
    ("people", build_people.build),
    ("network", build_network.build),
    ("jim", build_jim.build),
    ("big5", build_big5.build),
    ("access_log", build_log.build),
)


@dataclass
class Fixture:
    """What the measurement needs from the build, as plain JSON-able data."""

    database_url: str
    youth: int
    # (youth id, lead professional) of young people with an ordinary map, over several case loads.
    measured: list[tuple[int, int]] = field(default_factory=list)
    # The same for young people aged 14 or more (they have a BIG5 history).
    big5: list[tuple[int, int]] = field(default_factory=list)
    professionals: list[int] = field(default_factory=list)
    coaches: list[int] = field(default_factory=list)  # each with a case load of 40
    admins: dict[int, int] = field(default_factory=dict)  # young people overseen -> admin
    growth: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # size -> youth, lead
    emails: dict[int, str] = field(default_factory=dict)
    totp: dict[int, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fixture:
        fixture = cls(**data)
        fixture.measured = [tuple(p) for p in fixture.measured]  # type: ignore[misc]
        fixture.big5 = [tuple(p) for p in fixture.big5]  # type: ignore[misc]
        fixture.admins = {int(k): v for k, v in fixture.admins.items()}
        fixture.growth = {int(k): [tuple(p) for p in v] for k, v in fixture.growth.items()}  # type: ignore[misc]
        fixture.emails = {int(k): v for k, v in fixture.emails.items()}
        fixture.totp = {int(k): v for k, v in fixture.totp.items()}
        return fixture


def build(database_url: str, scale: Scale, *, echo: bool = True) -> Fixture:
    def say(message: str) -> None:
        if echo:
            print(message, flush=True)

    started = time.perf_counter()
    app = create_bench_app(database_url, with_floor=False)
    fixture = Fixture(database_url=database_url, youth=scale.youth)
    with app.app_context():
        clock = time.perf_counter()
        upgrade()
        fixture.seconds["migrate"] = time.perf_counter() - clock
        first, last = name_pools(scale.seed)
        with db.engine.connect() as conn:
            region = Region(
                conn=conn,
                scale=scale,
                rng=random.Random(scale.seed),
                today=today(),
                password_hash=hash_password(PASSWORD),
                first_names=first,
                last_names=last,
            )
            for name, part in PARTS:
                clock = time.perf_counter()
                part(region)
                conn.commit()
                fixture.seconds[name] = time.perf_counter() - clock
                say(f"  built {name:<11} in {fixture.seconds[name]:6.1f} s")
            clock = time.perf_counter()
            reset_sequences(conn, db.metadata.sorted_tables)
            conn.commit()
            analyse(conn)
            conn.commit()
            fixture.seconds["analyse"] = time.perf_counter() - clock
        db.engine.dispose()
    fixture.seconds["total"] = time.perf_counter() - started
    fixture.counts = dict(sorted(region.counts.items()))
    _choose(fixture, region)
    return fixture


def _choose(fixture: Fixture, region: Region) -> None:
    """Young people and staff to measure with: several ordinary case loads, spread over the
    organisations, without the young people whose maps were made large on purpose."""
    growth_ids = {y for ids in region.growth.values() for y in ids}
    by_org: dict[int, list[int]] = {}
    for user_id, youth_ids in region.caseloads.items():
        if not growth_ids & set(youth_ids) and len(youth_ids) == region.scale.caseload:
            org = next(y.organisation_id for y in region.youth if y.id == youth_ids[0])
            by_org.setdefault(org, []).append(user_id)
    if not by_org:  # a tiny region: take whatever case loads there are
        for user_id in region.caseloads:
            by_org.setdefault(0, []).append(user_id)
    chosen: list[int] = []
    for round_ in range(max(len(v) for v in by_org.values())):
        for users in by_org.values():
            if round_ < len(users):
                chosen.append(users[round_])
    wanted = region.scale.requests
    ages = {y.id: y.age_on(region.today) for y in region.youth}
    for user_id in chosen:
        if len(fixture.measured) >= wanted and len(fixture.big5) >= wanted:
            break
        fixture.professionals.append(user_id)
        for youth_id in region.caseloads[user_id]:
            if youth_id in growth_ids:
                continue
            fixture.measured.append((youth_id, user_id))
            if ages[youth_id] >= build_big5.MIN_AGE:
                fixture.big5.append((youth_id, user_id))
    full = [c for c, ids in region.coach_loads.items() if len(ids) == region.scale.caseload]
    fixture.coaches = (
        full or sorted(region.coach_loads, key=lambda c: -len(region.coach_loads[c]))
    )[:5]
    fixture.admins = dict(region.admins)
    fixture.growth = {
        size: [(y, region.lead_of[y]) for y in ids] for size, ids in region.growth.items()
    }
    users = {*fixture.professionals, *fixture.coaches, *fixture.admins.values()}
    users |= {lead for pairs in fixture.growth.values() for _, lead in pairs}
    fixture.emails = {u: region.user_emails[u] for u in users}
    fixture.totp = {u: region.totp[u] for u in users}
