"""Train, evaluate and apply the JIM candidate rankers.

Three rankers answer the same two questions (a chance per candidate, and how much each feature
pushed that chance for *that* candidate):

- :class:`PointsRanker`: the transparent points score of :mod:`jimnet.matching.fallback`;
- :class:`LogisticRanker`: ``SimpleImputer(median) → StandardScaler → LogisticRegression``,
  calibrated (``CalibratedClassifierCV``, sigmoid, held-out young people); a feature's
  contribution is ``coefficient × standardised value`` (the log-odds it adds against an
  average candidate);
- :class:`BoostingRanker`: the one challenger, ``HistGradientBoostingClassifier`` (reads
  missing values itself), calibrated the same way. Per candidate, a feature's contribution is
  the change in log-odds when that one feature is set to the training median and the rest kept
  ("occlusion"): model-agnostic, computed on the candidate's own row, and for a linear model the
  same as coefficient × (value − median).

Evaluation is out-of-fold with ``GroupKFold`` by young person: no young person is ever in the
training and the test part at once. The challenger is chosen only where it beats the logistic
model on those held-out figures; a model is used at all only where it beats the points score.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from jimnet.matching import fallback
from jimnet.matching.features import FEATURES

# Fewer labelled outcomes than this, or fewer of either outcome, or fewer young people: the
# points score stays (a model learned from less would mostly learn noise; see docs/matching.md).
MIN_LABELLED = 150
MIN_PER_CLASS = 25
MIN_YOUTH = 25
FOLDS = 5
CALIBRATION_FOLDS = 3
# The challenger must do at least this much better on held-out AUC than the logistic model
# (and be no worse on Brier) to be used: the interpretable model wins a near tie.
CHALLENGER_MARGIN = 0.01

FALLBACK = "fallback"
LOGISTIC = "logistic"
BOOSTING = "boosting"
EPS = 1e-6


@functools.cache
def single_threaded() -> None:
    """One thread for BLAS and OpenMP in this process, set once. A web worker ranks a few dozen
    rows: thread start-up costs more than it saves, and on a shared two-core machine OpenMP's
    spinning threads made training 20 times slower (8 s instead of 0.4 s per boosting fit)."""
    threadpool_limits(limits=1)


class Ranker(Protocol):
    kind: str

    def predict(self, x: NDArray[np.float64]) -> NDArray[np.float64]: ...

    def contributions(self, x: NDArray[np.float64]) -> NDArray[np.float64]: ...


class PointsRanker:
    kind = FALLBACK

    def predict(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return fallback.probability(x)

    def contributions(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return fallback.contributions(x)


def _logit(p: NDArray[np.float64]) -> NDArray[np.float64]:
    p = np.clip(p, EPS, 1 - EPS)
    return np.log(p / (1 - p))


@dataclass(frozen=True)
class LinearForm:
    """The fitted logistic pipeline as the arithmetic it is: fill a missing value with the
    training median, standardise, weigh, add the intercept, then the sigmoid calibration
    ``1 / (1 + exp(a·f + b))``. The same numbers as scikit-learn's ``predict_proba`` (checked
    when it is made, see :func:`linear_form`) without the input checks that scikit-learn repeats
    at each of the four steps: ranking one 60-person map went from about 5 ms to microseconds.
    """

    fill: NDArray[np.float64]
    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    coef: NDArray[np.float64]
    intercept: float
    a: float
    b: float

    def standardised(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        filled = np.where(np.isnan(x), self.fill, x)
        return (filled - self.mean) / self.scale

    def predict(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        f = self.standardised(x) @ self.coef + self.intercept
        return np.asarray(expit(-(self.a * f + self.b)), dtype=np.float64)


# How closely the arithmetic must agree with scikit-learn before it is used instead.
LINEAR_FORM_TOLERANCE = 1e-9


def linear_form(estimator: Any) -> LinearForm | None:
    """The arithmetic of a calibrated logistic pipeline, or None when the estimator is not
    exactly that shape (then scikit-learn predicts, as before). Checked against
    ``predict_proba`` on probe rows (missing values, the medians, values far off) when made."""
    try:
        (calibrated_one,) = estimator.calibrated_classifiers_
        pipeline = calibrated_one.estimator
        (calibrator,) = calibrated_one.calibrators
        impute, scale, model = (pipeline[i] for i in range(3))
        if not (
            len(pipeline) == 3
            and isinstance(impute, SimpleImputer)
            and impute.strategy == "median"
            and not impute.add_indicator
            and isinstance(scale, StandardScaler)
            and isinstance(model, LogisticRegression)
            and type(calibrator).__name__ == "_SigmoidCalibration"
            and len(model.classes_) == 2
        ):
            return None
        n = len(FEATURES)
        form = LinearForm(
            fill=np.asarray(impute.statistics_, dtype=np.float64),
            mean=np.asarray(scale.mean_ if scale.with_mean else np.zeros(n), dtype=np.float64),
            scale=np.asarray(scale.scale_ if scale.with_std else np.ones(n), dtype=np.float64),
            coef=np.asarray(model.coef_[0], dtype=np.float64),
            intercept=float(model.intercept_[0]),
            a=float(calibrator.a_),
            b=float(calibrator.b_),
        )
        probe = np.vstack(
            [
                np.full(n, np.nan),
                form.fill,
                form.fill + form.scale,
                form.fill - 3 * form.scale,
                np.where(np.arange(n) % 2 == 0, np.nan, form.fill + 1),
            ]
        )
        expected = estimator.predict_proba(probe)[:, 1]
    except (AttributeError, ValueError, TypeError, IndexError):
        return None
    if not np.allclose(form.predict(probe), expected, rtol=0, atol=LINEAR_FORM_TOLERANCE):
        return None
    return form


class LogisticRanker:
    kind = LOGISTIC

    def __init__(self, estimator: CalibratedClassifierCV) -> None:
        self.estimator = estimator
        self.pipeline: Pipeline = estimator.calibrated_classifiers_[0].estimator
        self.form = linear_form(estimator)

    def predict(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.form is not None:
            return self.form.predict(x)
        return np.asarray(self.estimator.predict_proba(x)[:, 1], dtype=np.float64)

    def contributions(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        if self.form is not None:
            return np.asarray(self.form.standardised(x) * self.form.coef, dtype=np.float64)
        scaled = self.pipeline[:-1].transform(x)
        coef = self.pipeline[-1].coef_[0]
        return np.asarray(scaled * coef, dtype=np.float64)

    @property
    def coefficients(self) -> dict[str, float]:
        return dict(zip(FEATURES, map(float, self.pipeline[-1].coef_[0]), strict=True))


class BoostingRanker:
    kind = BOOSTING

    def __init__(self, estimator: CalibratedClassifierCV, baseline: NDArray[np.float64]) -> None:
        self.estimator = estimator
        self.baseline = baseline

    def predict(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(self.estimator.predict_proba(x)[:, 1], dtype=np.float64)

    def contributions(self, x: NDArray[np.float64]) -> NDArray[np.float64]:
        n, f = x.shape
        # One batch: every row, then every row with one feature set to the median.
        stacked = np.repeat(x[np.newaxis, :, :], f + 1, axis=0)
        for j in range(f):
            stacked[j + 1, :, j] = self.baseline[j]
        p = self.predict(stacked.reshape(-1, f)).reshape(f + 1, n)
        own = _logit(p[0])
        return np.stack([own - _logit(p[j + 1]) for j in range(f)], axis=1)


def logistic_pipeline(seed: int = 0) -> Pipeline:
    return Pipeline(
        [
            ("impute", SimpleImputer(strategy="median", keep_empty_features=True)),
            ("scale", StandardScaler()),
            ("model", LogisticRegression(C=1.0, max_iter=2000)),
        ]
    )


def boosting_pipeline(seed: int = 0) -> Pipeline:
    return Pipeline(
        [
            (
                "model",
                HistGradientBoostingClassifier(
                    max_iter=150,
                    learning_rate=0.05,
                    max_leaf_nodes=8,
                    min_samples_leaf=20,
                    l2_regularization=1.0,
                    random_state=seed,
                ),
            )
        ]
    )


def calibrated(
    make: Callable[[int], Pipeline], x: NDArray[np.float64], y: NDArray[Any], groups: Any, seed: int
) -> CalibratedClassifierCV:
    """The pipeline fitted on all rows, with a sigmoid calibration learned on held-out young
    people (``ensemble=False``: one pipeline, so its coefficients are the ones explained)."""
    splits = list(GroupKFold(n_splits=CALIBRATION_FOLDS).split(x, y, groups))
    model = CalibratedClassifierCV(make(seed), method="sigmoid", cv=splits, ensemble=False)
    model.fit(x, y)
    return model


# --- figures -----------------------------------------------------------------------------


def calibration_error(y: NDArray[Any], p: NDArray[np.float64], bins: int = 10) -> float:
    """Expected calibration error: the mean gap between predicted and observed rate over ten
    equal-width bins, weighted by the bins' sizes."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.mean() * abs(float(p[mask].mean()) - float(y[mask].mean()))
    return float(total)


