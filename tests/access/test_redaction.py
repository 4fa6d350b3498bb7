"""A JIM and a parent never see professionals' notes on members nor the members' phone numbers
and e-mail addresses, unless the young person shares them: on every surface of the network (page,
map, API, every export, snapshots)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from jimnet.clock import today
from jimnet.extensions import db
from jimnet.jim.models import JimNomination
from jimnet.network import snapshots
from jimnet.youth.models import Youth
from tests.access.test_policy import build_case

SECRETS = ("geheim.adres@example.test", "06-98765432", "Professionele notitie over oom")
EXPORTS = ("netwerk.graphml", "netwerk.json", "personen.csv", "verbindingen.csv")


@pytest.fixture
def world(app, make):
    case = build_case(app, make, age=10)
    from tests.jim.conftest import JimFactory

    member = JimFactory(app, make).member(
        case.youth,
        "Oom Kees",
        email=SECRETS[0],
        phone=SECRETS[1],
        note=SECRETS[2],
        relation="aunt_uncle",
    )
    with app.app_context():
        youth = db.session.get(Youth, case.youth.id)
        snapshot = snapshots.take_snapshot(
            db.session(),
            youth,
            label="Eerste meting",
            note=None,
            taken_on=today(),
            taken_by_id=case.people["professional"].id,
            today=today(),
        )
        db.session.commit()
        snapshot_id = snapshot.id
    return case, member.id, snapshot_id


def surfaces(client: Any, youth_id: int, member_id: int, snapshot_id: int) -> dict[str, Any]:
    y = f"/jongeren/{youth_id}/netwerk"
    a = f"/api/v1/youth/{youth_id}/network"
    urls = {
        "page": y,
        "map": f"{y}/kaart.svg",
        "snapshot_page": f"{y}/metingen/{snapshot_id}",
        "api_network": a,
        "api_member": f"{a}/members/{member_id}",
        "api_members_csv": f"{a}/members.csv",
        "api_ties_csv": f"{a}/ties.csv",
        "api_json": f"/api/v1/youth/{youth_id}/network.json",
        "api_graphml": f"/api/v1/youth/{youth_id}/network.graphml",
        "api_analysis": f"{a}/analysis",
        "api_snapshot": f"{a}/snapshots/{snapshot_id}",
        "api_snapshots": f"{a}/snapshots",
        **{f"export_{n}": f"{y}/export/{n}" for n in EXPORTS},
        **{f"snapshot_export_{n}": f"{y}/metingen/{snapshot_id}/export/{n}" for n in EXPORTS},
    }
    return {name: client.get(url) for name, url in urls.items()}


def leaks(responses: dict[str, Any]) -> list[str]:
    found = []
    for name, response in responses.items():
        assert response.status_code == 200, f"{name}: {response.status_code}"
        body = response.get_data(as_text=True)
        found += [f"{name} shows {secret!r}" for secret in SECRETS if secret in body]
    return found


@pytest.mark.parametrize("who", ["jim", "parent", "mentor"])
def test_not_shared_means_not_seen_on_any_surface(world, client_factory, who):
    case, member_id, snapshot_id = world
    client = client_factory().login(case.people[who])
    assert leaks(surfaces(client, case.youth.id, member_id, snapshot_id)) == []


def test_the_care_team_and_the_young_person_see_the_details(world, client_factory):
    case, member_id, _snapshot_id = world
    for who in ("professional", "youth"):
        client = client_factory().login(case.people[who])
        body = client.get(f"/api/v1/youth/{case.youth.id}/network/members/{member_id}").get_json()
        assert (body["email"], body["phone"], body["note"]) == SECRETS


def test_shared_details_are_seen(app, world, make, client_factory):
    case, member_id, _snapshot_id = world
    url = f"/api/v1/youth/{case.youth.id}/network/members/{member_id}"
    with app.app_context():
        db.session.execute(
            update(JimNomination)
            .where(JimNomination.id == case.nomination_id)
            .values(share_case_notes=True)
        )
        db.session.commit()
    make.parent_share(case.youth, case.people["parent"], details=True)
    for who in ("jim", "parent"):
        body = client_factory().login(case.people[who]).get(url).get_json()
        assert (body["email"], body["phone"], body["note"]) == SECRETS, who
