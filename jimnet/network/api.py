"""The network map's JSON API: the graph (node-link JSON, GraphML), the analysis, members, ties,
snapshots and their comparison. Schemas in ``jimnet.network.schemas``; errors are RFC 9457
problem details (docs/api.md)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Response, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.exceptions import UnsupportedMediaType

from jimnet.access import record
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.common import Delegate
from jimnet.api.problems import conflict, problem
from jimnet.clock import today
from jimnet.extensions import db, limiter
from jimnet.network import findings, io_csv, labels, services, snapshots
from jimnet.network.analysis import analyse
from jimnet.network.compare import compare
from jimnet.network.door import (
    IMPORT_LIMIT,
    added_by,
    import_limit_key,
    owned,
    visible_member,
    youth_for,
)
from jimnet.network.graph import node_link
from jimnet.network.import_preview import preview
from jimnet.network.importing import (
    MAX_BYTES,
    ImportRefused,
    ParsedFile,
    apply_import,
    find_matches,
    parse_file,
    plan_import,
)
from jimnet.network.io_graphml import export_graphml
from jimnet.network.io_json import export_json
from jimnet.network.labels import error_text
from jimnet.network.mapping import Options
from jimnet.network.models import NetworkMember, NetworkSnapshot, Quality, Tie
from jimnet.network.permissions import (
    EDIT_NETWORK,
    IMPORT_NETWORK,
    SNAPSHOT_NETWORK,
    VIEW_NETWORK,
)
from jimnet.network.schemas import (
    AnalysisSchema,
    ComparisonSchema,
    GraphSchema,
    ImportArgsSchema,
    ImportPreviewSchema,
    ImportResultSchema,
    MemberPatchSchema,
    MemberSchema,
    SnapshotListSchema,
    SnapshotSchema,
    TieSchema,
    VersionArgsSchema,
)
from jimnet.network.services import MemberInput, NetworkError

bp = ApiBlueprint("network_api", __name__, description="The network map")
TAGS = ["network"]
YOUTH = "/youth/<int:youth_id>/network"


def _network_problem(error: NetworkError, member: NetworkMember | None = None) -> Response:
    if error.code == "stale":
        # Roll back first (even the message reads the user's language through the session): a
        # flush that found the row changed breaks the transaction, and the member must be read
        # again as the other request saved it.
        db.session.rollback()
    detail = error_text(error.code, **error.params)
    if error.code == "stale":
        if member is None:
            return conflict(detail)
        return conflict(detail, MemberSchema().dump(member), current_version=member.version)
    if error.code == "removed":
        return problem(409, detail, type_="conflict")
    pointer = f"/{error.field}" if error.field else "/"
    return problem(422, detail, type_="validation", errors=[{"pointer": pointer, "detail": detail}])


def _input(body: dict[str, Any], base: NetworkMember | None) -> MemberInput:
    """The service's input: the body over the stored member (a PATCH sends only changes)."""

    def pick(name: str, default: Any) -> Any:
        return body.get(name, default)

    supports = body.get("supports")
    return MemberInput(
        display_name=pick("display_name", base.display_name if base else ""),
        relation=pick("relation", base.relation if base else ""),
        ring=pick("ring", base.ring if base else 0),
        sector=pick("sector", base.sector if base else None),
        contact_frequency=pick("contact_frequency", base.contact_frequency if base else None),
        known_since=pick("known_since", base.known_since if base else None),
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


@bp.route(YOUTH, tags=TAGS)
@bp.response(200, GraphSchema)
def get_network(youth_id: int) -> Any:
    """The current network as node-link JSON (networkx), with member versions"""
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    graph = snapshots.current_graph(db.session(), youth, today=today(), include_versions=True)
    return node_link(graph)


@bp.route(YOUTH + ".graphml", tags=TAGS)
@bp.response(200, {"type": "string"}, content_type="application/graphml+xml")
def get_network_graphml(youth_id: int) -> Any:
    """The current network as GraphML (typed attributes, the youth as ego)"""
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    graph = snapshots.current_graph(db.session(), youth, today=today())
    record("export", "network", youth.id, youth_id=youth.id)
    return Response(export_graphml(graph), mimetype="application/graphml+xml")


def _file(body: str | bytes, mimetype: str, youth_id: int, name: str) -> Response:
    record("export", "network", youth_id, youth_id=youth_id)
    response = Response(body, mimetype=mimetype)
    stem = f"jongere-{youth_id}-{today().isoformat()}"
    response.headers["Content-Disposition"] = f'attachment; filename="{stem}-{name}"'
    return response


@bp.route(YOUTH + ".json", tags=TAGS)
@bp.response(200, {"type": "object"}, content_type="application/json")
def get_network_file(youth_id: int) -> Any:
    """The current network as a node-link JSON file (what the import reads back)"""
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    graph = snapshots.current_graph(db.session(), youth, today=today())
    return _file(export_json(graph), "application/json", youth.id, "netwerk.json")


@bp.route(YOUTH + "/members.csv", tags=TAGS)
@bp.response(200, {"type": "string"}, content_type="text/csv")
def get_members_csv(youth_id: int) -> Any:
    """The people on the map as CSV (one row each)"""
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    graph = snapshots.current_graph(db.session(), youth, today=today())
    return _file(io_csv.members_csv(graph), "text/csv; charset=utf-8", youth.id, "personen.csv")


@bp.route(YOUTH + "/ties.csv", tags=TAGS)
@bp.response(200, {"type": "string"}, content_type="text/csv")
def get_ties_csv(youth_id: int) -> Any:
    """Who knows whom on the map as CSV (one row per tie)"""
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    graph = snapshots.current_graph(db.session(), youth, today=today())
    return _file(io_csv.ties_csv(graph), "text/csv; charset=utf-8", youth.id, "verbindingen.csv")


# Which file the import service is handed, by the body's media type.
IMPORT_TYPES = {
    "application/graphml+xml": "import.graphml",
    "application/xml": "import.graphml",
    "text/xml": "import.graphml",
    "application/json": "import.json",
}


@bp.route(YOUTH + "/import", methods=["POST"], tags=TAGS)
@bp.requires(IMPORT_NETWORK)
@limiter.shared_limit(IMPORT_LIMIT, scope="network-import", key_func=import_limit_key)
@bp.arguments(ImportArgsSchema, location="query", as_kwargs=True)
@bp.response(201, ImportResultSchema)
@bp.alt_response(200, schema=ImportPreviewSchema, description="dry_run: the mapping, nothing saved")
@bp.problems(413, 415, 422)
@bp.doc(
    requestBody={
        "required": True,
        "description": "A GraphML or node-link JSON file, as the body (at most 2 MB)",
        "content": {
            "application/graphml+xml": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "object"}},
        },
    }
)
def import_network(
    youth_id: int,
    replace: bool,
    merge: bool,
    dry_run: bool,
    session: str | None,
    closeness: str,
) -> Any:
    """Import a map from a file: all of it or nothing. ``dry_run=true`` answers how the file's
    attributes map (and who is already on the map) without saving; 422 lists every problem
    with its line"""
    youth, _grant = youth_for(youth_id, IMPORT_NETWORK)
    filename = IMPORT_TYPES.get(request.mimetype)
    if filename is None:
        raise UnsupportedMediaType("Send GraphML (application/graphml+xml) or JSON.")
    data = request.stream.read(MAX_BYTES + 1)
    parsed: ParsedFile | None = None
    try:
        parsed = parse_file(data, filename)
        plan = plan_import(parsed, today(), Options(session=session, closeness=closeness))
    except ImportRefused as refused:
        extra: dict[str, Any] = {}
        if parsed is not None and any(p.code == "choose_session" for p in refused.problems):
            extra["sessions"] = [
                {"index": g.index, "case_id": g.attrs.get("caseId"),
                 "session_id": g.attrs.get("sessionUUID")}
                for g in parsed.graphs
            ]  # fmt: skip
        return problem(
            422,
            str(_l("Het bestand is niet ingelezen; elk probleem staat in errors.")),
            type_="import-refused",
            errors=[
                {
                    "pointer": "/",
                    "line": p.line,
                    "code": p.code,
                    "detail": labels.import_problem_text(p.line, p.code, p.params),
                }
                for p in refused.problems
            ],
            **extra,
        )
    matches = find_matches(db.session(), youth.id, plan) if merge and not replace else {}
    if dry_run:
        return Response(
            json.dumps(ImportPreviewSchema().dump(preview(plan, matches))),
            status=200,
            mimetype="application/json",
        )
    result = apply_import(
        db.session(),
        youth.id,
        plan,
        replace=replace,
        merge=merge,
        by_user_id=current_user.id,
        today=today(),
    )
    record("import", "network", youth.id, youth_id=youth.id)
    return result


