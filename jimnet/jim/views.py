"""The JIM pages: the young person's ("Wie past bij jou als JIM?"), the professional's steps and
pipeline, the parent's consent, the invitation, and the JIM's own page.

Every page goes through the door (``jimnet.access``) with one of the JIM actions (see
:mod:`jimnet.jim.permissions`); the relation the door grants is the role the workflow checks.
A refused step shows its reason, rolls the request back and keeps the "denied" log entry.
"""

from __future__ import annotations

from collections.abc import Callable
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
    session,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import exists, select
from werkzeug.wrappers import Response

from jimnet.access import authorize, may, record
from jimnet.access.log import Outcome as LogOutcome
from jimnet.accounts import services as accounts
from jimnet.accounts import throttle
from jimnet.accounts.auth import start_session
from jimnet.accounts.models import User
from jimnet.accounts.roles import ParticipantRole, StaffRole
from jimnet.clock import today
from jimnet.csrf import form_view
from jimnet.db import utcnow
from jimnet.errors import refuse
from jimnet.extensions import db, limiter
from jimnet.forms import choices
from jimnet.jim import labels, notify, services, status, workflow
from jimnet.jim import overview as overview_data
from jimnet.jim import pipeline as pipeline_data
from jimnet.jim.errors import JimError
from jimnet.jim.forms import (
    AcceptForm,
    CheckInForm,
    CodeForm,
    ConversationForm,
    DeclineForm,
    EndForm,
    ExistingAccountForm,
    InviteForm,
    NewAccountForm,
    NominateForm,
    OwnConsentForm,
    PositioningForm,
    RecordConsentForm,
    ShareForm,
    StepForm,
    WithdrawConsentForm,
)
from jimnet.jim.invitations import LETTER_DAYS
from jimnet.jim.models import (
    HowItGoes,
    InvitationChannel,
    JimNomination,
    JimState,
    Outcome,
    Reachability,
    VogStatus,
    Willingness,
)
from jimnet.jim.permissions import (
    CONSENT_JIM,
    JIM_ROLE,
    MANAGE_JIM,
    NOMINATE_JIM,
    SHARE_JIM,
    VIEW_JIM,
    VIEW_JIM_ROLE,
    WITHDRAW_JIM,
)
from jimnet.jim.workflow import CARE, Actor, Role
from jimnet.matching import fallback, ranking, store
from jimnet.matching.ranking import Ranking
from jimnet.navigation import NavItem, add_nav
from jimnet.network import labels as network_labels
from jimnet.youth.models import CaseParticipant, Consent, ConsentGiver, ConsentMethod, Youth
from jimnet.youth.sections import Section, add_section, sections_for

bp = Blueprint("jim", __name__)

BASE = "/jongeren/<int:youth_id>/jim"
ONE = BASE + "/<int:nomination_id>"
INVITATION_SESSION_KEY = "jim_invitation"


def _caseworker(user: User) -> bool:
    return bool(user.staff_roles & {StaffRole.PROFESSIONAL, StaffRole.COACH})


def _is_jim(user: User) -> bool:
    if user.is_staff:
        return False
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    CaseParticipant.user_id == user.id,
                    CaseParticipant.role == ParticipantRole.JIM,
                    CaseParticipant.active.is_(True),
                )
            )
        )
    )


@bp.record_once
def _register(state: BlueprintSetupState) -> None:
    app: Flask = state.app  # type: ignore[assignment]
    add_section(app, Section("jim.overview", _l("JIM"), VIEW_JIM, order=30))
    add_nav(app, NavItem("jim.pipeline", _l("JIM-overzicht"), _caseworker, order=30))
    add_nav(app, NavItem("jim.my_roles", _l("Mijn JIM-rol"), _is_jim, order=31))


@bp.app_context_processor
def _labels() -> dict[str, Any]:
    return {"jim_labels": labels, "net_labels": network_labels}


# --- the door ---------------------------------------------------------------------------------


