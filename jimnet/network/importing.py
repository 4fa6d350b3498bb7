"""Importing a network file (GraphML or node-link JSON): validate everything, then add it all.

A file is parsed (``io_graphml`` / ``io_json``) into nodes and edges that remember their line,
then checked as a whole. Any problem refuses the whole file with the reasons and their lines;
only a file without problems is added, in one go, so nothing is ever half-imported.

Recognised node attributes (others are ignored, so e.g. Network Canvas exports load):
``label`` / ``name`` / ``display_name`` (the name, required), ``relation``, ``sector``,
``ring`` / ``closeness`` (1–4; 3 when absent), ``quality``, ``is_adult``, ``contact_frequency``,
``known_since`` (ISO date), ``youth_supports_member``, ``supports`` ("kind:domain;…"),
``added_by``. A node with ``type="ego"`` (or id ``ego``) is the young person and is skipped.
Edges between two members become ties (``quality`` positive or conflict); edges to the ego are
skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.db import utcnow
from jimnet.network import services
from jimnet.network.graph import EGO, decode_supports
from jimnet.network.models import AddedBy, NetworkMember, Tie, TieQuality
from jimnet.network.services import MemberInput, NetworkError
from jimnet.network.xmlsafe import clean, codepoint, first_unsafe

if TYPE_CHECKING:
    from jimnet.network.mapping import Mapping, Options

MAX_BYTES = 2 * 1024 * 1024
MAX_MEMBERS = 300
MAX_TIES = 5000
# A parser stops reading once a file holds more than any import accepts (ego edges included).
MAX_NODES_READ = MAX_MEMBERS + 10
MAX_EDGES_READ = MAX_TIES + MAX_MEMBERS + 10
MAX_PROBLEMS = 100  # listed one by one; beyond that, one line says how many more
DEFAULT_RING = 3
TIE_QUALITIES = frozenset(q.value for q in TieQuality)


@dataclass
class ParsedNode:
    ident: str
    line: int | None
    attrs: dict[str, Any]
    lines: dict[str, int | None] = field(default_factory=dict)
    graph: int = 1  # which <graph> of the file (a unified Network Canvas export has several)


@dataclass
class ParsedEdge:
    source: str
    target: str
    line: int | None
    attrs: dict[str, Any]
    lines: dict[str, int | None] = field(default_factory=dict)
    graph: int = 1


@dataclass
class GraphInfo:
    """One network in the file: Network Canvas writes one <graph> per interview (session)."""

    index: int  # 1, 2, … in the order of the file
    line: int | None
    attrs: dict[str, Any] = field(default_factory=dict)  # XML attributes (nc:caseId …) and data
    nodes: int = 0


@dataclass
class ParsedFile:
    format: str
    nodes: list[ParsedNode] = field(default_factory=list)
    edges: list[ParsedEdge] = field(default_factory=list)
    graph_attrs: dict[str, Any] = field(default_factory=dict)
    graphs: list[GraphInfo] = field(default_factory=list)
    # XML namespaces and key names seen, to tell which tool wrote the file
    markers: set[str] = field(default_factory=set)
    # Problems in single values found while parsing; the parse went on, so the plan adds its own.
    problems: list[ImportProblem] = field(default_factory=list)


@dataclass(frozen=True)
class ImportProblem:
    line: int | None
    code: str
    params: dict[str, object]


class ImportRefused(Exception):
    def __init__(self, problems: list[ImportProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class ImportPlan:
    members: list[tuple[str, MemberInput, str]]  # (node id in the file, details, added_by)
    ties: list[tuple[str, str, str]]  # (node id, node id, quality)
    mapping: Mapping | None = None


@dataclass(frozen=True)
class ImportResult:
    members: int
    ties: int
    removed: int
    merged: int = 0


def limited(problems: list[ImportProblem]) -> list[ImportProblem]:
    """Every problem in the order of the file, up to MAX_PROBLEMS; then one saying how many more."""
    ordered = sorted(problems, key=lambda p: p.line or 0)
    if len(ordered) <= MAX_PROBLEMS:
        return ordered
    rest = len(ordered) - MAX_PROBLEMS
    return [*ordered[:MAX_PROBLEMS], ImportProblem(None, "more_problems", {"count": rest})]


def _unsafe_text(item: ParsedNode | ParsedEdge, problems: list[ImportProblem]) -> bool:
    """A value XML 1.0 / UTF-8 cannot carry (a control character, a lone surrogate) is refused
    here, so that no export of the map can become ill-formed. (``jimnet.text`` adds the rule for
    names: bidi overrides, invisible-only names.)"""
    ends = (
        [("source", item.source), ("target", item.target)]
        if isinstance(item, ParsedEdge)
        else [("id", item.ident)]
    )
    values = ends + [(k, v) for k, v in item.attrs.items() if isinstance(v, str)]
    if first_unsafe("\t".join([*item.attrs, *(v for _, v in values)])) is None:
        return False  # the usual case, in one search
    found = False
    for name, value in [*((k, k) for k in item.attrs), *values]:
        char = first_unsafe(value)
        if char is not None:
            line = item.lines.get(name, item.line) if name in item.attrs else item.line
            problems.append(
                ImportProblem(line, "bad_character", {"name": clean(name), "char": codepoint(char)})
            )
            found = True
    return found


def _is_ego(node: ParsedNode) -> bool:
    return str(node.attrs.get("type", "")).lower() == "ego" or node.ident == EGO


def _typed(node: ParsedNode, key: str, kind: type, problems: list[ImportProblem]) -> Any | None:
    if key not in node.attrs:
        return None
    value = node.attrs[key]
    if kind is int and isinstance(value, float) and value.is_integer() and abs(value) < 2**31:
        value = int(value)  # igraph writes every number as a double: 2.0 is 2
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    if not ok:
        problems.append(
            ImportProblem(
                node.lines.get(key, node.line),
                "wrong_type",
                {"name": key, "type": kind.__name__, "value": str(value)[:40]},
            )
        )
        return None
    return value


def plan_import(parsed: ParsedFile, today: date, options: Options | None = None) -> ImportPlan:
    """Map the file's attributes to jimnet's (``mapping.normalise``), then check every node and
    edge; raises ImportRefused with every problem found (the first MAX_PROBLEMS listed)."""
    from jimnet.network.mapping import Options, normalise

    parsed, mapping, problems = normalise(parsed, options or Options())
    problems = [*parsed.problems, *problems]
    members: list[tuple[str, MemberInput, str]] = []
    seen: dict[str, int | None] = {}
    egos: set[str] = set()
    for node in parsed.nodes:
        if _unsafe_text(node, problems):
            seen.setdefault(node.ident, node.line)
            continue
        if node.ident in seen:
            problems.append(ImportProblem(node.line, "duplicate_node", {"id": node.ident}))
            continue
        seen[node.ident] = node.line
        if _is_ego(node):
            egos.add(node.ident)
            continue
        name_key = "label" if "label" in node.attrs else None
        name = str(node.attrs[name_key]).strip() if name_key else ""
        ring_key = "ring" if "ring" in node.attrs else None
        ring = _typed(node, ring_key, int, problems) if ring_key else DEFAULT_RING
        is_adult = _typed(node, "is_adult", bool, problems)
        gives_back = _typed(node, "youth_supports_member", bool, problems)
        known_since = None
        if "known_since" in node.attrs:
            text = str(node.attrs["known_since"]).strip()
            try:
                known_since = date.fromisoformat(text) if text else None
            except ValueError:
                problems.append(
                    ImportProblem(
                        node.lines.get("known_since", node.line),
                        "bad_date",
                        {"name": "known_since", "value": text[:40]},
                    )
                )
        strings = {}
        for key in ("relation", "sector", "quality", "contact_frequency", "supports"):
            if key in node.attrs:
                strings[key] = str(node.attrs[key]).strip()
        data = MemberInput(
            display_name=name,
            relation=strings.get("relation") or "other",
            ring=ring if ring is not None else DEFAULT_RING,
            sector=strings.get("sector") or None,
            contact_frequency=strings.get("contact_frequency") or None,
            known_since=known_since,
            is_adult=is_adult,
            quality=strings.get("quality") or "positive",
            youth_supports_member=bool(gives_back),
            supports=decode_supports(strings.get("supports", "")),
        )
        try:
            checked = services.validate(data, today)
        except NetworkError as error:
            key = {"display_name": name_key or "label", "ring": ring_key or "ring"}.get(
                error.field or "", error.field or ""
            )
            problems.append(
                ImportProblem(
                    node.lines.get(key, node.line),
                    "member_invalid",
                    {"id": node.ident, "code": error.code, **error.params},
                )
            )
            continue
        # Who added someone is never taken from a file: "added by the young person" is a claim
        # only the young person can make, by adding someone themselves.
        members.append((node.ident, checked, AddedBy.IMPORT.value))
    if len(members) > MAX_MEMBERS:
        problems.append(ImportProblem(None, "too_many_members", {"max": MAX_MEMBERS}))

    ties: list[tuple[str, str, str]] = []
    pairs: set[frozenset[str]] = set()
    for edge in parsed.edges:
        if _unsafe_text(edge, problems):
            continue
        if edge.source not in seen or edge.target not in seen:
            missing = edge.source if edge.source not in seen else edge.target
            problems.append(ImportProblem(edge.line, "edge_unknown_node", {"id": missing}))
            continue
        if edge.source == edge.target:
            problems.append(ImportProblem(edge.line, "edge_self", {"id": edge.source}))
            continue
        if edge.source in egos or edge.target in egos:
            continue
        quality = str(edge.attrs.get("quality", TieQuality.POSITIVE)).strip()
        if quality not in TIE_QUALITIES:
            problems.append(
                ImportProblem(
                    edge.lines.get("quality", edge.line), "edge_quality", {"value": quality[:40]}
                )
            )
            continue
        pair = frozenset((edge.source, edge.target))
        if pair in pairs:
            continue
        pairs.add(pair)
        ties.append((edge.source, edge.target, quality))
    if len(ties) > MAX_TIES:
        problems.append(ImportProblem(None, "too_many_ties", {"max": MAX_TIES}))
    if not members and not problems:
        problems.append(ImportProblem(None, "no_members", {}))
    if problems:
        raise ImportRefused(limited(problems))
    return ImportPlan(members=members, ties=ties, mapping=mapping)


def same_name(name: str) -> str:
    """The form of a name two people share when they are "the same person" for a merge."""
    return " ".join(name.casefold().split())


def find_matches(session: Session, youth_id: int, plan: ImportPlan) -> dict[str, tuple[int, str]]:
    """Which people of the file are already on the map (same name, ignoring case and spaces):
    node id in the file → (member id, name on the map)."""
    current: dict[str, tuple[int, str]] = {}
    for member_id, name in session.execute(
        select(NetworkMember.id, NetworkMember.display_name)
        .where(NetworkMember.youth_id == youth_id, NetworkMember.removed_at.is_(None))
        .order_by(NetworkMember.id)
    ):
        current.setdefault(same_name(name), (member_id, name))
    return {
        node_id: current[same_name(data.display_name)]
        for node_id, data, _ in plan.members
        if same_name(data.display_name) in current
    }


def apply_import(
    session: Session,
    youth_id: int,
    plan: ImportPlan,
    *,
    replace: bool,
    by_user_id: int | None,
    today: date,
    merge: bool = False,
) -> ImportResult:
    """Add a checked plan to the map (all of it); with ``replace`` the current members go first
    (they stay in history, like any removed member). With ``merge`` a person already on the
    map (same name) is not added again: the map keeps what it knows of them, and the file's
    ties to them join the person on the map."""
    removed = 0
    if replace:
        now = utcnow()
        for member in session.scalars(
            select(NetworkMember).where(
                NetworkMember.youth_id == youth_id, NetworkMember.removed_at.is_(None)
            )
        ):
            services.remove_member(
                session, member, removed_by_id=by_user_id, expected_version=None, now=now
            )
            removed += 1
        session.flush()
    matches = find_matches(session, youth_id, plan) if merge and not replace else {}
    ids: dict[str, int] = {node_id: member_id for node_id, (member_id, _) in matches.items()}
    added = 0
    for node_id, data, added_by in plan.members:
        if node_id in ids:
            continue
        member = services.add_member(
            session, youth_id, data, added_by_role=added_by, added_by_id=by_user_id, today=today
        )
        ids[node_id] = member.id
        added += 1
    existing: set[tuple[int, int]] = set()
    if matches:
        existing = {
            (a, b)
            for a, b in session.execute(select(Tie.a_id, Tie.b_id).where(Tie.youth_id == youth_id))
        }
    ties = 0
    # Checked above: both ends are members of this youth, each pair once.
    for a, b, quality in plan.ties:
        low, high = sorted((ids[a], ids[b]))
        if low == high or (low, high) in existing:
            continue
        session.add(
            Tie(
                youth_id=youth_id,
                a_id=low,
                b_id=high,
                quality=quality,
                added_by_role=AddedBy.IMPORT,
            )
        )
        ties += 1
    session.flush()
    return ImportResult(members=added, ties=ties, removed=removed, merged=len(matches))


def too_big() -> ImportProblem:
    return ImportProblem(None, "too_big", {"max": MAX_BYTES // (1024 * 1024)})


def parse_file(data: bytes, filename: str) -> ParsedFile:
    """GraphML or node-link JSON, by extension, else by the first character."""
    from jimnet.network.io_graphml import parse_graphml
    from jimnet.network.io_json import parse_json

    if len(data) > MAX_BYTES:
        raise ImportRefused([too_big()])
    name = filename.lower()
    head = data.lstrip()[:1]
    if name.endswith(".json") or (not name.endswith((".graphml", ".xml")) and head in (b"{", b"[")):
        return parse_json(data)
    if name.endswith((".graphml", ".xml")) or head == b"<":
        return parse_graphml(data)
    raise ImportRefused([ImportProblem(None, "unknown_format", {})])
