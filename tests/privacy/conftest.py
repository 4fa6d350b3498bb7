from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

# A fixed instant: Noa turned 15 on 1 March 2026.
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def log(app, tmp_path, monkeypatch):
    """The access log's sequencer and verifier on this test's session (as in tests/access)."""
    from tests.access.conftest import LogBench, settings_for

    settings = settings_for(app, tmp_path)
    monkeypatch.setitem(app.extensions, "jimnet_log_settings", settings)
    return LogBench(app, settings, tmp_path)
