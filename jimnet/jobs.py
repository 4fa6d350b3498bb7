"""Work that must not hold up the response, or fail it: sending mail, above all.

One small interface, two ways to run:

- **Redis configured** (``JIMNET_REDIS_URL``): a job is a JSON object ``{"job": name, "kwargs":
  {...}}`` pushed on the Redis list ``jimnet:jobs`` once the request has committed. A worker,
  ``flask jimnet jobs-worker``, pops and runs them (run one beside the web server; ``--burst``
  empties the list and stops). A job that fails is logged and its payload, with the error, is
  pushed on ``jimnet:jobs:failed`` for an operator to look at; it is not retried by itself.
- **Embedded default** (no Redis), or Redis unreachable at that moment: the jobs run in the web
  process *after the response has been sent*, through the response's ``call_on_close``.

Either way a job only starts after the request's own transaction has committed, and a request that
failed (4xx/5xx or rolled back) starts none. A failing job never changes the answer the person
already got: it is logged, and that is all.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import click
from flask import Flask, current_app, g, has_request_context
from werkzeug.wrappers import Response

logger = logging.getLogger(__name__)

QUEUE_KEY = "jimnet:jobs"
FAILED_KEY = "jimnet:jobs:failed"
Job = Callable[..., None]
JOBS: dict[str, Job] = {}


def job(name: str) -> Callable[[Job], Job]:
    """Register a function as a job; its keyword arguments must be JSON values."""

    def register(function: Job) -> Job:
        JOBS[name] = function
        return function

    return register


def enqueue(name: str, **kwargs: Any) -> None:
    """Run ``name`` later: after the response in a request, at once outside one (CLI, worker)."""
    if name not in JOBS:
        raise KeyError(f"unknown job {name!r}")
    payload = {"job": name, "kwargs": kwargs}
    json.dumps(payload)  # refuse what a worker could not read, here and not in the worker
    if has_request_context():
        g.setdefault("jobs_pending", []).append(payload)
        return
    _dispatch(current_app._get_current_object(), [payload])  # type: ignore[attr-defined]


def run(payload: dict[str, Any]) -> bool:
    """Run one job in the current app context; log (never raise) what goes wrong."""
    name = payload.get("job", "")
    try:
        JOBS[name](**payload.get("kwargs", {}))
    except Exception:
        logger.exception("job %s failed", name)
        from jimnet.extensions import db

        db.session.rollback()
        return False
    return True


def _redis(app: Flask) -> Any:
    from redis import Redis

    url = app.config["JIMNET_REDIS_URL"]
    clients: dict[str, Any] = app.extensions.setdefault("jimnet_jobs_redis", {})
    if url not in clients:
        clients[url] = Redis.from_url(url, socket_connect_timeout=2, socket_timeout=10)
    return clients[url]


def _dispatch(app: Flask, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Push to Redis when configured; what cannot be pushed is returned to run in-process."""
    if not app.config.get("JIMNET_REDIS_URL"):
        if not has_request_context():
            for payload in payloads:
                run(payload)
            return []
        return payloads
    from redis.exceptions import RedisError

    try:
        _redis(app).rpush(QUEUE_KEY, *[json.dumps(p) for p in payloads])
    except RedisError:
        logger.exception("the job queue cannot be reached: %d job(s) run here", len(payloads))
        if not has_request_context():
            for payload in payloads:
                run(payload)
            return []
        return payloads
    return []


def work(app: Flask, *, burst: bool = False, timeout: int = 5) -> int:
    """The worker loop: pop and run jobs from Redis. Returns how many ran (``burst``: until empty)."""
    client = _redis(app)
    done = 0
    while True:
        item = client.blpop([QUEUE_KEY], timeout=timeout) if not burst else client.lpop(QUEUE_KEY)
        if item is None:
            if burst:
                return done
            continue
        raw = item[1] if isinstance(item, (list, tuple)) else item
        payload = json.loads(raw)
        with app.app_context():
            ok = run(payload)
        if not ok:
            client.rpush(FAILED_KEY, json.dumps({**payload, "error": "see the log"}))
        done += 1


def init_app(app: Flask) -> None:
    @app.after_request
    def after_the_response(response: Response) -> Response:
        # Registered before the unit of work, so this runs after its commit (Flask runs
        # after-request functions in reverse order).
        pending = g.pop("jobs_pending", None)
        if not pending:
            return response
        if response.status_code >= 400 or g.get("uow_rollback"):
            logger.info("request failed: %d job(s) dropped", len(pending))
            return response
        local = _dispatch(app, pending)
        if local:

            def run_local() -> None:
                with app.app_context():
                    for payload in local:
                        run(payload)

            response.call_on_close(run_local)
        return response

    @app.cli.command("jobs-worker")
    @click.option("--burst", is_flag=True, help="Run what is queued now, then stop.")
    def jobs_worker(burst: bool) -> None:
        """Run queued jobs (mail) from Redis: run one beside the web server when Redis is set."""
        if not app.config.get("JIMNET_REDIS_URL"):
            raise click.ClickException(
                "JIMNET_REDIS_URL is not set: jobs run inside the web process, no worker needed."
            )
        count = work(app, burst=burst)
        click.echo(f"{count} job(s) run")
