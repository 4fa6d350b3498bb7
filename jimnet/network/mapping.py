"""From another tool's attributes to jimnet's: the mapping step of an import.

A parsed file (``importing.ParsedFile``) speaks the language of the tool that wrote it:
Network Canvas (``label``, ``networkCanvasType``, a ``relationship`` variable as a string or
one boolean per option, an ordinal ``closeness`` 1–5, edge types such as ``conflict``), igraph
(``name``, every number a double), Gephi (``label``, ``weight``, colours and positions),
networkx or jimnet itself. :func:`normalise` picks one network from the file (a unified Network
Canvas export holds one per interview), renames what it recognises to jimnet's attributes and
says, in a :class:`Mapping`, how each attribute was used and what was ignored. The mapping is
shown before anything is saved (page and API); the planner then checks the normalised file
as it checks jimnet's own.

Rules, as the mapping page shows them:

- name: ``display_name``, ``name``, ``naam`` or ``label`` (the first present; Network Canvas's
  placeholder label ``Node`` only when there is nothing else);
- relation: a ``relation`` / ``relationship`` / ``relatie`` value, or the first true option of
  ``relationship_<option>`` booleans, through the synonyms below (Dutch and English); an
  unknown value becomes "someone else" and is listed. Whether someone is an adult follows the
  relation unless the file says (grandparents and teachers are adults);
- closeness: ``ring`` is jimnet's 1–4 as it is; ``closeness`` (or ``close``, ``nabijheid``) on a
  scale 1–N (N = the highest value, at least 4) becomes ring ``1 + ⌊(v − 1) × 4 / N⌋`` — for 1–5:
  1→1, 2→1, 3→2, 4→3, 5→4 — after turning the scale round when the user says 5 is closest;
- conflict: an edge is a conflict tie when its ``quality`` says so, when its type or label names
  a conflict (``conflict``, ``negative``, ``ruzie``, ``spanning``, …; Network Canvas's edge type
  is ``networkCanvasType``), or when its ``weight`` or ``sign`` is negative;
- never taken from a file: who added someone (``added_by``) — an import is always "an import";
  ids and layout (``member_id``, ``x``, ``y``, colours, sizes, Network Canvas UUIDs) are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jimnet.network.importing import (
    GraphInfo,
    ImportProblem,
    ParsedEdge,
    ParsedFile,
    ParsedNode,
)
from jimnet.network.models import MAX_RING, Relation
from jimnet.network.xmlsafe import clean

NC_NAMESPACE = "http://schema.networkcanvas.com/xmlns"
LOW_IS_CLOSE = "low_is_close"
HIGH_IS_CLOSE = "high_is_close"
MAX_SCALE = 10

NAME_KEYS = ("display_name", "name", "naam", "label")
RELATION_KEYS = ("relation", "relationship", "relatie", "relation_type", "relationship_type")
CLOSENESS_KEYS = ("closeness", "close", "nabijheid")
# jimnet's own attributes, taken as they are
DIRECT = (
    "sector",
    "quality",
    "is_adult",
    "contact_frequency",
    "known_since",
    "youth_supports_member",
    "supports",
)
# Ignored without a word of doubt: ids, layout and derived values from jimnet and other tools.
QUIETLY_IGNORED = {
    "type",
    "member_id",
    "version",
    "support_kinds",
    "tie_id",
    "id",
    "networkcanvasuuid",
    "networkcanvastype",
    "networkcanvassourceuuid",
    "networkcanvastargetuuid",
    "x",
    "y",
    "z",
    "r",
    "g",
    "b",
    "size",
    "color",
    "colour",
    "shape",
    "weight",
    "edge label",
    "edge id",
    "modularity class",
    "layout_x",
    "layout_y",
    "pos",
}

_SYNONYMS: dict[Relation, tuple[str, ...]] = {
    Relation.PARENT: ("mother", "father", "mom", "mum", "mam", "dad", "pap", "ouder", "moeder",
                      "vader", "mama", "papa", "parents", "ouders"),
    Relation.STEP_PARENT: ("stepparent", "stepmother", "stepfather", "stiefouder",
                           "stiefmoeder", "stiefvader", "fosterparent", "pleegouder"),
    Relation.SIBLING: ("brother", "sister", "broer", "zus", "zuster", "halfbrother",
                       "halfsister", "siblings", "halfbroer", "halfzus"),
    Relation.GRANDPARENT: ("grandmother", "grandfather", "grandma", "grandpa", "granny",
                           "opa", "oma", "grootouder", "grootmoeder", "grootvader",
                           "grandparents", "grootouders"),
    Relation.AUNT_UNCLE: ("aunt", "uncle", "auntuncle", "tante", "oom", "oomtante",
                          "tanteoom"),
    Relation.COUSIN: ("neef", "nicht", "neefnicht", "cousins"),
    Relation.OTHER_FAMILY: ("family", "relative", "familie", "anderefamilie", "familymember",
                            "extendedfamily", "otherrelative"),
    Relation.FRIEND: ("bestfriend", "vriend", "vriendin", "friends", "vrienden", "peer",
                      "classmate", "klasgenoot"),
    Relation.PARTNER: ("boyfriend", "girlfriend", "spouse", "lief", "vriendje",
                       "vriendinnetje", "husband", "wife"),
    Relation.NEIGHBOUR: ("neighbor", "buur", "buren", "buurman", "buurvrouw", "neighbours"),
    Relation.TEACHER: ("mentor", "schoolmentor", "leraar", "lerares", "docent", "juf",
                       "meester", "teachers", "tutor", "schoolteacher"),
    Relation.SPORTS_COACH: ("coach", "trainer", "sportscoach", "sporttrainer"),
    Relation.COLLEAGUE: ("coworker", "collega", "boss", "werkgever", "employer", "baas"),
    Relation.PROFESSIONAL: ("hulpverlener", "socialworker", "therapist", "doctor", "counselor",
                            "counsellor", "caseworker", "jeugdhulp", "huisarts",
                            "careworker", "youthworker", "jongerenwerker"),
    Relation.OTHER: ("anders", "overig", "someoneelse", "iemandanders"),
}  # fmt: skip
RELATIONS: dict[str, str] = {}
for _relation, _words in _SYNONYMS.items():
    RELATIONS[_relation.value.replace("_", "")] = _relation.value
    for _word in _words:
        RELATIONS[_word] = _relation.value

CONFLICT_WORDS = ("conflict", "negative", "negatief", "ruzie", "spanning", "tension", "dislike",
                  "hostile", "enemy", "vijand", "onenigheid")  # fmt: skip
EDGE_KIND_KEYS = ("networkcanvastype", "type", "label", "edge label", "relation", "kind", "soort")
SIGN_KEYS = ("weight", "sign")


def _norm(text: str) -> str:
    return re.sub(r"[\s_\-/.&]+", "", text.strip().casefold())


def relation_for(value: str) -> str | None:
    return RELATIONS.get(_norm(value))


def _conflict_word(text: str) -> bool:
    lowered = text.casefold()
    return any(word in lowered for word in CONFLICT_WORDS)


@dataclass(frozen=True)
class Options:
    """The user's choices on the mapping step."""

    session: str | None = None  # "2", or a case id / session UUID of a Network Canvas export
    closeness: str = LOW_IS_CLOSE


