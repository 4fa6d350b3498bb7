"""CSRF on every state change.

Views that take a Flask-WTF form are marked with ``@form_view``: the form checks its own token,
so an expired token re-renders the form with what was typed and a message next to it, instead of
a blank 400. Every other unsafe request is checked before the view runs. API calls with a bearer
token that is valid carry no cookie and need no token (any other Authorization header is ignored
here); API calls on the session cookie send ``X-CSRFToken``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, request
from flask_login import current_user

from jimnet.extensions import csrf

F = TypeVar("F", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def form_view(view: F) -> F:
    view._csrf_in_form = True  # type: ignore[attr-defined]
    return view


def init_app(app: Flask) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)

    @app.before_request
    def check_csrf() -> None:
        if request.method in SAFE_METHODS or not current_app.config.get("WTF_CSRF_ENABLED", True):
            return
        view = current_app.view_functions.get(request.endpoint or "")
        if view is not None and getattr(view, "_csrf_in_form", False):
            return
        if request.path.startswith("/api/") and (
            g.get("auth_via_token") or not current_user.is_authenticated
        ):
            # No cookie session to forge: the caller proved who it is with a valid bearer token,
            # or is no one (the API answers 401 itself). An Authorization header alone proves
            # nothing: beside a session cookie, a failing one leaves the cookie to be checked.
            return
        csrf.protect()
