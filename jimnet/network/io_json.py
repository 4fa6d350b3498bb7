"""Node-link JSON (networkx's ``node_link_data`` with ``links``): export, and import that
remembers the line of every node and link so that a refusal can say where."""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from typing import Any

import networkx as nx

from jimnet import jsonlimits
from jimnet.network.graph import node_link
from jimnet.network.importing import (
    ImportProblem,
    ImportRefused,
    ParsedEdge,
    ParsedFile,
    ParsedNode,
)

MAX_DEPTH = 20


def export_json(graph: nx.Graph) -> str:
    return json.dumps(node_link(graph), ensure_ascii=False, indent=2, sort_keys=False)


class _LineDict(dict[str, Any]):
    line: int | None = None


def _decoder(text: str) -> json.JSONDecoder:
    """A decoder whose objects know the line they start on (the pure-Python scanner)."""
    decoder = json.JSONDecoder()
    original = json.decoder.JSONObject  # type: ignore[attr-defined]

    def parse_object(s_and_end: tuple[str, int], *args: Any, **kwargs: Any) -> tuple[Any, int]:
        _s, end = s_and_end
        result, new_end = original(s_and_end, *args, **kwargs)
        obj = _LineDict(result)
        obj.line = text.count("\n", 0, end) + 1
        return obj, new_end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    return decoder


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


def parse_json(data: bytes) -> ParsedFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused([ImportProblem(None, "encoding", {})]) from error
    start = len(text) - len(text.lstrip())
    try:
        jsonlimits.check(text)
    except jsonlimits.JsonTooComplex as error:
        code = "too_deep" if error.code == "depth" else "number_too_long"
        raise ImportRefused(
            [ImportProblem(None, code, {"max": jsonlimits.MAX_NUMBER_CHARS})]
        ) from error
    try:
        doc, end = _decoder(text).raw_decode(text, start)
        if text[end:].strip():
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            [ImportProblem(error.lineno, "malformed_json", {"reason": error.msg})]
        ) from error
    except RecursionError as error:
        raise ImportRefused([ImportProblem(None, "too_deep", {})]) from error
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise ImportRefused([ImportProblem(1, "not_node_link", {})])
    if _depth(doc) > MAX_DEPTH:
        raise ImportRefused([ImportProblem(None, "too_deep", {})])
    links = doc.get("links", doc.get("edges", []))
    if not isinstance(links, list):
        raise ImportRefused([ImportProblem(_line(doc), "not_node_link", {})])
    problems: list[ImportProblem] = []
    parsed = ParsedFile(format="json")
    graph = doc.get("graph")
    if isinstance(graph, dict):
        parsed.graph_attrs = {k: v for k, v in graph.items() if _scalar(v)}
    for item in doc["nodes"]:
        line = _line(item)
        if not isinstance(item, dict) or "id" not in item or not _scalar(item["id"]):
            problems.append(ImportProblem(line, "node_without_id", {}))
            continue
        attrs = {k: v for k, v in item.items() if k != "id"}
        bad = [k for k, v in attrs.items() if not _scalar(v)]
        if bad:
            problems.append(ImportProblem(line, "not_scalar", {"name": bad[0]}))
            continue
        attrs = {k: v for k, v in attrs.items() if v is not None}
        parsed.nodes.append(ParsedNode(str(item["id"]), line, attrs))
    for item in links:
        line = _line(item)
        if not isinstance(item, dict) or "source" not in item or "target" not in item:
            problems.append(ImportProblem(line, "edge_without_ends", {}))
            continue
        attrs = {k: v for k, v in item.items() if k not in ("source", "target") and _scalar(v)}
        parsed.edges.append(ParsedEdge(str(item["source"]), str(item["target"]), line, attrs))
    if problems:
        raise ImportRefused(problems[:20])
    return parsed


def _line(item: Any) -> int | None:
    line: int | None = getattr(item, "line", None)
    return line
