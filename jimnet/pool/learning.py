"""Learning the compatibility score from past matches' outcomes, once there are enough.

**Label.** A match that became active is a success when it lasted six months
(:data:`LASTED_DAYS`): still active six months after it started, or ended after that, or ended
earlier because the goal was reached. It is a failure when it ended earlier for any other
reason except a move (a move says nothing about the fit, so it is left out). A match active for
less than six months is too recent to know and is left out, never counted as a failure.

**Features** are the ones kept on the match when it was proposed (``MentorMatch.features``), so
the model learns from what was known then.

**When.** With fewer than :data:`MIN_OUTCOMES` labelled matches, or fewer than
:data:`MIN_PER_CLASS` of either kind, the documented rule of :mod:`jimnet.pool.compatibility` is
used. Otherwise a logistic regression (standardised features, class-balanced) is trained in
memory at the start of each proposal round: the data are small, training takes milliseconds, and
a round always uses the newest outcomes. It is not saved: the shared model store
(``jimnet/matching/store.py``, kind ``mentor_matcher``) is not on main yet; when it lands, a
trained matcher can be saved and versioned through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.clock import AMSTERDAM
from jimnet.pool.compatibility import FEATURES, RuleScorer, Scorer
from jimnet.pool.models import EndReason, MatchState, MentorMatch

LASTED_DAYS = 182
MIN_OUTCOMES = 40
MIN_PER_CLASS = 8


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


def outcomes(session: Session, today: date) -> tuple[np.ndarray, np.ndarray]:
    rows = session.scalars(
        select(MentorMatch).where(
            MentorMatch.state.in_([MatchState.ACTIVE, MatchState.ENDED]),
            MentorMatch.active_since.is_not(None),
        )
    )
    x, y = [], []
    for match in rows:
        outcome = label(match, today)
        if outcome is None or not match.features:
            continue
        x.append([float(match.features.get(name, 0.0)) for name in FEATURES])
        y.append(outcome)
    return np.asarray(x, dtype=float).reshape(-1, len(FEATURES)), np.asarray(y, dtype=int)


@dataclass
class ModelScorer:
    pipeline: Pipeline
    samples: int
    method: str = "model"

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


def train(x: np.ndarray, y: np.ndarray) -> ModelScorer:
    pipeline = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced"))
    pipeline.fit(x, y)
    return ModelScorer(pipeline, len(y))


def scorer_for(session: Session, today: date) -> Scorer:
    """The learned scorer when there are enough outcomes, the documented rule otherwise."""
    x, y = outcomes(session, today)
    if not enough(y):
        return RuleScorer()
    return train(x, y)
