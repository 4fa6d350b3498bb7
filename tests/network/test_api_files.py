"""The network's files on the API: exports (GraphML, JSON, CSV) and the import through the
existing import service: all or nothing, every problem listed as problem details."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import networkx as nx
import pytest

from jimnet.accounts.roles import StaffRole


@pytest.fixture
def team(make: Any) -> Any:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro], first_name="Noa")
    return pro, youth


def base(youth: Any) -> str:
    return f"/api/v1/youth/{youth.id}/network"


def test_exports_open_as_the_formats_they_claim(team: Any, net: Any, client: Any) -> None:
    pro, youth = team
    mum = net.member(youth, "Mam", relation="parent", sector="family", ring=1)
    zoe = net.member(youth, "Zoë", is_adult=False)
    net.tie(mum, zoe)
    client.login(pro)
    as_json = client.api("GET", base(youth) + ".json")
    assert as_json.status_code == 200 and as_json.mimetype == "application/json"
    assert "attachment" in as_json.headers["Content-Disposition"]
    data = json.loads(as_json.data)
    assert {n.get("label") for n in data["nodes"]} >= {"Mam", "Zoë"}
    people = client.api("GET", base(youth) + "/members.csv")
    assert people.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(people.data.decode("utf-8-sig"))))
    assert len(rows) == 3 and any("Zoë" in row for row in rows)
    ties = client.api("GET", base(youth) + "/ties.csv")
    assert len(list(csv.reader(io.StringIO(ties.data.decode("utf-8-sig"))))) == 2
    graphml = client.api("GET", base(youth) + ".graphml")
    assert nx.read_graphml(io.BytesIO(graphml.data)).number_of_nodes() == 3


def test_a_map_imports_from_another_youths_export(
    make: Any, team: Any, net: Any, client: Any
) -> None:
    pro, youth = team
    net.tie(net.member(youth, "Mam", ring=1), net.member(youth, "Oma", ring=2))
    target = make.youth(professionals=[pro])
    client.login(pro)
    for kind, media in (("graphml", "application/graphml+xml"), ("json", "application/json")):
        exported = client.api("GET", base(youth) + f".{kind}").data
        response = client.api(
            "POST",
            base(target) + "/import?replace=true",
            data=exported,
            headers={"Content-Type": media},
        )
        assert response.status_code == 201, response.json
        assert response.json["members"] == 2 and response.json["ties"] == 1
    graph = client.api("GET", base(target)).json
    assert sorted(n["label"] for n in graph["nodes"] if n["id"] != "ego") == ["Mam", "Oma"]


def test_a_refused_file_lists_every_problem_and_changes_nothing(
    team: Any, net: Any, client: Any
) -> None:
    pro, youth = team
    net.member(youth, "Blijft")
    client.login(pro)
    bad = {
        "nodes": [{"id": "a", "label": "", "ring": 9}, {"id": "b", "label": "B", "ring": 7}],
        "links": [{"source": "a", "target": "nobody"}],
    }
    response = client.api("POST", base(youth) + "/import", json=bad)
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    problems = response.json["errors"]
    assert len(problems) >= 2 and all(p["detail"] and "code" in p for p in problems)
    assert [n["label"] for n in client.api("GET", base(youth)).json["nodes"][1:]] == ["Blijft"]
    garbage = client.api(
        "POST", base(youth) + "/import", data="<graphml", headers={"Content-Type": "text/xml"}
    )
    assert garbage.status_code == 422
    as_text = client.api(
        "POST", base(youth) + "/import", data="x", headers={"Content-Type": "text/plain"}
    )
    assert as_text.status_code == 415


def test_only_the_care_team_imports(make: Any, team: Any, client: Any) -> None:
    _pro, youth = team
    for user in (make.participant(youth, "youth"), make.user(StaffRole.PROFESSIONAL)):
        client.login(user)
        response = client.api("POST", base(youth) + "/import", json={"nodes": []})
        assert response.status_code == 404