@bp.route(YOUTH + "/analysis", tags=TAGS)
@bp.response(200, AnalysisSchema)
def get_network_analysis(youth_id: int) -> Any:
    """What the network says: size, support coverage, who carries it, conflict, strength"""
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    result = analyse(snapshots.current_graph(db.session(), youth, today=today()))
    return {**result.as_dict(), "findings": [f.as_dict() for f in findings.describe(result)]}


# --- members ----------------------------------------------------------------------------------


@bp.route(YOUTH + "/members", methods=["POST"], tags=TAGS)
@bp.arguments(MemberSchema)
@bp.response(201, MemberSchema)
def create_member(body: dict[str, Any], youth_id: int) -> Any:
    """Put someone on the map"""
    youth, grant = youth_for(youth_id, EDIT_NETWORK)
    try:
        member = services.add_member(
            db.session(),
            youth.id,
            _input(body, None),
            added_by_role=added_by(grant),
            added_by_id=current_user.id,
            today=today(),
        )
    except NetworkError as error:
        return _network_problem(error)
    record("add_member", "network_member", member.id, youth_id=youth.id)
    return member


@bp.route(YOUTH + "/members/<int:member_id>", tags=TAGS)
@bp.response(200, MemberSchema)
def get_member(youth_id: int, member_id: int) -> Any:
    """One member of the map (notes, phone and e-mail only for those who may see them)"""
    member = owned(NetworkMember, member_id, VIEW_NETWORK, youth_id)
    return visible_member(member)


