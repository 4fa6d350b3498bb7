"""Text with a NUL character is refused at the door of the app.

PostgreSQL cannot store NUL in text, and no person types one: such input is a broken or hostile
client. Forms and query strings answer 400 here; JSON bodies are checked with their schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Flask, abort, request


def nul_pointers(data: Any, pointer: str = "") -> Iterator[str]:
    """JSON pointers of every string (or key) in ``data`` that holds a NUL character."""
    if isinstance(data, str):
        if "\x00" in data:
            yield pointer or "/"
    elif isinstance(data, dict):
        for key, value in data.items():
            path = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if "\x00" in str(key):
                yield path
            yield from nul_pointers(value, path)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from nul_pointers(value, f"{pointer}/{index}")


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_nul() -> None:
        values = [*request.args.values(), *(request.form.values() if request.form else [])]
        if any("\x00" in value for value in values):
            abort(400)
