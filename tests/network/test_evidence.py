"""support_evidence: the BIG5's view of the network, on a small known network."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask import Flask

from jimnet.extensions import db
from jimnet.network.evidence import MemberFacts, domain_strength, support_evidence


def test_evidence_on_a_known_network(app: Flask, make, net) -> None:  # type: ignore[no-untyped-def]
    youth = make.youth()
    net.member(
        youth,
        "Anouk",
        relation="aunt_uncle",
        sector="family",
        ring=1,
        supports=[("emotional", "support"), ("practical", "income")],
    )
    net.member(youth, "Tim", is_adult=False, ring=2, supports=[("company", "school")])
    net.member(youth, "Vader", relation="parent", sector="family", ring=3, quality="conflict")
    net.member(youth, "Weg", ring=1, supports=[("practical", "work")], removed_at=datetime.now(UTC))
    other = make.youth()
    net.member(other, "Vreemde", supports=[("practical", "work")])

    with app.app_context():
        evidence = support_evidence(db.session, youth.id)

    assert evidence.members == 3
    assert evidence.adults == 2
    assert evidence.always_there_adults == ["Anouk"]
    assert evidence.domains_covered == {
        "income": ["Anouk"],
        "school": ["Tim"],
        "support": ["Anouk"],
    }
    assert evidence.domains_uncovered == ["work", "existence_security"]
    assert evidence.conflict_members == ["Vader"]
    # Anouk: ring 1 (0.8) x positive (1) x adult (1) x one kind (0.55)
    assert evidence.strength["income"] == pytest.approx(0.44)
    # Tim: ring 2 (0.6) x positive x minor (0.5) x one kind (0.55)
    assert evidence.strength["school"] == pytest.approx(0.165)
    assert evidence.strength["work"] == 0.0


def test_strength_grows_with_supporters_and_stays_below_one() -> None:
    helper = MemberFacts("A", 1, "positive", True, frozenset({("practical", "income")}))
    one = domain_strength([helper], "income")
    three = domain_strength([helper] * 3, "income")
    many = domain_strength([helper] * 40, "income")
    assert one == pytest.approx(0.44)
    assert three == pytest.approx(0.824)
    assert one < three < many <= 1.0
    conflict = MemberFacts("B", 1, "conflict", True, frozenset({("practical", "income")}))
    assert domain_strength([conflict], "income") == 0.0
