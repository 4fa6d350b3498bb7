"""The one feature function: what each feature means, missing facts, kept rows."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from jimnet.matching.features import (
    FEATURES,
    INDEX,
    MemberFacts,
    NetworkMap,
    TieFacts,
    age_band,
    feature_table,
    from_member_facts,
    from_snapshot,
    snapshot,
)

ON = date(2026, 6, 1)


def _map(**kwargs: object) -> NetworkMap:
    members = [
        MemberFacts(1, "Karin", "parent", "family", 1, quality="mixed", supports=(("practical", "income"),)),
        MemberFacts(
            2, "Lotte", "aunt_uncle", "family", 1, contact_frequency="weekly",
            known_since=date(2016, 5, 1), supports=(("emotional", "school"), ("practical", "income")),
        ),
        MemberFacts(3, "Ayoub", "sports_coach", "leisure", 3, contact_frequency=None),
        MemberFacts(4, "Daan", "friend", "friends", 2, is_adult=False, supports=(("company", "leisure"),)),
        MemberFacts(5, "Gerda", "neighbour", "leisure", 4, quality="conflict"),
    ]  # fmt: skip
    ties = [TieFacts(1, 2, "conflict"), TieFacts(2, 3), TieFacts(3, 4), TieFacts(1, 5)]
    defaults: dict[str, object] = {
        "members": members,
        "ties": ties,
        "on": ON,
        "youth_age": 15,
        "big5_levels": {"income": 2, "school": 4},
        "earlier": {3: ["not_suitable"]},
    }
    return NetworkMap(**{**defaults, **kwargs})  # type: ignore[arg-type]


def test_each_feature_reads_the_map():
    table = feature_table(_map())
    lotte = table.row(2)
    assert lotte["closeness"] == 4 and lotte["contact"] == 3 and lotte["years_known"] == 10
    assert lotte["support_kinds"] == 2 and lotte["support_domains"] == 2
    assert lotte["covers_low"] == 1  # income is low (2), school is not (4)
    assert lotte["family"] == 1 and lotte["leisure"] == 0
    assert lotte["conflict_ties"] == 1  # with Karin
    assert lotte["supporter_ties"] == 0  # Ayoub gives no support; Karin is a conflict tie
    assert lotte["bridge"] == 0  # an end of the path Lotte–Ayoub–Daan
    ayoub = table.row(3)
    # Ayoub holds that path together; both Lotte and Daan support the young person.
    assert ayoub["bridge"] == 1 and ayoub["supporter_ties"] == 2
    assert ayoub["earlier_refused"] == 1 and ayoub["earlier_jim"] == 0
    assert table.row(5)["conflict"] == 1 and table.row(1)["mixed"] == 1
    assert table.details[1].conflict_with == ("Karin",)
    assert table.details[1].low_domains_covered == ("income",)


def test_missing_facts_are_nan_never_a_guess():
    table = feature_table(_map(big5_levels={}, youth_age=None))
    ayoub = table.row(3)
    assert ayoub["contact"] is None and ayoub["years_known"] is None
    assert ayoub["covers_low"] is None and ayoub["age_band"] is None


def test_age_bands_at_their_boundaries():
    assert [age_band(a) for a in (12, 15, 16, 17, 18, 23)] == [0, 0, 1, 1, 2, 2]
    assert math.isnan(age_band(None))


def test_names_and_contact_details_are_not_features():
    base = feature_table(_map()).values
    renamed = _map(members=[
        MemberFacts(m.id, f"X{m.id}", m.relation, m.sector, m.ring, m.quality, m.contact_frequency,
                    m.known_since, m.is_adult, m.supports)
        for m in _map().members
    ])  # fmt: skip
    np.testing.assert_array_equal(base, feature_table(renamed).values)
    for protected in ("gender", "sex", "origin", "religion", "name", "email", "phone"):
        assert protected not in FEATURES


def test_a_kept_row_reads_back_the_same():
    table = feature_table(_map(), [2, 3])
    kept = snapshot(table, 3)
    row = from_snapshot(kept)
    assert row is not None
    np.testing.assert_array_equal(row, table.values[1])
    assert from_snapshot({"version": 0, "values": {}}) is None
    assert from_snapshot(None) is None


def test_old_nominations_are_rebuilt_from_their_facts_with_graph_features_unknown():
    facts = {
        "relation": "aunt_uncle", "sector": "family", "ring": 1, "contact_frequency": "weekly",
        "known_since": "2016-05-01", "quality": "positive", "supports": ["emotional:school"],
    }  # fmt: skip
    row = from_member_facts(facts, ON, 15)
    assert row[INDEX["closeness"]] == 4 and row[INDEX["support_kinds"]] == 1
    assert math.isnan(row[INDEX["bridge"]]) and math.isnan(row[INDEX["supporter_ties"]])
    assert not math.isnan(from_member_facts({}, ON, None)[INDEX["closeness"]])


@pytest.mark.parametrize("seed", range(40))
def test_bridges_are_networkx_articulation_points(seed):
    """The ranking finds bridges with its own depth-first search on the adjacency sets; on
    random maps (trees, cycles, several parts, lone people, dense groups) it finds exactly what
    networkx finds."""
    import random

    import networkx as nx

    from jimnet.matching.features import articulation_points

    rng = random.Random(seed)
    n = rng.randint(1, 60)
    density = rng.choice([0.02, 0.05, 0.1, 0.3])
    graph = nx.gnp_random_graph(n, density, seed=seed)
    if seed % 4 == 0:
        graph = nx.random_labeled_tree(n, seed=seed) if n > 1 else graph
    adjacency = {node: set(graph.neighbors(node)) for node in graph.nodes}
    assert articulation_points(adjacency) == set(nx.articulation_points(graph))
