"""When the sequencer runs (``JIMNET_LOG_SEQUENCER``), every ``JIMNET_LOG_INTERVAL`` seconds:

- ``inline`` (the default on the embedded SQLite database): in the web process, after a response
  has been sent, when the last run is at least an interval ago. SQLite serialises writers
  anyway, and a laptop needs no second process.
- ``thread`` (the default elsewhere): a daemon thread in each web process wakes every interval.
  With Redis configured, one process per interval wins a short Redis lock and runs it; without
  Redis every process tries, and the tree's state row (locked with SKIP LOCKED) lets one through.
- ``external``: only ``flask sequence-log --loop`` runs it, as a service of its own; the way
  to keep the signing key on one host only.
- ``off``: never (the tests run it by hand).

Whatever the mode, a request never waits for the sequencer and is never refused because it is
behind: requests only append. This is the minimal scheduling the log needs; when a general job
queue (``jimnet.jobs``) exists, the thread mode can become one of its periodic jobs.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from flask import Flask, Response
from sqlalchemy.exc import SQLAlchemyError

from jimnet.access.settings import for_app

logger = logging.getLogger(__name__)
LOCK_KEY = "jimnet:access-log:sequencer"


def mode_of(app: Flask) -> str:
    mode = str(app.config.get("JIMNET_LOG_SEQUENCER", "auto"))
    if mode != "auto":
        return mode
    url = str(app.config.get("SQLALCHEMY_DATABASE_URI", ""))
    return "inline" if url.startswith("sqlite") else "thread"


def run_once(app: Flask) -> Any:
    """One sequencer run in its own app context and session; errors are logged, not raised."""
    from jimnet.access.sequencer import sequence
    from jimnet.extensions import db

    with app.app_context():
        try:
            return sequence(db.session(), for_app(app))
        except (SQLAlchemyError, OSError):
            db.session.rollback()
            logger.exception("the access-log sequencer failed; it tries again next interval")
            return None
        finally:
            db.session.remove()


class _Inline:
    def __init__(self) -> None:
        # Never run yet: due at once. (0.0 meant "not before an interval of uptime": a fresh
        # machine or container, up for less than JIMNET_LOG_INTERVAL, never sequenced at first.)
        self.last: float | None = None
        self.lock = threading.Lock()

    def due(self, interval: float) -> bool:
        now = time.monotonic()
        with self.lock:
            if self.last is not None and now - self.last < interval:
                return False
            self.last = now
            return True


def _thread(app: Flask) -> None:
    settings = for_app(app)
    redis = None
    if app.config.get("JIMNET_REDIS_URL"):
        import redis as redis_lib

        redis = redis_lib.Redis.from_url(app.config["JIMNET_REDIS_URL"])
    token = f"{os.getpid()}-{threading.get_ident()}"
    while True:
        time.sleep(settings.interval)
        try:
            if redis is not None and not redis.set(
                LOCK_KEY, token, nx=True, px=max(1, int(settings.interval * 1000))
            ):
                continue
        except Exception:  # Redis down: fall back to the database's lock
            logger.warning("Redis did not answer; the sequencer relies on the database's lock")
        result = run_once(app)
        while result is not None and getattr(result, "more", False):
            result = run_once(app)


def init_app(app: Flask) -> None:
    mode = mode_of(app)
    if mode == "inline":
        inline = _Inline()

        @app.after_request
        def sequence_after_response(response: Response) -> Response:
            if inline.due(float(app.config.get("JIMNET_LOG_INTERVAL", 5))):
                response.call_on_close(lambda: run_once(app))
            return response

    elif mode == "thread":
        started: list[int] = []
        guard = threading.Lock()

        @app.before_request
        def start_sequencer_thread() -> None:
            # Started by the first request of each worker process (after gunicorn forks), not
            # by CLI commands or migrations.
            if started and started[0] == os.getpid():
                return
            with guard:
                if started and started[0] == os.getpid():
                    return
                started[:] = [os.getpid()]
                threading.Thread(
                    target=_thread, args=(app,), name="access-log-sequencer", daemon=True
                ).start()
