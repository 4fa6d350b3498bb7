"""Text with a NUL character is refused at the door of the app.

PostgreSQL cannot store NUL in text, and no person types one: such input is a broken or hostile
client. Forms and query strings answer 400 here; JSON bodies are checked with their schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Flask, abort, request


def _unstorable(value: str) -> str | None:
    """``control`` for a NUL, ``surrogate`` for a lone surrogate, else None."""
    if "\x00" in value:
        return "control"
    if any("\ud800" <= c <= "\udfff" for c in value):
        return "surrogate"
    return None


def unstorable_pointers(data: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(JSON pointer, reason) of every string or key in ``data`` that no database can store:
    a NUL character (PostgreSQL) or a lone surrogate (``"\\ud800"``: not a character at all, in
    no encoding). Keys are escaped as RFC 6901 says."""
    if isinstance(data, str):
        reason = _unstorable(data)
        if reason:
            yield pointer or "/", reason
    elif isinstance(data, dict):
        for key, value in data.items():
            path = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            reason = _unstorable(str(key))
            if reason:
                yield path, reason
            yield from unstorable_pointers(value, path)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from unstorable_pointers(value, f"{pointer}/{index}")


def nul_pointers(data: Any, pointer: str = "") -> Iterator[str]:
    """JSON pointers of every string (or key) in ``data`` that holds a NUL character."""
    for path, reason in unstorable_pointers(data, pointer):
        if reason == "control":
            yield path


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul() -> None:
        values = [*request.args.values(), *(request.form.values() if request.form else [])]
        if any("\x00" in value for value in values):
            abort(400)
