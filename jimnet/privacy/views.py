"""The privacy pages of one young person: see and take your data (AVG art. 15 and 20).

Every page goes through the door: ``view_privacy`` for the page, ``export_data`` for asking and
downloading (the young person from 12, a parent while she is under 16). A download is only for
the person who asked, once per format, before the link expires.
"""

from __future__ import annotations

from typing import cast

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from jimnet.access import authorize, load_youth, record
from jimnet.access.log import Outcome
from jimnet.access.policy import Relation, decide
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.privacy import services, texts
from jimnet.privacy.export import NONCE_PLACEHOLDER
from jimnet.privacy.models import DataExport, ExportStatus
from jimnet.privacy.permissions import EXPORT_DATA, VIEW_PRIVACY
from jimnet.security import csp_nonce
from jimnet.youth.models import Youth
from jimnet.youth.sections import Section, add_section

bp = Blueprint("privacy", __name__, url_prefix="/jongeren")


@bp.record_once
def _register(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)
    add_section(app, Section("privacy.rights", _l("Gegevens en privacy"), VIEW_PRIVACY, order=90))


def _link_minutes() -> int:
    return int(current_app.config.get("JIMNET_EXPORT_LINK_MINUTES", services.DEFAULT_LINK_MINUTES))


def _page(youth: Youth, relation: Relation | None, status: int = 200) -> tuple[str, int]:
    export_grant = decide(db.session(), current_user, youth, EXPORT_DATA)
    return (
        render_template(
            "privacy/rights.html",
            youth=youth,
            is_self=relation == Relation.YOUTH,
            can_export=export_grant.allowed,
            why_not=None if export_grant.allowed else texts.why_no_export(youth, relation),
            exports=services.exports_of(db.session(), current_user, youth.id),
            now=utcnow(),
            Status=ExportStatus,
        ),
        status,
    )


@bp.route("/<int:youth_id>/gegevens")
@login_required
def rights(youth_id: int) -> tuple[str, int]:
    youth = load_youth(youth_id, VIEW_PRIVACY)
    return _page(youth, decide(db.session(), current_user, youth, VIEW_PRIVACY).relation)


@bp.route("/<int:youth_id>/gegevens/opvragen", methods=["POST"])
@login_required
def request_export(youth_id: int) -> Response | tuple[str, int]:
    youth = load_youth(youth_id, VIEW_PRIVACY)
    relation = decide(db.session(), current_user, youth, VIEW_PRIVACY).relation
    grant = decide(db.session(), current_user, youth, EXPORT_DATA)
    if not grant.allowed:
        # She may see the page, so she knows the file exists: say why, do not hide behind a 404.
        record(EXPORT_DATA, "data_export", youth_id=youth.id, outcome=Outcome.DENIED)
        flash(texts.why_no_export(youth, relation) or texts.export_error(""), "error")
        return _page(youth, relation, 403)
    authorize(youth, EXPORT_DATA, "data_export")
    try:
        services.request_export(
            db.session(),
            current_user,
            youth,
            str(grant.relation),
            utcnow(),
            locale=str(get_locale() or "nl"),
            link_minutes=_link_minutes(),
        )
    except services.ExportError as error:
        flash(texts.export_error(error.code), "error")
        return _page(youth, relation, 409)
    flash(
        _(
            "Je gegevens staan klaar. Download ze binnen %(n)d minuten; elke link werkt één keer.",
            n=_link_minutes(),
        ),
        "success",
    )
    return redirect(url_for("privacy.rights", youth_id=youth.id), 303)


def _download(youth_id: int, export_id: int, fmt: services.Format) -> Response | tuple[str, int]:
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
        download = services.take(db.session(), current_user, row, fmt, utcnow())
    except services.ExportError as error:
        flash(texts.export_error(error.code), "error")
        relation = decide(db.session(), current_user, youth, VIEW_PRIVACY).relation
        return _page(youth, relation, 409 if error.code == "not_ready" else 410)
    stamp = (row.ready_at or utcnow()).strftime("%Y-%m-%d")
    if fmt is services.Format.JSON:
        response = Response(download.content, mimetype="application/json")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="jimnet-gegevens-{stamp}.json"'
        )
        return response
    # Read in the browser; the page's one style element gets this response's CSP nonce.
    html = download.content.replace(NONCE_PLACEHOLDER, csp_nonce())
    response = Response(html, mimetype="text/html")
    response.headers["Content-Disposition"] = f'inline; filename="jimnet-gegevens-{stamp}.html"'
    return response


@bp.route("/<int:youth_id>/gegevens/<int:export_id>/gegevens.json")
@login_required
def download_json(youth_id: int, export_id: int) -> Response | tuple[str, int]:
    return _download(youth_id, export_id, services.Format.JSON)


@bp.route("/<int:youth_id>/gegevens/<int:export_id>/gegevens.html")
@login_required
def download_html(youth_id: int, export_id: int) -> Response | tuple[str, int]:
    return _download(youth_id, export_id, services.Format.HTML)
