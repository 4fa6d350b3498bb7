"""CSV for spreadsheets: one file of members, one of ties (from the graph shape of graph.py).

The file starts with a UTF-8 byte-order mark, which Excel needs to read UTF-8. Cells that a spreadsheet would run as a formula (starting with = + - @ or a tab) get a leading
apostrophe, so an exported name cannot become a formula on someone's computer.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import networkx as nx

from jimnet.network.graph import alters
from jimnet.network.xmlsafe import clean

MEMBER_COLUMNS = (
    "member_id",
    "name",
    "relation",
    "sector",
    "ring",
    "quality",
    "is_adult",
    "contact_frequency",
    "known_since",
    "youth_supports_member",
    "supports",
    "added_by",
)
TIE_COLUMNS = ("a_member_id", "a_name", "b_member_id", "b_name", "quality")


BOM = "\ufeff"  # so that Excel on Windows reads UTF-8 ("Zoë", not "ZoÃ«")


def _safe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = clean("" if value is None else str(value))
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _write(rows: list[list[Any]], header: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(v) for v in row])
    return buffer.getvalue()


def members_csv(graph: nx.Graph) -> str:
    rows = []
    for _node, attrs in alters(graph):
        rows.append(
            [
                attrs.get("member_id"),
                attrs.get("label"),
                attrs.get("relation"),
                attrs.get("sector"),
                attrs.get("ring"),
                attrs.get("quality"),
                attrs.get("is_adult"),
                attrs.get("contact_frequency"),
                attrs.get("known_since"),
                attrs.get("youth_supports_member"),
                attrs.get("supports"),
                attrs.get("added_by"),
            ]
        )
    return _write(rows, MEMBER_COLUMNS)


def ties_csv(graph: nx.Graph) -> str:
    rows = []
    for a, b, attrs in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if attrs.get("type") != "tie":
            continue
        first, second = graph.nodes[a], graph.nodes[b]
        if (first.get("member_id") or 0) > (second.get("member_id") or 0):
            first, second = second, first
        rows.append(
            [
                first.get("member_id"),
                first.get("label"),
                second.get("member_id"),
                second.get("label"),
                attrs.get("quality"),
            ]
        )
    return _write(rows, TIE_COLUMNS)
