"""Ids in URLs and page numbers in query strings stay within what the databases can hold."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter

# Ten digits at most: more would overflow SQLite's integer binding. The pattern itself refuses
# longer numbers, so routing answers 404 (a `max` check would match the path first and answer
# 405 for a method the rule lacks); an id in range that names no row is refused by the door.
MAX_ID = 9_999_999_999
MAX_PAGE = 100_000


class IdConverter(IntegerConverter):
    regex = r"\d{1,10}"


def page_arg(name: str = "page") -> int:
    """The page number asked for, at least 1 and at most MAX_PAGE."""
    value = request.args.get(name, 1, type=int) or 1
    return min(max(value, 1), MAX_PAGE)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