def _youth(youth_id: int, action: str) -> Youth:
    youth = db.session.get(Youth, youth_id)
    if youth is None:
        record(action, "youth", youth_id, outcome=LogOutcome.DENIED)
        abort(404)
    return youth


def _actor(
    youth: Youth, actions: tuple[str, ...], object_type: str, object_id: int | None
) -> Actor:
    """Authorise the first of the actions the user may take (or log the refusal of the first)."""
    action = next((a for a in actions if may(youth, a)), actions[0])
    grant = authorize(youth, action, object_type, object_id)
    actor = services.actor_for_relation(grant.relation, current_user)
    if actor is None:
        abort(404)
    return actor


def _nomination(
    youth_id: int, nomination_id: int, *actions: str
) -> tuple[Youth, JimNomination, Actor]:
    nomination = db.session.get(JimNomination, nomination_id)
    if nomination is None or nomination.youth_id != youth_id:
        # Another youth's nomination: the attempt shows in *her* log (the 1,417 entries
        # without a young person were refusals like this one).
        record(
            actions[0],
            "jim_nomination",
            nomination_id,
            youth_id=nomination.youth_id if nomination is not None else None,
            outcome=LogOutcome.DENIED,
        )
        abort(404)
    youth = _youth(youth_id, actions[0])
    return youth, nomination, _actor(youth, actions, "jim_nomination", nomination_id)


def _refused(error: JimError) -> None:
    """Nothing of this request is kept but the access log (the refusal is in it)."""
    g.uow_rollback = True
    flash(error.message, "error")


def _version(raw: str | None) -> int:
    """The version the page showed. A form without one (an old page, a hand-made request) is
    refused with 428 instead of letting the last writer win."""
    if not raw or not raw.isdigit() or len(raw) > 10:
        refuse(428)
    return int(raw)


def _stale_or_back(error: JimError, youth: Youth, actor: Actor) -> Response | tuple[str, int]:
    """A refused step: the overview as it is now (409) when someone else was first, else back
    to where the person came from with the reason."""
    _refused(error)
    if error.code == "stale" and actor.role != Role.JIM:
        return _render_overview(youth, actor, status_code=error.status)
    return _back(youth.id, actor)


def _back(youth_id: int, actor: Actor) -> Response:
    if actor.role == Role.JIM:
        return redirect(url_for("jim.mine", youth_id=youth_id))
    return redirect(url_for("jim.overview", youth_id=youth_id))


# --- the overview: one page, a view per role --------------------------------------------------


def _nominate_form(shortlist: Ranking | None, formdata: Any = None) -> NominateForm:
    form = NominateForm(prefix="nominate", formdata=formdata)
    people = shortlist.candidates if shortlist else []
    form.member_id.choices = choices((c.member.id, c.member.display_name) for c in people)
    form.member_id.validate_choice = False  # the workflow says why someone cannot be chosen
    return form


def _ranking(youth: Youth) -> Ranking:
    return ranking.rank(db.session(), youth, today(), store.models_dir(current_app.config))


def _render_overview(
    youth: Youth, actor: Actor, nominate_form: NominateForm | None = None, status_code: int = 200
) -> tuple[str, int]:
    data = overview_data.overview(db.session(), youth, today(), with_candidates=False)
    current = data.current
    # The shortlist only where someone can nominate now (no live nomination).
    shortlist = _ranking(youth) if actor.role in CARE | {Role.YOUTH} and current is None else None
    form = nominate_form or _nominate_form(shortlist, formdata=None)
    steps = workflow.allowed_steps(current.nomination.state, actor.role) if current else []
    share = ShareForm(prefix="share", formdata=None, obj=current.nomination if current else None)
    if current:
        share.version.data = str(current.nomination.version)
    template = {
        Role.YOUTH: "jim/youth.html",
        Role.PARENT: "jim/parent.html",
    }.get(actor.role, "jim/professional.html")
    own_authority = (
        services.own_authority(db.session(), youth.id, actor.user_id)
        if actor.role == Role.PARENT
        else None
    )
    html = render_template(
        template,
        youth=youth,
        data=data,
        current=current,
        actor=actor,
        steps=steps,
        nominate_form=form,
        step_form=StepForm(prefix="step", formdata=None),
        own_consent=OwnConsentForm(prefix="consent", formdata=None),
        withdraw_consent=WithdrawConsentForm(prefix="withdrawconsent", formdata=None),
        check_in=CheckInForm(prefix="checkin", formdata=None),
        share_form=share,
        own_authority=own_authority,
        age=youth.age_on(today()),
        shortlist=shortlist,
        points_weights=fallback.WEIGHTS,
        may_view_network=may(youth, "view_network"),
        # A parent reading a 16-year-old's shared JIM page: the consent is hers alone now.
        may_consent=actor.role != Role.PARENT or may(youth, CONSENT_JIM),
    )
    return html, status_code


