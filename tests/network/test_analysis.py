"""The analysis on small, known graphs: every number here can be checked by hand."""

from __future__ import annotations

from typing import Any

import networkx as nx
import pytest
from flask import Flask

from jimnet.network.analysis import CONFLICT_TIE, CONFLICT_WITH_YOUTH, analyse
from jimnet.network.findings import describe
from jimnet.network.graph import EGO


def person(graph: nx.Graph, member_id: int, name: str, *, supports: str = "", **attrs: Any) -> str:
    node = f"m{member_id}"
    values = {
        "type": "alter",
        "member_id": member_id,
        "label": name,
        "relation": "friend",
        "sector": "friends",
        "ring": 2,
        "quality": "positive",
        "is_adult": True,
        "youth_supports_member": False,
        "supports": supports,
        **attrs,
    }
    graph.add_node(node, **values)
    graph.add_edge(EGO, node, type="ego", ring=values["ring"], quality=values["quality"])
    return node


def tie(graph: nx.Graph, a: str, b: str, quality: str = "positive") -> None:
    graph.add_edge(a, b, type="tie", quality=quality)


def ego_graph() -> nx.Graph:
    graph = nx.Graph(source="jimnet", youth_id=1, taken_on="2026-01-01")
    graph.add_node(EGO, type="ego", label="Noa", youth_id=1)
    return graph


def names(people: list[Any]) -> list[str]:
    return [p.name for p in people]


def test_size_per_sector_and_ring_and_adults() -> None:
    g = ego_graph()
    person(g, 1, "Mam", sector="family", ring=1, relation="parent")
    person(g, 2, "Broer", sector="family", ring=1, is_adult=False)
    person(g, 3, "Lisa", ring=2, is_adult=False)
    person(g, 4, "Juf", sector="school_work", ring=3)
    result = analyse(g)
    assert result.size == 4
    assert result.adults == 2 and result.minors == 2
    assert result.by_sector == {
        "family": 2,
        "friends": 1,
        "school_work": 1,
        "leisure": 0,
        "professional": 0,
    }
    assert result.by_ring == {1: 2, 2: 1, 3: 1, 4: 0}


def test_coverage_gaps_and_sole_supporters() -> None:
    g = ego_graph()
    person(g, 1, "Mam", supports="emotional:support;practical:income")
    person(g, 2, "Oom", supports="advice:income;advice:work")
    person(g, 3, "Lisa", supports="company:leisure")
    result = analyse(g)
    assert names(result.coverage["income"]["practical"]) == ["Mam"]
    assert names(result.coverage["income"]["advice"]) == ["Oom"]
    assert result.coverage["school"] == {
        "emotional": [],
        "practical": [],
        "advice": [],
        "company": [],
    }
    assert result.uncovered == ["existence_security", "school", "health"]
    assert result.big5_uncovered == ["existence_security", "school"]
    assert {d: p.name for d, p in result.sole_supporter.items()} == {
        "work": "Oom",
        "support": "Mam",
        "leisure": "Lisa",
    }
    assert "income" not in result.sole_supporter


def test_articulation_points_and_brokers_among_members() -> None:
    # Two groups (family: A-B, friends: C-D) joined only through B-C: B and C hold them together.
    g = ego_graph()
    a, b, c, d = (person(g, i, n) for i, n in enumerate("ABCD", start=1))
    e = person(g, 5, "E")  # knows nobody
    tie(g, a, b)
    tie(g, b, c)
    tie(g, c, d)
    result = analyse(g)
    assert names(result.bridges) == ["B", "C"]
    assert [p.name for p, _ in result.brokers] == ["B", "C"]
    # B lies on the shortest paths of A-C and A-D: 2 of the 6 pairs among the other four
    # members (E included: it counts for the normalisation, though it knows nobody).
    assert result.brokers[0][1] == pytest.approx(2 / 6)
    assert result.groups == 1
    assert e not in {p.node for p in result.bridges}


def test_conflict_ties_do_not_hold_the_network_together() -> None:
    g = ego_graph()
    a, b, c = person(g, 1, "A"), person(g, 2, "B"), person(g, 3, "C")
    tie(g, a, b)
    tie(g, b, c, "conflict")
    result = analyse(g)
    assert result.bridges == []
    assert result.groups == 1
    assert [(x.name, y.name) for x, y in result.conflict_pairs] == [("B", "C")]


