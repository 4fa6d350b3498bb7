"""Node-link JSON: export (networkx's current ``node_link_data`` shape, key ``edges``), and an
import that remembers the line of every node and edge so that a refusal can say where.

The import is linear in the size of the file whatever its shape: the top-level object is walked
by hand, every node and edge is decoded by the C scanner (``scan_once``) where it starts, and its
line comes from a bisection in the newline offsets found once. Numbers are bounded before they
are converted (a 5,000-digit integer or ``1e999`` becomes a refusal, not a ``ValueError``), and
the walk stops as soon as a file holds more nodes or edges than any import accepts.
"""

from __future__ import annotations

import json
import json.decoder
import math
import re
from bisect import bisect_left
from typing import Any

import networkx as nx

from jimnet.network.importing import (
    MAX_EDGES_READ,
    MAX_NODES_READ,
    ImportProblem,
    ImportRefused,
    ParsedEdge,
    ParsedFile,
    ParsedNode,
)
from jimnet.network.xmlsafe import clean

MAX_DEPTH = 20
MAX_NUMBER_CHARS = 40  # longer than any number a network file needs
_WS = re.compile(r"[ \t\n\r]*")
_LIST_KEYS = ("nodes", "links", "edges")


def export_json(graph: nx.Graph) -> str:
    """Node-link JSON as the current networkx writes and reads it by default (``edges``)."""
    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(_cleaned(data), ensure_ascii=False, indent=2, sort_keys=False)