@bp.route(BASE)
@login_required
def overview(youth_id: int) -> str | Response | tuple[str, int]:
    youth = _youth(youth_id, VIEW_JIM)
    if not may(youth, VIEW_JIM) and may(youth, VIEW_JIM_ROLE):
        return redirect(url_for("jim.mine", youth_id=youth.id))
    actor = _actor(youth, (VIEW_JIM,), "jim", youth.id)
    return _render_overview(youth, actor)


@bp.route(BASE + "/voordragen", methods=["POST"])
@form_view
@login_required
def nominate(youth_id: int) -> Response | tuple[str, int]:
    youth = _youth(youth_id, NOMINATE_JIM)
    actor = _actor(youth, (NOMINATE_JIM,), "jim_nomination", None)
    form = _nominate_form(_ranking(youth), formdata=request.form)
    if not form.validate_on_submit():
        return _render_overview(youth, actor, form, 422)
    try:
        nomination = workflow.nominate(
            db.session(), youth, form.member_id.data, actor, motivation=form.motivation.data
        )
    except JimError as error:
        g.uow_rollback = True
        form.member_id.errors = [*form.member_id.errors, error.message]
        return _render_overview(youth, actor, form, error.status)
    flash(
        _("Je hebt %(name)s voorgedragen als JIM.", name=nomination.member.display_name),
        "success",
    )
    return redirect(url_for("jim.overview", youth_id=youth.id))


# --- simple steps: a button with an optional reason --------------------------------------------

StepService = Callable[..., None]
SIMPLE_STEPS: dict[str, tuple[str, str, StepService]] = {
    "gesprek-starten": ("start_conversation", MANAGE_JIM, services.start_conversation),
    "toestemming-vragen": ("request_consent", MANAGE_JIM, services.request_consent),
    "pauzeren": ("pause", JIM_ROLE, services.pause),
    "hervatten": ("resume", JIM_ROLE, services.resume),
    "intrekken": ("withdraw", WITHDRAW_JIM, services.withdraw),
}


def _simple_step_view(
    slug: str, step: str, action: str, service: StepService
) -> Callable[..., Any]:
    def view(youth_id: int, nomination_id: int) -> Response | tuple[str, int]:
        youth, nomination, actor = _nomination(youth_id, nomination_id, action)
        form = StepForm(prefix="step", meta={"csrf": False})
        try:
            service(
                db.session(),
                nomination,
                actor,
                reason=form.reason.data,
                expected_version=_version(form.version.data),
            )
        except JimError as error:
            return _stale_or_back(error, youth, actor)
        if step == "request_consent":
            notify.consent_requested(db.session(), youth, nomination)
        flash(_("Gelukt: %(step)s.", step=labels.STEP[step]), "success")
        return _back(youth.id, actor)

    view.__name__ = step
    return login_required(view)


for _slug, (_step_name, _action, _service) in SIMPLE_STEPS.items():
    bp.add_url_rule(
        f"{ONE}/{_slug}",
        endpoint=_step_name,
        view_func=_simple_step_view(_slug, _step_name, _action, _service),
        methods=["POST"],
    )


# --- the conversation with the candidate -------------------------------------------------------