@bp.route(YOUTH + "/members/<int:member_id>", methods=["PATCH"], tags=TAGS)
@bp.arguments(MemberPatchSchema)
@bp.response(200, MemberSchema)
def update_member(body: dict[str, Any], youth_id: int, member_id: int) -> Any:
    """Change or move a member; send the version you saw (409 with the current member when
    someone changed it since)"""
    member = owned(NetworkMember, member_id, EDIT_NETWORK, youth_id)
    try:
        services.update_member(
            db.session(),
            member,
            _input(body, member),
            expected_version=body["version"],
            today=today(),
        )
    except NetworkError as error:
        return _network_problem(error, member)
    return member


@bp.route(YOUTH + "/members/<int:member_id>", methods=["DELETE"], tags=TAGS)
@bp.arguments(VersionArgsSchema, location="query", as_kwargs=True)
@bp.response(204)
@bp.problems(409, 428)
def delete_member(youth_id: int, member_id: int, version: int | None = None) -> Any:
    """Take a member off the map (kept for history and snapshots); ``?version=`` is required
    (428 without it, 409 when stale)"""
    member = owned(NetworkMember, member_id, EDIT_NETWORK, youth_id)
    if version is None:
        detail = error_text("version_missing_api")
        return problem(
            428,
            detail,
            type_="version-required",
            errors=[{"pointer": "?version", "detail": detail}],
        )
    try:
        services.remove_member(
            db.session(), member, removed_by_id=current_user.id, expected_version=version
        )
    except NetworkError as error:
        return _network_problem(error, member)
    record("remove_member", "network_member", member.id, youth_id=youth_id)
    return Response(status=204)


# --- ties -------------------------------------------------------------------------------------


