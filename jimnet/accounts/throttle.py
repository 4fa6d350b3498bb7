"""One guard for every form that takes a password or a second-factor code.

Login, the TOTP step, the invitation answer (staff and JIM), the password change and the reset
completion all ask this module before they check a secret, and tell it when a secret was wrong.
The counts live in the rate limiter's storage (Flask-Limiter's strategy: memory, or Redis when
configured), so every worker shares them.

Four buckets (``limits`` notation):

- per address, every attempt on any password form: ``SOURCE``;
- per account *and* address, wrong secrets: ``ACCOUNT_SOURCE``. One attacker locks only
  themselves out of that account, not the owner, who comes from another address;
- per account from any address, wrong secrets from devices the account never logged in on:
  ``ACCOUNT``. This stops guessing spread over many addresses; an attacker *can* fill it, so:
- per known device, wrong secrets: ``DEVICE``. A successful login sets a signed, long-lived
  ``jimnet_device`` cookie; from that browser the owner is measured by this bucket instead of
  the account-wide one, and gets in while strangers are locked out.

A refused attempt never reaches the password check, so a right guess while locked out gets the
same 429 as a wrong one. When the storage cannot be reached, every password form refuses (503):
the limits fail closed.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from flask import Flask, Response, after_this_request, current_app, request
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse_many
from werkzeug.exceptions import HTTPException, ServiceUnavailable, TooManyRequests

from jimnet.extensions import client_address, limiter

logger = logging.getLogger(__name__)

SOURCE = parse_many("30/minute;300/hour")
ACCOUNT_SOURCE = parse_many("5/minute;30/hour")
ACCOUNT = parse_many("10/minute;50/hour")
DEVICE = parse_many("5/minute;30/hour")

DEVICE_COOKIE = "jimnet_device"
DEVICE_DAYS = 180
NAMESPACE = "jimnet-pw"


def _account(email: str) -> str:
    normal = email.strip().lower()
    return hashlib.sha256(normal.encode()).hexdigest()[:32]


def _serializer() -> URLSafeTimedSerializer:
    app = current_app
    keys = [*app.config.get("SECRET_KEY_FALLBACKS", []), app.secret_key]
    return URLSafeTimedSerializer(keys, salt="jimnet-known-device")


def known_device(email: str) -> str | None:
    """The id of this browser if it once logged in to this account (a valid signed cookie)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        data = _serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("a") != _account(email):
        return None
    device = data.get("d")
    return device if isinstance(device, str) else None


def remember_device(email: str) -> None:
    """After a successful login: this browser is now a known device of the account."""
    logger.info(
        "authentication succeeded for account %s from %s%s",
        _account(email),
        client_address(),
        " (known device)" if known_device(email) else "",
    )
    value = _serializer().dumps(
        {"a": _account(email), "d": known_device(email) or secrets.token_urlsafe(16)}
    )

    @after_this_request
    def set_cookie(response: Response) -> Response:
        response.set_cookie(
            DEVICE_COOKIE,
            value,
            max_age=int(timedelta(days=DEVICE_DAYS).total_seconds()),
            httponly=True,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            samesite="Lax",
        )
        return response


Bucket = tuple[list[RateLimitItem], tuple[str, ...]]


def _failure_buckets(email: str, account_wide: bool = True) -> list[Bucket]:
    account, source = _account(email), client_address()
    buckets: list[Bucket] = [(ACCOUNT_SOURCE, ("acct-src", account, source))]
    if not account_wide:
        return buckets
    device = known_device(email)
    if device is not None:
        buckets.append((DEVICE, ("device", account, device)))
    else:
        buckets.append((ACCOUNT, ("acct", account)))
    return buckets


def _refuse(message: str) -> HTTPException:
    logger.warning("authentication refused by a limit from %s", client_address())
    error = TooManyRequests(message)
    error.jimnet_detail = True  # type: ignore[attr-defined]
    return error


def _unavailable() -> HTTPException:
    logger.exception("the rate-limit storage cannot be reached: limited forms refuse")
    error = ServiceUnavailable(
        _(
            "Inloggen kan op dit moment niet, omdat een onderdeel van jimnet niet bereikbaar is. "
            "Probeer het over een paar minuten opnieuw."
        )
    )
    error.jimnet_detail = True  # type: ignore[attr-defined]
    return error


def init_app(app: Flask) -> None:
    """Limits fail closed: when their storage (Redis) is down, a limited route answers 503 with
    a clear message, never 500 and never unlimited."""
    from limits.errors import StorageError
    from redis.exceptions import RedisError

    def storage_down(error: Exception) -> Response | tuple[str, int]:
        return app.handle_http_exception(_unavailable())  # type: ignore[return-value]

    app.register_error_handler(RedisError, storage_down)
    app.register_error_handler(StorageError, storage_down)


def _enabled() -> bool:
    """Off with the rest of the limiter (``JIMNET_RATELIMIT_ENABLED=0``, e.g. browser tests)."""
    return bool(limiter.enabled and current_app.config.get("RATELIMIT_ENABLED", True))


def check(email: str, *, account_wide: bool = True) -> None:
    """Before a secret is checked: count the attempt; abort with 429 when a bucket is full."""
    if not _enabled():
        return
    strategy = limiter.limiter
    try:
        for item in SOURCE:
            if not strategy.hit(item, NAMESPACE, "src", client_address()):
                raise _refuse(_("Te veel pogingen vanaf dit adres. Wacht even."))
        for items, keys in _failure_buckets(email, account_wide):
            for item in items:
                if not strategy.test(item, NAMESPACE, *keys):
                    raise _refuse(
                        _(
                            "Te veel mislukte pogingen voor dit account. Wacht even, of log in "
                            "op een apparaat waarop je eerder bent ingelogd."
                        )
                    )
    except HTTPException:
        raise
    except Exception as error:  # the storage's own errors differ per backend
        raise _unavailable() from error


def failed(email: str) -> None:
    """A wrong password or code for this account: it counts against the failure buckets."""
    # Security event log (ASVS 16.3.1): the account as a pseudonymous hash, never the address
    # typed in (it may be a password typed into the wrong field).
    logger.warning(
        "authentication failed for account %s from %s", _account(email), client_address()
    )
    if not _enabled():
        return
    strategy = limiter.limiter
    try:
        for items, keys in _failure_buckets(email):
            for item in items:
                strategy.hit(item, NAMESPACE, *keys)
    except Exception as error:
        raise _unavailable() from error
