"""The export in the JSON API: ask for it, list yours, download the JSON once.

Same rules and same service as the pages (``jimnet.privacy.services``); the door first asks for
``view_privacy``, so that a parent of a young person of 16 hears why (403), while a stranger
gets the same 404 as for an unknown record.
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort, current_app, url_for
from flask_babel import get_locale
from flask_login import current_user

from jimnet.access import authorize, load_youth, record
from jimnet.access.log import Outcome
from jimnet.access.policy import decide
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.common import Delegate, list_schema
from jimnet.api.problems import problem
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.privacy import services, texts
from jimnet.privacy.models import DataExport, ExportStatus
from jimnet.privacy.permissions import EXPORT_DATA, VIEW_PRIVACY
from jimnet.privacy.schemas import DataExportSchema
from jimnet.youth.models import Youth

bp = ApiBlueprint("privacy_api", __name__, description="A person's data: export")
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
