"""Bounds on a JSON text, checked before it is parsed: nesting depth and the length of a number.

Python's parser recurses once per level (5,000 levels: a ``RecursionError``, a 500) and turns a
number of any length into an ``int`` (thousands of digits: quadratic time, then a ``ValueError``
past 4,300 digits). One linear pass over the text finds both before the parser sees it. Every
``request.get_json`` goes through here (the app's JSON provider), and so does the network import.
"""

from __future__ import annotations

import json
from typing import Any

from flask.json.provider import DefaultJSONProvider
from flask_babel import lazy_gettext as _l

MAX_DEPTH = 64  # jimnet's deepest document (node-link JSON with attributes) is under 10
MAX_NUMBER_CHARS = 40  # a 64-bit integer has 20 characters, a double's repr fewer than 25

MESSAGES = {
    "depth": _l("De JSON is te diep genest (hoogstens %(max)s niveaus)."),
    "number": _l("De JSON bevat een getal dat te lang is (hoogstens %(max)s tekens)."),
}


class JsonTooComplex(ValueError):
    """A JSON text over the bounds; ``code`` is ``depth`` or ``number``."""

    def __init__(self, code: str, limit: int, position: int) -> None:
        super().__init__(f"{code} over {limit} at character {position}")
        self.code = code
        self.limit = limit
        self.position = position

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % {"max": self.limit}


_NUMBER = frozenset("0123456789+-.eE")


def check(data: str | bytes, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`JsonTooComplex` when ``data`` nests deeper than ``max_depth`` or holds a
    number longer than ``MAX_NUMBER_CHARS``. Malformed JSON is left to the parser."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes | bytearray) else data
    depth = 0
    run = 0
    in_string = False
    escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char in _NUMBER:
            run += 1
            if run > MAX_NUMBER_CHARS:
                raise JsonTooComplex("number", MAX_NUMBER_CHARS, index)
            continue
        run = 0
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                raise JsonTooComplex("depth", max_depth, index)
        elif char in "]}":
            depth -= 1


def _finite(literal: str) -> float:
    value = float(literal)
    if value in (float("inf"), float("-inf")):  # 1e400: a number no schema can bound
        raise JsonTooComplex("number", MAX_NUMBER_CHARS, 0)
    return value


def _constant(name: str) -> Any:
    # Python reads NaN and Infinity, which JSON does not have.
    raise JsonTooComplex("number", MAX_NUMBER_CHARS, 0)


def loads(data: str | bytes, **kwargs: Any) -> Any:
    check(data)
    kwargs.setdefault("parse_float", _finite)
    kwargs.setdefault("parse_constant", _constant)
    return json.loads(data, **kwargs)


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON provider with the bounds above on everything it reads."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return loads(s, **kwargs)
