"""Logging in (password, then TOTP for staff), logging out, password reset, invitations."""

from __future__ import annotations

import time

import pyotp
from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from jimnet import jobs
from jimnet.accounts import mails, services, throttle, totp
from jimnet.accounts.auth import end_session, start_session
from jimnet.accounts.forms import (
    AcceptInvitationForm,
    LoginForm,
    NewPasswordForm,
    ResetRequestForm,
    TotpForm,
)
from jimnet.accounts.models import TokenPurpose, User
from jimnet.accounts.roles import StaffRole
from jimnet.csrf import form_view
from jimnet.extensions import db, limiter
from jimnet.redirects import safe_target
from jimnet.sitesettings import demo_mode

bp = Blueprint("accounts", __name__)

PENDING_SECONDS = 300
DEMO_EMAILS = (
    "professional@jimnet.test",
    "professional2@jimnet.test",
    "coach@jimnet.test",
    "intake@jimnet.test",
    "admin@jimnet.test",
    "coordinator@jimnet.test",
)


def _account_key() -> str:
    return "acct:" + services.normalise_email(request.form.get("email", ""))


def _pending_key() -> str:
    return f"totp:{session.get('pending_user_id', 'none')}"


def _safe_next(target: str | None) -> str:
    return safe_target(target)


def _pending_user() -> User | None:
    user_id, started = session.get("pending_user_id"), session.get("pending_at", 0)
    if user_id is None or time.time() - float(started) > PENDING_SECONDS:
        return None
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


def _demo_staff() -> list[dict[str, str]]:
    if not demo_mode(db.session()):
        return []
    users = db.session.scalars(select(User).where(User.email.in_(DEMO_EMAILS)).order_by(User.email))
    return [
        {"email": u.email, "secret": u.totp_secret or "", "code": pyotp.TOTP(u.totp_secret).now()}
        for u in users
        if u.totp_secret
    ]


@bp.route("/inloggen", methods=["GET", "POST"])
@form_view
@limiter.limit("30/minute;300/hour", methods=["POST"])
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        throttle.check(form.email.data or "")
        user = services.authenticate(db.session(), form.email.data or "", form.password.data or "")
        if user is None:
            throttle.failed(form.email.data or "")
            form.password.errors.append(_("Dit e-mailadres en wachtwoord horen niet bij elkaar."))
        elif user.is_staff:
            session["pending_user_id"] = user.id
            session["pending_at"] = time.time()
            session["pending_next"] = _safe_next(request.args.get("next"))
            if user.totp_secret:
                return redirect(url_for("accounts.second_factor"))
            return redirect(url_for("accounts.enrol_second_factor"))
        else:
            start_session(user)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form, demo=_demo_staff())


@bp.route("/inloggen/code", methods=["GET", "POST"])
@form_view
@limiter.limit("5/minute;20/hour", key_func=_pending_key, methods=["POST"])
def second_factor() -> str | Response:
    user = _pending_user()
    if user is None or not user.totp_secret:
        flash(_("Log opnieuw in."), "info")
        return redirect(url_for("accounts.login"))
    form = TotpForm()
    if form.validate_on_submit():
        throttle.check(user.email)
        step = totp.accepted_step(user.totp_secret, form.code.data or "", user.totp_last_step)
        if step is None or not services.claim_totp_step(db.session(), user, step):
            throttle.failed(user.email)
            form.code.errors.append(
                _("Deze code klopt niet of is al gebruikt. Wacht op de volgende code.")
            )
        else:
            target = session.get("pending_next") or url_for("home.index")
            start_session(user)
            return redirect(_safe_next(target))
    return render_template("accounts/totp.html", form=form)


@bp.route("/inloggen/code-instellen", methods=["GET", "POST"])
@form_view
@limiter.limit("5/minute;20/hour", key_func=_pending_key, methods=["POST"])
def enrol_second_factor() -> str | Response:
    user = _pending_user()
    if user is None or user.totp_secret:
        return redirect(url_for("accounts.login"))
    secret = session.get("enrol_secret") or totp.new_secret()
    session["enrol_secret"] = secret
    form = TotpForm()
    if form.validate_on_submit():
        step = totp.accepted_step(secret, form.code.data or "", None)
        if step is None:
            form.code.errors.append(_("Deze code klopt niet. Controleer de tijd op je telefoon."))
        elif not services.claim_totp_step(db.session(), user, step, secret=secret):
            # Another login enrolled a second factor for this account in the meantime.
            return redirect(url_for("accounts.login"))
        else:
            target = session.get("pending_next") or url_for("home.index")
            start_session(user)
            flash(_("Je tweede stap is ingesteld."), "success")
            return redirect(_safe_next(target))
    uri = totp.provisioning_uri(secret, user.email)
    return render_template(
        "accounts/totp_enrol.html", form=form, secret=secret, qr=totp.qr_svg(uri)
    )


