"""One place that imports every model module, for the metadata, Alembic and the tests."""

from __future__ import annotations

import importlib

MODEL_MODULES = (
    "jimnet.organisations.models",
    "jimnet.accounts.models",
    "jimnet.youth.models",
    "jimnet.access.models",
    "jimnet.sessions",
    "jimnet.sitesettings",
    "jimnet.network.models",
    "jimnet.jim.models",
    "jimnet.big5.models",
    "jimnet.matching.models",
    "jimnet.pool.models",
    "jimnet.privacy.models",
    "jimnet.perf_indexes",
)


def import_all() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