def figures(y: NDArray[Any], p: NDArray[np.float64]) -> dict[str, float]:
    both = len(set(y.tolist())) == 2
    return {
        "auc": round(float(roc_auc_score(y, p)), 4) if both else math.nan,
        "brier": round(float(brier_score_loss(y, p)), 4),
        "calibration_error": round(calibration_error(y, p), 4),
    }


def beats(new: dict[str, float], old: dict[str, float], margin: float = 0.0) -> bool:
    """Better at ranking (held-out AUC higher by more than ``margin``) and at least as well
    calibrated (Brier score not higher)."""
    return new["auc"] > old["auc"] + margin and new["brier"] <= old["brier"]


@dataclass
class Evaluation:
    figures: dict[str, dict[str, float]]  # ranker kind -> figures on held-out young people
    oof: dict[str, NDArray[np.float64]] = field(default_factory=dict)


def out_of_fold(
    make: Callable[[int], Pipeline],
    x: NDArray[np.float64],
    y: NDArray[Any],
    groups: NDArray[Any],
    seed: int = 0,
) -> NDArray[np.float64]:
    p = np.zeros(len(y), dtype=np.float64)
    for train, test in GroupKFold(n_splits=FOLDS).split(x, y, groups):
        model = calibrated(make, x[train], y[train], groups[train], seed)
        p[test] = model.predict_proba(x[test])[:, 1]
    return p


