"""The access log's settings for one test: its own checkpoint directory and verifier memory."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from jimnet.access.settings import LogSettings


class LogBench:
    """Run the sequencer and the verifier the way the CLI does, on the test's session."""

    def __init__(self, app: Flask, settings: LogSettings, root: Path) -> None:
        self.app = app
        self.settings = settings
        self.root = root

    @property
    def checkpoints(self) -> Path:
        return self.settings.publisher.directory

    def sequence(self):  # type: ignore[no-untyped-def]
        from jimnet.access.sequencer import sequence
        from jimnet.extensions import db

        with self.app.app_context():
            return sequence(db.session(), self.settings)

    def verify(self, *, full: bool = False):  # type: ignore[no-untyped-def]
        from jimnet.access.verify import verify
        from jimnet.extensions import db

        with self.app.app_context():
            report = verify(db.session(), self.settings, full=full)
            db.session.rollback()
            return report


def settings_for(app: Flask, root: Path, **changes: object) -> LogSettings:
    return LogSettings.from_config(
        {
            **app.config,
            "JIMNET_LOG_CHECKPOINTS": str(root / "checkpoints"),
            "JIMNET_LOG_VERIFIED": str(root / "verified.json"),
            "JIMNET_LOG_GAP_SECONDS": 0,
            **changes,
        }
    )


@pytest.fixture
def log(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LogBench:
    settings = settings_for(app, tmp_path)
    monkeypatch.setitem(app.extensions, "jimnet_log_settings", settings)
    return LogBench(app, settings, tmp_path)
