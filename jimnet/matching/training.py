"""Training the JIM ranker from the database: labels, data set, evaluation, model card, and
the decision to activate.

**Labels** (``label``), for a horizon of 12 months (the one trained on) and 6 months (reported):

- 1: active for at least the horizon (still in position, or ended after it);
- 0: ended within the horizon, or closed without ever becoming active (not suitable, declined,
  withdrawn);
- left out: still on the way (nominated … invited), or active for less than the horizon and
  still in position: too recent to know, never counted as a failure.

**Rows** come from what each nomination kept on its day (``ranking_features``); nominations
from before that was kept are rebuilt from their ``member_facts`` with the graph features
unknown (imputed). Today's map is never read for an old nomination.

**Activation:** the new version is saved in any case, and made active only if it beats the
points score on held-out young people and, when a version is active, also that version's
held-out figures (``ranker.beats``). The figures of the active version were measured on the
data of its day; a version trained on more data is compared with them as they were recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.db import utcnow
from jimnet.jim.models import JimNomination, JimState
from jimnet.matching import fairness, ranker, store
from jimnet.matching.features import (
    FEATURE_VERSION,
    FEATURES,
    INDEX,
    from_member_facts,
    from_snapshot,
)
from jimnet.matching.models import ModelKind, ModelVersion
from jimnet.youth.models import Youth

HORIZONS = {"12m": 365, "6m": 182}
NEVER_ACTIVE = frozenset({JimState.NOT_SUITABLE, JimState.DECLINED, JimState.WITHDRAWN})


def label(
    state: str,
    active_since: datetime | None,
    ended_at: datetime | None,
    now: datetime,
    horizon_days: int,
) -> int | None:
    horizon = timedelta(days=horizon_days)
    if active_since is None:
        return 0 if state in NEVER_ACTIVE else None
    if ended_at is not None and ended_at - active_since < horizon:
        return 0
    if now - active_since >= horizon:
        return 1
    return None


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


@dataclass
class DataSet:
    x: NDArray[np.float64]
    y12: NDArray[np.int_]
    y6: NDArray[np.int_]  # -1 where the 6-month label is not known
    groups: NDArray[np.int_]
    rebuilt: int  # rows rebuilt from member_facts (no feature row kept)
    too_recent: int
    family: list[str] = field(default_factory=list)


def data_set(session: Session, now: datetime) -> DataSet:
    """Every nomination whose 12-month outcome is known, as one row each (one statement)."""
    rows: list[NDArray[np.float64]] = []
    y12: list[int] = []
    y6: list[int] = []
    groups: list[int] = []
    rebuilt = too_recent = 0
    for youth_id, state, nominated_at, active_since, ended_at, facts, kept, born in _rows(session):
        outcome = label(state, active_since, ended_at, now, HORIZONS["12m"])
        if outcome is None:
            too_recent += 1
            continue
        row = from_snapshot(kept)
        if row is None:
            on = nominated_at.date()
            row = from_member_facts(facts or {}, on, _age(born, on))
            rebuilt += 1
        rows.append(row)
        y12.append(outcome)
        six = label(state, active_since, ended_at, now, HORIZONS["6m"])
        y6.append(-1 if six is None else six)
        groups.append(youth_id)
    x = np.array(rows, dtype=np.float64).reshape(-1, len(FEATURES))
    return DataSet(
        x=x,
        y12=np.array(y12, dtype=np.int_),
        y6=np.array(y6, dtype=np.int_),
        groups=np.array(groups, dtype=np.int_),
        rebuilt=rebuilt,
        too_recent=too_recent,
    )


def _rows(session: Session) -> Any:
    return session.execute(
        select(
            JimNomination.youth_id,
            JimNomination.state,
            JimNomination.nominated_at,
            JimNomination.active_since,
            JimNomination.ended_at,
            JimNomination.member_facts,
            JimNomination.ranking_features,
            Youth.date_of_birth,
        )
        .join(Youth, Youth.id == JimNomination.youth_id)
        .order_by(JimNomination.id)
    )


def _fairness(
    x: NDArray[np.float64], p: NDArray[np.float64], y: NDArray[Any], groups: Any
) -> dict[str, Any]:
    """Mean predicted chance and observed rate by relation group (family or not), held out."""
    family = np.where(x[:, INDEX["family"]] == 1, "family", "not_family")
    return {
        "predicted_by_family": fairness.gap(p, family, groups, boots=100).as_dict(),
        "observed_by_family": fairness.gap(y.astype(float), family, groups, boots=100).as_dict(),
    }


def model_card(
    *,
    trained_at: datetime,
    data: DataSet,
    trained: ranker.Trained,
    metrics: dict[str, Any],
    activated: bool,
    decision: str,
) -> str:
    figures = trained.evaluation.figures
    lines = [
        f"# JIM candidate ranker ({trained.chosen}), trained {trained_at:%Y-%m-%d %H:%M} UTC",
        "",
        "## Intended use",
        "",
        "Orders the adults from a young person's own network map who may be their JIM, and gives",
        "three reasons per person, on the young person's JIM page, the professional's JIM page and",
        "the API. The young person chooses; a professional holds the suitability conversation.",
        "Never used to decide, to refuse anyone, or for anything but this ordering.",
        "",
        "## Data",
        "",
        f"- {len(data.y12)} nominations with a known 12-month outcome, from "
        f"{len(set(data.groups.tolist()))} young people; {int(data.y12.sum())} lasted 12 months.",
        f"- {data.too_recent} nominations too recent to know were left out (not counted as failures).",
        f"- {data.rebuilt} rows were rebuilt from the facts kept at nomination (graph features imputed).",
        f"- Feature version {FEATURE_VERSION}: {', '.join(FEATURES)}.",
        "- No gender, origin or other protected attribute is a feature.",
        "",
        "## Held-out figures (GroupKFold by young person, 5 folds)",
        "",
        "| ranker | AUC | Brier | calibration error |",
        "|---|---|---|---|",
    ]
    for kind, f in figures.items():
        lines.append(f"| {kind} | {f['auc']} | {f['brier']} | {f['calibration_error']} |")
    six = metrics.get("label_6m")
    if six:
        lines += [
            "",
            f"6-month label (logistic, held out, n = {six['n']}): AUC {six['auc']}, Brier {six['brier']}.",
        ]
    fair = metrics.get("fairness", {})
    if fair:
        lines += [
            "",
            "## Fairness (held out; gap = largest − smallest group mean, 95 % bootstrap interval over young people)",
            "",
        ]
        for name, g in fair.items():
            lines.append(f"- {name}: {g['by_group']}; gap {g['difference']} {g['ci95']}")
    lines += [
        "",
        "## Decision",
        "",
        f"{'Activated' if activated else 'Not activated'}: {decision}",
        *[f"- {note}" for note in trained.notes],
        "",
        "## Limits",
        "",
        "- Learned from the outcomes of people young people chose: people rarely chosen are",
        "  ranked from little evidence.",
        "- A chance is an estimate from a few hundred outcomes: pages show bands, never numbers.",
        "- Outcomes depend on much the map does not record; the reasons say what the map says.",
        "",
    ]
    return "\n".join(lines)


@dataclass
class Report:
    trained: bool
    message: str
    version: ModelVersion | None = None
    activated: bool = False
    figures: dict[str, dict[str, float]] = field(default_factory=dict)
    samples: int = 0
    too_recent: int = 0


def train_and_save(
    session: Session,
    directory: Path,
    *,
    created_by: str,
    now: datetime | None = None,
    seed: int = 0,
    challenger: bool = True,
    progress: Callable[[str], None] | None = None,
) -> Report:
    now = now or utcnow()
    data = data_set(session, now)
    try:
        trained = ranker.train(
            data.x, data.y12, data.groups, seed=seed, challenger=challenger, progress=progress
        )
    except ranker.TooLittleData as error:
        return Report(
            trained=False,
            message=f"Not trained: {error}. The points score stays in use.",
            samples=len(data.y12),
            too_recent=data.too_recent,
        )
    oof = trained.evaluation.oof[trained.chosen]
    metrics: dict[str, Any] = {
        "held_out": trained.evaluation.figures,
        "chosen": trained.chosen,
        "fairness": _fairness(data.x, oof, data.y12, data.groups),
    }
    known6 = data.y6 >= 0
    if known6.sum() >= ranker.MIN_LABELLED and len(set(data.y6[known6].tolist())) == 2:
        p6 = ranker.out_of_fold(
            ranker.logistic_pipeline, data.x[known6], data.y6[known6], data.groups[known6], seed
        )
        metrics["label_6m"] = {"n": int(known6.sum()), **ranker.figures(data.y6[known6], p6)}
    current = store.active(session, ModelKind.JIM_RANKER)
    # The decision as a code (the admin's page says it in words) and in English for the card.
    if not trained.beats_fallback:
        activate, code = False, "fallback"
        decision = "it does not beat the points score on held-out young people"
    elif current is not None and not ranker.beats(
        trained.evaluation.figures[trained.chosen],
        current.metrics.get("held_out", {}).get(current.algorithm, {"auc": 0.0, "brier": 1.0}),
    ):
        activate, code = False, "active"
        decision = f"it does not beat the active version {current.id}"
    else:
        activate, code = True, "beats"
        decision = "it beats the points score" + (
            f" and the active version {current.id}" if current else ""
        )
    metrics["decision"] = {
        "activated": activate,
        "code": code,
        "compared_with": current.id if current else None,
        "challenger": None
        if ranker.BOOSTING not in trained.evaluation.figures
        else trained.chosen == ranker.BOOSTING,
    }
    card = model_card(
        trained_at=now,
        data=data,
        trained=trained,
        metrics=metrics,
        activated=activate,
        decision=decision,
    )
    version = store.save(
        session,
        directory,
        kind=ModelKind.JIM_RANKER,
        algorithm=trained.chosen,
        estimator=trained.estimator,
        baseline=trained.baseline,
        samples=len(data.y12),
        groups=len(set(data.groups.tolist())),
        metrics=metrics,
        notes="; ".join(
            [("Activated: " if activate else "Not activated: ") + decision, *trained.notes]
        ),
        card=card,
        created_by=created_by,
        trained_at=now,
    )
    if activate:
        store.activate(session, version, by_id=None, by_name=created_by, at=now)
    return Report(
        trained=True,
        message=("Activated" if activate else "Saved, not activated") + f": {decision}.",
        version=version,
        activated=activate,
        figures=trained.evaluation.figures,
        samples=len(data.y12),
        too_recent=data.too_recent,
    )
