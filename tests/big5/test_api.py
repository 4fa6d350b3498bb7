"""BIG5's JSON API: the plan, new assessments and actions, a stale PATCH, the dashboard, and the
OpenAPI document."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from tests.big5.conftest import DEFAULT_KEYS


@pytest.fixture
def team(make):
    org = make.organisation()
    pro = make.user(StaffRole.PROFESSIONAL, org)
    youth = make.youth(org, professionals=[pro], age=17)
    return pro, youth


def test_the_plan(client, make, team, big5):
    pro, youth = team
    big5.assessment(
        youth, {**dict.fromkeys(DEFAULT_KEYS, 4), "income": 3}, on=today() - timedelta(days=40)
    )
    big5.assessment(youth, 5, perspective="youth", on=today() - timedelta(days=3))
    action = big5.action(
        youth, "income", due=today() + timedelta(days=10), what="Zorgtoeslag aanvragen"
    )
    client.login(pro)
    body = client.api("GET", f"/api/v1/youth/{youth.id}/big5").json
    assert body["youth_id"] == youth.id
    assert [d["key"] for d in body["domain_set"]["domains"]] == list(DEFAULT_KEYS)
    assert set(body["domain_set"]["domains"][0]["levels"]) == {"1", "2", "3", "4", "5"}
    assert body["readiness"]["status"] == "ready_with_plan" and body["readiness"]["ready"] is True
    assert body["readiness"]["plan_valid_until"] == action.due_on.isoformat()
    assert body["countdown"]["turns_18_on"] > today().isoformat()
    assert {m["key"] for m in body["countdown"]["milestones"]} >= {
        "health_insurance",
        "digid",
        "youth_care_ends",
    }
    assert [a["perspective"] for a in body["assessments"]] == [
        "youth",
        "professional",
    ]  # newest first
    assert body["latest"]["professional"]["income"]["level"] == 3
    assert body["gaps"] == ["income"]
    assert body["actions"][0] == {
        "id": action.id,
        "domain": "income",
        "what": "Zorgtoeslag aanvragen",
        "owner_kind": "youth",
        "owner_name": None,
        "owner": "De jongere",
        "due_on": action.due_on.isoformat(),
        "status": "open",
        "done_on": None,
        "note": None,
        "overdue": False,
        "version": 1,
    }


def test_create_an_assessment_and_actions_then_patch(client, team):
    pro, youth = team
    client.login(pro)
    response = client.api(
        "POST",
        f"/api/v1/youth/{youth.id}/big5/assessments",
        json={
            "assessed_on": (today() - timedelta(days=1)).isoformat(),
            "scores": [{"domain": k, "level": 4, "note": None} for k in DEFAULT_KEYS[:4]]
            + [{"domain": "support", "level": None}],
            "note": "Gesprek met Noa en haar moeder",
        },
    )
    assert response.status_code == 201, response.json
    assert response.json["perspective"] == "professional"
    assert [s["level"] for s in response.json["scores"]] == [4, 4, 4, 4, None]
    plan = client.api("GET", f"/api/v1/youth/{youth.id}/big5").json
    assert plan["readiness"]["status"] == "not_assessed"
    response = client.api(
        "POST",
        f"/api/v1/youth/{youth.id}/big5/actions",
        json={
            "domain": "support",
            "what": "JIM vragen",
            "owner_kind": "other",
            "owner_name": "Tante Anouk",
            "due_on": (today() + timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 201
    action = response.json
    assert action["owner"] == "Tante Anouk"
    url = f"/api/v1/youth/{youth.id}/big5/actions/{action['id']}"
    done = client.api("PATCH", url, json={"version": action["version"], "status": "done"})
    assert done.status_code == 200
    assert done.json["status"] == "done" and done.json["done_on"] == today().isoformat()
    assert done.json["version"] == action["version"] + 1
    stale = client.api("PATCH", url, json={"version": action["version"], "what": "Iets anders"})
    assert stale.status_code == 409
    assert stale.headers["Content-Type"] == "application/problem+json"
    assert client.api("PATCH", url, json={"what": "zonder versie"}).status_code == 422
    assert (
        client.api("GET", f"/api/v1/youth/{youth.id}/big5").json["actions"][0]["what"]
        == "JIM vragen"
    )


def test_the_young_person_posts_her_own_view(client, make, team):
    _pro, youth = team
    own = make.participant(youth, "youth")
    client.login(own)
    response = client.api(
        "POST",
        f"/api/v1/youth/{youth.id}/big5/assessments",
        json={"scores": [{"domain": "work", "level": 2}], "perspective": "youth"},
    )
    assert response.status_code == 201
    assert response.json["perspective"] == "youth"
    assert (
        client.api(
            "POST",
            f"/api/v1/youth/{youth.id}/big5/actions",
            json={
                "domain": "work",
                "what": "x",
                "owner_kind": "youth",
                "due_on": today().isoformat(),
            },
        ).status_code
        == 404
    )


def test_strangers_are_refused_before_the_body_is_read(client, make, team):
    _pro, youth = team
    stranger = make.user(StaffRole.PROFESSIONAL)
    client.login(stranger)
    for method, url in [
        ("GET", f"/api/v1/youth/{youth.id}/big5"),
        ("POST", f"/api/v1/youth/{youth.id}/big5/assessments"),
        ("POST", f"/api/v1/youth/{youth.id}/big5/actions"),
        ("PATCH", f"/api/v1/youth/{youth.id}/big5/actions/1"),
        ("GET", "/api/v1/youth/999999/big5"),
    ]:
        assert client.api(method, url, json={}).status_code == 404, (method, url)


def test_the_dashboard_api_filters_and_refuses_bad_queries(client, make, team, big5):
    pro, youth = team
    big5.assessment(youth, {**dict.fromkeys(DEFAULT_KEYS, 4), "school": 2})
    client.login(pro)
    body = client.api("GET", "/api/v1/dashboard/transition?domain=school&level=below").json
    assert body["total"] == 1
    assert body["items"][0]["levels"]["school"] == 2
    assert body["items"][0]["readiness"] == "not_ready"
    assert body["counts"]["school"] == {"2": 1, "unknown": 0}
    for query in [
        "page=0",
        "per_page=500",
        "sort=x",
        "status=maybe",
        "min_age=20&max_age=15",
        "stale=perhaps",
        "team=abc",
    ]:
        response = client.api("GET", f"/api/v1/dashboard/transition?{query}")
        assert response.status_code == 400, query
        assert response.headers["Content-Type"] == "application/problem+json"
    parent = make.participant(youth, "parent")
    client.login(parent)
    assert client.api("GET", "/api/v1/dashboard/transition").status_code == 404


def test_the_openapi_document_lists_the_routes(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert set(paths["/api/v1/youth/{youth_id}/big5"]) - {"parameters"} == {"get"}
    assert "requestBody" in paths["/api/v1/youth/{youth_id}/big5/assessments"]["post"]
    assert "patch" in paths["/api/v1/youth/{youth_id}/big5/actions/{action_id}"]
    params = {p["name"] for p in paths["/api/v1/dashboard/transition"]["get"]["parameters"]}
    assert {"page", "per_page", "domain", "team", "stale", "sort"} <= params
    assert "get" in paths["/api/v1/big5/domain-sets"]
