"""The org admin's page of model versions: figures, whether each file checks out (and why
not), activate one, roll back to an older one or to the points score.

Model versions serve the whole installation (they learn from every organisation's
nominations), so every org admin sees and manages them; each change is written to the access
log. Activation is a compare-and-set on the version the admin saw (``store.activate``): of two
admins at once, the second gets a clear message instead of silently undoing the first.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from jimnet.access import Outcome, record
from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.matching import cli, explain, fallback, labels, store
from jimnet.matching.models import ModelKind, ModelVersion
from jimnet.navigation import NavItem, add_nav
from jimnet.pool import learning as _pool_learning  # noqa: F401 - registers the matcher's kind

bp = Blueprint("matching", __name__, url_prefix="/beheer/modellen")


def _org_admin(user: User) -> bool:
    return bool(user.is_authenticated and user.organisations_with(StaffRole.ORG_ADMIN))


@bp.record_once
def _register(state: BlueprintSetupState) -> None:
    app: Flask = state.app  # type: ignore[assignment]
    app.cli.add_command(cli.train_ranker)
    add_nav(app, NavItem("matching.models", _l("Modellen"), _org_admin, order=80))


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {"match_labels": labels, "match_explain": explain}


def _require_admin(action: str, object_id: int | None = None) -> None:
    if not _org_admin(current_user):
        record(action, "model_version", object_id, outcome=Outcome.DENIED)
        abort(404)


def _expected(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


@bp.route("/")
@login_required
def models() -> str:
    _require_admin("list_models")
    session = db.session()
    directory = store.models_dir(current_app.config)
    versions = store.versions(session, ModelKind.JIM_RANKER)
    matchers = store.versions(session, ModelKind.MENTOR_MATCHER)
    checks = {v.id: store.check(directory, v) for v in [*versions, *matchers]}
    record("list_models", "model_version", None, actor_role="org_admin")
    return render_template(
        "matching/models.html",
        versions=versions,
        matchers=matchers,
        checks=checks,
        active=next((v for v in versions if v.active), None),
        active_matcher=next((v for v in matchers if v.active), None),
        weights=fallback.WEIGHTS,
    )


def _version_or_404(version_id: int) -> ModelVersion:
    version = db.session.get(ModelVersion, version_id)
    # The kinds this page manages: the JIM ranker and the volunteer-mentor matcher.
    if version is None or version.kind not in set(ModelKind):
        record("activate_model", "model_version", version_id, outcome=Outcome.DENIED)
        abort(404)
    return version


@bp.route("/<int:version_id>/activeren", methods=["POST"])
@login_required
def activate(version_id: int) -> Response:
    _require_admin("activate_model", version_id)
    version = _version_or_404(version_id)
    refused = store.check(store.models_dir(current_app.config), version)
    if refused is not None:
        g.uow_rollback = True
        record("activate_model", "model_version", version.id, outcome=Outcome.DENIED)
        flash(
            _("Deze versie kan niet actief worden: %(why)s", why=labels.refusal(refused.code)),
            "error",
        )
        return redirect(url_for("matching.models"))
    try:
        store.activate(
            db.session(),
            version,
            by_id=current_user.id,
            by_name=current_user.name,
            expected_active_id=_expected(request.form.get("active")),
        )
    except store.Stale:
        g.uow_rollback = True
        flash(
            _(
                "Iemand anders heeft intussen een ander model actief gemaakt. Bekijk de lijst opnieuw."
            ),
            "error",
        )
        return redirect(url_for("matching.models"))
    record("activate_model", "model_version", version.id, actor_role="org_admin")
    flash(_("Versie %(id)s is nu actief.", id=version.id), "success")
    return redirect(url_for("matching.models"))


def _deactivate(kind: ModelKind, done: str) -> Response:
    """No learned version active for ``kind``: its documented fallback orders again."""
    _require_admin("activate_model")
    try:
        store.deactivate(
            db.session(), kind, expected_active_id=_expected(request.form.get("active"))
        )
    except store.Stale:
        g.uow_rollback = True
        flash(
            _(
                "Iemand anders heeft intussen een ander model actief gemaakt. Bekijk de lijst opnieuw."
            ),
            "error",
        )
        return redirect(url_for("matching.models"))
    record("activate_model", "model_version", None, actor_role="org_admin")
    flash(done, "success")
    return redirect(url_for("matching.models"))


@bp.route("/puntentelling", methods=["POST"])
@login_required
def use_points() -> Response:
    return _deactivate(ModelKind.JIM_RANKER, _("De puntentelling ordent nu de kandidaten."))


@bp.route("/vaste-regel", methods=["POST"])
@login_required
def use_rule() -> Response:
    """The volunteer-mentor matcher back to the documented rule (no learned version active)."""
    return _deactivate(
        ModelKind.MENTOR_MATCHER, _("De vaste regel berekent nu de voorstellen van de mentorpool.")
    )