def test_pillars_carry_several_kinds_of_support() -> None:
    g = ego_graph()
    person(g, 1, "Oma", supports="emotional:support;practical:income;advice:school")
    person(g, 2, "Tim", supports="company:leisure;company:school")
    result = analyse(g)
    assert [(p.name, k, d) for p, k, d in result.pillars] == [("Oma", 3, 3)]


def test_conflict_with_youth_and_supporters_tied_to_it() -> None:
    g = ego_graph()
    dad = person(g, 1, "Vader", quality="conflict", relation="parent")
    mum = person(g, 2, "Moeder", supports="emotional:support")
    aunt = person(g, 3, "Tante", supports="practical:income")
    friend = person(g, 4, "Lisa")  # no support: not listed
    tie(g, mum, dad)
    tie(g, aunt, mum, "conflict")
    tie(g, friend, dad)
    result = analyse(g)
    assert names(result.conflict_with_youth) == ["Vader"]
    assert [(s.name, o.name, why) for s, o, why in result.supporters_near_conflict] == [
        ("Moeder", "Tante", CONFLICT_TIE),
        ("Moeder", "Vader", CONFLICT_WITH_YOUTH),
        ("Tante", "Moeder", CONFLICT_TIE),
    ]


def test_reciprocal_support_needs_support_both_ways() -> None:
    g = ego_graph()
    person(g, 1, "Lisa", supports="company:leisure", youth_supports_member=True)
    person(g, 2, "Sam", youth_supports_member=True)  # the youth helps Sam, Sam gives nothing back
    person(g, 3, "Juf", supports="advice:school")
    assert names(analyse(g).reciprocal) == ["Lisa"]


def test_strength_per_domain_follows_the_documented_formula() -> None:
    g = ego_graph()
    person(g, 1, "Mam", ring=1, supports="practical:income")
    person(g, 2, "Tim", ring=2, is_adult=False, supports="practical:income")
    result = analyse(g)
    # 1 - (1 - 0.8*0.55) * (1 - 0.6*0.5*0.55)
    assert result.strength["income"] == pytest.approx(1 - (1 - 0.44) * (1 - 0.165), abs=0.001)
    assert result.strength["work"] == 0.0


def test_empty_network() -> None:
    result = analyse(ego_graph())
    assert result.size == 0
    assert result.bridges == [] and result.brokers == [] and result.pillars == []
    assert len(result.uncovered) == 7


def test_findings_speak_plain_dutch(app: Flask) -> None:
    g = ego_graph()
    person(g, 1, "Mam", ring=1, supports="emotional:support")
    person(g, 2, "Vader", quality="conflict")
    with app.test_request_context():
        texts = [f.text for f in describe(analyse(g))]
    assert "Niemand helpt bij geld." in texts
    assert "Niemand helpt bij werk." in texts
    assert "Niemand is er als het moeilijk is." not in texts
    assert "Alleen Mam helpt bij steun en een luisterend oor." in texts
    assert "Met Vader is er ruzie of spanning." in texts
    assert "Het netwerk is klein. Wie zou er nog bij kunnen?" in texts
    assert "Volwassenen dichtbij die steunen of helpen: Mam." in texts


def test_findings_name_who_holds_the_network_together(app: Flask) -> None:
    g = ego_graph()
    a, b, c, d = (person(g, i, n) for i, n in enumerate(["Ali", "Bo", "Cas", "Dirk"], start=1))
    tie(g, a, b)
    tie(g, b, c)
    with app.test_request_context():
        texts = [f.text for f in describe(analyse(g))]
        assert (
            "Bo verbindt mensen die elkaar anders niet kennen. "
            "Valt Bo weg, dan valt het netwerk uit elkaar."
        ) in texts
        tie(g, c, d)
        texts = [f.text for f in describe(analyse(g))]
    assert (
        "Bo en Cas verbinden mensen die elkaar anders niet kennen. "
        "Valt een van hen weg, dan valt het netwerk uit elkaar."
    ) in texts


def test_analysis_serialises_to_json() -> None:
    import json

    g = ego_graph()
    a = person(g, 1, "A", supports="advice:work")
    b = person(g, 2, "B")
    tie(g, a, b, "conflict")
    data = json.loads(json.dumps(analyse(g).as_dict()))
    assert data["coverage"]["work"]["advice"] == [{"node": "m1", "member_id": 1, "name": "A"}]
    assert data["by_ring"] == {"1": 0, "2": 2, "3": 0, "4": 0}
    assert data["supporters_near_conflict"][0]["reason"] == "conflict_tie"
