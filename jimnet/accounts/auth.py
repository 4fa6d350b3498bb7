"""Who is asking: the session cookie (server-side session) or a personal API bearer token."""

from __future__ import annotations

import hashlib
import time

from flask import Flask, current_app, g, request, session
from flask_babel import gettext
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from jimnet.accounts import throttle
from jimnet.accounts.models import ApiToken, User
from jimnet.db import utcnow
from jimnet.extensions import db, login_manager
from jimnet.i18n import N_


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User) -> None:
    """Log the user in on a fresh session id, so that an id set before login is worthless."""
    # A LocalProxy (current_user) stored as the user would resolve to itself forever.
    user = getattr(user, "_get_current_object", lambda: user)()
    current_app.session_interface.regenerate(session)  # type: ignore[attr-defined]
    session.clear()
    session["auth_at"] = time.time()
    session.permanent = True
    login_user(user)
    user.last_login_at = utcnow()
    # This browser is now a known device of the account (see throttle: the owner's way through
    # an account-wide lockout that strangers caused).
    throttle.remember_device(user.email)


def end_session() -> None:
    logout_user()
    session.clear()
    current_app.session_interface.regenerate(session)  # type: ignore[attr-defined]


@login_manager.user_loader
def load_user(identity: str) -> User | None:
    user_id, _, token = identity.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    # A password change rotates the token: every other session of the user ends here.
    if user is None or not user.active or user.session_token != token:
        return None
    return user


@login_manager.request_loader
def load_user_from_bearer(req: object) -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token or not request.path.startswith("/api/"):
        return None
    api_token = db.session.scalars(
        select(ApiToken).where(ApiToken.token_hash == token_hash(token.strip()))
    ).first()
    if api_token is None or api_token.revoked_at is not None or not api_token.user.active:
        g.bearer_rejected = True
        return None
    api_token.last_used_at = utcnow()
    g.auth_via_token = True
    return api_token.user


def init_app(app: Flask) -> None:
    throttle.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    # Flashed messages live in the server-side session, which stores plain strings only.
    login_manager.login_message = N_("Log in om verder te gaan.")
    login_manager.localize_callback = gettext
    login_manager.login_message_category = "info"
    # Sessions rotate at login instead; "strong" would log people out on a changed address.
    login_manager.session_protection = None

    @app.before_request
    def enforce_absolute_limit() -> None:
        # Load the user first: that is what tells a bearer token from a session.
        if not current_user.is_authenticated or g.get("auth_via_token"):
            return
        started = session.get("auth_at")
        limit = current_app.config["JIMNET_STAFF_SESSION_MAX"].total_seconds()
        if current_user.is_staff and (started is None or time.time() - float(started) > limit):
            end_session()