@bp.route(ONE + "/gesprek", methods=["GET", "POST"])
@form_view
@login_required
def conversation(youth_id: int, nomination_id: int) -> str | Response | tuple[str, int]:
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    form = ConversationForm()
    if request.method == "GET":
        form.held_on.data = today()
        form.version.data = str(nomination.version)
    elif form.validate_on_submit():
        data = services.ConversationInput(
            held_on=form.held_on.data,
            willingness=Willingness(form.willingness.data),
            reachability=Reachability(form.reachability.data),
            concerns=form.concerns.data,
            concerns_handling=form.concerns_handling.data,
            outcome=Outcome(form.outcome.data),
            reason_for_youth=form.reason_for_youth.data or "",
            vog_status=VogStatus(form.vog_status.data),
            vog_issued_on=form.vog_issued_on.data,
            vog_not_needed_reason=form.vog_not_needed_reason.data,
        )
        try:
            services.record_conversation(
                db.session(), nomination, actor, data, expected_version=_version(form.version.data)
            )
        except JimError as error:
            g.uow_rollback = True
            form.add_error(error.message)
            if error.code == "stale":
                form.version.data = str(nomination.version)
            return render_template(
                "jim/conversation.html", youth=youth, nomination=nomination, form=form
            ), error.status
        flash(_("Het gesprek is vastgelegd."), "success")
        return redirect(url_for("jim.overview", youth_id=youth.id))
    return render_template("jim/conversation.html", youth=youth, nomination=nomination, form=form)


# --- consent ----------------------------------------------------------------------------------


@bp.route(ONE + "/toestemming", methods=["POST"])
@login_required
def give_consent(youth_id: int, nomination_id: int) -> Response:
    """The young person or a parent gives their own consent in the app."""
    youth, nomination, actor = _nomination(youth_id, nomination_id, CONSENT_JIM)
    form = OwnConsentForm(prefix="consent", meta={"csrf": False})
    if not form.validate():
        flash(_("Zet een vinkje als je toestemming geeft."), "error")
        return redirect(url_for("jim.overview", youth_id=youth.id))
    giver = ConsentGiver.YOUTH if actor.role == Role.YOUTH else ConsentGiver.PARENT
    try:
        services.give_consent(
            db.session(),
            nomination,
            youth,
            actor,
            services.ConsentInput(giver=giver, method=ConsentMethod.APP, given_on=today()),
        )
    except JimError as error:
        _refused(error)
    else:
        flash(_("Dank je. Je toestemming is vastgelegd."), "success")
    return redirect(url_for("jim.overview", youth_id=youth.id))


def _giver_choices(data: overview_data.Overview) -> list[Any]:
    pairs: list[tuple[str, str]] = [("youth", f"{data.youth.full_name} ({_('jongere')})")]
    pairs += [(f"authority-{a.id}", f"{a.name} ({_('ouder met gezag')})") for a in data.authorities]
    return choices(pairs)


@bp.route(ONE + "/toestemming-vastleggen", methods=["GET", "POST"])
@form_view
@login_required
def record_consent(youth_id: int, nomination_id: int) -> str | Response | tuple[str, int]:
    """The professional records a consent given in person or on paper."""
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    data = overview_data.overview(db.session(), youth, today(), with_candidates=False)
    form = RecordConsentForm()
    form.giver.choices = _giver_choices(data)
    form.giver.validate_choice = False  # an unknown authority is refused (and logged) below
    if request.method == "GET":
        form.given_on.data = today()
    elif form.validate_on_submit():
        raw = form.giver.data or ""
        authority_id = None
        if raw.startswith("authority-") and raw.removeprefix("authority-").isdigit():
            authority_id = int(raw.removeprefix("authority-"))
        giver = ConsentGiver.YOUTH if raw == "youth" else ConsentGiver.PARENT
        try:
            services.give_consent(
                db.session(),
                nomination,
                youth,
                actor,
                services.ConsentInput(
                    giver=giver,
                    method=ConsentMethod(form.method.data),
                    given_on=form.given_on.data,
                    authority_id=authority_id,
                    note=form.note.data,
                ),
            )
        except JimError as error:
            g.uow_rollback = True
            form.add_error(error.message)
            if error.code == "stale":
                form.version.data = str(nomination.version)
            return render_template(
                "jim/record_consent.html", youth=youth, nomination=nomination, form=form, data=data
            ), error.status
        flash(_("De toestemming is vastgelegd."), "success")
        return redirect(url_for("jim.overview", youth_id=youth.id))
    return render_template(
        "jim/record_consent.html", youth=youth, nomination=nomination, form=form, data=data
    )


