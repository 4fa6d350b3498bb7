"""Learning the compatibility score from past matches' outcomes, saved and versioned through the
shared model store (:mod:`jimnet.matching.store`, kind ``mentor_matcher``).

**Label.** A match that became active is a success when it lasted six months
(:data:`LASTED_DAYS`): still active six months after it started, or ended after that, or ended
earlier because the goal was reached. It is a failure when it ended earlier for any other
reason except a move (a move says nothing about the fit, so it is left out). A match active for
less than six months is too recent to know and is left out, never counted as a failure.

**Features** are the ones kept on the match when it was proposed (``MentorMatch.features``), so
the model learns from what was known then.

**Training** (``flask --app jimnet train-matcher``, :func:`train_and_save`): with fewer than
:data:`MIN_OUTCOMES` labelled matches, or fewer than :data:`MIN_PER_CLASS` of either kind,
nothing is trained and the documented rule of :mod:`jimnet.pool.compatibility` stays. Otherwise
a logistic regression (standardised features, class-balanced) is evaluated on held-out young
people (``GroupKFold`` by young person) against the documented rule, saved with skops and a
model card, recorded as a ``ModelVersion`` with its SHA-256, and made active only when its
held-out AUC beats the rule's (and the active version's, when there is one).

**Use** (:func:`matcher_in_use`): a proposal round scores with the active version when its file
checks out (hash, trusted types, kind and features); a missing, corrupt or tampered file is
refused, the documented rule scores instead, and the coordinator's and the admin's pages say
why. An org admin activates, rolls back or returns to the rule on "Modellen".
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.clock import AMSTERDAM
from jimnet.db import utcnow
from jimnet.matching import store
from jimnet.matching.models import ModelKind, ModelVersion
from jimnet.pool.compatibility import FEATURES, RULE_WEIGHTS, RuleScorer, Scorer
from jimnet.pool.models import EndReason, MatchState, MentorMatch

log = logging.getLogger(__name__)

LASTED_DAYS = 182
MIN_OUTCOMES = 40
MIN_PER_CLASS = 8
FOLDS = 5
FEATURE_VERSION = 1
LOGISTIC = "logistic"
RULE = "rule"
MODEL = "model"

store.register_kind(ModelKind.MENTOR_MATCHER, FEATURES, FEATURE_VERSION)


def label(match: MentorMatch, today: date) -> int | None:
    if match.active_since is None:
        return None
    started = match.active_since.astimezone(AMSTERDAM).date()
    if match.state == MatchState.ACTIVE:
        return 1 if today - started >= timedelta(days=LASTED_DAYS) else None
    if match.state != MatchState.ENDED or match.ended_at is None:
        return None
    lasted = match.ended_at.astimezone(AMSTERDAM).date() - started
    if lasted >= timedelta(days=LASTED_DAYS) or match.end_reason == EndReason.GOAL_REACHED:
        return 1
    if match.end_reason == EndReason.MOVED:
        return None
    return 0


@dataclass
class Outcomes:
    x: np.ndarray  # (n, len(FEATURES))
    y: np.ndarray  # 1 lasted, 0 did not
    groups: np.ndarray  # the young person of each match: never in training and test at once
    too_recent: int = 0


def outcomes(session: Session, today: date) -> Outcomes:
    rows = session.scalars(
        select(MentorMatch).where(
            MentorMatch.state.in_([MatchState.ACTIVE, MatchState.ENDED]),
            MentorMatch.active_since.is_not(None),
        )
    )
    x, y, groups, too_recent = [], [], [], 0
    for match in rows:
        outcome = label(match, today)
        if outcome is None:
            too_recent += match.state == MatchState.ACTIVE
            continue
        if not match.features:
            continue
        x.append([float(match.features.get(name, 0.0)) for name in FEATURES])
        y.append(outcome)
        groups.append(match.youth_id)
    return Outcomes(
        np.asarray(x, dtype=float).reshape(-1, len(FEATURES)),
        np.asarray(y, dtype=int),
        np.asarray(groups, dtype=int),
        too_recent,
    )


@dataclass
class ModelScorer:
    pipeline: Pipeline
    samples: int
    version_id: int | None = None
    method: str = MODEL

    def score(self, features: np.ndarray) -> np.ndarray:
        return np.asarray(self.pipeline.predict_proba(features)[:, 1])

    def contributions(self, features: np.ndarray) -> np.ndarray:
        scaler: StandardScaler = self.pipeline[0]
        model: LogisticRegression = self.pipeline[-1]
        return np.asarray(scaler.transform(features) * model.coef_[0])


def enough(y: np.ndarray) -> bool:
    return (
        len(y) >= MIN_OUTCOMES
        and int((y == 1).sum()) >= MIN_PER_CLASS
        and int((y == 0).sum()) >= MIN_PER_CLASS
    )


def pipeline() -> Pipeline:
    return make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced"))


def train(x: np.ndarray, y: np.ndarray) -> ModelScorer:
    return ModelScorer(pipeline().fit(x, y), len(y))


def _auc(y: np.ndarray, score: np.ndarray) -> float:
    return float(roc_auc_score(y, score)) if len(set(y.tolist())) == 2 else 0.5


def held_out(data: Outcomes, seed: int = 0) -> dict[str, dict[str, float]]:
    """AUC on held-out young people (``GroupKFold``) for the model and the documented rule."""
    folds = min(FOLDS, len(set(data.groups.tolist())))
    oof = np.zeros(len(data.y))
    for train_index, test_index in GroupKFold(n_splits=folds).split(data.x, data.y, data.groups):
        if len(set(data.y[train_index].tolist())) < 2:
            oof[test_index] = float(data.y[train_index].mean())
            continue
        oof[test_index] = (
            pipeline()
            .fit(data.x[train_index], data.y[train_index])
            .predict_proba(data.x[test_index])[:, 1]
        )
    return {
        MODEL: {"auc": round(_auc(data.y, oof), 4)},
        RULE: {"auc": round(_auc(data.y, RuleScorer().score(data.x)), 4)},
    }


@dataclass
class MatcherReport:
    trained: bool
    message: str
    samples: int
    too_recent: int = 0
    version: ModelVersion | None = None
    activated: bool = False
    figures: dict[str, dict[str, float]] = field(default_factory=dict)


def model_card(
    trained_at: datetime,
    data: Outcomes,
    model: ModelScorer,
    figures: dict[str, dict[str, float]],
    decision: str,
) -> str:
    coef = model.pipeline[-1].coef_[0]
    return "\n".join(
        [
            "# Model card: volunteer-mentor matcher (jimnet)",
            "",
            f"- Trained: {trained_at:%Y-%m-%d %H:%M} UTC",
            f"- Data: {len(data.y)} labelled past matches of {len(set(data.groups.tolist()))} "
            f"young people ({int(data.y.sum())} lasted six months, "
            f"{int(len(data.y) - data.y.sum())} did not); {data.too_recent} too recent to know",
            f"- Features (kept on each match when it was proposed): {', '.join(FEATURES)}",
            "- Model: StandardScaler → LogisticRegression(class_weight='balanced')",
            "- Coefficients (per standard deviation): "
            + ", ".join(f"{n} {c:+.3f}" for n, c in zip(FEATURES, coef, strict=True)),
            f"- Held-out AUC ({FOLDS} folds by young person): model {figures[MODEL]['auc']:.3f}, "
            f"documented rule {figures[RULE]['auc']:.3f} "
            f"({', '.join(f'{k} {v}' for k, v in RULE_WEIGHTS.items())})",
            f"- Decision: {decision}",
            "",
            "## Intended use",
            "",
            "Orders volunteer mentors for young people waiting in the pool, inside the hard",
            "constraints (valid VOG, capacity, the young person's explicit wishes). A coordinator",
            "approves every proposal and the young person says yes or no: it never decides.",
            "",
            "## Limits",
            "",
            "Learned from few matches of one region; three features only. No gender, origin or",
            "other protected attribute is a feature (a gender wish is a hard constraint, not a",
            "score). Retrain when outcomes accumulate (`flask --app jimnet train-matcher`).",
            "",
        ]
    )


def train_and_save(
    session: Session,
    directory: Path,
    today: date,
    *,
    created_by: str,
    now: datetime | None = None,
    seed: int = 0,
) -> MatcherReport:
    """Train on every labelled outcome, evaluate on held-out young people against the rule,
    save (skops, model card, ``ModelVersion``), and activate only when it beats the rule and
    the active version."""
    now = now or utcnow()
    data = outcomes(session, today)
    if not enough(data.y):
        return MatcherReport(
            trained=False,
            message=(
                f"Not trained: {len(data.y)} labelled matches; at least {MIN_OUTCOMES} with "
                f"{MIN_PER_CLASS} of each outcome are needed. The documented rule stays in use."
            ),
            samples=len(data.y),
            too_recent=data.too_recent,
        )
    figures = held_out(data, seed)
    model = train(data.x, data.y)
    current = store.active(session, ModelKind.MENTOR_MATCHER)
    if figures[MODEL]["auc"] <= figures[RULE]["auc"]:
        activate, code, decision = False, "fallback", "it does not beat the documented rule"
    elif current is not None and figures[MODEL]["auc"] <= current.metrics.get("held_out", {}).get(
        MODEL, {}
    ).get("auc", 0.0):
        activate, code = False, "active"
        decision = f"it does not beat the active version {current.id}"
    else:
        activate, code = True, "beats"
        decision = "it beats the documented rule" + (
            f" and the active version {current.id}" if current else ""
        )
    metrics: dict[str, Any] = {
        "held_out": figures,
        "decision": {"activated": activate, "code": code},
        "lasted": int(data.y.sum()),
    }
    version = store.save(
        session,
        directory,
        kind=ModelKind.MENTOR_MATCHER,
        algorithm=LOGISTIC,
        estimator=model.pipeline,
        baseline=np.median(data.x, axis=0),
        samples=len(data.y),
        groups=len(set(data.groups.tolist())),
        metrics=metrics,
        notes=("Activated: " if activate else "Not activated: ") + decision,
        card=model_card(now, data, model, figures, decision),
        created_by=created_by,
        trained_at=now,
    )
    if activate:
        store.activate(session, version, by_id=None, by_name=created_by, at=now)
    return MatcherReport(
        trained=True,
        message=("Activated" if activate else "Saved, not activated") + f": {decision}.",
        samples=len(data.y),
        too_recent=data.too_recent,
        version=version,
        activated=activate,
        figures=figures,
    )


@dataclass(frozen=True)
class MatcherInUse:
    method: str  # "rule" or "model"
    version: ModelVersion | None = None
    refused: store.Refused | None = None  # the active version's file was refused


def matcher_in_use(session: Session, directory: Path) -> tuple[Scorer, MatcherInUse]:
    """The active learned matcher when its file checks out, else the documented rule (and why)."""
    version = store.active(session, ModelKind.MENTOR_MATCHER)
    if version is None:
        return RuleScorer(), MatcherInUse(RULE)
    try:
        loaded = store.load(directory, version)
    except store.Refused as refused:
        log.warning(
            "matcher version %s refused (%s); the documented rule scores", version.id, refused
        )
        return RuleScorer(), MatcherInUse(RULE, version=version, refused=refused)
    scorer = ModelScorer(loaded.estimator, version.samples, version.id)
    return scorer, MatcherInUse(MODEL, version=version)


def scorer_for(session: Session, directory: Path) -> Scorer:
    return matcher_in_use(session, directory)[0]