@bp.route(YOUTH + "/ties", methods=["POST"], tags=TAGS)
@bp.arguments(TieSchema)
@bp.response(201, TieSchema)
def create_tie(body: dict[str, Any], youth_id: int) -> Any:
    """Record that two members know each other (positive or conflict)"""
    youth, grant = youth_for(youth_id, EDIT_NETWORK)
    try:
        tie = services.add_tie(
            db.session(),
            youth.id,
            body["a_id"],
            body["b_id"],
            body["quality"],
            added_by_role=added_by(grant),
        )
    except NetworkError as error:
        return _network_problem(error)
    record("add_tie", "network_tie", tie.id, youth_id=youth.id)
    return tie


@bp.route(YOUTH + "/ties/<int:tie_id>", methods=["DELETE"], tags=TAGS)
@bp.response(204)
def delete_tie(youth_id: int, tie_id: int) -> Any:
    """Remove a tie"""
    tie = owned(Tie, tie_id, EDIT_NETWORK, youth_id)
    services.remove_tie(db.session(), tie)
    return Response(status=204)


# --- snapshots --------------------------------------------------------------------------------


def _snapshot(item: NetworkSnapshot) -> Delegate:
    return Delegate(item, size=sum(1 for n in item.data.get("nodes", []) if n.get("type") != "ego"))


@bp.route(YOUTH + "/snapshots", tags=TAGS)
@bp.response(200, SnapshotListSchema)
def list_snapshots(youth_id: int) -> Any:
    """The measurements of this network, oldest first"""
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    items = snapshots.list_snapshots(db.session(), youth.id)
    return {"items": [_snapshot(s) for s in items]}


@bp.route(YOUTH + "/snapshots", methods=["POST"], tags=TAGS)
@bp.arguments(SnapshotSchema)
@bp.response(201, SnapshotSchema)
def create_snapshot(body: dict[str, Any], youth_id: int) -> Any:
    """Take a measurement: an immutable, dated copy of the network"""
    youth, _grant = youth_for(youth_id, SNAPSHOT_NETWORK)
    day = today()
    taken_on: date = body.get("taken_on") or day
    try:
        item = snapshots.take_snapshot(
            db.session(),
            youth,
            label=body.get("label"),
            note=body.get("note"),
            taken_on=taken_on,
            taken_by_id=current_user.id,
            today=day,
        )
    except NetworkError as error:
        return _network_problem(error)
    record("snapshot", "network_snapshot", item.id, youth_id=youth.id)
    return _snapshot(item)


@bp.route(YOUTH + "/snapshots/<int:snapshot_id>", tags=TAGS)
@bp.response(200, SnapshotSchema)
def get_snapshot(youth_id: int, snapshot_id: int) -> Any:
    """One measurement with its network (node-link JSON)"""
    item = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth_id)
    return _snapshot(item)


@bp.route(YOUTH + "/snapshots/<int:snapshot_id>/compare", tags=TAGS)
@bp.response(200, ComparisonSchema)
def compare_snapshot_now(youth_id: int, snapshot_id: int) -> Any:
    """Compare a measurement with the network now"""
    youth, _grant = youth_for(youth_id, VIEW_NETWORK)
    item = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth.id)
    now = snapshots.current_graph(db.session(), youth, today=today())
    return compare(snapshots.snapshot_graph(item), now).as_dict()


@bp.route(YOUTH + "/snapshots/<int:snapshot_id>/compare/<int:other_snapshot_id>", tags=TAGS)
@bp.response(200, ComparisonSchema)
def compare_snapshots(youth_id: int, snapshot_id: int, other_snapshot_id: int) -> Any:
    """Compare two measurements (the earlier one is 'before')"""
    first = owned(NetworkSnapshot, snapshot_id, VIEW_NETWORK, youth_id)
    second = owned(NetworkSnapshot, other_snapshot_id, VIEW_NETWORK, youth_id)
    if (second.taken_on, second.id) < (first.taken_on, first.id):
        first, second = second, first
    return compare(snapshots.snapshot_graph(first), snapshots.snapshot_graph(second)).as_dict()
