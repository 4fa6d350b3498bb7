"""The privacy pages of one young person: see and take your data (AVG art. 15 and 20).

Every page goes through the door: ``view_privacy`` for the page, ``export_data`` for asking and
downloading (the young person from 12, a parent while she is under 16). A download is only for
the person who asked, once per format, before the link expires.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from flask import Blueprint, Flask, abort, current_app, flash, redirect, render_template, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from jimnet.access import authorize, load_owned, load_youth, may, record
from jimnet.access.log import Outcome, forget_youth
from jimnet.access.policy import Relation, decide
from jimnet.clock import today
from jimnet.csrf import form_view
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.privacy import cli as privacy_cli
from jimnet.privacy import erasure, retention, services, texts
from jimnet.privacy.export import NONCE_PLACEHOLDER
from jimnet.privacy.forms import ErasureRequestForm, RefuseForm, RetentionForm
from jimnet.privacy.models import (
    DataExport,
    ErasureRequest,
    ErasureScope,
    ErasureStatus,
    ExportStatus,
    RetentionFacts,
)
from jimnet.privacy.permissions import DECIDE_ERASURE, EXPORT_DATA, RECORD_ERASURE, VIEW_PRIVACY
from jimnet.security import csp_nonce
from jimnet.youth.models import Youth
from jimnet.youth.sections import Section, add_section

bp = Blueprint("privacy", __name__, url_prefix="/jongeren")


@bp.record_once
def _register(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)
    app.cli.add_command(privacy_cli.retention_command)
    app.cli.add_command(privacy_cli.erasure_group)
    add_section(app, Section("privacy.rights", _l("Gegevens en privacy"), VIEW_PRIVACY, order=90))


def _link_minutes() -> int:
    return int(current_app.config.get("JIMNET_EXPORT_LINK_MINUTES", services.DEFAULT_LINK_MINUTES))


def _context() -> erasure.Context:
    return erasure.Context(
        pseudonym_key=current_app.config["JIMNET_PSEUDONYM_KEY"],
        ledger_path=Path(current_app.config["JIMNET_ERASURE_LEDGER"]),
    )


def _page(
    youth: Youth,
    relation: Relation | None,
    status: int = 200,
    *,
    retention_form: RetentionForm | None = None,
    erasure_form: ErasureRequestForm | None = None,
    refuse_forms: dict[int, RefuseForm] | None = None,
) -> tuple[str, int]:
    session = db.session()
    export_grant = decide(session, current_user, youth, EXPORT_DATA)
    can_record = may(youth, RECORD_ERASURE)
    can_decide = may(youth, DECIDE_ERASURE)
    facts = erasure.facts_of(session, youth.id)
    if retention_form is None and can_record:
        retention_form = RetentionForm(obj=facts, prefix="ret")
        retention_form.version.data = str(facts.version) if facts else ""
    if erasure_form is None and can_record:
        erasure_form = ErasureRequestForm(prefix="er")
    requests = erasure.requests_for(session, youth.id)
    refuse_forms = refuse_forms or {}
    for r in requests:
        refuse_forms.setdefault(r.id, RefuseForm(prefix=f"refuse{r.id}"))
    return (
        render_template(
            "privacy/rights.html",
            youth=youth,
            is_self=relation == Relation.YOUTH,
            can_export=export_grant.allowed,
            why_not=None if export_grant.allowed else texts.why_no_export(youth, relation),
            exports=services.exports_of(session, current_user, youth.id),
            now=utcnow(),
            Status=ExportStatus,
            facts=facts,
            keep_until=retention.keep_until(facts),
            can_record=can_record,
            can_decide=can_decide,
            retention_form=retention_form,
            erasure_form=erasure_form,
            refuse_forms=refuse_forms,
            requests=requests,
            texts=texts,
            ErasureStatus=ErasureStatus,
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


@bp.route("/<int:youth_id>/gegevens/bewaartermijn", methods=["POST"])
@form_view
@login_required
def save_retention(youth_id: int) -> Response | tuple[str, int]:
    youth = load_youth(youth_id, RECORD_ERASURE)
    relation = decide(db.session(), current_user, youth, VIEW_PRIVACY).relation
    form = RetentionForm(prefix="ret")
    facts = erasure.facts_of(db.session(), youth.id)
    if form.validate_on_submit():
        if facts is not None and form.version.data != str(facts.version):
            form.add_error(texts.erasure_error("stale"))
        elif form.measure_ended_on.data and not form.protective_measure.data:
            form.measure_ended_on.errors = [texts.erasure_error("measure_date_without_measure")]
        elif any(
            d is not None and d > today()
            for d in (form.care_ended_on.data, form.measure_ended_on.data)
        ):
            form.care_ended_on.errors = [texts.erasure_error("future_date")]
        else:
            if facts is None:
                facts = RetentionFacts(youth_id=youth.id)
                db.session.add(facts)
            facts.care_ended_on = form.care_ended_on.data
            facts.protective_measure = bool(form.protective_measure.data)
            facts.measure_ended_on = form.measure_ended_on.data
            facts.recorded_by_id = current_user.id
            facts.recorded_at = utcnow()
            db.session.flush()
            record("edit_retention", "retention_facts", youth.id, youth_id=youth.id)
            flash(_("De bewaartermijn is opgeslagen."), "success")
            return redirect(url_for("privacy.rights", youth_id=youth.id), 303)
    return _page(youth, relation, 422, retention_form=form)


@bp.route("/<int:youth_id>/gegevens/wissen", methods=["POST"])
@form_view
@login_required
def record_erasure(youth_id: int) -> Response | tuple[str, int]:
    youth = load_youth(youth_id, RECORD_ERASURE)
    relation = decide(db.session(), current_user, youth, VIEW_PRIVACY).relation
    form = ErasureRequestForm(prefix="er")
    if form.validate_on_submit():
        try:
            row = erasure.record_request(
                db.session(),
                youth,
                current_user,
                scope=ErasureScope(form.scope.data),
                requested_by=erasure.Requester(form.requested_by.data),
                requested_on=form.requested_on.data,
                note=form.note.data,
                today=today(),
                now=utcnow(),
                context=_context(),
            )
        except erasure.ErasureError as error:
            field = {
                "future_date": form.requested_on,
                "youth_under_12": form.requested_by,
                "parent_16": form.requested_by,
            }.get(error.code, form.scope)
            field.errors = [*field.errors, texts.erasure_error(error.code, youth)]
        else:
            record("record_erasure", "erasure_request", row.id, youth_id=youth.id)
            flash(
                _("De afgeleide gegevens zijn gewist.")
                if row.status == ErasureStatus.EXECUTED
                else _("Het verzoek is vastgelegd. Een beheerder beslist erover."),
                "success",
            )
            return redirect(url_for("privacy.rights", youth_id=youth.id), 303)
    return _page(youth, relation, 422, erasure_form=form)


@bp.route("/<int:youth_id>/gegevens/wissen/<int:request_id>/uitvoeren", methods=["POST"])
@login_required
def approve_erasure(youth_id: int, request_id: int) -> Response | tuple[str, int]:
    youth = load_youth(youth_id, DECIDE_ERASURE)
    row = load_owned(ErasureRequest, request_id, DECIDE_ERASURE, youth_id=youth.id)
    try:
        erasure.approve(db.session(), row, current_user, utcnow(), _context())
    except erasure.ErasureError as error:
        flash(texts.erasure_error(error.code, youth), "error")
        relation = decide(db.session(), current_user, youth, VIEW_PRIVACY).relation
        return _page(youth, relation, 409)
    record("erase_file", "erasure_request", row.id, youth_id=youth_id)
    # Her entries stay in the log under her pseudonym; the link to the record is gone.
    forget_youth(youth_id)
    # No name in the message: it is stored in the session until shown.
    flash(_("Het dossier is gewist. Het logboek bewaart alleen een schuilnaam."), "success")
    return redirect(url_for("youth.index"), 303)


@bp.route("/<int:youth_id>/gegevens/wissen/<int:request_id>/weigeren", methods=["POST"])
@form_view
@login_required
def refuse_erasure(youth_id: int, request_id: int) -> Response | tuple[str, int]:
    youth = load_youth(youth_id, DECIDE_ERASURE)
    row = load_owned(ErasureRequest, request_id, DECIDE_ERASURE, youth_id=youth.id)
    relation = decide(db.session(), current_user, youth, VIEW_PRIVACY).relation
    form = RefuseForm(prefix=f"refuse{row.id}")
    if form.validate_on_submit():
        try:
            erasure.refuse(db.session(), row, current_user, form.reason.data or "", utcnow())
        except erasure.ErasureError as error:
            form.reason.errors = [texts.erasure_error(error.code, youth)]
        else:
            record("refuse_erasure", "erasure_request", row.id, youth_id=youth.id)
            flash(_("Het verzoek is geweigerd."), "success")
            return redirect(url_for("privacy.rights", youth_id=youth.id), 303)
    return _page(youth, relation, 422, refuse_forms={row.id: form})
