"""A test client that speaks like a browser (CSRF tokens, logins) and a SQL statement counter."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyotp
from flask import Flask
from sqlalchemy import Engine, event
from werkzeug.test import TestResponse

from jimnet.accounts.models import User
from tests.factories import TEST_PASSWORD

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Client:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.http = app.test_client()

    # --- plain requests ------------------------------------------------------------------
    def get(self, url: str, **kwargs: Any) -> TestResponse:
        return self.http.get(url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> TestResponse:
        return self.http.post(url, **kwargs)

    def csrf_token(self, page: str = "/inloggen") -> str:
        response = self.http.get(page, follow_redirects=True)
        return csrf_from(response.get_data(as_text=True))

    def form(
        self,
        url: str,
        data: dict[str, Any] | None = None,
        *,
        token_page: str | None = None,
        **kwargs: Any,
    ) -> TestResponse:
        """POST a form the way a browser does: with the CSRF token of a page it just loaded."""
        token = self.csrf_token(
            token_page or "/account/" if self.logged_in else token_page or "/inloggen"
        )
        data = dict(data or {})
        # Forms with a prefix ("pw-password") name their token "pw-csrf_token".
        for prefix in {key.split("-", 1)[0] for key in data if "-" in key}:
            data.setdefault(f"{prefix}-csrf_token", token)
        return self.http.post(url, data={"csrf_token": token, **data}, **kwargs)

    # --- the JSON API ---------------------------------------------------------------------
    def api(
        self, method: str, url: str, json: Any = None, *, token: str | None = None, **kwargs: Any
    ) -> TestResponse:
        headers = dict(kwargs.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        elif method.upper() not in {"GET", "HEAD"} and self.logged_in:
            headers["X-CSRFToken"] = self.csrf_token("/account/")
        return self.http.open(url, method=method.upper(), json=json, headers=headers, **kwargs)

    # --- logging in -----------------------------------------------------------------------
    logged_in = False

    def login(self, user: User) -> Client:
        """Log in without the forms (they have tests of their own)."""
        with self.http.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
            session["auth_at"] = time.time()
        self.logged_in = True
        return self

    def login_with_password(
        self, email: str, password: str = TEST_PASSWORD, totp_secret: str | None = None
    ) -> TestResponse:
        token = self.csrf_token("/inloggen")
        response = self.http.post(
            "/inloggen", data={"csrf_token": token, "email": email, "password": password}
        )
        if (
            totp_secret
            and response.status_code == 302
            and "/inloggen/code" in response.headers["Location"]
        ):
            page = response.headers["Location"]
            token = self.csrf_token(page)
            code = pyotp.TOTP(totp_secret).now()
            response = self.http.post(page, data={"csrf_token": token, "code": code})
        if response.status_code == 302 and "/inloggen" not in response.headers["Location"]:
            self.logged_in = True
        return response

    def logout(self) -> TestResponse:
        response = self.form("/uitloggen", token_page="/account/")
        self.logged_in = False
        return response


class QueryCounter:
    """Counts the SQL statements sent while a block runs."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.statements: list[str] = []

    @contextmanager
    def __call__(self) -> Iterator[list[str]]:
        self.statements = []

        def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
            if not statement.startswith(
                ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
            ):
                self.statements.append(statement)

        event.listen(self.engine, "before_cursor_execute", before)
        try:
            yield self.statements
        finally:
            event.remove(self.engine, "before_cursor_execute", before)
