"""The bench's own app: jimnet's ``create_app`` plus a floor endpoint registered only here.

The floor does the least a page can do: authenticate (the session), load one young person
through the one door (policy check + one access-log entry, written by the unit of work) and
render a tiny template. Every page is reported as a ratio to it, on the same run.
"""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, render_template
from flask_login import login_required

from jimnet import create_app
from jimnet.access import Action, load_youth
from jimnet.config import _engine_options

# Fixed keys: the gunicorn workers and the ``flask verify-log`` run must read the same chain
# pseudonyms and session signatures as the builder and the in-process run.
SECRET_KEY = "jimnet-bench-secret-key-not-for-production"  # noqa: S105 - bench only
PSEUDONYM_KEY = "jimnet-bench-pseudonym-key"
LOG_KEY = "jimnet-bench-log-key"
LOG_SIGNING_KEY = "5e" * 32  # the Ed25519 seed that signs the bench's checkpoints
PASSWORD = "jimnet-bench-2026"  # noqa: S105 - bench data only

bp = Blueprint("bench", __name__, template_folder="templates")


@bp.route("/bench/floor/<int:youth_id>")
@login_required
def floor(youth_id: int) -> str:
    youth = load_youth(youth_id, Action.VIEW)
    return render_template("bench/floor.html", youth=youth)


def log_dir_for(database_url: str) -> Path:
    """Where the bench database's published checkpoints and verifier memory live: outside the
    database, one directory per bench database."""
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"jimnet-bench-log-{digest}"


def log_settings(database_url: str, sequencer: str) -> dict[str, str]:
    directory = log_dir_for(database_url)
    return {
        "JIMNET_LOG_KEY": LOG_KEY,
        "JIMNET_LOG_SIGNING_KEY": LOG_SIGNING_KEY,
        "JIMNET_LOG_ORIGIN": "jimnet-bench/access-log",
        "JIMNET_LOG_CHECKPOINTS": str(directory / "checkpoints"),
        "JIMNET_LOG_VERIFIED": str(directory / "verified.json"),
        "JIMNET_LOG_SEQUENCER": sequencer,
        "JIMNET_LOG_INTERVAL": "2",
    }


def environment(database_url: str, sequencer: str = "external") -> dict[str, str]:
    """Environment variables for processes that run jimnet itself on the bench database.

    The sequencer runs as its own process (``flask sequence-log --loop``) where the bench wants
    it, so that its cost shows in throughput but never in one request's latency."""
    return {
        "JIMNET_DATABASE_URL": database_url,
        "JIMNET_SECRET_KEY": SECRET_KEY,
        "JIMNET_PSEUDONYM_KEY": PSEUDONYM_KEY,
        "JIMNET_SECURE_COOKIES": "0",
        "FLASK_APP": "jimnet",
        **log_settings(database_url, sequencer),
    }


def config_for(database_url: str) -> dict[str, Any]:
    return {
        **log_settings(database_url, "off"),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        "SECRET_KEY": SECRET_KEY,
        "JIMNET_PSEUDONYM_KEY": PSEUDONYM_KEY,
        # The test client speaks plain http.
        "SESSION_COOKIE_SECURE": False,
        "WTF_CSRF_SSL_STRICT": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "JIMNET_MAIL_BACKEND": "console",
    }


def create_bench_app(database_url: str, *, with_floor: bool = True) -> Flask:
    app = create_app(config_for(database_url))
    if with_floor:
        app.register_blueprint(bp)
    return app


def gunicorn_app() -> Flask:
    """``gunicorn "bench.app:gunicorn_app()"``: jimnet with the floor, configured from the
    environment like a production worker; ``JIMNET_BENCH_NO_LOG=1`` leaves the log out."""
    import os

    from jimnet.access import log as access_log

    app = create_app({"JIMNET_LOG_SEQUENCER": os.environ.get("JIMNET_LOG_SEQUENCER", "external")})
    app.register_blueprint(bp)
    if os.environ.get("JIMNET_BENCH_NO_LOG") == "1":
        access_log.write = lambda session, pending: None  # type: ignore[assignment]
    return app