@bp.route("/uitloggen", methods=["POST"])
def logout() -> Response:
    end_session()
    flash(_("Je bent uitgelogd."), "info")
    return redirect(url_for("accounts.login"))


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@form_view
@limiter.limit("10/minute;50/hour", methods=["POST"])
@limiter.limit("3/minute;10/hour", key_func=_account_key, methods=["POST"])
def reset_request() -> str | Response:
    form = ResetRequestForm()
    if form.validate_on_submit():
        # The request does the same work whatever the address: it makes a link and queues a job.
        # Whether an account exists is only looked up in the job, after the response
        # (jimnet.accounts.mails), so neither the answer nor its timing tells.
        raw = services.new_link_token()
        link = url_for("accounts.reset_password", token=raw, _external=True)
        jobs.enqueue(
            mails.RESET_MAIL,
            email=form.email.data or "",
            raw_token=raw,
            hours=current_app.config["JIMNET_TOKEN_HOURS"]["reset"],
            subject=_("Nieuw wachtwoord voor jimnet"),
            body=_(
                "Via deze link kies je een nieuw wachtwoord. De link werkt één keer en een uur lang:\n%(link)s\n\nHeb jij dit niet gevraagd? Dan hoef je niets te doen.",
                link=link,
            ),
        )
        # The same answer whether or not the account exists: no one learns who has an account.
        flash(_("Als dit adres bij ons bekend is, staat er nu een link in je mail."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@form_view
@limiter.limit("10/minute", methods=["POST"])
def reset_password(token: str) -> str | Response:
    record = services.find_token(db.session(), TokenPurpose.RESET, token)
    if record is None:
        return render_template("accounts/link_expired.html"), 410  # type: ignore[return-value]
    form = NewPasswordForm()
    if form.validate_on_submit():
        # The link proves the mailbox: only this address's own counts apply, so that strangers
        # filling the account-wide bucket cannot block the way out of a lockout.
        throttle.check(record.email, account_wide=False)
        try:
            services.reset_password(db.session(), token, form.password.data or "")
        except services.AccountError:
            return render_template("accounts/link_expired.html"), 410  # type: ignore[return-value]
        flash(_("Je wachtwoord is veranderd. Log in met je nieuwe wachtwoord."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@form_view
@limiter.limit("10/minute", methods=["POST"])
def accept_invitation(token: str) -> str | Response:
    record = services.find_token(db.session(), TokenPurpose.INVITE, token)
    if record is None:
        return render_template("accounts/link_expired.html"), 410  # type: ignore[return-value]
    existing = services.find_user(db.session(), record.email)
    form = AcceptInvitationForm()
    if existing is not None and request.method == "GET":
        form.name.data = existing.name
    if form.validate_on_submit():
        # An existing account's password is checked here: the same lockout as the login page.
        throttle.check(record.email)
        try:
            user = services.accept_invitation(
                db.session(), token, form.name.data or "", form.password.data or ""
            )
        except services.AccountError as error:
            if str(error) == "existing_account":
                throttle.failed(record.email)
                form.password.errors.append(
                    _(
                        "Je hebt al een account. Vul je huidige wachtwoord in om de uitnodiging aan te nemen."
                    )
                )
            else:
                return render_template("accounts/link_expired.html"), 410  # type: ignore[return-value]
        else:
            flash(_("Welkom bij jimnet. Log in om verder te gaan."), "success")
            if current_user.is_authenticated and current_user.id != user.id:
                end_session()
            return redirect(url_for("accounts.login"))
    return render_template(
        "accounts/accept_invitation.html",
        form=form,
        record=record,
        existing=existing is not None,
        staff=record.role in set(StaffRole),
    )