@bp.route(ONE + "/toestemming/<int:consent_id>/intrekken", methods=["POST"])
@login_required
def withdraw_consent(youth_id: int, nomination_id: int, consent_id: int) -> Response:
    youth, nomination, actor = _nomination(youth_id, nomination_id, CONSENT_JIM, MANAGE_JIM)
    consent_record = db.session.get(Consent, consent_id)
    if consent_record is None or consent_record.youth_id != youth.id:
        record(
            "jim_consent_withdrawn",
            "consent",
            consent_id,
            youth_id=consent_record.youth_id if consent_record is not None else youth.id,
            outcome=LogOutcome.DENIED,
        )
        abort(404)
    form = WithdrawConsentForm(prefix="withdrawconsent", meta={"csrf": False})
    try:
        result = services.withdraw_consent(
            db.session(), nomination, youth, consent_record, actor, reason=form.reason.data
        )
    except JimError as error:
        _refused(error)
    else:
        flash(_("De toestemming is ingetrokken."), "success")
        if result == "suspend":
            flash(_("De rol van de JIM staat op pauze tot er weer toestemming is."), "info")
        elif result == "uninvite":
            flash(_("De uitnodiging is ingetrokken tot er weer toestemming is."), "info")
    return redirect(url_for("jim.overview", youth_id=youth.id))


# --- the invitation ---------------------------------------------------------------------------


@bp.route(ONE + "/uitnodigen", methods=["GET", "POST"])
@form_view
@login_required
def invite(youth_id: int, nomination_id: int) -> str | Response | tuple[str, int]:
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    form = InviteForm()
    if request.method == "GET":
        form.email.data = nomination.member.email
        form.version.data = str(nomination.version)
    elif form.validate_on_submit():
        channel = InvitationChannel(form.channel.data)
        try:
            issued = services.invite(
                db.session(),
                nomination,
                actor,
                channel,
                form.email.data,
                expected_version=_version(form.version.data),
            )
        except JimError as error:
            g.uow_rollback = True
            form.add_error(error.message)
            if error.code == "stale":
                form.version.data = str(nomination.version)
            return render_template(
                "jim/invite.html", youth=youth, nomination=nomination, form=form
            ), error.status
        if channel == InvitationChannel.LETTER:
            return render_template(
                "jim/letter.html",
                youth=youth,
                nomination=nomination,
                code=issued.secret,
                link=url_for("jim.invitation", _external=True),
                days=LETTER_DAYS,
                professional=current_user.name,
            )
        notify.invitation(youth, nomination, issued, current_user.name)
        flash(
            _("De uitnodiging is verstuurd naar %(email)s.", email=issued.invitation.email),
            "success",
        )
        return redirect(url_for("jim.overview", youth_id=youth.id))
    return render_template("jim/invite.html", youth=youth, nomination=nomination, form=form)


def _pending_secret() -> str | None:
    secret = session.get(INVITATION_SESSION_KEY)
    return str(secret) if secret else None


@bp.route("/jim/uitnodiging", methods=["GET", "POST"])
@form_view
@limiter.limit("10/minute;50/hour", methods=["POST"])
def invitation() -> str | Response | tuple[str, int]:
    """Where the e-mail link (``?t=…``) and the letter's code come in."""
    token = request.args.get("t")
    if token:
        # Out of the address bar (and out of any Referer) at once.
        session[INVITATION_SESSION_KEY] = token[:200]
        return redirect(url_for("jim.answer"))
    form = CodeForm()
    if form.validate_on_submit():
        secret = form.code.data or ""
        if services.usable_invitation(db.session(), secret) is None:
            services.refuse_unusable(db.session(), secret, "open_invitation")
            form.code.errors = [*form.code.errors, JimError("invitation_unusable").message]
            return render_template("jim/code.html", form=form), 410
        session[INVITATION_SESSION_KEY] = secret
        return redirect(url_for("jim.answer"))
    return render_template("jim/code.html", form=form)


