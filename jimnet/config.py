"""Settings from ``JIMNET_*`` environment variables, with safe defaults.

The secret key and the pseudonym key are generated into ``instance/`` on first run when the
environment does not provide them, so that a newcomer needs no set-up and a production server
can inject its own.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any


def _instance_secret(instance_path: Path, name: str) -> str:
    path = instance_path / name
    if path.exists():
        return path.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    # O_EXCL: two workers starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def load_config(instance_path: Path) -> dict[str, Any]:
    env = os.environ
    database_url = env.get("JIMNET_DATABASE_URL") or f"sqlite:///{instance_path / 'jimnet.sqlite'}"
    redis_url = env.get("JIMNET_REDIS_URL") or None
    secure_cookies = _bool("JIMNET_SECURE_COOKIES", True)
    config: dict[str, Any] = {
        "SECRET_KEY": env.get("JIMNET_SECRET_KEY") or _instance_secret(instance_path, "secret_key"),
        # Older keys still verify signed values (CSRF tokens, signed session ids) during rotation.
        "SECRET_KEY_FALLBACKS": [
            k for k in env.get("JIMNET_SECRET_KEY_FALLBACKS", "").split(",") if k
        ],
        "JIMNET_PSEUDONYM_KEY": env.get("JIMNET_PSEUDONYM_KEY")
        or _instance_secret(instance_path, "pseudonym_key"),
        # The access log's keys live outside the database (see docs/access-log.md): the HMAC key
        # of every entry, and the Ed25519 seed that signs the published checkpoints.
        "JIMNET_LOG_KEY": env.get("JIMNET_LOG_KEY") or _instance_secret(instance_path, "log_key"),
        "JIMNET_LOG_SIGNING_KEY": env.get("JIMNET_LOG_SIGNING_KEY")
        or _instance_secret(instance_path, "log_signing_key"),
        "JIMNET_LOG_PUBLIC_KEY": env.get("JIMNET_LOG_PUBLIC_KEY") or None,
        "JIMNET_LOG_ORIGIN": env.get("JIMNET_LOG_ORIGIN", "jimnet/access-log"),
        "JIMNET_LOG_CHECKPOINTS": env.get("JIMNET_LOG_CHECKPOINTS")
        or str(instance_path / "log-checkpoints"),
        "JIMNET_LOG_PUBLISH_COMMAND": env.get("JIMNET_LOG_PUBLISH_COMMAND") or None,
        "JIMNET_LOG_VERIFIED": env.get("JIMNET_LOG_VERIFIED")
        or str(instance_path / "log-verified.json"),
        "JIMNET_LOG_SEQUENCER": env.get("JIMNET_LOG_SEQUENCER", "auto"),
        "JIMNET_LOG_INTERVAL": float(env.get("JIMNET_LOG_INTERVAL", "5")),
        "JIMNET_LOG_GAP_SECONDS": float(env.get("JIMNET_LOG_GAP_SECONDS", "30")),
        # How long a worker remembers that a youth's pseudonym link exists (0: never).
        "JIMNET_LOG_LINK_CACHE_SECONDS": float(env.get("JIMNET_LOG_LINK_CACHE_SECONDS", "60")),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": _engine_options(database_url),
        "JIMNET_REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # A Redis that is down must answer at once (the limits then fail closed), not hang.
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 5}
        if redis_url
        else {},
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_ENABLED": _bool("JIMNET_RATELIMIT_ENABLED", True),
        # Server-side sessions: the cookie only carries a signed random id.
        "SESSION_COOKIE_NAME": "jimnet_session",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "PERMANENT_SESSION_LIFETIME": timedelta(minutes=int(env.get("JIMNET_IDLE_MINUTES", "15"))),
        "JIMNET_STAFF_SESSION_MAX": timedelta(hours=8),
        "SESSION_REFRESH_EACH_REQUEST": True,
        "WTF_CSRF_TIME_LIMIT": 3600,
        "WTF_CSRF_SSL_STRICT": secure_cookies,
        "BABEL_DEFAULT_LOCALE": "nl",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Amsterdam",
        "JIMNET_LANGUAGES": ["nl", "en"],
        "JIMNET_MAIL_BACKEND": "smtp" if env.get("JIMNET_SMTP_HOST") else "console",
        "JIMNET_SMTP_HOST": env.get("JIMNET_SMTP_HOST"),
        "JIMNET_SMTP_PORT": int(env.get("JIMNET_SMTP_PORT", "587")),
        "JIMNET_SMTP_USER": env.get("JIMNET_SMTP_USER"),
        "JIMNET_SMTP_PASSWORD": env.get("JIMNET_SMTP_PASSWORD"),
        "JIMNET_MAIL_FROM": env.get("JIMNET_MAIL_FROM", "jimnet <no-reply@jimnet.test>"),
        "JIMNET_BASE_URL": env.get("JIMNET_BASE_URL", "http://127.0.0.1:5000"),
        "JIMNET_TOKEN_HOURS": {"reset": 1, "invite": 72},
        "JIMNET_LOG_JSON": _bool("JIMNET_LOG_JSON", False),
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        # How many proxies in front set X-Forwarded-For/-Proto (0: none, trust the socket).
        "JIMNET_PROXY_COUNT": int(env.get("JIMNET_PROXY_COUNT", "0")),
        # Trained models (skops files) and their model cards.
        "JIMNET_MODELS_DIR": env.get("JIMNET_MODELS_DIR")
        or str(Path(__file__).resolve().parent.parent / "models"),
        # How long an export's download links work (each format once); see docs/privacy.md.
        "JIMNET_EXPORT_LINK_MINUTES": int(env.get("JIMNET_EXPORT_LINK_MINUTES", "60")),
        # Carried-out erasures, outside the database, re-applied after a restore (`flask erasure
        # reapply`); keep it with the backups' operator, not inside the backups.
        "JIMNET_ERASURE_LEDGER": env.get("JIMNET_ERASURE_LEDGER")
        or str(instance_path / "erasure-ledger.jsonl"),
    }
    return config


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):
        # A busy web page waits for the writer instead of failing at once.
        return {"connect_args": {"timeout": 15}}
    return {
        "pool_size": int(os.environ.get("JIMNET_DB_POOL_SIZE", "5")),
        "max_overflow": int(os.environ.get("JIMNET_DB_MAX_OVERFLOW", "5")),
        "pool_pre_ping": True,
        "pool_recycle": 1800,
    }
