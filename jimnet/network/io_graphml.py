"""GraphML: export through networkx (typed keys), import through a defused SAX parser.

The import never expands entities and refuses any DTD (no "billion laughs", no external
entities); every node, edge and value keeps the line it came from, so a refusal can say where.
"""

from __future__ import annotations

import io
import math
from typing import Any
from xml.sax import SAXParseException
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import Locator

import defusedxml.sax
import networkx as nx
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden

from jimnet.network.importing import (
    MAX_EDGES_READ,
    MAX_NODES_READ,
    GraphInfo,
    ImportProblem,
    ImportRefused,
    ParsedEdge,
    ParsedFile,
    ParsedNode,
)
from jimnet.network.xmlsafe import clean

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
MAX_PROBLEMS = 1000  # kept while parsing (the import lists the first ones and counts the rest)
MAX_NUMBER_CHARS = 40
# Problems in one value: the parse goes on, so that the import can list every problem at once.
# A 2 MB file of tiny elements would cost seconds of Python callbacks: a network file with
# 300 people and 5,000 ties, each with their data, needs far fewer than this.
MAX_ELEMENTS = 60_000
MAX_DEPTH = 32  # yEd and Gephi nest their drawing data a few levels inside <data>
RECOVERABLE = frozenset({"bad_value", "unknown_key"})


def _clean_value(value: Any) -> Any:
    return clean(value) if isinstance(value, str) else value


def for_other_tools(graph: nx.Graph) -> nx.Graph:
    """The graph as other tools read it: every edge has a ``weight`` (double; Gephi and igraph
    weigh ties by it: an ego edge weighs 5 − ring, so the closest ring weighs 4; a tie between
    two members 1) and a ``label`` (Gephi and Cytoscape show it), and no text holds what XML
    1.0 cannot carry (replaced by U+FFFD, so the file is always well-formed)."""
    out = nx.Graph()
    out.graph.update({k: _clean_value(v) for k, v in graph.graph.items()})
    for node, attrs in graph.nodes(data=True):
        out.add_node(clean(str(node)), **{k: _clean_value(v) for k, v in attrs.items()})
    for a, b, attrs in graph.edges(data=True):
        data = {k: _clean_value(v) for k, v in attrs.items()}
        ring = data.get("ring")
        if data.get("type") == "ego" and isinstance(ring, int):
            data["weight"] = float(5 - ring)
        else:
            data["weight"] = 1.0
        data.setdefault("label", str(data.get("quality", "")))
        out.add_edge(clean(str(a)), clean(str(b)), **data)
    return out


