"""The network API: node-link JSON, GraphML, analysis, members with versions, ties, snapshots;
errors as problem details, never a 500."""

from __future__ import annotations

import io
from typing import Any

import networkx as nx
import pytest
from flask import Flask

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import api


@pytest.fixture
def team(make: Any) -> Any:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro], first_name="Noa")
    return pro, youth


def base(youth: Any) -> str:
    return f"/api/v1/youth/{youth.id}/network"


def test_the_network_routes_are_in_the_openapi_document(app: Flask) -> None:
    with app.test_request_context():
        paths = api.document()["paths"]
    prefix = "/api/v1/youth/{youth_id}/network"
    assert {"get"} <= set(paths[prefix])
    assert "get" in paths[prefix + ".graphml"]
    assert "get" in paths[prefix + "/analysis"]
    assert {"post"} <= set(paths[prefix + "/members"])
    assert {"get", "patch", "delete"} <= set(paths[prefix + "/members/{member_id}"])
    assert "post" in paths[prefix + "/ties"] and "delete" in paths[prefix + "/ties/{tie_id}"]
    assert {"get", "post"} <= set(paths[prefix + "/snapshots"])
    assert "get" in paths[prefix + "/snapshots/{snapshot_id}/compare/{other_snapshot_id}"]


def test_member_lifecycle_with_versions(team, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    client.login(pro)
    created = client.api(
        "POST",
        base(youth) + "/members",
        json={
            "display_name": "Anouk",
            "relation": "aunt_uncle",
            "ring": 1,
            "supports": [{"kind": "emotional", "domain": "support"}],
        },
    )
    assert created.status_code == 201, created.json
    member = created.json
    assert (member["sector"], member["is_adult"], member["version"]) == ("family", True, 1)
    url = f"{base(youth)}/members/{member['id']}"

    moved = client.api("PATCH", url, json={"version": 1, "ring": 2, "sector": "friends"})
    assert moved.status_code == 200
    assert (moved.json["ring"], moved.json["sector"], moved.json["version"]) == (2, "friends", 2)
    assert moved.json["supports"] == [{"kind": "emotional", "domain": "support"}]

    stale = client.api("PATCH", url, json={"version": 1, "ring": 4})
    assert stale.status_code == 409
    assert stale.mimetype == "application/problem+json"
    assert stale.json["errors"][0]["current_version"] == 2
    assert client.api("GET", url).json["ring"] == 2

    assert client.api("DELETE", url + "?version=1").status_code == 409
    assert client.api("DELETE", url + "?version=2").status_code == 204
    assert client.api("GET", url).json["removed_at"] is not None
    graph = client.api("GET", base(youth)).json
    assert [n["id"] for n in graph["nodes"]] == ["ego"]


@pytest.mark.parametrize(
    ("body", "pointer"),
    [
        ({"display_name": "Sam", "relation": "friend", "ring": 5}, "/ring"),
        ({"display_name": "Sam", "relation": "friend", "ring": 0}, "/ring"),
        ({"display_name": "Sam", "relation": "boss", "ring": 2}, "/relation"),
        ({"display_name": "", "relation": "friend", "ring": 2}, "/display_name"),
        ({"display_name": "Sam", "relation": "friend", "ring": 2, "extra": 1}, "/extra"),
        ({"display_name": "Sam", "relation": "friend", "ring": "2"}, "/ring"),
        (
            {"display_name": "Sam", "relation": "friend", "ring": 2, "known_since": "gisteren"},
            "/known_since",
        ),
    ],
)
def test_bad_member_bodies_are_refused_with_a_pointer(team, client, body, pointer) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    client.login(pro)
    response = client.api("POST", base(youth) + "/members", json=body)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert any(e["pointer"] == pointer for e in response.json["errors"]), response.json


def test_malformed_json_is_a_400_not_a_500(team, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    client.login(pro)
    response = client.api(
        "POST", base(youth) + "/members", headers={"Content-Type": "application/json"}, data="{oops"
    )
    assert response.status_code == 400


def test_ties_only_between_members_of_this_map(make, team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    a, b = net.member(youth, "A"), net.member(youth, "B")
    stranger = net.member(make.youth(professionals=[pro]), "X")
    client.login(pro)
    response = client.api("POST", base(youth) + "/ties", json={"a_id": a.id, "b_id": stranger.id})
    assert response.status_code == 422
    assert response.json["errors"][0]["pointer"] == "/b_id"
    assert response.json["detail"] == "Deze persoon staat niet op deze netwerkkaart."
    created = client.api(
        "POST", base(youth) + "/ties", json={"a_id": b.id, "b_id": a.id, "quality": "conflict"}
    )
    assert created.status_code == 201
    assert (created.json["a_id"], created.json["b_id"]) == (min(a.id, b.id), max(a.id, b.id))
    links = client.api("GET", base(youth)).json["links"]
    assert [link["quality"] for link in links if link["type"] == "tie"] == ["conflict"]
    assert client.api("DELETE", f"{base(youth)}/ties/{created.json['id']}").status_code == 204


def test_rows_of_another_youth_in_the_url_are_404(make, team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    other = make.youth(professionals=[pro])
    stranger = net.member(other, "X")
    client.login(pro)
    url = f"{base(youth)}/members/{stranger.id}"
    assert client.api("GET", url).status_code == 404
    assert client.api("PATCH", url, json={"version": 1, "ring": 1}).status_code == 404
    assert client.api("DELETE", url).status_code == 404
    assert client.api("GET", f"{base(other)}/members/{stranger.id}").status_code == 200


def test_someone_off_the_team_gets_404(make, team, net, client) -> None:  # type: ignore[no-untyped-def]
    _pro, youth = team
    member = net.member(youth, "A")
    client.login(make.user(StaffRole.PROFESSIONAL))
    assert client.api("GET", base(youth)).status_code == 404
    assert client.api("GET", base(youth) + "/analysis").status_code == 404
    response = client.api(
        "PATCH", f"{base(youth)}/members/{member.id}", json={"version": 1, "ring": 9}
    )
    assert response.status_code == 404


def test_graphml_and_analysis(team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    mum = net.member(
        youth, "Mam", relation="parent", sector="family", ring=1, supports=[("practical", "income")]
    )
    lisa = net.member(youth, "Lisa", is_adult=False)
    net.tie(mum, lisa)
    client.login(pro)
    response = client.api("GET", base(youth) + ".graphml")
    assert response.status_code == 200 and response.mimetype == "application/graphml+xml"
    graph = nx.read_graphml(io.BytesIO(response.data))
    assert (
        graph.nodes[f"m{mum.id}"]["ring"] == 1 and graph.nodes[f"m{lisa.id}"]["is_adult"] is False
    )
    analysis = client.api("GET", base(youth) + "/analysis").json
    assert analysis["size"] == 2 and analysis["uncovered"][:1] == ["work"]
    assert {"topic": "gap", "level": "warning", "text": "Niemand helpt bij werk."} in analysis[
        "findings"
    ]


def test_snapshots_list_create_and_compare(team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    net.member(youth, "Mam", ring=2)
    client.login(pro)
    first = client.api(
        "POST", base(youth) + "/snapshots", json={"label": "Start", "taken_on": "2026-01-10"}
    )
    assert first.status_code == 201, first.json
    assert first.json["size"] == 1 and first.json["data"]["graph"]["taken_on"] == "2026-01-10"
    net.member(youth, "Oma", ring=1, supports=[("advice", "income")])
    second = client.api("POST", base(youth) + "/snapshots", json={})
    assert second.status_code == 201
    listed = client.api("GET", base(youth) + "/snapshots").json["items"]
    assert len(listed) == 2 and listed[0]["label"] == "Start"
    diff = client.api(
        "GET", f"{base(youth)}/snapshots/{second.json['id']}/compare/{first.json['id']}"
    ).json
    assert [m["name"] for m in diff["joined"]] == ["Oma"]
    assert diff["domains_gained"] == ["income"]
    now = client.api("GET", f"{base(youth)}/snapshots/{first.json['id']}/compare").json
    assert [m["name"] for m in now["joined"]] == ["Oma"]
    future = client.api("POST", base(youth) + "/snapshots", json={"taken_on": "2999-01-01"})
    assert future.status_code == 422
    bad = client.api("POST", base(youth) + "/snapshots", json={"taken_on": "1 januari"})
    assert bad.status_code == 422


def test_the_youth_moves_herself_but_may_not_measure(make, team, net, client) -> None:  # type: ignore[no-untyped-def]
    _pro, youth = team
    member = net.member(youth, "Sem", ring=3)
    client.login(make.participant(youth, "youth"))
    response = client.api(
        "PATCH", f"{base(youth)}/members/{member.id}", json={"version": 1, "ring": 1}
    )
    assert response.status_code == 200 and response.json["ring"] == 1
    assert client.api("POST", base(youth) + "/snapshots", json={}).status_code == 404
