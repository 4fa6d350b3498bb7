"""A year of access-log history, keyed as the app keys it: who looked at which young person's
file, through which page. Some files are looked at far more often than others (a Pareto
draw); the care team does most of it; lists and dashboards name the young people they showed
(``subjects``). The Merkle tree is built afterwards by the real sequencer (``bench.logscale``)."""

from __future__ import annotations

import bisect
import itertools
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.app import LOG_KEY, PSEUDONYM_KEY
from bench.database import insert_rows
from bench.region import Region
from jimnet.access import keyed
from jimnet.access.models import AccessLogEntry, YouthPseudonym

# (action, object type, route, weight) for looking at one young person's file.
ON_YOUTH = (
    ("view", "youth", "/jongeren/<int:youth_id>", 30),
    ("view_network", "youth", "/jongeren/<int:youth_id>/netwerk", 20),
    ("view_network", "youth", "/jongeren/<int:youth_id>/netwerk/kaart.svg", 8),
    ("view_big5", "youth", "/jongeren/<int:youth_id>/big5", 15),
    ("edit_network", "youth", "/jongeren/<int:youth_id>/netwerk/nieuw", 6),
    ("edit_big5", "youth", "/jongeren/<int:youth_id>/big5/scoren", 3),
    ("view_jim", "youth", "/jongeren/<int:youth_id>/jim", 5),
    ("view_log", "youth", "/jongeren/<int:youth_id>/logboek", 2),
    ("view", "youth", "/api/v1/youth/<int:youth_id>", 4),
)
# Lists (one entry per page view, naming whom they showed).
LISTS = (
    ("list", "youth", "/jongeren/", 5),
    ("list", "big5_dashboard", "/big5/dashboard", 2),
    ("list", "jim_pipeline", "/jim/overzicht", 1),
)
BATCH = 100_000
LISTED = 20  # young people a list names (the first page of a case load)


def build(region: Region) -> None:
    rng, scale = region.rng, region.scale
    total = scale.log_entries
    youth_ids = [y.id for y in region.youth]
    org_of = {y.id: y.organisation_id for y in region.youth}
    # Cumulative Pareto weights: a few files are busy, most are quiet.
    cumulative = list(itertools.accumulate(rng.paretovariate(1.5) for _ in youth_ids))
    on_youth = [(a, t, r) for a, t, r, _ in ON_YOUTH]
    on_youth_w = [w for *_, w in ON_YOUTH]
    lists = [(a, t, r) for a, t, r, _ in LISTS]
    lists_w = [w for *_, w in LISTS]
    staff = sorted(region.caseloads) + sorted(region.coach_loads)
    staff_org = {}
    for youth_id, team in region.team_of.items():
        for user_id, _role in team:
            staff_org.setdefault(user_id, org_of[youth_id])
    pseudonyms = {y: keyed.pseudonym_for(PSEUDONYM_KEY, y) for y in youth_ids}
    loads = {**region.caseloads, **region.coach_loads}
    listed = {
        u: keyed.subjects_text([pseudonyms[y] for y in loads.get(u, [])[:LISTED]]) for u in staff
    }
    key = LOG_KEY.encode()
    end = datetime.combine(region.today, datetime.min.time(), UTC) - timedelta(hours=1)
    start = end - timedelta(days=365)
    span = (end - start).total_seconds()
    moments = sorted(rng.random() * span for _ in range(total))
    rows: list[dict[str, Any]] = []
    for seq, offset in enumerate(moments, start=1):
        when = start + timedelta(seconds=offset)
        if rng.random() < 0.9:
            youth_id = youth_ids[bisect.bisect(cumulative, rng.random() * cumulative[-1])]
            team = region.team_of[youth_id]
            user_id, role = team[0] if rng.random() < 0.6 else rng.choice(team)
            action, object_type, route = rng.choices(on_youth, weights=on_youth_w)[0]
            outcome = "denied" if rng.random() < 0.003 else "allowed"
            fields: dict[str, Any] = {
                "occurred_at": when, "actor_user_id": user_id, "actor_role": role,
                "actor_organisation_id": org_of[youth_id], "on_behalf_of_user_id": None,
                "youth_pseudonym": pseudonyms[youth_id], "subjects": None, "action": action,
                "object_type": object_type, "object_id": str(youth_id), "outcome": outcome,
            }  # fmt: skip
        else:
            user_id = rng.choice(staff)
            action, object_type, route = rng.choices(lists, weights=lists_w)[0]
            fields = {
                "occurred_at": when, "actor_user_id": user_id, "actor_role": "professional",
                "actor_organisation_id": staff_org.get(user_id), "on_behalf_of_user_id": None,
                "youth_pseudonym": None, "subjects": listed[user_id], "action": action,
                "object_type": object_type, "object_id": None, "outcome": "allowed",
            }  # fmt: skip
        fields["ip"] = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        fields["request_id"] = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        fields["route"] = route
        fields["nonce"] = f"{rng.getrandbits(64):016x}"
        fields["mac"] = keyed.mac(key, keyed.canonical_of(fields))
        rows.append({"id": seq, **fields})
        if len(rows) >= BATCH:
            region.count("access_log", insert_rows(region.conn, AccessLogEntry.__table__, rows))  # type: ignore[arg-type]
            rows = []
    region.count("access_log", insert_rows(region.conn, AccessLogEntry.__table__, rows))  # type: ignore[arg-type]
    region.count(
        "youth_pseudonym",
        insert_rows(
            region.conn,
            YouthPseudonym.__table__,  # type: ignore[arg-type]
            [{"pseudonym": p, "youth_id": y} for y, p in pseudonyms.items()],
        ),
    )
