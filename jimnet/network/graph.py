"""The network as a networkx graph: built from rows, stored in snapshots, exported and imported.

One graph shape serves everything (analysis, snapshots, GraphML, node-link JSON):

- the young person is the *ego* node ``"ego"`` (``type="ego"``, ``label``, ``youth_id``);
- each member is a node ``"m<id>"`` (``type="alter"``) with typed attributes: ``member_id``
  (int), ``label``, ``relation``, ``sector``, ``ring`` (int 1–4), ``quality``, ``is_adult``
  (bool), ``contact_frequency`` and ``known_since`` (ISO date) when known, ``added_by``,
  ``youth_supports_member`` (bool), ``supports`` (``"kind:domain;kind:domain"``) and, for
  spreadsheets and Gephi, ``support_<domain>`` (bool) and ``support_kinds`` (int);
- an edge ego–member (``type="ego"``, ``ring``, ``quality``) for every member, and an edge
  member–member (``type="tie"``, ``quality``) for every tie;
- graph attributes ``source="jimnet"``, ``youth_id`` and ``taken_on`` (the date the graph
  describes: a snapshot's date, or today).

Attributes are never ``None`` (GraphML has no null): an unknown value is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jimnet.network.models import NetworkMember, SupportDomain, SupportKind, Tie

EGO = "ego"
FORMAT_VERSION = 1


def node_id(member_id: int) -> str:
    return f"m{member_id}"


def encode_supports(pairs: Iterable[tuple[str, str]]) -> str:
    return ";".join(f"{kind}:{domain}" for kind, domain in sorted(set(pairs)))


def decode_supports(text: str) -> set[tuple[str, str]]:
    pairs = set()
    for item in (text or "").split(";"):
        item = item.strip()
        if not item:
            continue
        kind, _, domain = item.partition(":")
        pairs.add((kind.strip(), domain.strip()))
    return pairs


@dataclass
class NetworkRows:
    members: list[NetworkMember]
    ties: list[Tie]


def load_rows(session: Session, youth_id: int, *, include_removed: bool = False) -> NetworkRows:
    """The youth's members (with their support) and ties: three statements, whatever the size."""
    stmt = (
        select(NetworkMember)
        .where(NetworkMember.youth_id == youth_id)
        .options(selectinload(NetworkMember.supports))
        .order_by(NetworkMember.id)
    )
    if not include_removed:
        stmt = stmt.where(NetworkMember.removed_at.is_(None))
    members = list(session.scalars(stmt))
    ties = list(session.scalars(select(Tie).where(Tie.youth_id == youth_id).order_by(Tie.id)))
    current = {m.id for m in members}
    ties = [t for t in ties if t.a_id in current and t.b_id in current]
    return NetworkRows(members=members, ties=ties)


def member_attributes(member: NetworkMember, *, include_versions: bool = False) -> dict[str, Any]:
    pairs = {(s.kind, s.domain) for s in member.supports}
    attrs: dict[str, Any] = {
        "type": "alter",
        "member_id": member.id,
        "label": member.display_name,
        "relation": member.relation,
        "sector": member.sector,
        "ring": member.ring,
        "quality": member.quality,
        "is_adult": bool(member.is_adult),
        "added_by": member.added_by_role,
        "youth_supports_member": bool(member.youth_supports_member),
        "supports": encode_supports(pairs),
        "support_kinds": len({kind for kind, _ in pairs}),
    }
    for domain in SupportDomain:
        attrs[f"support_{domain.value}"] = any(d == domain for _, d in pairs)
    if member.contact_frequency:
        attrs["contact_frequency"] = member.contact_frequency
    if member.known_since is not None:
        attrs["known_since"] = member.known_since.isoformat()
    if include_versions:
        attrs["version"] = member.version
    return attrs


def build_graph(
    ego_label: str,
    youth_id: int,
    members: Sequence[NetworkMember],
    ties: Sequence[Tie],
    *,
    taken_on: date,
    include_versions: bool = False,
) -> nx.Graph:
    graph = nx.Graph(
        source="jimnet",
        format_version=FORMAT_VERSION,
        youth_id=youth_id,
        taken_on=taken_on.isoformat(),
    )
    graph.add_node(EGO, type="ego", label=ego_label, youth_id=youth_id)
    for member in members:
        nid = node_id(member.id)
        graph.add_node(nid, **member_attributes(member, include_versions=include_versions))
        graph.add_edge(EGO, nid, type="ego", ring=member.ring, quality=member.quality)
    for tie in ties:
        a, b = node_id(tie.a_id), node_id(tie.b_id)
        if a in graph and b in graph:
            graph.add_edge(a, b, type="tie", quality=tie.quality, tie_id=tie.id)
    return graph


def node_link(graph: nx.Graph) -> dict[str, Any]:
    data: dict[str, Any] = nx.node_link_data(graph, edges="links")
    return data


def from_node_link(data: dict[str, Any]) -> nx.Graph:
    graph: nx.Graph = nx.node_link_graph(data, directed=False, multigraph=False, edges="links")
    return graph


def alters(graph: nx.Graph) -> list[tuple[str, dict[str, Any]]]:
    """The member nodes, in a stable order (by member id where known, else by node id)."""
    nodes = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") != "ego" and n != EGO]
    return sorted(nodes, key=lambda nd: (int(nd[1].get("member_id") or 0), str(nd[0])))


def member_supports(attrs: dict[str, Any]) -> set[tuple[str, str]]:
    kinds = {k.value for k in SupportKind}
    domains = {d.value for d in SupportDomain}
    return {
        (k, d)
        for k, d in decode_supports(str(attrs.get("supports", "")))
        if k in kinds and d in domains
    }


def alter_graph(graph: nx.Graph, *, quality: str | None = None) -> nx.Graph:
    """The members and the ties between them, without the young person (optionally one quality)."""
    sub = nx.Graph()
    for node, attrs in alters(graph):
        sub.add_node(node, **attrs)
    for a, b, attrs in graph.edges(data=True):
        wanted = quality is None or attrs.get("quality") == quality
        if attrs.get("type") == "tie" and a in sub and b in sub and wanted:
            sub.add_edge(a, b, **attrs)
    return sub
