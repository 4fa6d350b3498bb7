"""Export and import: GraphML that networkx reads typed and that comes back in unchanged;
imports that refuse bad files with the reason and the line, and never half-import."""

from __future__ import annotations

import base64
import csv
import io
import json
from datetime import date
from typing import Any

import networkx as nx
import pytest
from flask import Flask
from sqlalchemy import func, select

from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.network.graph import alters
from jimnet.network.importing import ImportRefused, apply_import, parse_file, plan_import
from jimnet.network.io_csv import members_csv, ties_csv
from jimnet.network.io_graphml import export_graphml, parse_graphml
from jimnet.network.io_json import export_json, parse_json
from jimnet.network.models import NetworkMember, Tie
from jimnet.network.snapshots import current_graph
from jimnet.youth.models import Youth

TODAY = date(2026, 6, 1)


def _rich(net: Any, youth: Any) -> None:
    mum = net.member(
        youth,
        "Mam",
        relation="parent",
        sector="family",
        ring=1,
        contact_frequency="daily",
        known_since=date(2010, 3, 1),
        supports=[("emotional", "support"), ("practical", "income")],
        youth_supports_member=True,
        added_by_role="youth",
    )
    lisa = net.member(youth, "Lisa", is_adult=False, quality="mixed")
    dad = net.member(youth, "Pap", relation="parent", sector="family", ring=3, quality="conflict")
    net.tie(mum, lisa)
    net.tie(mum, dad, "conflict")


def _graph(app: Flask, youth_id: int) -> nx.Graph:
    with app.app_context():
        youth = db.session.get(Youth, youth_id)
        return current_graph(db.session, youth, today=TODAY)


def _signature(graph: nx.Graph) -> tuple[Any, ...]:
    """Everything about the members and ties except the ids jimnet gives them and who added
    them (an import is always "an import": a file cannot claim the young person added someone)."""
    names = {node: attrs["label"] for node, attrs in alters(graph)}
    people = sorted(
        tuple(sorted((k, v) for k, v in attrs.items() if k not in ("member_id", "added_by")))
        for _, attrs in alters(graph)
    )
    ties = sorted(
        (tuple(sorted((names[a], names[b]))), attrs["quality"])
        for a, b, attrs in graph.edges(data=True)
        if attrs.get("type") == "tie"
    )
    return tuple(people), tuple(ties)


def test_graphml_opens_in_networkx_with_typed_attributes(app: Flask, make, net) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth(first_name="Noa")
    _rich(net, youth)
    data = export_graphml(_graph(app, youth.id))
    graph = nx.read_graphml(io.BytesIO(data))
    assert graph.graph["taken_on"] == TODAY.isoformat()
    assert graph.graph["youth_id"] == youth.id
    assert graph.nodes["ego"] == {"type": "ego", "label": "Noa", "youth_id": youth.id}
    mum = next(attrs for _, attrs in graph.nodes(data=True) if attrs.get("label") == "Mam")
    assert mum["ring"] == 1 and isinstance(mum["ring"], int)
    assert mum["is_adult"] is True and mum["youth_supports_member"] is True
    assert mum["support_income"] is True and mum["support_work"] is False
    assert mum["support_kinds"] == 2
    assert mum["supports"] == "emotional:support;practical:income"
    assert mum["known_since"] == "2010-03-01" and mum["contact_frequency"] == "daily"
    # The youth is the ego: one edge to every member, plus the ties between members.
    assert graph.degree("ego") == 3
    assert sorted(d["quality"] for _, _, d in graph.edges(data=True) if d["type"] == "tie") == [
        "conflict",
        "positive",
    ]


def test_graphml_round_trips_back_in(app: Flask, make, net) -> None:  # type: ignore[no-untyped-def]
    source = make.youth()
    _rich(net, source)
    first = _graph(app, source.id)
    target = make.youth()
    with app.app_context():
        plan = plan_import(parse_graphml(export_graphml(first)), TODAY)
        apply_import(db.session, target.id, plan, replace=False, by_user_id=None, today=TODAY)
        db.session.commit()
    assert _signature(_graph(app, target.id)) == _signature(first)
    assert "youth" in {a["added_by"] for _, a in alters(first)}
    assert {a["added_by"] for _, a in alters(_graph(app, target.id))} == {"import"}


