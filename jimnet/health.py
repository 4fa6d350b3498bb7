"""Health (the process answers) and readiness (it can reach its database, and Redis if set)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text

from jimnet.extensions import db, limiter

bp = Blueprint("health", __name__)


@bp.route("/healthz")
@limiter.exempt
def healthz() -> Response:
    return jsonify({"status": "ok"})


@bp.route("/readyz")
@limiter.exempt
def readyz() -> tuple[Response, int]:
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:
        db.session.rollback()
        checks["database"] = f"unavailable: {type(error).__name__}"
    redis_url = current_app.config.get("JIMNET_REDIS_URL")
    if redis_url:
        try:
            from redis import Redis

            Redis.from_url(redis_url, socket_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception as error:
            checks["redis"] = f"unavailable: {type(error).__name__}"
    ready = all(value == "ok" for value in checks.values())
    return jsonify(
        {"status": "ready" if ready else "not ready", "checks": checks}
    ), 200 if ready else 503
