"""The network map's JSON API: the graph (node-link JSON, GraphML), the analysis, members, ties,
snapshots and their comparison. Routes are declared with ``api_route`` (in the OpenAPI document,
bodies validated by JSON Schema); errors are RFC 9457 problem details."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, jsonify, request
from flask_login import current_user
from werkzeug.wrappers import Response

from jimnet.access import record
from jimnet.api.openapi import api_route, schema
from jimnet.api.problems import problem
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.network import findings, services, snapshots
from jimnet.network.analysis import analyse
from jimnet.network.compare import compare
from jimnet.network.door import added_by, owned, youth_for
from jimnet.network.graph import node_link
from jimnet.network.io_graphml import export_graphml
from jimnet.network.labels import error_text
from jimnet.network.models import (
    MAX_RING,
    MIN_RING,
    ContactFrequency,
    NetworkMember,
    NetworkSnapshot,
    Quality,
    Relation,
    Sector,
    SupportDomain,
    SupportKind,
    Tie,
    TieQuality,
)
from jimnet.network.permissions import EDIT_NETWORK, SNAPSHOT_NETWORK, VIEW_NETWORK
from jimnet.network.services import (
    EMAIL_MAX,
    MAX_ID,
    NAME_MAX,
    NOTE_MAX,
    PHONE_MAX,
    MemberInput,
    NetworkError,
)

bp = Blueprint("network_api", __name__, url_prefix="/api/v1")
TAGS = ["network"]

_NULLABLE_TEXT = {"type": ["string", "null"]}
MEMBER_FIELDS: dict[str, Any] = {
    "display_name": {"type": "string", "minLength": 1, "maxLength": NAME_MAX},
    "relation": {"type": "string", "enum": [r.value for r in Relation]},
    "sector": {"type": "string", "enum": [s.value for s in Sector]},
    "ring": {"type": "integer", "minimum": MIN_RING, "maximum": MAX_RING},
    "quality": {"type": "string", "enum": [q.value for q in Quality]},
    "contact_frequency": {
        "type": ["string", "null"],
        "enum": [f.value for f in ContactFrequency] + [None],
    },
    "known_since": {**_NULLABLE_TEXT, "format": "date", "maxLength": 10},
    "is_adult": {"type": "boolean"},
    "email": {**_NULLABLE_TEXT, "maxLength": EMAIL_MAX},
    "phone": {**_NULLABLE_TEXT, "maxLength": PHONE_MAX},
    "note": {**_NULLABLE_TEXT, "maxLength": NOTE_MAX},
    "youth_supports_member": {"type": "boolean"},
    "supports": {
        "type": "array",
        "maxItems": len(SupportKind) * len(SupportDomain),
        "items": {
            "type": "object",
            "properties": {
                "kind": {"type": "string", "enum": [k.value for k in SupportKind]},
                "domain": {"type": "string", "enum": [d.value for d in SupportDomain]},
            },
            "required": ["kind", "domain"],
            "additionalProperties": False,
        },
    },
}

MEMBER = schema(
    "NetworkMember",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "youth_id": {"type": "integer"},
            **MEMBER_FIELDS,
            "added_by_role": {"type": "string"},
            "version": {"type": "integer"},
            "removed_at": {"type": ["string", "null"], "format": "date-time"},
        },
        "required": ["id", "youth_id", "display_name", "relation", "sector", "ring", "version"],
    },
)
MEMBER_CREATE = schema(
    "NetworkMemberCreate",
    {
        "type": "object",
        "properties": MEMBER_FIELDS,
        "required": ["display_name", "relation", "ring"],
        "additionalProperties": False,
    },
)
MEMBER_UPDATE = schema(
    "NetworkMemberUpdate",
    {
        "type": "object",
        "properties": {
            **MEMBER_FIELDS,
            "version": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_ID,
                "description": "The version you last saw; a stale one answers 409",
            },
        },
        "required": ["version"],
        "additionalProperties": False,
    },
)
TIE = schema(
    "NetworkTie",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "youth_id": {"type": "integer"},
            "a_id": {"type": "integer"},
            "b_id": {"type": "integer"},
            "quality": {"type": "string", "enum": [q.value for q in TieQuality]},
        },
        "required": ["id", "a_id", "b_id", "quality"],
    },
)
TIE_CREATE = schema(
    "NetworkTieCreate",
    {
        "type": "object",
        "properties": {
            "a_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            "b_id": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
            "quality": {"type": "string", "enum": [q.value for q in TieQuality]},
        },
        "required": ["a_id", "b_id"],
        "additionalProperties": False,
    },
)
GRAPH = schema(
    "NetworkGraph",
    {
        "type": "object",
        "description": "networkx node-link data: the youth is node 'ego', members are 'm<id>'",
        "properties": {
            "directed": {"type": "boolean"},
            "multigraph": {"type": "boolean"},
            "graph": {"type": "object"},
            "nodes": {"type": "array", "items": {"type": "object"}},
            "links": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["graph", "nodes", "links"],
    },
)
ANALYSIS = schema(
    "NetworkAnalysis",
    {
        "type": "object",
        "properties": {
            "size": {"type": "integer"},
            "adults": {"type": "integer"},
            "by_sector": {"type": "object"},
            "by_ring": {"type": "object"},
            "coverage": {"type": "object"},
            "uncovered": {"type": "array", "items": {"type": "string"}},
            "strength": {"type": "object"},
            "findings": {"type": "array", "items": {"type": "object"}},
        },
        "required": ["size", "coverage", "uncovered", "strength", "findings"],
    },
)
SNAPSHOT = schema(
    "NetworkSnapshot",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "youth_id": {"type": "integer"},
            "taken_on": {"type": "string", "format": "date"},
            "taken_at": {"type": "string", "format": "date-time"},
            "label": {"type": "string"},
            "note": {"type": ["string", "null"]},
            "size": {"type": "integer"},
            "data": GRAPH,
        },
        "required": ["id", "taken_on", "label"],
    },
)
SNAPSHOT_LIST = schema(
    "NetworkSnapshotList",
    {"type": "object", "properties": {"items": {"type": "array", "items": SNAPSHOT}}},
)
SNAPSHOT_CREATE = schema(
    "NetworkSnapshotCreate",
    {
        "type": "object",
        "properties": {
            "label": {"type": "string", "maxLength": 200},
            "note": {"type": ["string", "null"], "maxLength": 2000},
            "taken_on": {"type": "string", "format": "date", "maxLength": 10},
        },
        "additionalProperties": False,
    },
)
COMPARISON = schema(
    "NetworkComparison",
    {
        "type": "object",
        "properties": {
            "before": {"type": "object"},
            "after": {"type": "object"},
            "joined": {"type": "array", "items": {"type": "object"}},
            "left": {"type": "array", "items": {"type": "object"}},
            "closer": {"type": "array", "items": {"type": "object"}},
            "further": {"type": "array", "items": {"type": "object"}},
            "domains_gained": {"type": "array", "items": {"type": "string"}},
            "domains_lost": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["joined", "left", "closer", "further", "domains_gained", "domains_lost"],
    },
)


def member_json(member: NetworkMember) -> dict[str, Any]:
    return {
        "id": member.id,
        "youth_id": member.youth_id,
        "display_name": member.display_name,
        "relation": member.relation,
        "sector": member.sector,
        "ring": member.ring,
        "quality": member.quality,
        "contact_frequency": member.contact_frequency,
        "known_since": member.known_since.isoformat() if member.known_since else None,
        "is_adult": member.is_adult,
        "email": member.email,
        "phone": member.phone,
        "note": member.note,
        "youth_supports_member": member.youth_supports_member,
        "supports": [{"kind": s.kind, "domain": s.domain} for s in member.supports],
        "added_by_role": member.added_by_role,
        "version": member.version,
        "removed_at": member.removed_at.isoformat() if member.removed_at else None,
    }


def tie_json(tie: Tie) -> dict[str, Any]:
    return {
        "id": tie.id,
        "youth_id": tie.youth_id,
        "a_id": tie.a_id,
        "b_id": tie.b_id,
        "quality": tie.quality,
    }


def snapshot_json(item: NetworkSnapshot, *, with_data: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "youth_id": item.youth_id,
        "taken_on": item.taken_on.isoformat(),
        "taken_at": item.taken_at.isoformat(),
        "label": item.label,
        "note": item.note,
        "size": sum(1 for n in item.data.get("nodes", []) if n.get("type") != "ego"),
    }
    if with_data:
        data["data"] = item.data
    return data


def _network_problem(error: NetworkError, pointer_prefix: str = "") -> Response:
    detail = error_text(error.code, **error.params)
    if error.code in ("stale", "removed"):
        errors = [
            {
                "pointer": "/version",
                "detail": detail,
                "current_version": error.params.get("current"),
            }
        ]
        return problem(
            409, detail, type_="conflict", errors=errors if error.code == "stale" else None
        )
    pointer = f"{pointer_prefix}/{error.field}" if error.field else pointer_prefix or "/"
    return problem(422, detail, type_="validation", errors=[{"pointer": pointer, "detail": detail}])


def _date(value: Any, pointer: str) -> date | Response | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return problem(
            422,
            "Not a date (use YYYY-MM-DD).",
            type_="validation",
            errors=[{"pointer": pointer, "detail": "Not a date (use YYYY-MM-DD)."}],
        )


def _input(body: dict[str, Any], base: NetworkMember | None) -> MemberInput | Response:
    def pick(name: str, default: Any) -> Any:
        return body.get(name, default)

    known = _date(
        pick("known_since", base.known_since.isoformat() if base and base.known_since else None),
        "/known_since",
    )
    if isinstance(known, Response):
        return known
    supports = body.get("supports")
    return MemberInput(
        display_name=pick("display_name", base.display_name if base else ""),
        relation=pick("relation", base.relation if base else ""),
        ring=pick("ring", base.ring if base else 0),
        sector=pick("sector", base.sector if base else None),
        contact_frequency=pick("contact_frequency", base.contact_frequency if base else None),
        known_since=known,
        is_adult=pick("is_adult", base.is_adult if base else None),
        quality=pick("quality", base.quality if base else Quality.POSITIVE),
        email=pick("email", base.email if base else None),
        phone=pick("phone", base.phone if base else None),
        note=pick("note", base.note if base else None),
        youth_supports_member=pick(
            "youth_supports_member", base.youth_supports_member if base else False
        ),
        supports={(s["kind"], s["domain"]) for s in supports} if supports is not None else None,
    )


# --- the graph --------------------------------------------------------------------------------


@api_route(
    bp,
    "/youth/<int:youth_id>/network",
    "GET",
    "The current network as node-link JSON (networkx), with member versions",
    tags=TAGS,
    response_schema=GRAPH,
)
def get_network(youth_id: int) -> Any:
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    graph = snapshots.current_graph(db.session(), youth, today=today(), include_versions=True)
    return jsonify(node_link(graph))


@api_route(
    bp,
    "/youth/<int:youth_id>/network.graphml",
    "GET",
    "The current network as GraphML (typed attributes, the youth as ego)",
    tags=TAGS,
    content_type="application/graphml+xml",
)
def get_network_graphml(youth_id: int) -> Any:
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    graph = snapshots.current_graph(db.session(), youth, today=today())
    record("export", "network", youth.id, youth_id=youth.id)
    return Response(export_graphml(graph), mimetype="application/graphml+xml")


@api_route(
    bp,
    "/youth/<int:youth_id>/network/analysis",
    "GET",
    "What the network says: size, support coverage, who carries it, conflict, strength",
    tags=TAGS,
    response_schema=ANALYSIS,
)
def get_network_analysis(youth_id: int) -> Any:
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    result = analyse(snapshots.current_graph(db.session(), youth, today=today()))
    return jsonify(
        {**result.as_dict(), "findings": [f.as_dict() for f in findings.describe(result)]}
    )


# --- members ----------------------------------------------------------------------------------


@api_route(
    bp,
    "/youth/<int:youth_id>/network/members",
    "POST",
    "Put someone on the map",
    tags=TAGS,
    request_schema=MEMBER_CREATE,
    response_schema=MEMBER,
)
def create_member(youth_id: int, body: dict[str, Any]) -> Any:
    youth, grant = youth_for(youth_id, EDIT_NETWORK)
    data = _input(body, None)
    if isinstance(data, Response):
        return data
    try:
        member = services.add_member(
            db.session(),
            youth.id,
            data,
            added_by_role=added_by(grant),
            added_by_id=current_user.id,
            today=today(),
        )
    except NetworkError as error:
        return _network_problem(error)
    record("add_member", "network_member", member.id, youth_id=youth.id)
    return jsonify(member_json(member)), 201


@api_route(
    bp,
    "/youth/<int:youth_id>/network/members/<int:member_id>",
    "GET",
    "One member of the map",
    tags=TAGS,
    response_schema=MEMBER,
)
def get_member(youth_id: int, member_id: int) -> Any:
    member = owned(NetworkMember, member_id, VIEW_NETWORK, youth_id)
    return jsonify(member_json(member))


@api_route(
    bp,
    "/youth/<int:youth_id>/network/members/<int:member_id>",
    "PATCH",
    "Change or move a member; send the version you saw (409 when someone changed it since)",
    tags=TAGS,
    request_schema=MEMBER_UPDATE,
    response_schema=MEMBER,
)
def update_member(youth_id: int, member_id: int, body: dict[str, Any]) -> Any:
    member = owned(NetworkMember, member_id, EDIT_NETWORK, youth_id)
    data = _input(body, member)
    if isinstance(data, Response):
        return data
    try:
        services.update_member(
            db.session(), member, data, expected_version=int(body["version"]), today=today()
        )
    except NetworkError as error:
        return _network_problem(error)
    return jsonify(member_json(member))


@api_route(
    bp,
    "/youth/<int:youth_id>/network/members/<int:member_id>",
    "DELETE",
    "Take a member off the map (kept for history and snapshots)",
    tags=TAGS,
    query=[
        {
            "name": "version",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
        }
    ],
    responses={"409": "Changed by someone else"},
)
def delete_member(youth_id: int, member_id: int) -> Any:
    member = owned(NetworkMember, member_id, EDIT_NETWORK, youth_id)
    raw = request.args.get("version")
    if raw is not None and not (raw.isdigit() and 1 <= int(raw) <= MAX_ID):
        return problem(400, "version must be a whole number from 1.", type_="bad-version")
    try:
        services.remove_member(
            db.session(),
            member,
            removed_by_id=current_user.id,
            expected_version=int(raw) if raw is not None else None,
        )
    except NetworkError as error:
        return _network_problem(error)
    record("remove_member", "network_member", member.id, youth_id=youth_id)
    return Response(status=204)


# --- ties -------------------------------------------------------------------------------------


@api_route(
    bp,
    "/youth/<int:youth_id>/network/ties",
    "POST",
    "Record that two members know each other (positive or conflict)",
    tags=TAGS,
    request_schema=TIE_CREATE,
    response_schema=TIE,
)
def create_tie(youth_id: int, body: dict[str, Any]) -> Any:
    youth, grant = youth_for(youth_id, EDIT_NETWORK)
    try:
        tie = services.add_tie(
            db.session(),
            youth.id,
            body["a_id"],
            body["b_id"],
            body.get("quality", TieQuality.POSITIVE),
            added_by_role=added_by(grant),
        )
    except NetworkError as error:
        return _network_problem(error)
    record("add_tie", "network_tie", tie.id, youth_id=youth.id)
    return jsonify(tie_json(tie)), 201


@api_route(
    bp,
    "/youth/<int:youth_id>/network/ties/<int:tie_id>",
    "DELETE",
    "Remove a tie",
    tags=TAGS,
)
def delete_tie(youth_id: int, tie_id: int) -> Any:
    tie = owned(Tie, tie_id, EDIT_NETWORK, youth_id)
    services.remove_tie(db.session(), tie)
    return Response(status=204)


# --- snapshots --------------------------------------------------------------------------------


@api_route(
    bp,
    "/youth/<int:youth_id>/network/snapshots",
    "GET",
    "The measurements of this network, oldest first",
    tags=TAGS,
    response_schema=SNAPSHOT_LIST,
)
def list_snapshots(youth_id: int) -> Any:
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    items = snapshots.list_snapshots(db.session(), youth.id)
    return jsonify({"items": [snapshot_json(s, with_data=False) for s in items]})


@api_route(
    bp,
    "/youth/<int:youth_id>/network/snapshots",
    "POST",
    "Take a measurement: an immutable, dated copy of the network",
    tags=TAGS,
    request_schema=SNAPSHOT_CREATE,
    response_schema=SNAPSHOT,
)
def create_snapshot(youth_id: int, body: dict[str, Any]) -> Any:
    youth, _grant = youth_for(youth_id, SNAPSHOT_NETWORK)
    day = today()
    taken_on = _date(body.get("taken_on"), "/taken_on")
    if isinstance(taken_on, Response):
        return taken_on
    try:
        item = snapshots.take_snapshot(
            db.session(),
            youth,
            label=body.get("label"),
            note=body.get("note"),
            taken_on=taken_on or day,
            taken_by_id=current_user.id,
            today=day,
        )
    except NetworkError as error:
        return _network_problem(error)
    record("snapshot", "network_snapshot", item.id, youth_id=youth.id)
    return jsonify(snapshot_json(item, with_data=True)), 201


@api_route(
    bp,
    "/youth/<int:youth_id>/network/snapshots/<int:snapshot_id>",
    "GET",
    "One measurement with its network (node-link JSON)",
    tags=TAGS,
    response_schema=SNAPSHOT,
)
def get_snapshot(youth_id: int, snapshot_id: int) -> Any:
    item = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth_id)
    return jsonify(snapshot_json(item, with_data=True))


@api_route(
    bp,
    "/youth/<int:youth_id>/network/snapshots/<int:snapshot_id>/compare",
    "GET",
    "Compare a measurement with the network now",
    tags=TAGS,
    response_schema=COMPARISON,
)
def compare_snapshot_now(youth_id: int, snapshot_id: int) -> Any:
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    item = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth.id)
    now = snapshots.current_graph(db.session(), youth, today=today())
    return jsonify(compare(snapshots.snapshot_graph(item), now).as_dict())


@api_route(
    bp,
    "/youth/<int:youth_id>/network/snapshots/<int:snapshot_id>/compare/<int:other_snapshot_id>",
    "GET",
    "Compare two measurements (the earlier one is 'before')",
    tags=TAGS,
    response_schema=COMPARISON,
)
def compare_snapshots(youth_id: int, snapshot_id: int, other_snapshot_id: int) -> Any:
    first = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth_id)
    second = owned(NetworkSnapshot, other_snapshot_id, VIEW_NETWORK, youth_id)
    if (second.taken_on, second.id) < (first.taken_on, first.id):
        first, second = second, first
    result = compare(snapshots.snapshot_graph(first), snapshots.snapshot_graph(second))
    return jsonify(result.as_dict())
