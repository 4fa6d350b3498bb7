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


def id_arg(name: str) -> int | None:
    """An id from the query string: None when absent or empty, else a number from 1 to
    ``MAX_ID``. Anything else (``1e40``, twenty digits, ``-3``) is a 400 that says so, never a
    number that overflows the database's integer (a 500) or is silently ignored."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isascii() or not raw.isdigit() or len(raw) > 10 or not 1 <= int(raw) <= MAX_ID:
        from flask_babel import gettext as _

        from jimnet.errors import refuse

        refuse(400, _("Dit nummer bestaat niet: gebruik een nummer uit de lijst."))
    return int(raw)


def page_arg(name: str = "page") -> int:
    """The page number asked for, at least 1 and at most MAX_PAGE."""
    value = request.args.get(name, 1, type=int) or 1
    return min(max(value, 1), MAX_PAGE)


def init_app(app: Flask) -> None:
    app.url_map.converters["int"] = IdConverter
