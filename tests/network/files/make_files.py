"""Writes the foreign-tool fixtures of this folder (run: python tests/network/files/make_files.py).

- ``networkx.graphml``: written by networkx's ``write_graphml`` (keys ``d0``, ``d1`` …);
- ``igraph.graphml``: written by python-igraph's ``write_graphml`` (keys ``v_name``, every
  number a double such as ``2.0``);
- ``nc_single.graphml`` and ``nc_unified.graphml``: the shape Network Canvas's exporter
  (complexdatacollective/network-exporters, ``createGraphML.js``) writes: the ``nc`` namespace,
  a ``label`` key for all, ``networkCanvasType`` and ``networkCanvasUUID`` keys, variable keys
  whose id is the variable's UUID and whose ``attr.name`` is its name, a categorical variable
  split into one boolean key per option (id ``<uuid>_<sha1(option)>``, name
  ``<variable>_<option>``), ordinal values typed ``int``, ego data on ``<graph>``, one
  ``<graph>`` per interview with ``nc:caseId`` / ``nc:sessionUUID`` in a unified export, edges
  typed by their edge type's name (``knows``, ``conflict``);
- ``gephi.graphml`` is written by hand after Gephi 0.10's GraphML export (``label``,
  ``Edge Label``, ``weight`` as double, ``r``/``g``/``b``, ``x``/``y``/``size``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import networkx as nx

HERE = Path(__file__).resolve().parent
PEOPLE = [
    # name, relationship option, closeness 1-5 (5 = very close in this protocol)
    ("Oma Riet", "grandparent", 5),
    ("Meester Jan", "teacher", 3),
    ("Sanne", "friend", 4),
    ("Kevin", "friend", 1),
    ("Tante Ilse", "aunt", 2),
]
TIES = [(0, 1, "knows"), (2, 3, "conflict"), (0, 4, "knows")]


def networkx_file() -> None:
    graph = nx.Graph()
    for i, (name, relation, close) in enumerate(PEOPLE):
        graph.add_node(f"p{i}", name=name, relationship=relation, closeness=close, age=40 + i)
    for a, b, kind in TIES:
        graph.add_edge(f"p{a}", f"p{b}", kind=kind)
    nx.write_graphml(graph, HERE / "networkx.graphml")


def igraph_file() -> None:
    import igraph

    graph = igraph.Graph()
    graph.add_vertices(len(PEOPLE))
    graph.vs["name"] = [p[0] for p in PEOPLE]
    graph.vs["relation"] = [p[1] for p in PEOPLE]
    graph.vs["ring"] = [min(4, 6 - p[2]) for p in PEOPLE]
    graph.add_edges([(a, b) for a, b, _ in TIES])
    graph.es["weight"] = [1.0, -1.0, 2.0]
    graph.write_graphml(str(HERE / "igraph.graphml"))


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()  # noqa: S324 - what Network Canvas uses


NAME_VAR = "7c3b0e54-7d7a-4c1f-9a68-1d1a0b3b5e01"
REL_VAR = "0f3a9c2e-5b8d-4e6a-8f2b-3c4d5e6f7a02"
CLOSE_VAR = "2b4c6d8e-1f3a-4b5c-9d7e-8f9a0b1c2d03"
LAYOUT_VAR = "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c04"
EGO_NAME = "4d5e6f7a-8b9c-4d0e-a1f2-b3c4d5e6f705"
OPTIONS = ["parent", "grandparent", "sibling", "aunt", "teacher", "friend", "other"]


def _nc_header() -> str:
    return """<?xml version="1.0" encoding="UTF-8"?>
  <graphml
    xmlns="http://graphml.graphdrawing.org/xmlns"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns
    http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
    xmlns:nc="http://schema.networkcanvas.com/xmlns">