@dataclass
class Use:
    """How one attribute of the file is used: ``target`` is a jimnet field, or None (ignored)."""

    name: str
    target: str | None
    values: dict[str, str] = field(default_factory=dict)  # e.g. relation option → relation
    reason: str = ""  # why ignored: "added_by", "layout", "unknown"


@dataclass
class RingRule:
    source: str
    scale: int
    reversed: bool
    table: list[tuple[int, int]]


@dataclass
class Mapping:
    tool: str
    sessions: list[GraphInfo]
    session: int
    nodes: list[Use] = field(default_factory=list)
    edges: list[Use] = field(default_factory=list)
    ring: RingRule | None = None
    unknown_relations: list[str] = field(default_factory=list)
    conflict_ties: int = 0


def detect_tool(parsed: ParsedFile) -> str:
    markers = {m.casefold() for m in parsed.markers}
    if parsed.graph_attrs.get("source") == "jimnet":
        return "jimnet"
    if NC_NAMESPACE in markers or "key:networkcanvastype" in markers:
        return "networkcanvas"
    if any(m.startswith("key:v_") or m.startswith("key:e_") for m in markers):
        return "igraph"
    if {"key:r", "key:g", "key:b"} <= markers or "key:edgelabel" in markers:
        return "gephi"
    if any(re.fullmatch(r"key:d\d+", m) for m in markers):
        return "networkx"
    return parsed.format