def export_graphml(graph: nx.Graph) -> bytes:
    """GraphML with typed keys, edge weights and labels (networkx, igraph, Gephi and Cytoscape
    read it as it is)."""
    buffer = io.BytesIO()
    nx.write_graphml_xml(for_other_tools(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _convert(text: str, kind: str) -> Any:
    kind = kind.lower()
    text = text.strip()
    if kind == "boolean":
        lowered = text.lower()
        if lowered in ("true", "1"):
            return True
        if lowered in ("false", "0"):
            return False
        raise ValueError(kind)
    if kind in ("int", "long", "float", "double") and len(text) > MAX_NUMBER_CHARS:
        raise ValueError(kind)  # bounded before conversion
    if kind in ("int", "long"):
        return int(text)
    if kind in ("float", "double"):
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(kind)
        return value
    return text


class _TooMany(Exception):
    def __init__(self, code: str, limit: int) -> None:
        super().__init__(code)
        self.code = code
        self.limit = limit


class _Handler(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.locator: Locator | None = None
        self.keys: dict[str, tuple[str, str, str]] = {}  # id -> (for, name, type)
        self.defaults: dict[str, str] = {}
        self.parsed = ParsedFile(format="graphml")
        self.problems: list[ImportProblem] = []
        self.stack: list[str] = []
        self.current: ParsedNode | ParsedEdge | None = None
        self.data_key: str | None = None
        self.data_line: int | None = None
        self.text: list[str] = []
        self.key_id: str | None = None
        self.graphs = 0
        self.elements = 0
        self.saw_root = False

    def setDocumentLocator(self, locator: Locator) -> None:
        self.locator = locator

    def line(self) -> int | None:
        return self.locator.getLineNumber() if self.locator is not None else None

    def problem(self, code: str, line: int | None = None, **params: object) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ImportProblem(line or self.line(), code, params))

    def startElement(self, name: str, attrs: Any) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _TooMany("too_many_elements", MAX_ELEMENTS)
        if len(self.stack) >= MAX_DEPTH:
            raise _TooMany("too_deep", MAX_DEPTH)
        tag = _local(name)
        parent = self.stack[-1] if self.stack else None
        self.stack.append(tag)
        if parent is None:
            self.saw_root = True
            if tag != "graphml":
                self.problem("not_graphml", tag=tag)
            for qname in attrs.getNames():
                if qname.startswith("xmlns"):
                    self.parsed.markers.add(attrs.getValue(qname))
            return
        if tag == "key" and parent == "graphml":
            key_id = attrs.get("id")
            if not key_id:
                self.problem("key_without_id")
                return
            self.keys[key_id] = (
                attrs.get("for", "all"),
                attrs.get("attr.name", key_id),
                attrs.get("attr.type", "string"),
            )
            self.parsed.markers.add("key:" + key_id)
            self.key_id = key_id
            self.text = []
        elif tag == "default" and parent == "key":
            self.text = []
        elif tag == "graph":
            self.graphs += 1
            if parent != "graphml":
                self.problem("nested_graph")
            else:
                info = GraphInfo(index=self.graphs, line=self.line())
                for qname in attrs.getNames():
                    info.attrs[_local(qname)] = attrs.getValue(qname)
                self.parsed.graphs.append(info)
        elif tag == "node" and parent == "graph":
            node_id = attrs.get("id")
            if not node_id:
                self.problem("node_without_id")
            if len(self.parsed.nodes) >= MAX_NODES_READ:
                raise _TooMany("too_many_members", MAX_NODES_READ)
            self.current = ParsedNode(
                ident=node_id or "", line=self.line(), attrs={}, graph=self.graphs
            )
            self.parsed.nodes.append(self.current)
        elif tag == "edge" and parent == "graph":
            if len(self.parsed.edges) >= MAX_EDGES_READ:
                raise _TooMany("too_many_ties", MAX_EDGES_READ)
            self.current = ParsedEdge(
                source=attrs.get("source", ""),
                target=attrs.get("target", ""),
                line=self.line(),
                attrs={},
                graph=self.graphs,
            )
            self.parsed.edges.append(self.current)
        elif tag == "hyperedge":
            self.problem("hyperedge")
        elif tag in ("node", "graph") and parent == "node":
            self.problem("nested_graph")
        elif tag == "data":
            self.data_key = attrs.get("key")
            self.data_line = self.line()
            self.text = []

    def characters(self, content: str) -> None:
        self.text.append(content)

    def endElement(self, name: str) -> None:
        tag = _local(name)
        self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if tag == "default" and parent == "key" and self.key_id is not None:
            self.defaults[self.key_id] = "".join(self.text)
        elif tag == "data" and self.data_key is not None:
            self._store("".join(self.text), parent)
            self.data_key = None
        elif tag in ("node", "edge"):
            self.current = None

    def _store(self, text: str, parent: str | None) -> None:
        key_id = self.data_key or ""
        if key_id not in self.keys:
            self.problem("unknown_key", self.data_line, key=key_id)
            return
        _for, name, kind = self.keys[key_id]
        try:
            value = _convert(text, kind)
        except ValueError:
            self.problem("bad_value", self.data_line, name=name, type=kind, value=text.strip()[:40])
            return
        if parent == "graph":
            if self.graphs == 1:
                self.parsed.graph_attrs[name] = value
            if self.parsed.graphs:
                self.parsed.graphs[-1].attrs.setdefault(name, value)
        elif parent in ("node", "edge") and self.current is not None:
            self.current.attrs[name] = value
            self.current.lines[name] = self.data_line

    def endDocument(self) -> None:
        if self.graphs == 0 and self.saw_root:
            self.problem("no_graph")
        # Key defaults apply to every node or edge that does not give its own value.
        for key_id, text in self.defaults.items():
            target, name, kind = self.keys[key_id]
            try:
                value = _convert(text, kind)
            except ValueError:
                self.problem("bad_value", None, name=name, type=kind, value=text.strip()[:40])
                continue
            items: list[ParsedNode | ParsedEdge] = []
            if target in ("node", "all"):
                items += self.parsed.nodes
            if target in ("edge", "all"):
                items += self.parsed.edges
            for item in items:
                item.attrs.setdefault(name, value)


def parse_graphml(data: bytes) -> ParsedFile:
    """Parse GraphML safely; refuses with the reasons and their lines."""
    handler = _Handler()
    try:
        defusedxml.sax.parseString(
            data, handler, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except SAXParseException as error:
        raise ImportRefused(
            [ImportProblem(error.getLineNumber(), "malformed_xml", {"reason": error.getMessage()})]
        ) from error
    except (DTDForbidden, EntitiesForbidden) as error:
        raise ImportRefused([ImportProblem(handler.line(), "xml_entities", {})]) from error
    except DefusedXmlException as error:
        raise ImportRefused([ImportProblem(handler.line(), "xml_entities", {})]) from error
    except UnicodeDecodeError as error:
        raise ImportRefused([ImportProblem(None, "encoding", {})]) from error
    except _TooMany as error:
        raise ImportRefused([ImportProblem(None, error.code, {"max": error.limit})]) from error
    if any(p.code not in RECOVERABLE for p in handler.problems):
        raise ImportRefused(handler.problems)
    handler.parsed.problems = handler.problems
    return handler.parsed
