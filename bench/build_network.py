"""Network maps at scale: about 25 members per young person (a thin tail of 8–14, a long one
up to 60), with support and ties, drawn from the demo's distributions (sectors, relations,
rings, who helps with what). Ties follow the demo's chances per pair, scaled down for large
maps so that a member knows about as many others in a map of 200 as in one of 25."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bench.database import insert_rows
from bench.region import Region, YouthFacts
from jimnet.network.demo import (
    ADULT_RELATIONS,
    FREQUENCY,
    HELPS,
    KINDS_FOR,
    PROFESSIONAL_TITLES,
    RELATIONS,
    RINGS,
    SECTOR_WEIGHTS,
)
from jimnet.network.models import NetworkMember, Support, Tie

SECTORS = list(SECTOR_WEIGHTS)
SECTOR_W = list(SECTOR_WEIGHTS.values())


def _size(region: Region) -> int:
    draw = region.rng.random()
    if draw < 0.15:
        return region.rng.randint(8, 14)
    if draw < 0.85:
        return region.rng.randint(15, 35)
    return region.rng.randint(36, 60)


def _supports(region: Region, relation: str, ring: int, quality: str) -> list[tuple[str, str]]:
    """The demo's rule: closer people help more, in the domains their relation tends to."""
    if quality == "conflict":
        return []
    rng = region.rng
    chance = {1: 0.85, 2: 0.65, 3: 0.4, 4: 0.2}[ring]
    found: set[tuple[str, str]] = set()
    while rng.random() < chance and len(found) < 4:
        domain = rng.choice(HELPS[relation])
        found.add((rng.choice(KINDS_FOR[domain]), domain))
        chance *= 0.55
    return sorted(found)


def _members(region: Region, youth: YouthFacts, size: int, first_id: int) -> list[dict[str, Any]]:
    rng, today = region.rng, region.today
    age = youth.age_on(today)
    start = max(youth.care_started_on, today - timedelta(days=365))
    span = max((today - start).days, 1)
    plan: list[tuple[str, str, str, int]] = []
    parents = 1 if rng.random() < 0.35 else 2
    for index in range(parents):
        plan.append((f"{rng.choice(region.first_names)} {youth.last_name}", "parent", "family",
                     rng.choices([1, 2, 3, 4], weights=[6, 3, 2, 1])[0]))  # fmt: skip
        del index
    while len(plan) < size:
        sector = rng.choices(SECTORS, weights=SECTOR_W)[0]
        names, weights = zip(*RELATIONS[sector], strict=True)
        relation = rng.choices(names, weights=weights)[0]
        if relation == "partner" and age < 14:
            relation = "friend"
        if relation == "colleague" and age < 15:
            relation = "teacher"
        ring = rng.choices([1, 2, 3, 4], weights=RINGS[sector])[0]
        if sector == "professional":
            name = f"{rng.choice(region.first_names)} ({rng.choice(PROFESSIONAL_TITLES)})"
        elif relation == "teacher":
            name = f"{rng.choice(['Meneer', 'Mevrouw', 'Juf', 'Meester'])} {rng.choice(region.last_names)}"
        else:
            name = rng.choice(region.first_names)
        plan.append((name, relation, sector, ring))
    rows = []
    for offset, (name, relation, sector, ring) in enumerate(plan):
        adult = relation in ADULT_RELATIONS or (
            relation in ("sibling", "cousin", "friend", "partner", "other_family", "other")
            and age >= 18
            and rng.random() < 0.7
        )
        quality = rng.choices(["positive", "mixed", "conflict"], weights=[80, 13, 7])[0]
        joined = start if rng.random() < 0.6 else start + timedelta(days=rng.randint(0, span))
        removed = None
        if relation != "parent" and rng.random() < 0.05:
            left = today - timedelta(days=rng.randint(10, 200))
            removed = region.moment(left) if left > joined else None
        rows.append(
            {
                "id": first_id + offset,
                "youth_id": youth.id,
                "display_name": name,
                "relation": relation,
                "sector": sector,
                "ring": ring,
                "contact_frequency": rng.choice(FREQUENCY[ring]) if rng.random() < 0.85 else None,
                "known_since": None,
                "is_adult": adult,
                "quality": quality,
                "email": None,
                "phone": None,
                "note": None,
                "youth_supports_member": sector in ("family", "friends") and rng.random() < 0.2,
                "added_by_role": "youth"
                if sector == "friends" and rng.random() < 0.5
                else "professional",
                "added_by_id": None,
                "removed_at": removed,
                "removed_by_id": None,
                "version": 1,
                "created_at": region.moment(joined),
                "updated_at": region.moment(joined),
            }
        )
    return rows


def _ties(region: Region, members: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    rng = region.rng
    damp = min(1.0, 25 / max(len(members), 1))
    found = []
    for i, a in enumerate(members):
        for b in members[i + 1 :]:
            if a["sector"] == b["sector"] == "family":
                chance = 0.75
            elif a["sector"] == b["sector"]:
                chance = 0.35 if a["sector"] == "friends" else 0.2
            else:
                chance = 0.04
            if rng.random() < chance * damp:
                conflict = rng.random() < 0.06 or (
                    "conflict" in (a["quality"], b["quality"]) and rng.random() < 0.3
                )
                found.append((a["id"], b["id"], "conflict" if conflict else "positive"))
    return found


def build(region: Region) -> None:
    forced = {y: size for size, ids in region.growth.items() for y in ids}
    member_rows: list[dict[str, Any]] = []
    support_rows: list[dict[str, Any]] = []
    tie_rows: list[dict[str, Any]] = []
    for youth in region.youth:
        members = _members(
            region, youth, forced.get(youth.id) or _size(region), len(member_rows) + 1
        )
        member_rows += members
        given: dict[int, list[str]] = {}
        for m in members:
            for kind, domain in _supports(region, m["relation"], m["ring"], m["quality"]):
                given.setdefault(m["id"], []).append(f"{kind}:{domain}")
                support_rows.append(
                    {"id": len(support_rows) + 1, "member_id": m["id"], "youth_id": youth.id,
                     "kind": kind, "domain": domain}
                )  # fmt: skip
        current = [m for m in members if m["removed_at"] is None]
        for a_id, b_id, quality in _ties(region, current):
            tie_rows.append(
                {"id": len(tie_rows) + 1, "youth_id": youth.id, "a_id": a_id, "b_id": b_id,
                 "quality": quality, "added_by_role": "professional",
                 "created_at": current[0]["created_at"], "updated_at": current[0]["created_at"]}
            )  # fmt: skip
        # A JIM candidate: an adult close by, on good terms (the JIM builder nominates them).
        for m in current:
            if (
                m["is_adult"]
                and m["quality"] == "positive"
                and m["ring"] <= 3
                and m["sector"] != "professional"
            ):
                region.jim_candidates[youth.id] = {
                    "id": m["id"],
                    "name": m["display_name"],
                    "facts": {
                        "relation": m["relation"],
                        "sector": m["sector"],
                        "ring": m["ring"],
                        "contact_frequency": m["contact_frequency"],
                        "known_since": None,
                        "quality": m["quality"],
                        "is_adult": True,
                        "has_email": False,
                        "has_phone": False,
                        "supports": sorted(given.get(m["id"], [])),
                    },
                }
                break
    for table, rows in (
        (NetworkMember.__table__, member_rows),
        (Support.__table__, support_rows),
        (Tie.__table__, tie_rows),
    ):
        region.count(table.name, insert_rows(region.conn, table, rows))
