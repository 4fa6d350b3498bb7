"""The bench runs its own app on its own database: the suite's per-test SAVEPOINT session
(which replaces ``db.session`` for every test) must stay out of its way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _database() -> Iterator[None]:
    yield


@pytest.fixture(autouse=True)
def _isolation() -> Iterator[None]:
    yield