def _cleaned(value: Any) -> Any:
    """Strings a UTF-8 encoder cannot write (lone surrogates) replaced, so the file is valid."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {_cleaned(k): _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


class Unreadable:
    """A number or constant refused before conversion; reported with the node it is in."""

    def __init__(self, code: str, text: str) -> None:
        self.code = code
        self.text = text[:20] + ("…" if len(text) > 20 else "")


def _int(text: str) -> Any:
    if len(text) > MAX_NUMBER_CHARS:
        return Unreadable("number_too_big", text)
    return int(text)


def _float(text: str) -> Any:
    if len(text) > MAX_NUMBER_CHARS:
        return Unreadable("number_too_big", text)
    value = float(text)
    if not math.isfinite(value):
        return Unreadable("number_too_big", text)
    return value


def _constant(text: str) -> Any:
    return Unreadable("not_a_number", text)


_DECODER = json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=_constant)


class _Lines:
    """Line numbers from offsets: the newlines are found once, each lookup is a bisection."""

    def __init__(self, text: str) -> None:
        self.newlines = [m.start() for m in re.finditer("\n", text)]

    def __call__(self, pos: int) -> int:
        return bisect_left(self.newlines, pos) + 1


class _Syntax(Exception):
    def __init__(self, msg: str, pos: int) -> None:
        super().__init__(msg)
        self.msg = msg
        self.pos = pos


class _TooMany(Exception):
    def __init__(self, code: str, limit: int) -> None:
        super().__init__(code)
        self.code = code
        self.limit = limit


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _value(text: str, pos: int) -> tuple[Any, int]:
    try:
        return _DECODER.scan_once(text, pos)  # type: ignore[attr-defined]
    except StopIteration as stop:
        raise _Syntax("Expecting value", stop.value) from None
    except json.JSONDecodeError as error:
        raise _Syntax(error.msg, error.pos) from None


def _array(text: str, pos: int, limit: int, code: str) -> tuple[list[tuple[Any, int]], int]:
    """The items of an array with the offset each starts at; ``pos`` is just past ``[``."""
    items: list[tuple[Any, int]] = []
    pos = _skip(text, pos)
    if text.startswith("]", pos):
        return items, pos + 1
    while True:
        if len(items) >= limit:
            raise _TooMany(code, limit)
        value, end = _value(text, pos)
        items.append((value, pos))
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif text.startswith("]", pos):
            return items, pos + 1
        else:
            raise _Syntax("Expecting ',' delimiter", pos)


def _document(text: str) -> tuple[dict[str, Any], dict[str, list[tuple[Any, int]]]]:
    """The top-level object: scalar members decoded whole, node and edge lists item by item."""
    pos = _skip(text, 0)
    if not text.startswith("{", pos):
        _value(text, pos)  # a syntax error, if any, says where
        raise _Syntax("not_node_link", pos)
    pos = _skip(text, pos + 1)
    doc: dict[str, Any] = {}
    lists: dict[str, list[tuple[Any, int]]] = {}
    if text.startswith("}", pos):
        return doc, lists
    while True:
        if not text.startswith('"', pos):
            raise _Syntax("Expecting property name enclosed in double quotes", pos)
        try:
            key, pos = json.decoder.scanstring(text, pos + 1)  # type: ignore[attr-defined]
        except json.JSONDecodeError as error:
            raise _Syntax(error.msg, error.pos) from None
        pos = _skip(text, pos)
        if not text.startswith(":", pos):
            raise _Syntax("Expecting ':' delimiter", pos)
        pos = _skip(text, pos + 1)
        if key in _LIST_KEYS and text.startswith("[", pos):
            limit, code = (
                (MAX_NODES_READ, "too_many_members")
                if key == "nodes"
                else (MAX_EDGES_READ, "too_many_ties")
            )
            lists[key], pos = _array(text, pos + 1, limit, code)
            doc[key] = [v for v, _ in lists[key]]
        else:
            doc[key], pos = _value(text, pos)
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif text.startswith("}", pos):
            pos = _skip(text, pos + 1)
            if pos != len(text):
                raise _Syntax("Extra data", pos)
            return doc, lists
        else:
            raise _Syntax("Expecting ',' delimiter", pos)


def _depth(value: Any, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max([_depth(v, level + 1) for v in value.values()] or [level])
    if isinstance(value, list):
        return max([_depth(v, level + 1) for v in value] or [level])
    return level


def _scalar(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def _attrs(
    item: dict[str, Any], skip: tuple[str, ...], line: int, problems: list[ImportProblem]
) -> dict[str, Any]:
    """The scalar attributes; a refused number, a list or an object is a problem of this line."""
    attrs: dict[str, Any] = {}
    for key, value in item.items():
        if key in skip or value is None:
            continue
        if isinstance(value, Unreadable):
            problems.append(ImportProblem(line, value.code, {"name": key, "value": value.text}))
        elif not _scalar(value):
            problems.append(ImportProblem(line, "not_scalar", {"name": key}))
        else:
            attrs[key] = value
    return attrs


def _end(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def parse_json(data: bytes) -> ParsedFile:
    """Parse node-link JSON (``links`` or ``edges``). Problems in a node or an edge (a wrong
    value, a refused number) are collected in ``problems`` and the rest is still read, so that
    the import can list every problem at once; a file that is not JSON is refused at once."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused([ImportProblem(None, "encoding", {})]) from error
    line = _Lines(text)
    try:
        doc, lists = _document(text)
    except _Syntax as error:
        if error.msg == "not_node_link":
            raise ImportRefused([ImportProblem(line(error.pos), "not_node_link", {})]) from None
        reason = json.JSONDecodeError(error.msg, text, min(error.pos, len(text)))
        raise ImportRefused(
            [ImportProblem(reason.lineno, "malformed_json", {"reason": error.msg})]
        ) from None
    except _TooMany as error:
        raise ImportRefused([ImportProblem(None, error.code, {"max": error.limit})]) from None
    except RecursionError:
        raise ImportRefused([ImportProblem(None, "too_deep", {})]) from None
    if "nodes" not in lists:
        raise ImportRefused([ImportProblem(1, "not_node_link", {})])
    edges_key = "edges" if "edges" in lists else "links"
    if edges_key not in lists and any(k in doc for k in ("edges", "links")):
        raise ImportRefused([ImportProblem(1, "not_node_link", {})])
    problems: list[ImportProblem] = []
    parsed = ParsedFile(format="json")
    graph = doc.get("graph")
    if isinstance(graph, dict):
        parsed.graph_attrs = {
            k: v for k, v in graph.items() if _scalar(v) and not isinstance(v, Unreadable)
        }
    for item, pos in lists["nodes"]:
        at = line(pos)
        if _depth(item) > MAX_DEPTH:
            problems.append(ImportProblem(at, "too_deep", {}))
            continue
        ident = _end(item.get("id")) if isinstance(item, dict) else None
        if ident is None:
            problems.append(ImportProblem(at, "node_without_id", {}))
            continue
        parsed.nodes.append(ParsedNode(ident, at, _attrs(item, ("id",), at, problems)))
    for item, pos in lists.get(edges_key, []):
        at = line(pos)
        if _depth(item) > MAX_DEPTH:
            problems.append(ImportProblem(at, "too_deep", {}))
            continue
        ends = (
            (_end(item.get("source")), _end(item.get("target")))
            if isinstance(item, dict)
            else (None, None)
        )
        if ends[0] is None or ends[1] is None:
            problems.append(ImportProblem(at, "edge_without_ends", {}))
            continue
        attrs = _attrs(item, ("source", "target"), at, problems)
        parsed.edges.append(ParsedEdge(ends[0], ends[1], at, attrs))
    parsed.problems = problems
    return parsed
