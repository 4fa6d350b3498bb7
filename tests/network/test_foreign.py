"""Files written by other tools import with their meaning: Network Canvas (single-session and
unified exports, its relationship variable as a string or one boolean per option, closeness
1–5, conflict edge types), igraph (numbers as doubles), networkx and Gephi. The fixtures are in
tests/network/files/ (see make_files.py for how each was made)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jimnet.network.importing import ImportPlan, ImportRefused, parse_file, plan_import
from jimnet.network.mapping import HIGH_IS_CLOSE, Options

FILES = Path(__file__).resolve().parent / "files"
TODAY = date(2026, 6, 1)

# name -> (relation, adult); ring depends on the closeness rule
NOOR = {
    "Oma Riet": ("grandparent", True),
    "Meester Jan": ("teacher", True),
    "Sanne": ("friend", False),
    "Kevin": ("friend", False),
    "Tante Ilse": ("aunt_uncle", True),
}
# closeness 1-5 where 5 is very close, turned round: 5→1, 4→1, 3→2, 2→3, 1→4
NOOR_RINGS = {"Oma Riet": 1, "Meester Jan": 2, "Sanne": 1, "Kevin": 4, "Tante Ilse": 3}


def _plan(name: str, **options: str) -> ImportPlan:
    data = (FILES / name).read_bytes()
    return plan_import(parse_file(data, name), TODAY, Options(**options))


def _people(plan: ImportPlan) -> dict[str, tuple[str, bool | None, int]]:
    return {d.display_name: (d.relation, d.is_adult, d.ring) for _, d, _ in plan.members}


def _ties(plan: ImportPlan) -> set[tuple[str, str, str]]:
    names = {node: d.display_name for node, d, _ in plan.members}
    return {(*sorted((names[a], names[b])), q) for a, b, q in plan.ties}  # type: ignore[misc]


NOOR_TIES = {
    ("Meester Jan", "Oma Riet", "positive"),
    ("Kevin", "Sanne", "conflict"),
    ("Oma Riet", "Tante Ilse", "positive"),
}


def test_network_canvas_single_session_keeps_relations_closeness_and_conflict() -> None:
    plan = _plan("nc_single.graphml", closeness=HIGH_IS_CLOSE)
    assert plan.mapping is not None and plan.mapping.tool == "networkcanvas"
    people = _people(plan)
    assert {n: (r, a) for n, (r, a, _) in people.items()} == NOOR
    assert {n: ring for n, (_, _, ring) in people.items()} == NOOR_RINGS
    assert _ties(plan) == NOOR_TIES
    rule = plan.mapping.ring
    assert rule is not None and rule.scale == 5 and rule.reversed
    assert rule.table == [(1, 4), (2, 3), (3, 2), (4, 1), (5, 1)]
    used = {u.name: u.target for u in plan.mapping.nodes}
    assert used["relationship_grandparent"] == "relation_option"
    assert used["closeness"] == "closeness"
    assert used["layout_X"] is None and used["networkCanvasUUID"] is None
    edge = {u.name: u for u in plan.mapping.edges}["networkCanvasType"]
    assert edge.values == {"conflict": "conflict", "knows": "positive"}


def test_network_canvas_closeness_where_1_is_closest() -> None:
    people = _people(_plan("nc_single.graphml"))
    assert {n: ring for n, (_, _, ring) in people.items()} == {
        "Oma Riet": 4,
        "Meester Jan": 2,
        "Sanne": 3,
        "Kevin": 1,
        "Tante Ilse": 1,
    }


def test_a_unified_export_asks_which_interview() -> None:
    with pytest.raises(ImportRefused) as refused:
        _plan("nc_unified.graphml")
    assert [(p.code, p.params) for p in refused.value.problems] == [
        ("choose_session", {"count": 2})
    ]
    with pytest.raises(ImportRefused) as unknown:
        _plan("nc_unified.graphml", session="jongere-99")
    assert [p.code for p in unknown.value.problems] == ["unknown_session"]
    noor = _plan("nc_unified.graphml", session="jongere-17", closeness=HIGH_IS_CLOSE)
    assert {n: (r, a) for n, (r, a, _) in _people(noor).items()} == NOOR
    assert _ties(noor) == NOOR_TIES
    assert noor.mapping is not None
    assert [s.attrs["caseId"] for s in noor.mapping.sessions] == ["jongere-17", "jongere-18"]
    daan = _plan("nc_unified.graphml", session="2")
    assert _people(daan) == {
        "Papa": ("parent", True, 4),
        "Lotte": ("sibling", False, 3),
        "Coach Ahmed": ("other", False, 1),
    }
    by_uuid = _plan("nc_unified.graphml", session="6a2f3e4d-5c6b-4a79-9887-766554433221")
    assert set(_people(by_uuid)) == {"Papa", "Lotte", "Coach Ahmed"}


def test_igraph_doubles_and_negative_weights() -> None:
    plan = _plan("igraph.graphml")
    assert plan.mapping is not None and plan.mapping.tool == "igraph"
    assert _people(plan) == {
        "Oma Riet": ("grandparent", True, 1),
        "Meester Jan": ("teacher", True, 3),
        "Sanne": ("friend", False, 2),
        "Kevin": ("friend", False, 4),
        "Tante Ilse": ("aunt_uncle", True, 4),
    }
    assert _ties(plan) == NOOR_TIES


def test_an_igraph_double_like_2_0_is_a_ring() -> None:
    data = (FILES / "igraph.graphml").read_bytes().replace(b">3</data>", b">3.0</data>")
    plan = plan_import(parse_file(data, "x.graphml"), TODAY)
    assert _people(plan)["Meester Jan"][2] == 3
    with pytest.raises(ImportRefused) as refused:
        plan_import(parse_file(data.replace(b">3.0<", b">2.5<"), "x.graphml"), TODAY)
    assert [p.code for p in refused.value.problems] == ["wrong_type"]


def test_networkx_and_gephi_files() -> None:
    plan = _plan("networkx.graphml", closeness=HIGH_IS_CLOSE)
    assert plan.mapping is not None and plan.mapping.tool == "networkx"
    assert {n: (r, a) for n, (r, a, _) in _people(plan).items()} == NOOR
    assert _ties(plan) == NOOR_TIES
    ignored = {u.name for u in plan.mapping.nodes if u.target is None}
    assert ignored == {"age"}
    gephi = _plan("gephi.graphml")
    assert gephi.mapping is not None and gephi.mapping.tool == "gephi"
    assert _people(gephi) == {
        "Oma Riet": ("grandparent", True, 3),
        "Meester Jan": ("teacher", True, 3),
        "Sanne": ("friend", False, 3),
        "Kevin": ("friend", False, 3),
    }
    assert _ties(gephi) == {
        ("Meester Jan", "Oma Riet", "positive"),
        ("Kevin", "Sanne", "conflict"),
    }


def test_a_relation_nobody_knows_becomes_someone_else_and_is_listed() -> None:
    data = (FILES / "gephi.graphml").read_bytes().replace(b"Leraar", b"Buschauffeur")
    plan = plan_import(parse_file(data, "g.graphml"), TODAY)
    assert _people(plan)["Meester Jan"][0] == "other"
    assert plan.mapping is not None and plan.mapping.unknown_relations == ["Buschauffeur"]
