"""Fixtures for the matching tests: the JIM world, a small trained ranker, a map builder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from jimnet.extensions import db
from jimnet.matching import ranker, store, synthetic
from jimnet.matching.models import ModelKind, ModelVersion
from jimnet.network.models import NetworkMember, Support, Tie
from jimnet.youth.models import Youth
from tests.factories import Factory
from tests.jim.conftest import JimFactory

ON = date(2026, 6, 1)


@pytest.fixture
def jim(app: Flask, make: Factory) -> JimFactory:
    return JimFactory(app, make)


@pytest.fixture(scope="session")
def trained() -> ranker.Trained:
    """A logistic ranker learned from a synthetic history (trained once per session)."""
    people = synthetic.population(500, 11, ON)
    x, y12, _, groups = synthetic.training_arrays(synthetic.history(people, 12))
    return ranker.train(x, y12, groups, challenger=False)


@pytest.fixture
def models_dir(app: Flask, tmp_path: Path) -> Iterator[Path]:
    """A fresh models directory for this test."""
    old = app.config["JIMNET_MODELS_DIR"]
    app.config["JIMNET_MODELS_DIR"] = str(tmp_path)
    yield tmp_path
    app.config["JIMNET_MODELS_DIR"] = old


@pytest.fixture
def saved(app: Flask, models_dir: Path, trained: ranker.Trained) -> Any:
    """Save a version of the trained ranker; ``saved(activate=True)`` returns the row."""

    def save(activate: bool = True, algorithm: str = ranker.LOGISTIC) -> ModelVersion:
        with app.app_context():
            version = store.save(
                db.session(),
                models_dir,
                kind=ModelKind.JIM_RANKER,
                algorithm=algorithm,
                estimator=trained.estimator,
                baseline=trained.baseline,
                samples=500,
                groups=480,
                metrics={"held_out": trained.evaluation.figures},
                notes="test",
                card="# card\n",
                created_by="test",
            )
            if activate:
                store.activate(db.session(), version, by_id=None, by_name="test")
            db.session.commit()
            return db.session.get(ModelVersion, version.id)

    return save


def add_member(app: Flask, youth: Youth, name: str, **fields: Any) -> NetworkMember:
    supports = fields.pop("supports", [])
    years = fields.pop("years", None)
    values: dict[str, Any] = {
        "relation": "aunt_uncle",
        "sector": "family",
        "ring": 2,
        "is_adult": True,
        "quality": "positive",
        "contact_frequency": "weekly",
        **fields,
    }
    if years is not None:
        values["known_since"] = date.today() - timedelta(days=365 * years + 20)
    with app.app_context():
        member = NetworkMember(youth_id=youth.id, display_name=name, **values)
        member.supports = [Support(youth_id=youth.id, kind=k, domain=d) for k, d in supports]
        db.session.add(member)
        db.session.commit()
        return member


def add_tie(app: Flask, youth: Youth, a: NetworkMember, b: NetworkMember, quality: str) -> None:
    first, second = sorted((a.id, b.id))
    with app.app_context():
        db.session.add(Tie(youth_id=youth.id, a_id=first, b_id=second, quality=quality))
        db.session.commit()
