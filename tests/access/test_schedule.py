"""When the sequencer runs: inline after the response on the embedded SQLite default."""

from __future__ import annotations

from sqlalchemy import func, select

from jimnet import create_app
from jimnet.access import schedule
from jimnet.access.models import AccessLogLeaf
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from tests.access.conftest import settings_for
from tests.conftest import TEST_CONFIG
from tests.helpers import Client


def test_the_mode_follows_the_database_unless_chosen():
    sqlite = create_app({**TEST_CONFIG, "JIMNET_LOG_SEQUENCER": "auto"})
    assert schedule.mode_of(sqlite) == "inline"
    sqlite.config["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://db/jimnet"
    assert schedule.mode_of(sqlite) == "thread"
    sqlite.config["JIMNET_LOG_SEQUENCER"] = "external"
    assert schedule.mode_of(sqlite) == "external"


def test_inline_sequencing_runs_after_the_response_when_due(app, make, tmp_path):
    inline = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SQLALCHEMY_ENGINE_OPTIONS": {},
            "JIMNET_LOG_SEQUENCER": "inline",
            "JIMNET_LOG_INTERVAL": 3600,
        }
    )
    inline.extensions["jimnet_log_settings"] = settings_for(app, tmp_path)
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client = Client(inline).login(pro)
    response = client.get(f"/jongeren/{youth.id}")
    assert response.status_code == 200
    response.close()  # the server closes the response once it is sent: then the sequencer runs
    with app.app_context():
        placed = db.session.scalar(select(func.count()).select_from(AccessLogLeaf))
    assert placed >= 1
    client.get(f"/jongeren/{youth.id}").close()  # not due again within the interval
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AccessLogLeaf)) == placed
    assert list((tmp_path / "checkpoints").glob("checkpoints-*.txt"))


def test_the_first_inline_run_is_due_even_on_a_machine_booted_a_moment_ago(monkeypatch):
    monkeypatch.setattr(schedule.time, "monotonic", lambda: 120.0)
    inline = schedule._Inline()
    assert inline.due(3600)
    assert not inline.due(3600)