@bp.route("/jim/uitnodiging/antwoord", methods=["GET", "POST"])
@form_view
@limiter.limit("10/minute;50/hour", methods=["POST"])
def answer() -> str | Response | tuple[str, int]:
    """Read what the role means, then accept (with a new or existing account) or decline."""
    secret = _pending_secret()
    invitation = services.usable_invitation(db.session(), secret) if secret else None
    if invitation is None:
        if secret:
            services.refuse_unusable(db.session(), secret, "open_invitation")
        session.pop(INVITATION_SESSION_KEY, None)
        return render_template("jim/invitation_unusable.html"), 410
    assert secret is not None
    nomination = db.session.get(JimNomination, invitation.nomination_id)
    youth = db.session.get(Youth, invitation.youth_id)
    assert nomination is not None and youth is not None
    inviter = db.session.get(User, invitation.created_by_id) if invitation.created_by_id else None
    new = NewAccountForm(prefix="new")
    existing = ExistingAccountForm(prefix="login")
    accept_form = AcceptForm(prefix="accept")
    decline_form = DeclineForm(prefix="decline")
    if request.method == "GET":
        new.email.data = invitation.email or nomination.member.email
        new.name.data = nomination.member.display_name
        existing.email.data = invitation.email or nomination.member.email
    status_code = 200
    user: User | None = None
    if decline_form.submit.data and decline_form.validate_on_submit():
        try:
            services.decline(
                db.session(),
                secret,
                current_user if current_user.is_authenticated else None,
                decline_form.reason.data,
            )
        except JimError as error:
            _refused(error)
            return redirect(url_for("jim.answer"))
        session.pop(INVITATION_SESSION_KEY, None)
        return render_template("jim/declined.html", youth=youth)
    if current_user.is_authenticated:
        if accept_form.submit.data and accept_form.validate_on_submit():
            user = current_user._get_current_object()
    elif new.submit.data and new.validate_on_submit():
        try:
            services.precheck_accept(db.session(), secret)
        except JimError as error:
            g.uow_rollback = True
            new.add_error(error.message)
            return _answer_page(
                youth, nomination, invitation, inviter, new, existing, accept_form, decline_form
            ), error.status
        if accounts.find_user(db.session(), new.email.data or "") is not None:
            new.email.errors = [_("Er is al een account met dit e-mailadres. Log hieronder in.")]
        else:
            user = User(email=accounts.normalise_email(new.email.data or ""), name=new.name.data)
            db.session.add(user)
            accounts.set_password(user, new.password.data or "")
            db.session.flush()
    elif existing.submit.data and existing.validate_on_submit():
        # A login form like the login page: the same lockout, checked before the password.
        throttle.check(existing.email.data or "")
        found = accounts.authenticate(
            db.session(), existing.email.data or "", existing.password.data or ""
        )
        if found is None:
            throttle.failed(existing.email.data or "")
            existing.password.errors = [_("Dit e-mailadres en wachtwoord horen niet bij elkaar.")]
        elif found.is_staff:
            existing.email.errors = [
                _(
                    "Medewerkers loggen eerst in via de inlogpagina (met hun code) en openen de link dan opnieuw."
                )
            ]
        else:
            user = found
    if user is not None:
        if not current_user.is_authenticated:
            start_session(user)
        try:
            services.accept(db.session(), secret, user)
        except JimError as error:
            g.uow_rollback = True
            accept_form.add_error(error.message)
            status_code = error.status
        else:
            session.pop(INVITATION_SESSION_KEY, None)
            flash(_("Welkom! Je bent nu de JIM van %(youth)s.", youth=youth.first_name), "success")
            return redirect(url_for("jim.mine", youth_id=youth.id))
    elif request.method == "POST":
        status_code = 422
    return _answer_page(
        youth, nomination, invitation, inviter, new, existing, accept_form, decline_form
    ), status_code


def _answer_page(
    youth: Youth,
    nomination: JimNomination,
    invitation: Any,
    inviter: User | None,
    new: NewAccountForm,
    existing: ExistingAccountForm,
    accept_form: AcceptForm,
    decline_form: DeclineForm,
) -> str:
    return render_template(
        "jim/answer.html",
        youth=youth,
        nomination=nomination,
        invitation=invitation,
        inviter=inviter,
        new=new,
        existing=existing,
        accept_form=accept_form,
        decline_form=decline_form,
    )


# --- in position: positioning, check-ins, sharing, end ----------------------------------------


@bp.route(ONE + "/positionering", methods=["GET", "POST"])
@form_view
@login_required
def positioning(youth_id: int, nomination_id: int) -> str | Response | tuple[str, int]:
    youth, nomination, actor = _nomination(youth_id, nomination_id, MANAGE_JIM)
    form = PositioningForm()
    if request.method == "GET":
        form.held_on.data = today()
    elif form.validate_on_submit():
        data = services.PositioningInput(
            held_on=form.held_on.data,
            attendees=form.attendees.data or "",
            jim_tasks=form.jim_tasks.data or "",
            contact_agreement=form.contact_agreement.data or "",
            check_in_every_weeks=form.check_in_every_weeks.data or 6,
            jim_may_see=form.jim_may_see.data,
        )
        try:
            services.record_positioning(db.session(), nomination, actor, data)
        except JimError as error:
            g.uow_rollback = True
            form.add_error(error.message)
            if error.code == "stale":
                form.version.data = str(nomination.version)
            return render_template(
                "jim/positioning.html", youth=youth, nomination=nomination, form=form
            ), error.status
        flash(_("Het positioneringsgesprek is vastgelegd."), "success")
        return redirect(url_for("jim.overview", youth_id=youth.id))
    return render_template("jim/positioning.html", youth=youth, nomination=nomination, form=form)


@bp.route(ONE + "/checkin", methods=["POST"])
@login_required
def check_in(youth_id: int, nomination_id: int) -> Response:
    youth, nomination, actor = _nomination(youth_id, nomination_id, JIM_ROLE)
    form = CheckInForm(prefix="checkin", meta={"csrf": False})
    if not form.validate():
        flash(_("Kies hoe het gaat."), "error")
        return _back(youth.id, actor)
    try:
        services.check_in(db.session(), nomination, actor, HowItGoes(form.how.data), form.note.data)
    except JimError as error:
        _refused(error)
    else:
        flash(_("Dank je, je antwoord is opgeslagen."), "success")
    return _back(youth.id, actor)


@bp.route(ONE + "/delen", methods=["POST"])
@login_required
def share(youth_id: int, nomination_id: int) -> Response | tuple[str, int]:
    youth, nomination, actor = _nomination(youth_id, nomination_id, SHARE_JIM)
    form = ShareForm(prefix="share", meta={"csrf": False})
    try:
        services.update_sharing(
            db.session(),
            nomination,
            actor,
            network=bool(form.share_network.data),
            big5=bool(form.share_big5.data),
            case_notes=bool(form.share_case_notes.data),
            expected_version=_version(form.version.data),
        )
    except JimError as error:
        return _stale_or_back(error, youth, actor)
    else:
        flash(_("Opgeslagen: dit ziet de JIM."), "success")
    return redirect(url_for("jim.overview", youth_id=youth.id))


@bp.route(ONE + "/beeindigen", methods=["GET", "POST"])
@form_view
@login_required
def end(youth_id: int, nomination_id: int) -> str | Response | tuple[str, int]:
    youth, nomination, actor = _nomination(youth_id, nomination_id, JIM_ROLE)
    form = EndForm()
    if request.method == "GET":
        form.version.data = str(nomination.version)
        form.end_reason.data = {Role.YOUTH: "youth_wish", Role.JIM: "jim_wish"}.get(
            actor.role, "care_ended"
        )
    elif form.validate_on_submit():
        try:
            services.end(
                db.session(),
                nomination,
                actor,
                form.end_reason.data or "",
                reason=form.reason.data,
                expected_version=_version(form.version.data),
            )
        except JimError as error:
            g.uow_rollback = True
            form.add_error(error.message)
            if error.code == "stale":
                form.version.data = str(nomination.version)
            return render_template(
                "jim/end.html", youth=youth, nomination=nomination, form=form, actor=actor
            ), error.status
        flash(_("De rol is beëindigd."), "success")
        if actor.role == Role.JIM:
            return redirect(url_for("home.index"))
        return redirect(url_for("jim.overview", youth_id=youth.id))
    return render_template(
        "jim/end.html", youth=youth, nomination=nomination, form=form, actor=actor
    )


# --- the JIM's own page -----------------------------------------------------------------------


@bp.route(BASE + "/mijn-rol")
@login_required
def mine(youth_id: int) -> str:
    youth = _youth(youth_id, VIEW_JIM_ROLE)
    actor = _actor(youth, (VIEW_JIM_ROLE,), "jim", youth.id)
    nomination = status.nomination_of_jim(db.session(), youth.id, current_user.id)
    if nomination is None:  # pragma: no cover - the policy's condition says the same
        abort(404)
    data = overview_data.overview(db.session(), youth, today(), with_candidates=False)
    view = next(v for v in data.nominations if v.nomination.id == nomination.id)
    shared = [s for s in sections_for(youth) if s.action not in _OWN_ACTIONS]
    evidence = None
    if may(youth, "view_network"):
        from jimnet.network.evidence import support_evidence

        authorize(youth, "view_network", "network", youth.id)
        evidence = support_evidence(db.session(), youth.id)
    return render_template(
        "jim/mine.html",
        youth=youth,
        view=view,
        nomination=nomination,
        actor=actor,
        shared=shared,
        evidence=evidence,
        consent_valid=view.consent.valid if view.consent else False,
        check_in=CheckInForm(prefix="checkin", formdata=None),
        step_form=StepForm(prefix="step", formdata=None),
        steps=workflow.allowed_steps(nomination.state, Role.JIM),
    )


_OWN_ACTIONS = frozenset(
    {
        VIEW_JIM,
        NOMINATE_JIM,
        MANAGE_JIM,
        CONSENT_JIM,
        WITHDRAW_JIM,
        SHARE_JIM,
        JIM_ROLE,
        VIEW_JIM_ROLE,
    }
)


@bp.route("/jim/mijn-rol")
@login_required
def my_roles() -> str | Response:
    """Young people this account is the JIM of (usually one: then straight to that page)."""
    rows = db.session.execute(
        select(Youth.id, Youth.first_name)
        .join(JimNomination, JimNomination.youth_id == Youth.id)
        .where(
            JimNomination.jim_user_id == current_user.id,
            JimNomination.state.in_([JimState.ACTIVE, JimState.STANDBY]),
        )
        .order_by(Youth.first_name)
    ).all()
    record("list", "jim_role", None, actor_role="jim", shown=[row[0] for row in rows])
    if len(rows) == 1:
        return redirect(url_for("jim.mine", youth_id=rows[0][0]))
    return render_template("jim/my_roles.html", rows=rows)


# --- the professional's pipeline --------------------------------------------------------------


@bp.route("/jim/overzicht")
@login_required
def pipeline() -> str:
    if not _caseworker(current_user):
        abort(404)
    raw = request.args.get("toon", pipeline_data.Filter.ALL)
    show = (
        pipeline_data.Filter(raw) if raw in set(pipeline_data.Filter) else pipeline_data.Filter.ALL
    )
    data = pipeline_data.pipeline(db.session(), current_user, today(), utcnow(), show)
    record("list", "jim_pipeline", None, shown=[row.youth.id for row in data.rows])
    return render_template(
        "jim/pipeline.html", data=data, show=show, Filter=pipeline_data.Filter, today=today()
    )