def medians(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Each column's median over known values (0 for a column with none)."""
    result = np.zeros(x.shape[1], dtype=np.float64)
    for j in range(x.shape[1]):
        known = x[:, j][~np.isnan(x[:, j])]
        if known.size:
            result[j] = float(np.median(known))
    return result


class TooLittleData(ValueError):
    """Not enough labelled outcomes to train: the points score stays."""


def check_enough(y: NDArray[Any], groups: NDArray[Any]) -> None:
    positives = int(np.sum(y))
    if len(y) < MIN_LABELLED:
        raise TooLittleData(f"{len(y)} labelled outcomes; at least {MIN_LABELLED} are needed")
    if min(positives, len(y) - positives) < MIN_PER_CLASS:
        raise TooLittleData(
            f"{positives} lasting and {len(y) - positives} not lasting; "
            f"at least {MIN_PER_CLASS} of each are needed"
        )
    if len(set(groups.tolist())) < MIN_YOUTH:
        raise TooLittleData(f"at least {MIN_YOUTH} different young people are needed")


@dataclass
class Trained:
    chosen: str  # LOGISTIC or BOOSTING
    estimator: CalibratedClassifierCV
    baseline: NDArray[np.float64]  # training medians (occlusion baseline)
    evaluation: Evaluation
    beats_fallback: bool
    notes: list[str]

    def ranker(self) -> Ranker:
        if self.chosen == BOOSTING:
            return BoostingRanker(self.estimator, self.baseline)
        return LogisticRanker(self.estimator)


def train(
    x: NDArray[np.float64],
    y: NDArray[Any],
    groups: NDArray[Any],
    *,
    seed: int = 0,
    challenger: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Trained:
    """Evaluate the points score, the logistic model and the challenger on held-out young
    people, choose, and fit the chosen one on every row."""
    check_enough(y, groups)
    single_threaded()
    step = progress or (lambda _: None)
    kinds: Sequence[tuple[str, Callable[[int], Pipeline]]] = [(LOGISTIC, logistic_pipeline)]
    if challenger:
        kinds = [*kinds, (BOOSTING, boosting_pipeline)]
    evaluation = Evaluation(figures={})
    evaluation.oof[FALLBACK] = fallback.probability(x)
    evaluation.figures[FALLBACK] = figures(y, evaluation.oof[FALLBACK])
    step(FALLBACK)
    for kind, make in kinds:
        evaluation.oof[kind] = out_of_fold(make, x, y, groups, seed)
        evaluation.figures[kind] = figures(y, evaluation.oof[kind])
        step(kind)
    notes = []
    chosen = LOGISTIC
    if BOOSTING in evaluation.figures:
        if beats(evaluation.figures[BOOSTING], evaluation.figures[LOGISTIC], CHALLENGER_MARGIN):
            chosen = BOOSTING
            notes.append("the challenger (boosting) beat the logistic model on held-out data")
        else:
            notes.append("the challenger (boosting) did not beat the logistic model: not used")
    make = boosting_pipeline if chosen == BOOSTING else logistic_pipeline
    estimator = calibrated(make, x, y, groups, seed)
    step("fit")
    baseline = medians(x)
    better = beats(evaluation.figures[chosen], evaluation.figures[FALLBACK])
    return Trained(chosen, estimator, baseline, evaluation, better, notes)
