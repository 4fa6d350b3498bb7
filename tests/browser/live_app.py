"""The app the browser tests' live server runs: jimnet itself, at the suite's instant.

The server's clock stands at the chosen instant (tests/clock.py); Chromium's does not, and cannot
be moved. A session cookie that expires 15 minutes after an instant months ago would be thrown
away by the browser at once, so here, and only here, cookies are handed to the browser without
an expiry date: they last as long as the browser context. The server still ends idle sessions
itself (the session row carries its own expiry), and deletions (Max-Age=0) pass unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from jimnet import create_app

_EXPIRY = re.compile(r";\s*(expires=[^;]*|max-age=\d+)", re.IGNORECASE)


class BrowserSessionCookies:
    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            headers = [
                (name, _without_expiry(value) if name.lower() == "set-cookie" else value)
                for name, value in headers
            ]
            return start_response(status, headers, *args)

        return self.wsgi_app(environ, start)


def _without_expiry(cookie: str) -> str:
    if re.search(r"max-age=0\b", cookie, re.IGNORECASE):
        return cookie  # a deletion
    return _EXPIRY.sub("", cookie)


def create_live_app() -> Flask:
    app = create_app()
    app.wsgi_app = BrowserSessionCookies(app.wsgi_app)  # type: ignore[method-assign]
    return app
