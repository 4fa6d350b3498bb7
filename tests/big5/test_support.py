"""The support domain proposes a level from the network map and the JIM, with the reason; the
assessor confirms or overrules it, and the reason is kept."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from jimnet.accounts.roles import StaffRole
from jimnet.big5.models import Big5Score
from jimnet.big5.support import Reason, proposal_for, propose
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.jim.models import JimState
from jimnet.jim.status import JimSummary
from jimnet.network.evidence import SupportEvidence
from tests.jim.conftest import JimFactory
from tests.network.conftest import NetworkFactory

FIVE = ["work", "income", "existence_security", "school", "support"]


def evidence(*, members=4, adults=3, always=(), uncovered=(), conflicts=()) -> SupportEvidence:
    return SupportEvidence(
        members=members,
        adults=adults,
        always_there_adults=list(always),
        domains_uncovered=list(uncovered),
        domains_covered={d: ["X"] for d in FIVE if d not in uncovered},
        conflict_members=list(conflicts),
        strength={d: 0.5 for d in FIVE},
    )


JIM = JimSummary(name="Anouk", since=date(2025, 1, 1), member_id=1)


@pytest.mark.parametrize(
    ("facts", "jim", "level"),
    [
        (evidence(members=0, adults=0), None, None),  # no map yet: no proposal
        (evidence(members=2, adults=0), None, 1),  # only peers
        (evidence(adults=2), None, 2),  # adults, none always there, no JIM
        (evidence(adults=2), JIM, 4),  # the JIM is the adult who is always there
        (evidence(always=["Oma"], uncovered=["work", "income"]), None, 3),
        (evidence(always=["Oma"], conflicts=["Vader", "Stiefmoeder"]), None, 3),
        (evidence(always=["Oma"], uncovered=["work"]), None, 4),
        (evidence(always=["Oma"]), None, 4),  # one anchor only
        (evidence(always=["Oma"]), JIM, 5),  # two anchors, everything covered
        (evidence(always=["Anouk"]), JIM, 4),  # the JIM is counted once
        (evidence(always=["Oma", "Oom"], conflicts=["Vader"]), None, 4),
        (evidence(always=["Oma", "Oom"]), None, 5),
    ],
)
def test_proposal_from_known_networks(facts, jim, level):
    proposal = propose(facts, jim)
    assert proposal.level == level
    codes = [r.code for r in proposal.reasons]
    if level is None:
        assert codes == ["no_map"]
    else:
        assert "always_there" in codes
        assert ("jim" in codes) == (jim is not None)
        assert (
            Reason("uncovered", tuple(facts.domains_uncovered), len(facts.domains_uncovered))
            in proposal.reasons
        )


def test_proposal_from_a_stored_network_and_an_active_jim(app, make):
    net, jims = NetworkFactory(app), JimFactory(app, make)
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro], age=17)
    with app.app_context():
        assert proposal_for(db.session, youth.id).level is None
    net.member(
        youth,
        "Oma",
        relation="grandparent",
        sector="family",
        ring=1,
        supports=[("emotional", "support"), ("practical", "existence_security")],
    )
    net.member(youth, "Jesse", is_adult=False, supports=[("company", "school")])
    with app.app_context():
        proposal = proposal_for(db.session, youth.id)
        assert proposal.level == 3  # one anchor, but work and income are not covered
        assert proposal.anchors == ("Oma",)
    aunt = jims.member(youth, "Anouk de Boer")
    jims.nomination(youth, aunt, JimState.ACTIVE)
    net.member(
        youth,
        "Coach Ali",
        relation="sports_coach",
        sector="leisure",
        ring=2,
        supports=[("advice", "work"), ("practical", "income")],
    )
    with app.app_context():
        proposal = proposal_for(db.session, youth.id)
        assert proposal.jim is not None and proposal.jim.name == "Anouk de Boer"
        assert proposal.level == 5
        assert set(proposal.anchors) == {"Oma", "Anouk de Boer", "Coach Ali"}


def test_the_assessor_confirms_or_overrules_with_a_kept_reason(app, make, client):
    net = NetworkFactory(app)
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro], age=17)
    net.member(
        youth,
        "Oma",
        relation="grandparent",
        sector="family",
        ring=1,
        supports=[(k, d) for k in ("emotional",) for d in FIVE],
    )
    client.login(pro)
    url = f"/jongeren/{youth.id}/big5/scoren"
    page = client.get(url).get_data(as_text=True)
    assert "Voorstel uit de netwerkkaart: 4" in page
    assert "Oma" in page
    base = {"assessed_on": today().isoformat(), **{f"level_{k}": "4" for k in FIVE}}
    # Overruling without a reason: refused next to the field, the typed scores stay.
    response = client.form(url, {**base, "level_support": "2", "note_work": "Werkt bij de bakker"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Schrijf op waarom" in html
    assert "Werkt bij de bakker" in html
    response = client.form(
        url, {**base, "level_support": "2", "overrule_support": "Oma verhuist naar Spanje."}
    )
    assert response.status_code == 302
    with app.app_context():
        score = db.session.scalars(
            select(Big5Score).where(Big5Score.domain_key == "support").order_by(Big5Score.id.desc())
        ).first()
        assert (score.level, score.proposed_level) == (2, 4)
        assert score.overrule_reason == "Oma verhuist naar Spanje."
        assert "Oma" in score.proposal_reason
    # Confirming keeps the proposal and its reason, no overrule reason needed.
    assert client.form(url, base).status_code == 302
    with app.app_context():
        score = db.session.scalars(
            select(Big5Score).where(Big5Score.domain_key == "support").order_by(Big5Score.id.desc())
        ).first()
        assert (score.level, score.proposed_level, score.overrule_reason) == (4, 4, None)