def test_node_link_json_round_trips_back_in(app: Flask, make, net) -> None:  # type: ignore[no-untyped-def]
    source = make.youth()
    _rich(net, source)
    first = _graph(app, source.id)
    text = export_json(first)
    assert json.loads(text)["graph"]["taken_on"] == TODAY.isoformat()
    target = make.youth()
    with app.app_context():
        plan = plan_import(parse_json(text.encode()), TODAY)
        apply_import(db.session, target.id, plan, replace=False, by_user_id=None, today=TODAY)
        db.session.commit()
    assert _signature(_graph(app, target.id)) == _signature(first)


NETWORK_CANVAS = b"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="name" for="node" attr.name="name" attr.type="string"/>
  <key id="type" for="node" attr.name="type" attr.type="string"/>
  <key id="close" for="node" attr.name="closeness" attr.type="int"/>
  <key id="nc_layout" for="node" attr.name="layout_x" attr.type="double"/>
  <key id="etype" for="edge" attr.name="type" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="a1"><data key="type">person</data><data key="name">Fatima</data><data key="close">1</data><data key="nc_layout">0.4</data></node>
    <node id="a2"><data key="type">person</data><data key="name">Youssef</data></node>
    <node id="a3"><data key="type">person</data><data key="name">Meester Jan</data><data key="close">4</data></node>
    <edge id="e1" source="a1" target="a2"><data key="etype">knows</data></edge>
  </graph>
</graphml>
"""


def test_a_network_canvas_style_export_loads(app: Flask, make) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    with app.app_context():
        plan = plan_import(parse_file(NETWORK_CANVAS, "interview.graphml"), TODAY)
        result = apply_import(
            db.session, youth.id, plan, replace=False, by_user_id=None, today=TODAY
        )
        db.session.commit()
        members = db.session.scalars(
            select(NetworkMember)
            .where(NetworkMember.youth_id == youth.id)
            .order_by(NetworkMember.id)
        ).all()
    assert (result.members, result.ties) == (3, 1)
    assert [(m.display_name, m.ring, m.relation, m.added_by_role) for m in members] == [
        ("Fatima", 1, "other", "import"),
        ("Youssef", 3, "other", "import"),
        ("Meester Jan", 4, "other", "import"),
    ]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<graphml><graph><node id="a"><data key="d0">&lol3;</data></node></graph></graphml>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE graphml [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<graphml><graph><node id="a"/></graph></graphml>
"""


def codes(error: ImportRefused) -> list[tuple[int | None, str]]:
    return [(p.line, p.code) for p in error.problems]


@pytest.mark.parametrize("payload", [BOMB, EXTERNAL])
def test_xml_bombs_and_external_entities_are_refused(payload: bytes) -> None:
    with pytest.raises(ImportRefused) as caught:
        parse_graphml(payload)
    assert [code for _, code in codes(caught.value)] == ["xml_entities"]


def test_malformed_xml_names_the_line() -> None:
    data = b'<?xml version="1.0"?>\n<graphml>\n<graph>\n<node id="a">\n</graph>\n</graphml>\n'
    with pytest.raises(ImportRefused) as caught:
        parse_graphml(data)
    assert codes(caught.value) == [(5, "malformed_xml")]


def test_wrong_types_and_bad_values_name_their_lines() -> None:
    data = b"""<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="l" for="node" attr.name="label" attr.type="string"/>
  <key id="r" for="node" attr.name="ring" attr.type="int"/>
  <key id="s" for="node" attr.name="ring" attr.type="string"/>
  <key id="a" for="node" attr.name="is_adult" attr.type="boolean"/>
  <graph>
    <node id="ok"><data key="l">Mam</data><data key="r">1</data></node>
    <node id="n1"><data key="l">Sem</data>
      <data key="r">twee</data></node>
    <node id="n2"><data key="l">Lisa</data><data key="r">7</data></node>
    <node id="n3"><data key="l">Tim</data><data key="s">2</data><data key="a">misschien</data></node>
    <edge source="ok" target="nobody"/>
  </graph>
</graphml>
"""
    # A value that does not read (twee, misschien) does not hide the later checks.
    with pytest.raises(ImportRefused) as refused:
        plan_import(parse_graphml(data), TODAY)
    assert codes(refused.value) == [
        (10, "bad_value"),
        (11, "member_invalid"),
        (12, "bad_value"),
        (12, "wrong_type"),
        (13, "edge_unknown_node"),
    ]
    semantic = refused
    assert semantic.value.problems[1].params["code"] == "ring"


