"""Ids in URLs and page numbers in query strings stay within what the databases can hold."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter

# Primary keys are 32-bit integers; a larger number in a URL can name no row (and would overflow
# SQLite's integer binding), so routing answers 404 before any query.
MAX_ID = 2**31 - 1
MAX_PAGE = 100_000


class IdConverter(IntegerConverter):
    def __init__(self, map: object, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)  # type: ignore[arg-type]


def page_arg(name: str = "page") -> int:
    """The page number asked for, at least 1 and at most MAX_PAGE."""
    value = request.args.get(name, 1, type=int) or 1
    return min(max(value, 1), MAX_PAGE)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