def _pick_session(
    parsed: ParsedFile, options: Options, problems: list[ImportProblem]
) -> int | None:
    graphs = parsed.graphs or [GraphInfo(index=1, line=None)]
    if len(graphs) == 1:
        return graphs[0].index
    if options.session is None or not options.session.strip():
        problems.append(ImportProblem(None, "choose_session", {"count": len(graphs)}))
        return None
    wanted = options.session.strip()
    for info in graphs:
        names = {str(info.index), str(info.attrs.get("caseId", "")),
                 str(info.attrs.get("sessionUUID", ""))}  # fmt: skip
        if wanted in names:
            return info.index
    problems.append(ImportProblem(None, "unknown_session", {"session": wanted[:40]}))
    return None


def _int_value(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**31:
        return int(value)
    if isinstance(value, int):
        return value
    return None


def _ring_rule(source: str, values: list[int], closeness: str) -> RingRule:
    scale = max([MAX_RING, *values])
    reverse = closeness == HIGH_IS_CLOSE
    table = []
    for value in range(1, scale + 1):
        turned = scale + 1 - value if reverse else value
        table.append((value, 1 + (turned - 1) * MAX_RING // scale))
    return RingRule(source=source, scale=scale, reversed=reverse, table=table)


def _first_key(keys: dict[str, str], names: tuple[str, ...]) -> str | None:
    return next((keys[n] for n in names if n in keys), None)


def normalise(
    parsed: ParsedFile, options: Options
) -> tuple[ParsedFile, Mapping, list[ImportProblem]]:
    """One network of the file in jimnet's attributes, how it was mapped, and the problems
    found in mapping (a session to choose, a closeness outside its scale)."""
    problems: list[ImportProblem] = []
    index = _pick_session(parsed, options, problems)
    mapping = Mapping(tool=detect_tool(parsed), sessions=parsed.graphs, session=index or 0)
    nodes = [n for n in parsed.nodes if index is None or n.graph == index]
    edges = [e for e in parsed.edges if index is None or e.graph == index]
    if index is None:
        nodes, edges = [], []
    out = ParsedFile(format=parsed.format, graph_attrs=parsed.graph_attrs, graphs=parsed.graphs)
    out.problems = [p for p in parsed.problems if _in_session(p, parsed, index)]
    out.markers = parsed.markers

    node_keys: dict[str, str] = {}
    for node in nodes:
        for key in node.attrs:
            node_keys.setdefault(key.casefold(), key)
    edge_keys: dict[str, str] = {}
    for edge in edges:
        for key in edge.attrs:
            edge_keys.setdefault(key.casefold(), key)

    uses: dict[str, Use] = {}

    def use(name: str, target: str | None, reason: str = "") -> Use:
        if name not in uses:
            uses[name] = Use(name=name, target=target, reason=reason)
        return uses[name]

    name_keys = [node_keys[k] for k in NAME_KEYS if k in node_keys]
    relation_key = _first_key(node_keys, RELATION_KEYS)
    option_keys: dict[str, str] = {}  # attribute → option, for relationship_<option> booleans
    for folded, key in node_keys.items():
        for prefix in RELATION_KEYS:
            if folded.startswith(prefix + "_") and key != relation_key:
                option_keys[key] = key[len(prefix) + 1 :]
    ring_key = node_keys.get("ring")
    closeness_key = None if ring_key else _first_key(node_keys, CLOSENESS_KEYS)
    if closeness_key:
        seen = [
            v
            for n in nodes
            if (v := _int_value(n.attrs.get(closeness_key))) is not None and 1 <= v <= MAX_SCALE
        ]
        mapping.ring = _ring_rule(closeness_key, seen, options.closeness)
    unknown: dict[str, None] = {}

    for node in nodes:
        attrs: dict[str, Any] = {}
        lines: dict[str, int | None] = {}

        def put(target: str, source: str, value: Any) -> None:
            attrs[target] = value  # noqa: B023 - used within this iteration only
            lines[target] = node.lines.get(source, node.line)  # noqa: B023

        if str(node.attrs.get("type", "")).lower() == "ego":
            attrs["type"] = "ego"
        present = [k for k in name_keys if str(node.attrs.get(k, "")).strip()]
        real = [k for k in present if not (k == "label" and node.attrs[k] == "Node")]
        chosen = (real or present or [""])[0]
        if chosen:
            put("label", chosen, node.attrs[chosen])
        relation = None
        if relation_key and str(node.attrs.get(relation_key, "")).strip():
            text = str(node.attrs[relation_key])
            relation = relation_for(text)
            if relation is None:
                unknown.setdefault(text.strip()[:40], None)
                relation = Relation.OTHER.value
            put("relation", relation_key, relation)
            use(relation_key, "relation").values[text.strip()[:40]] = relation
        elif option_keys:
            for key, option in option_keys.items():
                if node.attrs.get(key) is True:
                    found = relation_for(option)
                    if found is None:
                        unknown.setdefault(option[:40], None)
                    put("relation", key, found or Relation.OTHER.value)
                    break
        if ring_key and ring_key in node.attrs:
            put("ring", ring_key, node.attrs[ring_key])
        elif closeness_key and closeness_key in node.attrs and mapping.ring is not None:
            raw = node.attrs[closeness_key]
            value = _int_value(raw)
            if value is None or not 1 <= value <= mapping.ring.scale:
                put("ring", closeness_key, raw if value is None else value)  # refused by the plan
            else:
                put("ring", closeness_key, dict(mapping.ring.table)[value])
        for key in DIRECT:
            if key in node_keys and node_keys[key] in node.attrs:
                put(key, node_keys[key], node.attrs[node_keys[key]])
        out.nodes.append(ParsedNode(node.ident, node.line, attrs, lines, node.graph))

    for name in name_keys:
        use(name, "name")
    if relation_key:
        use(relation_key, "relation")
    for key, option in option_keys.items():
        found = relation_for(option)
        use(key, "relation_option").values[option] = found or Relation.OTHER.value
    if ring_key:
        use(ring_key, "ring")
    if closeness_key:
        use(closeness_key, "closeness")
    for key in DIRECT:
        if key in node_keys:
            use(node_keys[key], key)
    for folded, key in node_keys.items():
        if folded == "added_by":
            use(key, None, "added_by")
        elif folded in QUIETLY_IGNORED or folded.startswith("support_"):
            use(key, None, "layout")
        else:
            use(key, None, "unknown")
    mapping.nodes = list(uses.values())
    mapping.unknown_relations = list(unknown)

    edge_uses: dict[str, Use] = {}
    quality_key = edge_keys.get("quality")
    kind_keys = [edge_keys[k] for k in EDGE_KIND_KEYS if k in edge_keys]
    sign_keys = [edge_keys[k] for k in SIGN_KEYS if k in edge_keys]
    for edge in edges:
        attrs = {}
        lines = {}
        if str(edge.attrs.get("type", "")).lower() == "ego":
            attrs["type"] = "ego"
        if quality_key and quality_key in edge.attrs:
            attrs["quality"] = edge.attrs[quality_key]
            lines["quality"] = edge.lines.get(quality_key, edge.line)
        else:
            conflict = any(
                isinstance(edge.attrs.get(k), str) and _conflict_word(edge.attrs[k])
                for k in kind_keys
            ) or any(
                isinstance(v := edge.attrs.get(k), int | float)
                and not isinstance(v, bool)
                and v < 0
                for k in sign_keys
            )
            attrs["quality"] = "conflict" if conflict else "positive"
        if attrs.get("quality") == "conflict":
            mapping.conflict_ties += 1
        out.edges.append(ParsedEdge(edge.source, edge.target, edge.line, attrs, lines, edge.graph))
    if quality_key:
        edge_uses[quality_key] = Use(quality_key, "tie_quality")
    for key in kind_keys:
        values = sorted(
            {str(e.attrs[key])[:40] for e in edges if isinstance(e.attrs.get(key), str)}
        )[:12]
        target = None if quality_key else "tie_conflict"
        edge_uses.setdefault(
            key,
            Use(
                key, target, {v: ("conflict" if _conflict_word(v) else "positive") for v in values}
            ),
        )
    for key in sign_keys:
        edge_uses.setdefault(key, Use(key, None if quality_key else "tie_sign"))
    for folded, key in edge_keys.items():
        reason = "layout" if folded in QUIETLY_IGNORED else "unknown"
        edge_uses.setdefault(key, Use(key, None, reason=reason))
    mapping.edges = list(edge_uses.values())
    for item in (*mapping.nodes, *mapping.edges):  # shown on a page: nothing XML cannot carry
        item.name = clean(item.name)
        item.values = {clean(k): v for k, v in item.values.items()}
    mapping.unknown_relations = [clean(v) for v in mapping.unknown_relations]
    return out, mapping, problems


def _in_session(problem: ImportProblem, parsed: ParsedFile, index: int | None) -> bool:
    """A value problem belongs to the chosen network when its line lies inside that <graph>."""
    if index is None or len(parsed.graphs) <= 1 or problem.line is None:
        return True
    starts = [(g.line or 0, g.index) for g in parsed.graphs]
    owner = max((s for s in starts if s[0] <= problem.line), default=(0, 1))[1]
    return owner == index