"""


def _nc_keys(categorical: bool) -> str:
    keys = [f'<key id="{EGO_NAME}" attr.name="name" attr.type="string" for="graph"/>']
    keys += [
        '<key id="label" attr.name="label" attr.type="string" for="all"/>',
        '<key id="networkCanvasType" attr.name="networkCanvasType" attr.type="string" for="all"/>',
        '<key id="networkCanvasUUID" attr.name="networkCanvasUUID" attr.type="string" for="all"/>',
        f'<key id="{NAME_VAR}" attr.name="name" attr.type="string" for="node"/>',
    ]
    if categorical:
        for option in OPTIONS:
            keys.append(
                f'<key id="{REL_VAR}_{_sha1(option)}" attr.name="relationship_{option}" '
                'attr.type="boolean" for="node"/>'
            )
    else:
        keys.append(f'<key id="{REL_VAR}" attr.name="relationship" attr.type="string" for="node"/>')
    keys += [
        f'<key id="{CLOSE_VAR}" attr.name="closeness" attr.type="int" for="node"/>',
        f'<key id="{LAYOUT_VAR}_X" attr.name="layout_X" attr.type="double" for="node"/>',
        f'<key id="{LAYOUT_VAR}_Y" attr.name="layout_Y" attr.type="double" for="node"/>',
        '<key id="networkCanvasTargetUUID" attr.name="networkCanvasTargetUUID" '
        'attr.type="string" for="edge"/>',
        '<key id="networkCanvasSourceUUID" attr.name="networkCanvasSourceUUID" '
        'attr.type="string" for="edge"/>',
    ]
    return "".join(k + "\n" for k in keys)


def _nc_graph(case: str, session: str, ego: str, people: list[tuple[str, str, int]],
              categorical: bool, first_id: int) -> str:  # fmt: skip
    out = [
        f"""<graph
  edgedefault="undirected"
  nc:caseId="{case}"
  nc:sessionUUID="{session}"
  nc:protocolName="Netwerkkaart jongeren"
  nc:remoteProtocolID="a1b2c3"
  nc:sessionExportTime="2026-05-30T10:12:00.000Z"
    nc:sessionStartTime="2026-05-30T09:00:00.000Z"
    nc:sessionFinishTime="2026-05-30T09:40:00.000Z"
>
""",
        f'<data key="networkCanvasUUID">{session}-ego</data>\n',
        f'<data key="{EGO_NAME}">{ego}</data>\n',
    ]
    uuids = []
    for i, (name, relation, close) in enumerate(people):
        uuid = f"{session[:8]}-node-{i}"
        uuids.append(uuid)
        lines = [
            f'<node id="{first_id + i}">',
            f'  <data key="networkCanvasUUID">{uuid}</data>',
            '  <data key="networkCanvasType">person</data>',
            f'  <data key="label">{name}</data>',
            f'  <data key="{NAME_VAR}">{name}</data>',
        ]
        if categorical:
            for option in OPTIONS:
                value = "true" if option == relation else "false"
                lines.append(f'  <data key="{REL_VAR}_{_sha1(option)}">{value}</data>')
        else:
            lines.append(f'  <data key="{REL_VAR}">{relation.capitalize()}</data>')
        lines += [
            f'  <data key="{CLOSE_VAR}">{close}</data>',
            f'  <data key="{LAYOUT_VAR}_X">{0.1 * (i + 1):.2f}</data>',
            f'  <data key="{LAYOUT_VAR}_Y">{0.9 - 0.1 * i:.2f}</data>',
            "</node>",
        ]
        out.append("\n".join(lines) + "\n")
    for j, (a, b, kind) in enumerate(TIES):
        if max(a, b) >= len(people):
            continue
        out.append(
            f'<edge id="{first_id + len(people) + j}" source="{first_id + a}" '
            f'target="{first_id + b}">\n'
            f'  <data key="networkCanvasUUID">{session[:8]}-edge-{j}</data>\n'
            f'  <data key="networkCanvasType">{kind}</data>\n'
            f'  <data key="networkCanvasSourceUUID">{uuids[a]}</data>\n'
            f'  <data key="networkCanvasTargetUUID">{uuids[b]}</data>\n'
            "</edge>\n"
        )
    out.append("</graph>\n")
    return "".join(out)


def network_canvas_files() -> None:
    single = (
        _nc_header()
        + _nc_keys(categorical=True)
        + _nc_graph("jongere-17", "5f1e2d3c-4b5a-4968-8776-655443322110", "Noor", PEOPLE, True, 1)
        + "</graphml>\n"
    )
    (HERE / "nc_single.graphml").write_text(single)
    second = [("Papa", "parent", 5), ("Lotte", "sibling", 4), ("Coach Ahmed", "other", 2)]
    unified = (
        _nc_header()
        + _nc_keys(categorical=False)
        + _nc_graph("jongere-17", "5f1e2d3c-4b5a-4968-8776-655443322110", "Noor", PEOPLE, False, 1)
        + _nc_graph(
            "jongere-18", "6a2f3e4d-5c6b-4a79-9887-766554433221", "Daan", second, False, 100
        )
        + "</graphml>\n"
    )
    (HERE / "nc_unified.graphml").write_text(unified)


if __name__ == "__main__":
    networkx_file()
    igraph_file()
    network_canvas_files()