def test_json_problems_name_their_lines() -> None:
    data = b"""{
  "nodes": [
    {"id": "a", "label": "Mam", "ring": 1},
    {"id": "b", "label": "Sem", "ring": "2"},
    {"id": "c", "label": "", "ring": 2}
  ],
  "links": [
    {"source": "a", "target": "b", "quality": "ruzie"}
  ]
}"""
    with pytest.raises(ImportRefused) as caught:
        plan_import(parse_json(data), TODAY)
    assert codes(caught.value) == [(4, "wrong_type"), (5, "member_invalid"), (8, "edge_quality")]
    with pytest.raises(ImportRefused) as broken:
        parse_json(b'{"nodes": [\n  {"id": "a",}\n]}')
    assert codes(broken.value) == [(2, "malformed_json")]


@pytest.fixture
def team(make: Any) -> Any:
    pro = make.user(StaffRole.PROFESSIONAL)
    return pro, make.youth(professionals=[pro])


def _upload(client: Any, youth: Any, payload: bytes, name: str, **extra: str) -> Any:
    return client.form(
        f"/jongeren/{youth.id}/netwerk/importeren",
        {"file": (io.BytesIO(payload), name), **extra},
        content_type="multipart/form-data",
    )


def test_a_refused_upload_shows_the_line_and_adds_nothing(app, team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    net.member(youth, "Er al")
    client.login(pro)
    data = b'{"nodes": [\n {"id": "a", "label": "Goed"},\n {"id": "b", "label": "Fout", "ring": 9}\n], "links": []}'
    response = _upload(client, youth, data, "netwerk.json", replace="y")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Het bestand is niet ingelezen. Er is niets veranderd." in body
    assert (
        "Regel 3: Persoon &#39;b&#39;: Kies een ring van 1 (heel dichtbij) tot en met 4 (ver weg)."
        in body
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(NetworkMember)) == 1
        assert db.session.scalars(select(NetworkMember)).one().removed_at is None
    bomb = _upload(client, youth, BOMB, "bom.graphml")
    assert bomb.status_code == 422 and "DTD of entiteiten" in bomb.get_data(as_text=True)
    broken = _upload(client, youth, b"<graphml><graph>", "kapot.graphml")
    assert (
        broken.status_code == 422
        and "Regel 1: Het bestand is geen geldige XML" in broken.get_data(as_text=True)
    )


def test_an_upload_that_fits_replaces_the_map(app, team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    net.member(youth, "Oud")
    client.login(pro)
    shown = _upload(client, youth, NETWORK_CANVAS, "nc.graphml", replace="y")
    assert shown.status_code == 200 and "Zo lezen we dit bestand" in shown.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(NetworkMember.display_name)).all() == ["Oud"]
    response = client.form(
        f"/jongeren/{youth.id}/netwerk/importeren/bevestigen",
        {
            "payload": base64.b64encode(NETWORK_CANVAS).decode(),
            "filename": "nc.graphml",
            "replace": "y",
            "closeness": "low_is_close",
            "confirm": "Inlezen",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        current = db.session.scalars(
            select(NetworkMember.display_name).where(
                NetworkMember.youth_id == youth.id, NetworkMember.removed_at.is_(None)
            )
        ).all()
        assert sorted(current) == ["Fatima", "Meester Jan", "Youssef"]
        assert db.session.scalar(select(func.count()).select_from(Tie)) == 1


def test_csv_exports_members_and_ties_and_defuses_formulas(app: Flask, make, net) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    _rich(net, youth)
    net.member(youth, '=HYPERLINK("http://x")')
    graph = _graph(app, youth.id)
    rows = list(csv.DictReader(io.StringIO(members_csv(graph))))
    assert [r["name"] for r in rows] == ["Mam", "Lisa", "Pap", '\'=HYPERLINK("http://x")']
    assert rows[0]["ring"] == "1" and rows[0]["is_adult"] == "true"
    ties = list(csv.DictReader(io.StringIO(ties_csv(graph))))
    assert sorted((t["a_name"], t["b_name"], t["quality"]) for t in ties) == [
        ("Mam", "Lisa", "positive"),
        ("Mam", "Pap", "conflict"),
    ]


def test_export_downloads(team, net, client) -> None:  # type: ignore[no-untyped-def]
    pro, youth = team
    _rich(net, youth)
    client.login(pro)
    for name, mimetype in [
        ("netwerk.graphml", "application/graphml+xml"),
        ("netwerk.json", "application/json"),
        ("personen.csv", "text/csv"),
        ("verbindingen.csv", "text/csv"),
    ]:
        response = client.get(f"/jongeren/{youth.id}/netwerk/export/{name}")
        assert response.status_code == 200 and response.mimetype == mimetype
        assert "attachment" in response.headers["Content-Disposition"]
    assert client.get(f"/jongeren/{youth.id}/netwerk/export/iets.exe").status_code == 404
