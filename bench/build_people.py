"""The region's people: one consortium, ten organisations, professionals with a case load of
40, transition coaches, dashboard admins, young people aged 12–23, parents and care teams."""

from __future__ import annotations

from datetime import timedelta

from bench.database import insert_rows
from bench.region import Region, YouthFacts
from bench.scale import DASHBOARD_SHARES, organisation_counts
from jimnet.accounts.models import Membership, User
from jimnet.organisations.models import Consortium, Organisation
from jimnet.youth.models import CareTeamMember, ParentalAuthority, Youth

CITIES = ("Amersfoort", "Soest", "Leusden", "Baarn", "Bunschoten", "Woudenberg", "Nijkerk",
          "Barneveld", "Zeist", "Veenendaal")  # fmt: skip
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
MIN_AGE, MAX_AGE = 12, 23


def _user(region: Region, rows: list[dict[str, object]], email: str, name: str) -> int:
    user_id = region.next_user_id
    region.next_user_id += 1
    secret = "".join(region.rng.choice(BASE32) for _ in range(32))
    now = region.moment(region.today - timedelta(days=400))
    rows.append(
        {
            "id": user_id,
            "email": email,
            "name": name,
            "password_hash": region.password_hash,
            "active": True,
            "locale": "nl",
            "totp_secret": secret,
            "totp_last_step": None,
            "session_token": f"{region.rng.getrandbits(128):032x}",
            "last_login_at": None,
            "created_at": now,
            "updated_at": now,
        }
    )
    region.user_names[user_id] = name
    region.user_emails[user_id] = email
    region.totp[user_id] = secret
    return user_id


def build(region: Region) -> None:
    rng, conn, today, scale = region.rng, region.conn, region.today, region.scale
    now = region.moment(today - timedelta(days=700))
    region.consortium_id = 1
    insert_rows(
        conn,
        Consortium.__table__,
        [{"id": 1, "name": "Bench Regio Eemland", "region": "Regio Eemland",
          "created_at": now, "updated_at": now}],
    )  # fmt: skip
    counts = organisation_counts(scale.youth)
    organisations = []
    for index, city in enumerate(CITIES[: len(counts)]):
        organisations.append(
            {"id": index + 1, "consortium_id": 1, "name": f"Jeugdhulp {city}", "city": city,
             "created_at": now, "updated_at": now}
        )  # fmt: skip
    insert_rows(conn, Organisation.__table__, organisations)
    region.organisation_ids = [o["id"] for o in organisations]  # type: ignore[misc]

    youth_rows: list[dict[str, object]] = []
    authority_rows: list[dict[str, object]] = []
    youth_id = 0
    by_org: dict[int, list[YouthFacts]] = {}
    for org_id, n in zip(region.organisation_ids, counts, strict=True):
        for _ in range(n):
            youth_id += 1
            first, last = region.name()
            age = rng.randint(MIN_AGE, MAX_AGE)
            dob = today - timedelta(days=round(365.25 * age) + rng.randint(1, 364))
            facts = YouthFacts(youth_id, org_id, first, last, dob, region.days_ago(30, 900))
            region.youth.append(facts)
            by_org.setdefault(org_id, []).append(facts)
            created = region.moment(facts.care_started_on)
            youth_rows.append(
                {
                    "id": youth_id,
                    "organisation_id": org_id,
                    "first_name": first,
                    "last_name": last,
                    "date_of_birth": dob,
                    "postcode": f"{rng.randint(3700, 3999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
                    f"{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
                    "status": "aftercare" if age >= 18 and rng.random() < 0.4 else "active",
                    "care_started_on": facts.care_started_on,
                    "reporting_every_weeks": rng.choice([None, 2, 4, 6, 8]),
                    "version": 1,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            for _ in range(1 if rng.random() < 0.35 else 2):
                authority_id = len(authority_rows) + 1
                name = f"{rng.choice(region.first_names)} {last}"
                region.authorities.setdefault(youth_id, []).append((authority_id, name))
                authority_rows.append(
                    {"id": authority_id, "youth_id": youth_id, "name": name, "email": None,
                     "user_id": None, "relation": "ouder", "active": True,
                     "created_at": created, "updated_at": created}
                )  # fmt: skip

    users: list[dict[str, object]] = []
    memberships: list[dict[str, object]] = []
    team_rows: list[dict[str, object]] = []

    def member_of(user_id: int, org_id: int, role: str) -> None:
        memberships.append(
            {"id": len(memberships) + 1, "user_id": user_id, "organisation_id": org_id,
             "role": role, "active": True, "created_at": now, "updated_at": now}
        )  # fmt: skip

    def on_team(youth: YouthFacts, user_id: int, role: str, lead: bool) -> None:
        team_rows.append(
            {"id": len(team_rows) + 1, "youth_id": youth.id, "user_id": user_id, "role": role,
             "is_lead": lead, "added_at": region.moment(youth.care_started_on),
             "added_by_id": None}
        )  # fmt: skip
        region.team_of.setdefault(youth.id, []).append((user_id, role))

    professionals_of: dict[int, list[int]] = {}
    for org_id, members in by_org.items():
        for start in range(0, len(members), scale.caseload):
            number = len(region.caseloads) + 1
            first, last = region.name()
            user_id = _user(region, users, f"prof{number}@bench.jimnet.test", f"{first} {last}")
            member_of(user_id, org_id, "professional")
            professionals_of.setdefault(org_id, []).append(user_id)
            region.caseloads[user_id] = []
            for youth in members[start : start + scale.caseload]:
                on_team(youth, user_id, "professional", True)
                region.lead_of[youth.id] = user_id
                region.caseloads[user_id].append(youth.id)
        older = [y for y in members if y.age_on(today) >= 15]
        for start in range(0, len(older), scale.caseload):
            number = len(region.coach_loads) + 1
            first, last = region.name()
            user_id = _user(region, users, f"coach{number}@bench.jimnet.test", f"{first} {last}")
            member_of(user_id, org_id, "coach")
            region.coach_loads[user_id] = []
            for youth in older[start : start + scale.caseload]:
                on_team(youth, user_id, "coach", False)
                region.coach_loads[user_id].append(youth.id)
    # Now and then a professional of a partner organisation on the team (one consortium team).
    for youth in region.youth:
        if len(region.organisation_ids) > 1 and rng.random() < 0.1:
            other = rng.choice([o for o in region.organisation_ids if o != youth.organisation_id])
            on_team(youth, rng.choice(professionals_of[other]), "professional", False)

    # Dashboard admins: of the first organisation, of the first three, of the whole region.
    counts_by_org = dict(zip(region.organisation_ids, counts, strict=True))
    for share in DASHBOARD_SHARES:
        total, orgs = 0, []
        for org_id in region.organisation_ids:
            if total >= share * scale.youth - 0.5:
                break
            total += counts_by_org[org_id]
            orgs.append(org_id)
        if total in region.admins:
            continue
        first, last = region.name()
        user_id = _user(region, users, f"admin-{total}@bench.jimnet.test", f"{first} {last}")
        for org_id in orgs:
            member_of(user_id, org_id, "org_admin")
        region.admins[total] = user_id

    # The young people whose maps show how cost grows with the network's size.
    next_id = iter(range(1, len(region.youth) + 1))
    for size in scale.growth_sizes:
        region.growth[size] = [next(next_id) for _ in range(scale.growth_youth_per_size)]

    for table, rows in (
        (User.__table__, users),
        (Membership.__table__, memberships),
        (Youth.__table__, youth_rows),
        (ParentalAuthority.__table__, authority_rows),
        (CareTeamMember.__table__, team_rows),
    ):
        region.count(table.name, insert_rows(conn, table, rows))  # type: ignore[arg-type]
    region.count("organisation", len(organisations))
    assert len(region.youth) == scale.youth
