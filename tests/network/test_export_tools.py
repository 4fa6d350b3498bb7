"""Exports that other tools read as they are: GraphML with typed keys, edge weights and labels
(networkx, igraph, and the checks Gephi's importer makes), node-link JSON that the current
networkx reads with its defaults (``edges``), CSV with a BOM for Excel, and files that stay
well-formed whatever text is stored."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import defusedxml.ElementTree as ET
import networkx as nx
import pytest
from flask import Flask

from jimnet.accounts.roles import StaffRole
from jimnet.network.io_csv import members_csv
from jimnet.network.io_graphml import export_graphml
from jimnet.network.io_json import export_json
from tests.network.test_io import TODAY, _graph, _rich

NS = "{http://graphml.graphdrawing.org/xmlns}"
GEPHI_TYPES = {"boolean", "int", "long", "float", "double", "string"}


def _youth_graph(app: Flask, make: Any, net: Any) -> nx.Graph:
    youth = make.youth()
    _rich(net, youth)
    return _graph(app, youth.id)


def test_networkx_reads_graphml_typed_with_weights(app: Flask, make: Any, net: Any) -> None:
    graph = _youth_graph(app, make, net)
    read = nx.read_graphml(io.BytesIO(export_graphml(graph)))
    mam = next(d for _, d in read.nodes(data=True) if d.get("label") == "Mam")
    assert mam["ring"] == 1 and mam["is_adult"] is True and mam["member_id"] > 0
    ego_edges = {
        read.nodes[b if a == "ego" else a]["label"]: d for a, b, d in read.edges("ego", data=True)
    }
    assert ego_edges["Mam"]["weight"] == 4.0 and ego_edges["Pap"]["weight"] == 2.0
    ties = [d for _, _, d in read.edges(data=True) if d["type"] == "tie"]
    assert sorted((d["weight"], d["label"]) for d in ties) == [(1.0, "conflict"), (1.0, "positive")]


def test_networkx_reads_the_json_with_its_defaults(app: Flask, make: Any, net: Any) -> None:
    graph = _youth_graph(app, make, net)
    data = json.loads(export_json(graph))
    assert "edges" in data and "links" not in data
    read = nx.node_link_graph(data)  # the current default: edges="edges" (no warning allowed)
    assert read.number_of_nodes() == 4 and read.number_of_edges() == 5
    labels = {d["label"] for n, d in read.nodes(data=True) if n != "ego"}
    assert labels == {"Mam", "Lisa", "Pap"}


def test_igraph_reads_graphml_with_labels_and_weights(
    app: Flask, make: Any, net: Any, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    igraph = pytest.importorskip("igraph")
    graph = _youth_graph(app, make, net)
    path = tmp_path / "jimnet.graphml"
    path.write_bytes(export_graphml(graph))
    read = igraph.Graph.Read_GraphML(str(path))
    rings = {v["label"]: v["ring"] for v in read.vs if v["type"] == "alter"}
    assert rings == {"Mam": 1, "Lisa": 2, "Pap": 3}
    assert sorted(read.es["weight"]) == [1.0, 1.0, 2.0, 3.0, 4.0]


def test_igraph_round_trip_back_into_jimnet(app: Flask, make: Any, net: Any, tmp_path) -> None:  # type: ignore[no-untyped-def]
    igraph = pytest.importorskip("igraph")
    from jimnet.network.importing import parse_file, plan_import

    graph = _youth_graph(app, make, net)
    source = tmp_path / "jimnet.graphml"
    source.write_bytes(export_graphml(graph))
    read = igraph.Graph.Read_GraphML(str(source))
    path = tmp_path / "from-igraph.graphml"
    read.write_graphml(str(path))
    plan = plan_import(parse_file(path.read_bytes(), path.name), TODAY)
    people = {d.display_name: (d.relation, d.ring, d.quality) for _, d, _ in plan.members}
    assert people == {
        "Mam": ("parent", 1, "positive"),
        "Lisa": ("friend", 2, "mixed"),
        "Pap": ("parent", 3, "conflict"),
    }
    assert sorted(q for *_, q in plan.ties) == ["conflict", "positive"]


def gephi_reader_check(data: bytes) -> list[str]:
    """What Gephi's GraphML importer needs: every <data> names a declared key of a type it
    knows, node labels in the key named ``label`` (string), edge weights in the key named
    ``weight`` (double) on every edge, an ``edgedefault`` on the graph."""
    root = ET.fromstring(data)
    problems = []
    keys = {k.get("id"): k for k in root.iter(f"{NS}key")}
    for key in keys.values():
        if key.get("attr.type") not in GEPHI_TYPES:
            problems.append(f"key {key.get('id')} type {key.get('attr.type')}")
    by_name = {(k.get("for"), k.get("attr.name")): k.get("id") for k in keys.values()}
    label = by_name.get(("node", "label"))
    weight = by_name.get(("edge", "weight"))
    if label is None or keys[label].get("attr.type") != "string":
        problems.append("no node label key")
    if weight is None or keys[weight].get("attr.type") != "double":
        problems.append("no double edge weight key")
    graph = root.find(f"{NS}graph")
    if graph is None or graph.get("edgedefault") not in ("directed", "undirected"):
        problems.append("no edgedefault")
    for data_el in root.iter(f"{NS}data"):
        if data_el.get("key") not in keys:
            problems.append(f"undeclared key {data_el.get('key')}")
    for edge in root.iter(f"{NS}edge"):
        if not any(d.get("key") == weight for d in edge.iter(f"{NS}data")):
            problems.append("edge without weight")
    return problems


def test_the_graphml_passes_gephis_reader_checks(app: Flask, make: Any, net: Any) -> None:
    assert gephi_reader_check(export_graphml(_youth_graph(app, make, net))) == []


def test_csv_has_a_bom_so_excel_reads_zoe(app: Flask, make: Any, net: Any) -> None:
    youth = make.youth()
    net.member(youth, "Zoë")
    text = members_csv(_graph(app, youth.id))
    assert text.startswith("\ufeff")
    data = text.encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["name"] == "Zoë" and next(iter(rows[0])) == "member_id"


def test_stored_control_characters_cannot_break_an_export(
    app: Flask, make: Any, net: Any, client: Any
) -> None:
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    net.tie(net.member(youth, "Sam\x01\x1b"), net.member(youth, "Bo\x0b"))
    graph = _graph(app, youth.id)
    ET.fromstring(export_graphml(graph))  # well-formed
    assert "Sam\ufffd\ufffd" in export_graphml(graph).decode()
    client.login(pro)
    page = client.get(f"/jongeren/{youth.id}/netwerk")
    svg = page.get_data(as_text=True)
    start, end = svg.index("<svg"), svg.index("</svg>") + len("</svg>")
    ET.fromstring(svg[start:end])
    for name in ("netwerk.graphml", "netwerk.json", "personen.csv", "verbindingen.csv"):
        response = client.get(f"/jongeren/{youth.id}/netwerk/export/{name}")
        assert response.status_code == 200
        body = response.data.decode("utf-8")
        assert "\x01" not in body and "\x1b" not in body, name
