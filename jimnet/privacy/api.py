"""The privacy API: ask for an export, list yours, download the JSON once; record a written
erasure request and decide on it (four eyes).

Same rules and same service as the pages (``jimnet.privacy.services``); the door first asks for
``view_privacy``, so that a parent of a young person of 16 hears why (403), while a stranger
gets the same 404 as for an unknown record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, abort, current_app, url_for
from flask_babel import get_locale
from flask_login import current_user

from jimnet.access import authorize, load_owned, load_youth, record
from jimnet.access.log import Outcome, forget_youth
from jimnet.access.policy import decide
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.common import Delegate, list_schema
from jimnet.api.problems import problem
from jimnet.clock import today
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.privacy import erasure, services, texts
from jimnet.privacy.models import DataExport, ErasureRequest, ErasureScope, ExportStatus
from jimnet.privacy.permissions import DECIDE_ERASURE, EXPORT_DATA, RECORD_ERASURE, VIEW_PRIVACY
from jimnet.privacy.schemas import DataExportSchema, ErasureDecisionSchema, ErasureRequestSchema
from jimnet.youth.models import Youth

bp = ApiBlueprint(
    "privacy_api", __name__, description="A person's data: export and erasure within the law"
)
TAGS = ["privacy"]
ONE = "/youth/<int:youth_id>/exports"

ExportListSchema = list_schema(DataExportSchema, "DataExportList")


def _view(row: DataExport) -> Delegate:
    live = (
        row.status == ExportStatus.READY
        and row.expires_at is not None
        and row.expires_at > utcnow()
    )
    return Delegate(
        row,
        json_url=url_for("privacy_api.download_export", youth_id=row.youth_id, export_id=row.id)
        if live and row.json_taken_at is None
        else None,
        html_url=url_for("privacy.download_html", youth_id=row.youth_id, export_id=row.id)
        if live and row.html_taken_at is None
        else None,
    )


@bp.route(ONE, methods=["POST"], tags=TAGS)
@bp.requires(VIEW_PRIVACY)
@bp.response(201, DataExportSchema)
@bp.problems(403, 409)
def request_export(youth_id: int) -> Any:
    """Ask for everything jimnet holds about this young person (AVG art. 15 and 20)"""
    youth = load_youth(youth_id, VIEW_PRIVACY)
    relation = decide(db.session(), current_user, youth, VIEW_PRIVACY).relation
    grant = decide(db.session(), current_user, youth, EXPORT_DATA)
    if not grant.allowed:
        record(EXPORT_DATA, "data_export", youth_id=youth.id, outcome=Outcome.DENIED)
        return problem(403, texts.why_no_export(youth, relation), type_="export-not-yours-to-ask")
    authorize(youth, EXPORT_DATA, "data_export")
    try:
        row = services.request_export(
            db.session(),
            current_user,
            youth,
            str(grant.relation),
            utcnow(),
            locale=str(get_locale() or "nl"),
            link_minutes=int(
                current_app.config.get("JIMNET_EXPORT_LINK_MINUTES", services.DEFAULT_LINK_MINUTES)
            ),
        )
    except services.ExportError as error:
        existing = DataExportSchema().dump(_view(error.existing)) if error.existing else None
        return problem(409, texts.export_error(error.code), type_="export-open", existing=existing)
    return _view(row)


@bp.route(ONE, methods=["GET"], tags=TAGS)
@bp.requires(VIEW_PRIVACY)
@bp.response(200, ExportListSchema)
def list_exports(youth_id: int) -> Any:
    """Your own export requests for this young person, newest first"""
    youth = load_youth(youth_id, VIEW_PRIVACY)
    return {"items": [_view(r) for r in services.exports_of(db.session(), current_user, youth.id)]}


@bp.route(ONE + "/<int:export_id>/data.json", methods=["GET"], tags=TAGS)
@bp.requires(VIEW_PRIVACY)
@bp.response(200, description="The export (schema jimnet-export/1), once")
@bp.problems(404, 409, 410)
def download_export(youth_id: int, export_id: int) -> Any:
    """Download the export as JSON: once, before it expires, only by the person who asked"""
    youth = db.session.get(Youth, youth_id)
    row = db.session.get(DataExport, export_id)
    if youth is None or row is None or row.youth_id != youth_id or row.user_id != current_user.id:
        record(
            EXPORT_DATA,
            "data_export",
            export_id,
            youth_id=youth.id if youth else None,
            outcome=Outcome.DENIED,
        )
        abort(404)
    authorize(youth, EXPORT_DATA, "data_export", export_id)
    try:
        download = services.take(db.session(), current_user, row, services.Format.JSON, utcnow())
    except services.ExportError as error:
        status = 409 if error.code == "not_ready" else 410
        return problem(status, texts.export_error(error.code), type_=f"export-{error.code}")
    return Response(download.content, mimetype="application/json")


ErasureListSchema = list_schema(ErasureRequestSchema, "ErasureRequestList")
ERASURES = "/youth/<int:youth_id>/erasure-requests"
_ERASURE_POINTERS = {
    "future_date": "/requested_on",
    "youth_under_12": "/requested_by",
    "parent_16": "/requested_by",
    "protective_measure": "/scope",
    "reason_needed": "/reason",
}
_ERASURE_CONFLICTS = {"open_request", "decided", "same_person"}


def _erasure_problem(code: str, youth: Youth | None) -> Response:
    detail = texts.erasure_error(code, youth)
    if code in _ERASURE_CONFLICTS:
        return problem(409, detail, type_=f"erasure-{code.replace('_', '-')}")
    pointer = _ERASURE_POINTERS.get(code, "/")
    return problem(
        422,
        detail,
        type_=f"erasure-{code.replace('_', '-')}",
        errors=[{"pointer": pointer, "detail": detail}],
    )


def _erasure_context() -> erasure.Context:
    return erasure.Context(
        pseudonym_key=current_app.config["JIMNET_PSEUDONYM_KEY"],
        ledger_path=Path(current_app.config["JIMNET_ERASURE_LEDGER"]),
    )


@bp.route(ERASURES, methods=["GET"], tags=TAGS)
@bp.requires(VIEW_PRIVACY)
@bp.response(200, ErasureListSchema)
def list_erasure_requests(youth_id: int) -> Any:
    """The erasure requests about this file, newest first"""
    youth = load_youth(youth_id, VIEW_PRIVACY)
    return {"items": erasure.requests_for(db.session(), youth.id)}


@bp.route(ERASURES, methods=["POST"], tags=TAGS)
@bp.requires(RECORD_ERASURE)
@bp.arguments(ErasureRequestSchema)
@bp.response(201, ErasureRequestSchema)
@bp.problems(409, 422)
def record_erasure_request(body: dict[str, Any], youth_id: int) -> Any:
    """Record a written request to erase (professional of the care team)"""
    youth = load_youth(youth_id, RECORD_ERASURE)
    try:
        row = erasure.record_request(
            db.session(),
            youth,
            current_user,
            scope=ErasureScope(body["scope"]),
            requested_by=erasure.Requester(body["requested_by"]),
            requested_on=body["requested_on"],
            note=body.get("note"),
            today=today(),
            now=utcnow(),
            context=_erasure_context(),
        )
    except erasure.ErasureError as error:
        return _erasure_problem(error.code, youth)
    record("record_erasure", "erasure_request", row.id, youth_id=youth.id)
    return row


@bp.route(ERASURES + "/<int:request_id>/decision", methods=["POST"], tags=TAGS)
@bp.requires(DECIDE_ERASURE)
@bp.arguments(ErasureDecisionSchema)
@bp.response(200, ErasureRequestSchema)
@bp.problems(409, 422)
def decide_erasure_request(body: dict[str, Any], youth_id: int, request_id: int) -> Any:
    """Approve (the file is erased at once) or refuse with a reason (org admin, four eyes)"""
    youth = load_youth(youth_id, DECIDE_ERASURE)
    row = load_owned(ErasureRequest, request_id, DECIDE_ERASURE, youth_id=youth.id)
    try:
        if body["approve"]:
            erasure.approve(db.session(), row, current_user, utcnow(), _erasure_context())
            record("erase_file", "erasure_request", row.id, youth_id=youth_id)
            forget_youth(youth_id)
        else:
            erasure.refuse(db.session(), row, current_user, body.get("reason") or "", utcnow())
            record("refuse_erasure", "erasure_request", row.id, youth_id=youth.id)
    except erasure.ErasureError as error:
        return _erasure_problem(error.code, youth)
    # The erasure took the row out of the session (it named her); read it as it is now.
    return db.session.get(ErasureRequest, request_id, populate_existing=True)
