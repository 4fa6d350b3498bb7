"""Trained model versions: one row per file under ``JIMNET_MODELS_DIR``, found by its hash.

General for every kind of learned matcher: the JIM candidate ranking (``jim_ranker``) and the
volunteer-mentor matching (``mentor_matcher``). At most one version per kind is active: a
partial unique index, and activation takes a row lock on the kind's rows (see
:func:`jimnet.matching.store.activate`).
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from jimnet.db import enum_check, enum_type, utcnow
from jimnet.extensions import db


class ModelKind(enum.StrEnum):
    JIM_RANKER = "jim_ranker"
    MENTOR_MATCHER = "mentor_matcher"


_ACTIVE_SQL = "active"


class ModelVersion(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "model_version"
    __table_args__ = (
        enum_check(ModelKind, "kind"),
        Index(
            "uq_model_version_one_active",
            "kind",
            unique=True,
            sqlite_where=text(_ACTIVE_SQL),
            postgresql_where=text(_ACTIVE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(enum_type(ModelKind))
    # Which model: "logistic", "boosting", … (the kind's own names).
    algorithm: Mapped[str] = mapped_column(String(40))
    trained_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Labelled outcomes it learned from, and from how many young people.
    samples: Mapped[int]
    groups: Mapped[int] = mapped_column(default=0)
    features: Mapped[list[str]] = mapped_column(JSON, default=list)
    feature_version: Mapped[int] = mapped_column(default=1)
    # Held-out figures per ranker ({"fallback": {...}, "logistic": {...}, ...}), fairness
    # figures, and whatever else the kind records.
    metrics: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Why it was or was not activated at training time, in plain words.
    notes: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(200), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=False)
    activated_at: Mapped[datetime | None]
    activated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Kept as written, so that the list still reads after an account is gone ("training" for
    # the command line).
    activated_by_name: Mapped[str | None] = mapped_column(String(200))
    created_by_name: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<ModelVersion {self.id} {self.kind} {self.algorithm} active={self.active}>"
