"""Labels, the points score, training with held-out young people, reasons from contributions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from jimnet.matching import explain, fallback, ranker, synthetic
from jimnet.matching.features import FEATURES, INDEX, Detail
from jimnet.matching.training import label
from tests.matching.conftest import ON

NOW = datetime(2026, 6, 1, tzinfo=UTC)
YEAR = 365


@pytest.mark.parametrize(
    ("state", "active_days_ago", "lasted_days", "expected"),
    [
        ("not_suitable", None, None, 0),  # never active: a known outcome
        ("declined", None, None, 0),
        ("withdrawn", None, None, 0),
        ("in_conversation", None, None, None),  # on the way: unknown
        ("active", 200, None, None),  # too recent to know: left out, not a failure
        ("active", 400, None, 1),
        ("ended", 400, 100, 0),  # ended within the year
        ("ended", 800, 500, 1),  # ended after more than a year
        ("standby", 366, None, 1),
    ],
)
def test_the_12_month_label(state, active_days_ago, lasted_days, expected):
    active = NOW - timedelta(days=active_days_ago) if active_days_ago else None
    ended = active + timedelta(days=lasted_days) if active and lasted_days else None
    assert label(state, active, ended, NOW, YEAR) == expected


def test_the_6_month_label_is_known_sooner():
    active = NOW - timedelta(days=200)
    assert label("active", active, None, NOW, 182) == 1
    assert label("active", active, None, NOW, YEAR) is None


def test_too_little_data_is_refused_with_the_reason():
    x = np.zeros((40, len(FEATURES)))
    y = np.array([0, 1] * 20)
    with pytest.raises(ranker.TooLittleData, match="at least 150"):
        ranker.train(x, y, np.arange(40))
    x = np.zeros((200, len(FEATURES)))
    with pytest.raises(ranker.TooLittleData, match="of each"):
        ranker.train(x, np.array([1] * 190 + [0] * 10), np.arange(200))


def test_the_model_learns_the_ground_truth_better_than_the_points_score(trained):
    figures = trained.evaluation.figures
    assert trained.chosen == ranker.LOGISTIC and trained.beats_fallback
    assert figures[ranker.LOGISTIC]["auc"] > figures[ranker.FALLBACK]["auc"]
    assert figures[ranker.LOGISTIC]["brier"] < figures[ranker.FALLBACK]["brier"]
    # The ground truth's strongest signs are learned with the right sign.
    coef = ranker.LogisticRanker(trained.estimator).coefficients
    assert coef["closeness"] > 0 and coef["contact"] > 0 and coef["conflict_ties"] < 0


def test_held_out_means_other_young_people(monkeypatch):
    seen: list[tuple[set[int], set[int]]] = []
    real = ranker.GroupKFold.split

    def spy(self, x, y=None, groups=None):
        for train, test in real(self, x, y, groups):
            seen.append((set(groups[train].tolist()), set(groups[test].tolist())))
            yield train, test

    monkeypatch.setattr(ranker.GroupKFold, "split", spy)
    people = synthetic.population(200, 3, NOW.date())
    x, y, _, groups = synthetic.training_arrays(synthetic.history(people, 4))
    ranker.out_of_fold(ranker.logistic_pipeline, x, y, groups)
    assert seen and all(not (train & test) for train, test in seen)


def test_logistic_contributions_are_coefficient_times_standardised_value(trained):
    model = ranker.LogisticRanker(trained.estimator)
    x = synthetic.population(3, 5, NOW.date())[0].table().values
    scaled = model.pipeline[:-1].transform(x)
    np.testing.assert_allclose(model.contributions(x), scaled * model.pipeline[-1].coef_[0])


def test_boosting_contributions_are_per_candidate_occlusion():
    people = synthetic.population(300, 6, NOW.date())
    x, y, _, groups = synthetic.training_arrays(synthetic.history(people, 7))
    estimator = ranker.calibrated(ranker.boosting_pipeline, x, y, groups, 0)
    model = ranker.BoostingRanker(estimator, ranker.medians(x))
    rows = people[0].table().values
    contributions = model.contributions(rows)
    assert contributions.shape == rows.shape and np.isfinite(contributions).all()
    # A feature already at the median contributes nothing.
    at_median = rows.copy()
    at_median[:, INDEX["closeness"]] = model.baseline[INDEX["closeness"]]
    assert np.allclose(model.contributions(at_median)[:, INDEX["closeness"]], 0.0)


def test_points_score_follows_its_published_weights():
    x = np.full((1, len(FEATURES)), np.nan)
    x[0, INDEX["closeness"]] = 4  # ring 1: 3 points
    x[0, INDEX["contact"]] = 3  # weekly: 2
    x[0, INDEX["support_kinds"]] = 2  # 2
    x[0, INDEX["conflict_ties"]] = 1  # −2
    assert fallback.points(x)[0] == 5
    assert explain.band(float(fallback.probability(x)[0])) == explain.FAIR
    x[0, INDEX["years_known"]] = 6  # +1 → 6
    x[0, INDEX["bridge"]] = 1  # +1 → 7: "grote kans vanaf 7 punten"
    assert explain.band(float(fallback.probability(x)[0])) == explain.GOOD


def test_reasons_are_the_largest_own_contributions_in_words(app):
    values = np.zeros(len(FEATURES))
    values[INDEX["closeness"]] = 3
    values[INDEX["contact"]] = 3
    values[INDEX["conflict_ties"]] = 1
    values[INDEX["support_domains"]] = 2
    contributions = np.zeros(len(FEATURES))
    contributions[INDEX["closeness"]] = 0.9
    contributions[INDEX["contact"]] = 0.5
    contributions[INDEX["conflict_ties"]] = -0.7
    contributions[INDEX["support_domains"]] = 0.1
    detail = Detail(support_domains=("school", "income"), conflict_with=("Karin",))
    found = explain.reasons(values, contributions, detail)
    assert [r.code for r in found] == ["close", "conflict_with", "weekly"]
    assert [r.helps for r in found] == [True, False, True]
    with app.test_request_context():
        assert [explain.text(r) for r in found] == [
            "staat dicht bij je", "ruzie met Karin", "ziet je elke week",
        ]  # fmt: skip
        helps = explain.Reason("support_domains", "helps_with", True, 2, ("school", "income"))
        assert explain.text(helps) == "helpt al bij school en geld"


def test_the_logistic_arithmetic_is_scikit_learns_to_the_last_digits(trained):
    """The page ranks with the fitted pipeline's own numbers (no input checks per step): the
    same chances and contributions as scikit-learn on rows with and without missing facts."""
    model = ranker.LogisticRanker(trained.estimator)
    assert model.form is not None
    rng = np.random.default_rng(3)
    x = rng.integers(0, 5, size=(200, len(FEATURES))).astype(float)
    x[rng.random(x.shape) < 0.2] = np.nan
    expected = trained.estimator.predict_proba(x)[:, 1]
    assert np.allclose(model.predict(x), expected, rtol=0, atol=1e-12)
    pipeline = trained.estimator.calibrated_classifiers_[0].estimator
    by_sklearn = pipeline[:-1].transform(x) * pipeline[-1].coef_[0]
    assert np.allclose(model.contributions(x), by_sklearn, rtol=0, atol=1e-12)


def test_a_model_of_another_shape_is_left_to_scikit_learn(trained):
    """Boosting has no linear arithmetic; a tampered coefficient would not agree with
    scikit-learn on the probe rows: both predict through scikit-learn, never a wrong shortcut."""
    import copy

    from jimnet.matching.synthetic import training_arrays

    assert ranker.linear_form(object()) is None
    people = synthetic.population(200, 5, ON)
    x, y, _, groups = training_arrays(synthetic.history(people, 6))
    boosting = ranker.calibrated(ranker.boosting_pipeline, x, y, groups, 0)
    assert ranker.linear_form(boosting) is None
    odd = copy.deepcopy(trained.estimator)
    odd.calibrated_classifiers_[0].calibrators[0].a_ = float("nan")
    assert ranker.linear_form(odd) is None
    assert ranker.LogisticRanker(odd).form is None
