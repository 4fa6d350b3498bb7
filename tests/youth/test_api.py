"""The young person's API: create and change the record, care team, parents, invitations; the
org admin's list; refusals as problem details; the access log of each change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from jimnet.access.models import AccessLogEntry
from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.youth.models import ParentalAuthority, Youth


@pytest.fixture
def team(make: Any) -> Any:
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[pro], first_name="Noa")
    return org, pro, youth


def _body(org: Any, **extra: Any) -> dict[str, Any]:
    return {
        "first_name": "Sara",
        "last_name": "de Vries",
        "date_of_birth": (today() - timedelta(days=15 * 366)).isoformat(),
        "organisation_id": org.id,
        **extra,
    }


def test_a_professional_creates_a_young_person_and_leads_her_team(
    app: Flask, make: Any, client: Any, team: Any
) -> None:
    org, pro, _youth = team
    client.login(pro)
    response = client.api(
        "POST",
        "/api/v1/youth",
        json=_body(org, postcode="3811ab", parents=[{"name": "Ans de Vries", "email": None}]),
    )
    assert response.status_code == 201, response.json
    created = response.json
    assert (created["first_name"], created["postcode"], created["age"]) == ("Sara", "3811 AB", 15)
    assert created["version"] == 1 and created["status"] == "active"
    assert [(m["user_id"], m["is_lead"]) for m in created["care_team"]] == [(pro.id, True)]
    assert "parents" not in created
    parents = client.api("GET", f"/api/v1/youth/{created['id']}/parents").json["items"]
    assert [p["name"] for p in parents] == ["Ans de Vries"]
    with app.app_context():
        entry = db.session.scalars(
            select(AccessLogEntry).where(AccessLogEntry.object_id == str(created["id"]))
        ).first()
        assert entry is not None and entry.action == "edit"


@pytest.mark.parametrize(
    ("change", "status", "pointer"),
    [
        ({"date_of_birth": "2999-01-01"}, 422, "/date_of_birth"),
        ({"first_name": ""}, 422, "/first_name"),
        ({"id": 5}, 422, "/id"),
        ({"parents": [{"name": "A"}, {"name": "B"}, {"name": "C"}]}, 422, "/parents"),
        ({"parents": [{"name": "A", "email": "geen-adres"}]}, 422, "/parents/0/email"),
    ],
)
def test_bad_new_young_people_are_refused_with_a_pointer(
    make: Any, client: Any, team: Any, change: dict[str, Any], status: int, pointer: str
) -> None:
    org, pro, _youth = team
    client.login(pro)
    response = client.api("POST", "/api/v1/youth", json=_body(org, **change))
    assert response.status_code == status, response.json
    assert pointer in {e["pointer"] for e in response.json["errors"]}


def test_only_for_your_own_organisation(make: Any, client: Any, team: Any) -> None:
    _org, pro, _youth = team
    client.login(pro)
    response = client.api("POST", "/api/v1/youth", json=_body(make.organisation()))
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "/organisation_id"


def test_patch_with_the_version_and_a_stale_one_gets_the_record(
    app: Flask, client: Any, team: Any
) -> None:
    _org, pro, youth = team
    client.login(pro)
    url = f"/api/v1/youth/{youth.id}"
    changed = client.api("PATCH", url, json={"version": 1, "postcode": "1234ab"})
    assert changed.status_code == 200, changed.json
    assert (changed.json["postcode"], changed.json["version"]) == ("1234 AB", 2)
    assert changed.json["first_name"] == "Noa"
    stale = client.api("PATCH", url, json={"version": 1, "first_name": "Anders"})
    assert stale.status_code == 409
    assert stale.json["current"]["version"] == 2 and stale.json["current"]["first_name"] == "Noa"
    assert stale.json["errors"][0]["current_version"] == 2
    moved = client.api("PATCH", url, json={"version": 2, "organisation_id": 1})
    assert moved.status_code == 422 and moved.json["errors"][0]["pointer"] == "/organisation_id"
    assert client.api("PATCH", url, json={"first_name": "X"}).status_code == 422
    with app.app_context():
        assert db.session.get(Youth, youth.id).first_name == "Noa"


def test_care_team_add_and_remove(make: Any, client: Any, team: Any) -> None:
    org, pro, youth = team
    coach = make.user(StaffRole.COACH, org)
    client.login(pro)
    url = f"/api/v1/youth/{youth.id}/care-team"
    added = client.api("POST", url, json={"email": coach.email, "role": "coach"})
    assert added.status_code == 201, added.json
    assert (added.json["user_id"], added.json["role"]) == (coach.id, "coach")
    assert "email" not in added.json
    again = client.api("POST", url, json={"email": coach.email, "role": "coach"})
    assert again.status_code == 409
    wrong = client.api("POST", url, json={"email": coach.email, "role": "professional"})
    assert wrong.status_code in (409, 422)
    unknown = client.api("POST", url, json={"email": "niemand@example.test", "role": "coach"})
    assert unknown.status_code == 422 and unknown.json["errors"][0]["pointer"] == "/email"
    listed = client.api("GET", url).json["items"]
    assert [m["user_id"] for m in listed] == [pro.id, coach.id]
    lead = listed[0]["id"]
    assert client.api("DELETE", f"{url}/{lead}").status_code == 409
    assert client.api("DELETE", f"{url}/{added.json['id']}").status_code == 204
    assert client.api("DELETE", f"{url}/{added.json['id']}").status_code == 404


def test_parents_and_invitations(app: Flask, make: Any, client: Any, team: Any) -> None:
    _org, pro, youth = team
    client.login(pro)
    url = f"/api/v1/youth/{youth.id}"
    parent = client.api("POST", url + "/parents", json={"name": "Mo", "email": "mo@example.test"})
    assert parent.status_code == 201
    assert parent.json == {
        "id": parent.json["id"],
        "name": "Mo",
        "email": "mo@example.test",
        "has_account": False,
    }
    assert client.api("POST", url + "/parents", json={"name": "   "}).status_code == 422
    invited = client.api(
        "POST", url + "/invitations", json={"role": "parent", "email": "mo@example.test"}
    )
    assert invited.status_code == 201, invited.json
    assert invited.json["role"] == "parent" and invited.json["expires_at"]
    outbox = app.extensions.get("jimnet_outbox", [])
    assert outbox and "mo@example.test" in str(outbox[-1])
    jim = client.api("POST", url + "/invitations", json={"role": "jim", "email": "a@b.test"})
    assert jim.status_code == 422
    with app.app_context():
        names = db.session.scalars(
            select(ParentalAuthority.name).where(ParentalAuthority.youth_id == youth.id)
        ).all()
        assert names == ["Mo"]


def test_strangers_and_family_are_refused_every_change(make: Any, client: Any, team: Any) -> None:
    _org, _pro, youth = team
    url = f"/api/v1/youth/{youth.id}"
    for user in (make.user(StaffRole.PROFESSIONAL), make.participant(youth, "parent")):
        client.login(user)
        for method, path, body in [
            ("PATCH", "", {"version": "x"}),
            ("POST", "/care-team", {}),
            ("DELETE", "/care-team/1", None),
            ("POST", "/parents", {}),
            ("POST", "/invitations", {}),
        ]:
            response = client.api(method, url + path, json=body)
            assert response.status_code == 404, (user, method, path, response.json)


def test_an_org_admin_lists_the_organisations_young_people(
    make: Any, client: Any, team: Any
) -> None:
    org, _pro, youth = team
    make.youth(make.organisation(), first_name="Elders")
    admin = make.user(StaffRole.ORG_ADMIN, org)
    client.login(admin)
    listed = client.api("GET", "/api/v1/youth").json
    assert [y["id"] for y in listed["items"]] == [youth.id] and listed["total"] == 1
    page = client.get("/jongeren/").get_data(as_text=True)
    assert "Noa" in page and "Elders" not in page
    assert client.api("GET", f"/api/v1/youth/{youth.id}").status_code == 200


def test_the_youth_list_costs_the_same_queries_for_1_and_20(
    make: Any, client: Any, count_queries: Any
) -> None:
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    make.youth(org, professionals=[pro])
    client.login(pro)
    client.api("GET", "/api/v1/youth")  # the first call of a session loads more (warm-up)
    with count_queries() as one:
        assert client.api("GET", "/api/v1/youth").status_code == 200
    for _ in range(19):
        make.youth(org, professionals=[pro])
    with count_queries() as twenty:
        assert len(client.api("GET", "/api/v1/youth").json["items"]) == 20
    assert len(twenty) == len(one)
