"""A person's own account: password, language, personal API tokens."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from jimnet.accounts import services, throttle
from jimnet.accounts.auth import start_session
from jimnet.accounts.forms import ApiTokenForm, ChangePasswordForm, ConfirmForm, LanguageForm
from jimnet.accounts.passwords import verify_password
from jimnet.csrf import form_view
from jimnet.extensions import db
from jimnet.forms import BaseForm
from jimnet.redirects import safe_target

bp = Blueprint("settings", __name__, url_prefix="/account")


def _page(new_token: str | None = None, **forms: BaseForm) -> str:
    defaults: dict[str, BaseForm] = {
        "password_form": ChangePasswordForm(prefix="pw"),
        "language_form": LanguageForm(prefix="lang", lang=current_user.locale or "nl"),
        "token_form": ApiTokenForm(prefix="tok"),
        "revoke_form": ConfirmForm(prefix="rev"),
    }
    defaults.update(forms)
    return render_template(
        "accounts/settings.html",
        tokens=services.tokens_of(db.session(), current_user),
        new_token=new_token,
        **defaults,
    )


@bp.route("/")
@login_required
def index() -> str:
    return _page(new_token=session.pop("new_api_token", None))


@bp.route("/wachtwoord", methods=["POST"])
@form_view
@login_required
def change_password() -> str | Response:
    form = ChangePasswordForm(prefix="pw")
    if form.validate_on_submit():
        throttle.check(current_user.email)
        if not verify_password(current_user.password_hash, form.current.data or ""):
            throttle.failed(current_user.email)
            form.current.errors.append(_("Dit is niet je huidige wachtwoord."))
        else:
            services.set_password(current_user, form.password.data or "")
            # Every other session ended with the token rotation; this one starts afresh.
            start_session(current_user)
            flash(
                _("Je wachtwoord is veranderd. Je bent op andere apparaten uitgelogd."), "success"
            )
            return redirect(url_for("settings.index"))
    return _page(password_form=form)


@bp.route("/tokens", methods=["POST"])
@form_view
@login_required
def create_token() -> str | Response:
    form = ApiTokenForm(prefix="tok")
    if form.validate_on_submit():
        raw, _token = services.create_api_token(db.session(), current_user, form.name.data or "")
        session["new_api_token"] = raw
        flash(
            _(
                "Je nieuwe sleutel staat hieronder. Kopieer hem nu: we laten hem maar één keer zien."
            ),
            "success",
        )
        return redirect(url_for("settings.index"))
    return _page(token_form=form)


@bp.route("/tokens/<int:token_id>/intrekken", methods=["POST"])
@login_required
def revoke_token(token_id: int) -> Response:
    if services.revoke_api_token(db.session(), current_user, token_id) is None:
        abort(404)
    flash(_("De sleutel is ingetrokken."), "success")
    return redirect(url_for("settings.index"))


@bp.route("/taal", methods=["POST"])
def language() -> Response:
    """Also for visitors who are not logged in: the choice is kept in their session."""
    form = LanguageForm(prefix="lang")
    lang = form.lang.data if form.lang.data in {"nl", "en"} else "nl"
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.locale = lang
    return redirect(_back())


def _back() -> str:
    return safe_target(request.form.get("next"))
