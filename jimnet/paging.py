"""Ids in URLs and page numbers in query strings stay within what the databases can hold."""

from __future__ import annotations

from flask import Flask, request
from werkzeug.routing import IntegerConverter

# Primary keys are 32-bit integers: a larger number can name no row, overflows SQLite's integer
# binding and PostgreSQL's integer column. The pattern itself refuses it, so routing answers 404
# (a `max` check would match the path first and then answer 405 for a method the rule lacks).
MAX_ID = 2**31 - 1
_UP_TO_MAX_ID = (
    r"0|[1-9]\d{0,8}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}|21474[0-7]\d{4}"
    r"|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7]"
)
MAX_PAGE = 100_000


class IdConverter(IntegerConverter):
    regex = f"(?:{_UP_TO_MAX_ID})"


def page_arg(name: str = "page") -> int:
    """The page number asked for, at least 1 and at most MAX_PAGE."""
    value = request.args.get(name, 1, type=int) or 1
    return min(max(value, 1), MAX_PAGE)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
