"""The synthetic history: reproducible, and the documented ground truth."""

from __future__ import annotations

from datetime import date

from jimnet.jim.candidates import rule
from jimnet.matching import synthetic
from jimnet.matching.explain import GOOD
from jimnet.matching.features import feature_table
from jimnet.matching.ranking import RankedCandidate, RankerInUse, Ranking, has_good_candidate

ON = date(2026, 6, 1)


def test_the_same_seed_gives_the_same_history():
    a = synthetic.history(synthetic.population(30, 5, ON), 6)
    b = synthetic.history(synthetic.population(30, 5, ON), 6)
    assert [(n.member_id, n.lasted12) for n in a] == [(n.member_id, n.lasted12) for n in b]


def test_the_truth_is_the_documented_function_and_outcomes_follow_it():
    people = synthetic.population(200, 8, ON)
    for y in people:
        table = feature_table(y.complete, y.eligible)
        for member_id, row in zip(table.member_ids, table.values, strict=True):
            known = synthetic.truth_logit(row)
            # p12 = sigmoid(known part + ε) with ε ~ N(0, NOISE_SD): ε is within 5 SD.
            implied = synthetic.sigmoid(known)
            assert abs(y.p12[member_id] - implied) < 0.5
            assert y.p6[member_id] >= y.p12[member_id]
            assert not y.lasted12[member_id] or y.lasted6[member_id]
        assert all(
            rule(m.relation, m.sector, m.is_adult) is None
            for m in y.complete.members
            if m.id in y.eligible
        )
    # Closer people last longer on average: the truth's strongest signal shows in the draws.
    close = [
        y.lasted12[m] for y in people for m in y.eligible if y.table().row(m)["closeness"] == 4
    ]
    far = [y.lasted12[m] for y in people for m in y.eligible if y.table().row(m)["closeness"] == 1]
    assert sum(close) / len(close) > sum(far) / len(far)


def test_has_good_candidate_ignores_people_in_conflict():
    def ranked(band: str, conflict: bool) -> RankedCandidate:
        return RankedCandidate(None, 1, 0.7, band, [], conflict)  # type: ignore[arg-type]

    in_use = RankerInUse("fallback")
    assert has_good_candidate(Ranking(in_use, [ranked(GOOD, False)]))
    assert not has_good_candidate(Ranking(in_use, [ranked(GOOD, True), ranked("fair", False)]))
    assert not has_good_candidate(Ranking(in_use, []))
