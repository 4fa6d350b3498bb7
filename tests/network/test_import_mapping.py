"""The mapping step: before anything is saved, page and API say how each attribute of the file
maps and what is ignored; the same people again are offered a merge; all or nothing; every
problem with its line (422), in the reader's language."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.network.models import NetworkMember, Tie

FILES = Path(__file__).resolve().parent / "files"
GRAPHML = {"Content-Type": "application/graphml+xml"}


@pytest.fixture
def team(make: Any) -> Any:
    pro = make.user(StaffRole.PROFESSIONAL)
    return pro, make.youth(professionals=[pro])


def url(youth: Any, query: str = "") -> str:
    return f"/api/v1/youth/{youth.id}/network/import" + (f"?{query}" if query else "")


def _count(app: Any, model: Any) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_a_dry_run_shows_the_mapping_and_saves_nothing(app: Any, team: Any, client: Any) -> None:
    pro, youth = team
    client.login(pro)
    data = (FILES / "nc_unified.graphml").read_bytes()
    refused = client.api("POST", url(youth, "dry_run=true"), data=data, headers=GRAPHML)
    assert refused.status_code == 422
    assert [e["code"] for e in refused.json["errors"]] == ["choose_session"]
    assert [s["case_id"] for s in refused.json["sessions"]] == ["jongere-17", "jongere-18"]
    answer = client.api(
        "POST",
        url(youth, "dry_run=true&session=jongere-17&closeness=high_is_close"),
        data=data,
        headers=GRAPHML,
    )
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert body["tool"] == "networkcanvas" and body["session"] == 1
    assert (body["members"], body["ties"], body["conflict_ties"]) == (5, 3, 1)
    nodes = {n["name"]: n for n in body["nodes"]}
    assert nodes["relationship"]["target"] == "relation"
    assert nodes["relationship"]["values"]["Grandparent"] == "grandparent"
    assert nodes["layout_X"]["target"] is None and nodes["layout_X"]["reason"] == "layout"
    assert body["ring"]["table"][4] == {"value": 5, "ring": 1}
    assert _count(app, NetworkMember) == 0


def test_added_by_in_a_file_is_ignored_and_said_so(app: Any, team: Any, client: Any) -> None:
    pro, youth = team
    client.login(pro)
    body = {"nodes": [{"id": "a", "label": "Mam", "added_by": "youth"}], "edges": []}
    preview = client.api("POST", url(youth, "dry_run=true"), json=body).json
    assert {n["name"]: n["reason"] for n in preview["nodes"]}["added_by"] == "added_by"
    assert client.api("POST", url(youth), json=body).status_code == 201
    with app.app_context():
        assert db.session.scalars(select(NetworkMember.added_by_role)).all() == ["import"]


def test_the_same_people_again_are_merged_not_duplicated(
    app: Any, team: Any, net: Any, client: Any
) -> None:
    pro, youth = team
    net.member(youth, "Oma  riet", relation="grandparent", ring=1)
    client.login(pro)
    data = (FILES / "gephi.graphml").read_bytes()
    preview = client.api("POST", url(youth, "dry_run=true"), data=data, headers=GRAPHML).json
    assert [m["name"] for m in preview["matches"]] == ["Oma  riet"]
    first = client.api("POST", url(youth), data=data, headers=GRAPHML)
    assert first.status_code == 201
    assert (first.json["members"], first.json["merged"], first.json["ties"]) == (3, 1, 2)
    again = client.api("POST", url(youth), data=data, headers=GRAPHML)
    assert (again.json["members"], again.json["merged"], again.json["ties"]) == (0, 4, 0)
    assert _count(app, NetworkMember) == 4 and _count(app, Tie) == 2
    apart = client.api("POST", url(youth, "merge=false"), data=data, headers=GRAPHML)
    assert apart.json["members"] == 4 and _count(app, NetworkMember) == 8


def test_every_problem_is_listed_with_its_line_in_the_readers_language(
    app: Any, team: Any, client: Any
) -> None:
    pro, youth = team
    client.login(pro)
    broken = b'{"nodes": [\n {"id": "a", "label": "A"}\n {"id": "b"}\n]}'
    dutch = client.api(
        "POST", url(youth), data=broken, headers={"Content-Type": "application/json"}
    )
    assert dutch.status_code == 422
    assert dutch.json["errors"][0]["detail"] == (
        "Regel 3: Het bestand is geen geldige JSON: hier verwachten we een komma."
    )
    with app.app_context():
        db.session.get(User, pro.id).locale = "en"
        db.session.commit()
    english = client.api(
        "POST", url(youth), data=broken, headers={"Content-Type": "application/json"}
    )
    assert "Expecting" not in english.json["errors"][0]["detail"]
    assert english.json["errors"][0]["detail"].startswith("Line 3: ")


def _upload(client: Any, youth: Any, payload: bytes, name: str, **extra: str) -> Any:
    return client.form(
        f"/jongeren/{youth.id}/netwerk/importeren",
        {"file": (io.BytesIO(payload), name), **extra},
        content_type="multipart/form-data",
    )


def test_the_page_shows_the_mapping_first_and_saves_on_confirmation(
    app: Any, team: Any, net: Any, client: Any
) -> None:
    pro, youth = team
    net.member(youth, "Sanne")
    client.login(pro)
    data = (FILES / "nc_unified.graphml").read_bytes()
    shown = _upload(client, youth, data, "interviews.graphml")
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert "Network Canvas" in page and "jongere-18" in page
    assert "Ring, omgerekend met de regel hieronder" in page
    assert "Niet overgenomen: een id, een plek of opmaak." in page
    assert "Al op de kaart: Sanne." in page
    assert _count(app, NetworkMember) == 1
    payload = _field(page, "payload")
    done = client.form(
        f"/jongeren/{youth.id}/netwerk/importeren/bevestigen",
        {"payload": payload, "filename": "interviews.graphml", "session": "2",
         "closeness": "low_is_close", "merge": "y", "confirm": "Inlezen"},
    )  # fmt: skip
    assert done.status_code == 302
    with app.app_context():
        names = db.session.scalars(
            select(NetworkMember.display_name).order_by(NetworkMember.id)
        ).all()
    assert names == ["Sanne", "Papa", "Lotte", "Coach Ahmed"]


def test_a_refused_page_upload_answers_422_with_every_problem(
    app: Any, team: Any, client: Any
) -> None:
    pro, youth = team
    client.login(pro)
    data = b"""<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="r" for="node" attr.name="ring" attr.type="int"/>
  <graph>
    <node id="a"><data key="r">twee</data></node>
    <edge source="a" target="nobody"/>
  </graph>
</graphml>"""
    response = _upload(client, youth, data, "x.graphml")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Regel 5: &#39;twee&#39; is geen geldige waarde voor ring" in page
    assert "Regel 6: Een verbinding wijst naar &#39;nobody&#39;" in page
    assert _count(app, NetworkMember) == 0


def _field(page: str, name: str) -> str:
    import re

    found = re.search(rf'name="{name}"[^>]*value="([^"]*)"', page) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', page
    )
    assert found, name
    return found.group(1)


def test_the_mapping_page_needs_the_same_statements_for_a_small_and_a_large_map(
    team: Any, make: Any, net: Any, client: Any, count_queries: Any
) -> None:
    pro, small = team
    large = make.youth(professionals=[pro])
    for i in range(3):
        net.member(small, f"Klein {i}")
    for i in range(60):
        net.member(large, f"Groot {i}")
    net.member(large, "Sanne")
    client.login(pro)
    data = (FILES / "nc_single.graphml").read_bytes()
    counts = []
    for youth in (small, large):
        _upload(client, youth, data, "nc.graphml")  # warm up (session, caches)
        with count_queries() as statements:
            response = _upload(client, youth, data, "nc.graphml")
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts
