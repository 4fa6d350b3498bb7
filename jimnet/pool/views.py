"""The pool's pages: the public registration, the coordinator's pool, the young person's mentor
page (and the professional's referral), and the volunteer's own page.

Every page about a young person goes through the door (``jimnet.access``) with one of the pool's
actions (:mod:`jimnet.pool.permissions`); the relation the door grants is the role the workflow
checks. Volunteer records are the coordinator's: only coordinators of the volunteer's
organisation (or its consortium) open them, and every look is logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from sqlalchemy import select
from werkzeug.wrappers import Response

from jimnet import mail
from jimnet.access import authorize, may, record
from jimnet.access.log import Outcome as LogOutcome
from jimnet.access.policy import Relation
from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.csrf import form_view
from jimnet.extensions import db, limiter
from jimnet.forms import choices
from jimnet.matching import store
from jimnet.matching.ranking import Ranking
from jimnet.navigation import NavItem, add_nav
from jimnet.organisations.models import Organisation
from jimnet.organisations.scope import coordinated_organisations
from jimnet.pool import cli, explain, labels, learning, pages, services, vog, workflow
from jimnet.pool.compatibility import band
from jimnet.pool.errors import PoolError
from jimnet.pool.forms import (
    EndForm,
    RegisterForm,
    ScreeningForm,
    ShareForm,
    StepForm,
    WishesForm,
    WithdrawReferralForm,
)
from jimnet.pool.models import EndReason, MentorMatch, Volunteer, VolunteerStatus
from jimnet.pool.permissions import (
    ANSWER_MENTOR,
    COORDINATE_MENTOR,
    MENTOR_ROLE,
    REFER_MENTOR,
    VIEW_MENTOR,
)
from jimnet.pool.suggest import suggest_pool
from jimnet.pool.workflow import Actor, Role
from jimnet.youth.models import Youth
from jimnet.youth.sections import Section, add_section, sections_for

bp = Blueprint("pool", __name__)

BASE = "/jongeren/<int:youth_id>/mentor"
MAX_FORM_BYTES = 16 * 1024  # the public form is small; anything larger is not a person typing

ROLE_OF = {
    Relation.CARE_PROFESSIONAL: Role.PROFESSIONAL,
    Relation.CARE_COACH: Role.COACH,
    Relation.YOUTH: Role.YOUTH,
    Relation.COORDINATOR: Role.COORDINATOR,
    Relation.MENTOR: Role.MENTOR,
}


def _coordinator(user: User) -> bool:
    return StaffRole.COORDINATOR in user.staff_roles


def _volunteer(user: User) -> bool:
    return not user.is_staff and bool(services.volunteer_of(db.session(), user.id))


@bp.record_once
def _register(state: BlueprintSetupState) -> None:
    app: Flask = state.app  # type: ignore[assignment]
    app.cli.add_command(cli.train_matcher)
    add_section(app, Section("pool.youth_page", _l("Vrijwillige mentor"), VIEW_MENTOR, order=35))
    add_nav(app, NavItem("pool.dashboard", _l("Mentorpool"), _coordinator, order=35))
    add_nav(app, NavItem("pool.mine", _l("Mijn mentorpagina"), _volunteer, order=36))


@dataclass(frozen=True)
class PoolOffer:
    may_refer: bool
    suggest: bool
    open: bool


def _suggest(youth: Youth, ranked: Ranking | None = None) -> bool:
    """The JIM ranking's verdict: nobody on the map in the good band (see ``suggest.py``)."""
    return suggest_pool(db.session(), youth, today(), store.models_dir(current_app.config), ranked)


def pool_offer(youth: Youth, ranked: Ranking | None = None) -> PoolOffer:
    """For the JIM page: may this person refer to the pool, and does jimnet suggest it. The JIM
    page passes the shortlist it has ranked already."""
    if not may(youth, REFER_MENTOR):
        return PoolOffer(False, False, False)
    return PoolOffer(
        True,
        _suggest(youth, ranked),
        services.open_request(db.session(), youth.id) is not None,
    )


@bp.app_context_processor
def _helpers() -> dict[str, Any]:
    return {
        "pool_labels": labels,
        "pool_explain": explain,
        "pool_band": band,
        "pool_offer": pool_offer,
    }


def _refused(error: PoolError) -> None:
    """Nothing of this request is kept but the access log (the refusal is in it)."""
    g.uow_rollback = True
    flash(error.message, "error")


def _version(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


# --- public registration -----------------------------------------------------------------------


def _register_form() -> RegisterForm:
    form = RegisterForm()
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form.organisation_id.choices = choices((o.id, o.name) for o in organisations)
    return form


@bp.route("/vrijwilliger-worden", methods=["GET", "POST"])
@form_view
@limiter.limit("5/minute;20/hour;50/day", methods=["POST"])
def register() -> str | Response | tuple[str, int]:
    if (request.content_length or 0) > MAX_FORM_BYTES:
        abort(413)
    form = _register_form()
    if form.validate_on_submit():
        if not form.website.data:
            assert form.organisation_id.data is not None and form.birth_year.data is not None
            services.register(
                db.session(),
                services.Registration(
                    organisation_id=form.organisation_id.data,
                    name=form.name.data or "",
                    email=form.email.data or "",
                    phone=form.phone.data,
                    birth_year=form.birth_year.data,
                    gender=form.gender.data or "unsaid",
                    postcode=form.postcode.data or "",
                    municipality=form.municipality.data,
                    travel_km=form.travel_km.data or 10,
                    interests=form.interests.data or [],
                    languages=form.languages.data or [],
                    availability=form.availability.data or [],
                    youth_age_min=form.youth_age_min.data or 12,
                    youth_age_max=form.youth_age_max.data or 23,
                    motivation=form.motivation.data,
                ),
            )
        # The same answer for a new address, a known one and a bot: nobody learns who is known.
        return redirect(url_for("pool.thanks"))
    status = 422 if request.method == "POST" else 200
    return render_template("pool/register.html", form=form), status


@bp.route("/vrijwilliger-worden/bedankt")
def thanks() -> str:
    return render_template("pool/thanks.html")


# --- the coordinator's pool ----------------------------------------------------------------------


def _scope() -> set[int]:
    scope = coordinated_organisations(db.session(), current_user)
    if not scope:
        record("coordinate_pool", "mentor_pool", None, outcome=LogOutcome.DENIED)
        abort(404)
    return scope


def _coordinator_actor() -> Actor:
    return Actor(Role.COORDINATOR, current_user.id, current_user.name)


@bp.route("/mentorpool/")
@login_required
def dashboard() -> str:
    scope = _scope()
    page = pages.dashboard(db.session(), scope, today())
    # One entry for the list, as the youth list does; opening a young person's match is logged
    # on that young person's file.
    record(
        "list",
        "mentor_pool",
        None,
        actor_role=Role.COORDINATOR.value,
        organisation_id=min(scope),
        shown=page.youth_ids,
    )
    _, matcher = learning.matcher_in_use(db.session(), store.models_dir(current_app.config))
    return render_template(
        "pool/dashboard.html", page=page, matcher=matcher, step_form=StepForm(formdata=None)
    )


@bp.route("/mentorpool/ronde", methods=["POST"])
@login_required
def run_round() -> Response:
    scope = _scope()
    round_ = services.run_round(
        db.session(),
        scope,
        _coordinator_actor(),
        today(),
        models_dir=store.models_dir(current_app.config),
    )
    flash(
        _(
            "Nieuwe ronde: %(proposals)s voor %(youths)s.",
            proposals=explain.proposals(round_.proposed),
            youths=explain.waiting_young_people(round_.waiting),
        ),
        "success",
    )
    return redirect(url_for("pool.dashboard"))


def _own_volunteer(volunteer_id: int) -> Volunteer:
    scope = coordinated_organisations(db.session(), current_user)
    volunteer = db.session.get(Volunteer, volunteer_id)
    if volunteer is None or volunteer.organisation_id not in scope:
        record("view_volunteer", "volunteer", volunteer_id, outcome=LogOutcome.DENIED)
        abort(404)
    return volunteer


@bp.route("/mentorpool/vrijwilligers")
@login_required
def volunteers() -> str:
    scope = _scope()
    status = request.args.get("status")
    status = status if status in set(VolunteerStatus) else None
    rows = pages.volunteers(db.session(), scope, today(), status)
    record("list", "volunteer", None, actor_role=Role.COORDINATOR.value, organisation_id=min(scope))
    return render_template("pool/volunteers.html", rows=rows, status=status)


@bp.route("/mentorpool/vrijwilligers/<int:volunteer_id>", methods=["GET", "POST"])
@form_view
@login_required
def volunteer(volunteer_id: int) -> str | Response | tuple[str, int]:
    item = _own_volunteer(volunteer_id)
    form = ScreeningForm(obj=item if request.method == "GET" else None)
    if request.method == "GET":
        form.notes.data = item.screening_notes
        form.version.data = str(item.version)
    status = 200
    if form.validate_on_submit():
        try:
            services.screen(
                db.session(),
                item,
                services.Screening(
                    status=VolunteerStatus(form.status.data),
                    interviewed_on=form.interviewed_on.data,
                    vog_issued_on=form.vog_issued_on.data,
                    training_done_on=form.training_done_on.data,
                    capacity=form.capacity.data or 1,
                    notes=form.notes.data,
                ),
                current_user,
                today(),
                expected_version=_version(form.version.data),
            )
        except PoolError as error:
            g.uow_rollback = True
            form.add_error(error.message)
            status = error.status
        else:
            record("screen_volunteer", "volunteer", item.id, actor_role="coordinator")
            flash(_("De screening van %(name)s is opgeslagen.", name=item.name), "success")
            return redirect(url_for("pool.volunteer", volunteer_id=item.id))
    elif request.method == "POST":
        status = 422
    history = pages.volunteer_matches(db.session(), item.id)
    # The volunteer's history names young people: they are recorded as shown.
    record(
        "view_volunteer",
        "volunteer",
        item.id,
        actor_role="coordinator",
        shown=[m.youth_id for m in history],
    )
    return render_template(
        "pool/volunteer.html",
        volunteer=item,
        form=form,
        history=history,
        vog_valid=vog.valid_on(item.vog_issued_on, today()),
        vog_expires=vog.expires_on(item.vog_issued_on) if item.vog_issued_on else None,
        taken=workflow.places_taken(db.session(), item.id),
    ), status


@bp.route("/mentorpool/vrijwilligers/<int:volunteer_id>/uitnodigen", methods=["POST"])
@login_required
def invite(volunteer_id: int) -> Response:
    item = _own_volunteer(volunteer_id)
    if item.user_id is not None:
        flash(_("%(name)s heeft al een account.", name=item.name), "info")
        return redirect(url_for("pool.volunteer", volunteer_id=item.id))
    if item.status != VolunteerStatus.APPROVED:
        flash(PoolError("not_approved").message, "error")
        return redirect(url_for("pool.volunteer", volunteer_id=item.id))
    issued = services.invite(
        db.session(), item, current_user, current_app.config["JIMNET_TOKEN_HOURS"]["invite"]
    )
    link = url_for("accounts.accept_invitation", token=issued.token, _external=True)
    mail.send(
        item.email,
        _("Je account als vrijwillige mentor"),
        _(
            "Hallo %(name)s,\n\nJe bent goedgekeurd als vrijwillige mentor. Maak je account via deze link (één keer te gebruiken):\n%(link)s\n\nDaarna zie je je eigen pagina en, als een jongere ja zegt, wat die met je deelt.",
            name=item.first_name,
            link=link,
        ),
    )
    record("invite_volunteer", "volunteer", item.id, actor_role="coordinator")
    flash(_("De uitnodiging is verstuurd naar %(email)s.", email=item.email), "success")
    return redirect(url_for("pool.volunteer", volunteer_id=item.id))


# --- the young person's mentor page ------------------------------------------------------------


def _youth(youth_id: int, action: str) -> Youth:
    youth = db.session.get(Youth, youth_id)
    if youth is None:
        record(action, "youth", youth_id, outcome=LogOutcome.DENIED)
        abort(404)
    return youth


def _actor(
    youth: Youth, actions: tuple[str, ...], object_type: str, object_id: int | None
) -> Actor:
    action = next((a for a in actions if may(youth, a)), actions[0])
    grant = authorize(youth, action, object_type, object_id)
    role = ROLE_OF.get(grant.relation) if grant.relation else None
    if role is None:
        abort(404)
    return Actor(role, current_user.id, current_user.name)


@bp.route(BASE)
@login_required
def youth_page(youth_id: int) -> str | Response:
    youth = _youth(youth_id, VIEW_MENTOR)
    if not may(youth, VIEW_MENTOR) and may(youth, MENTOR_ROLE):
        return redirect(url_for("pool.mine"))
    actor = _actor(youth, (VIEW_MENTOR,), "mentor_request", youth.id)
    page = pages.youth_page(db.session(), youth, today())
    current = page.current
    share = ShareForm(formdata=None, obj=current)
    if current is not None:
        share.version.data = str(current.version)
    return render_template(
        "pool/youth.html",
        youth=youth,
        page=page,
        actor=actor,
        steps=workflow.allowed_steps(current.state, actor.role) if current else [],
        share_form=share,
        step_form=StepForm(formdata=None),
        suggest=_suggest(youth)
        if actor.role != Role.YOUTH and current is None and not pages.request_is_open(page.request)
        else False,
        sections=sections_for(youth),
    )


@bp.route(BASE + "/aanmelden", methods=["GET", "POST"])
@form_view
@login_required
def refer(youth_id: int) -> str | Response | tuple[str, int]:
    youth = _youth(youth_id, REFER_MENTOR)
    authorize(youth, REFER_MENTOR, "mentor_request", None)
    existing = services.open_request(db.session(), youth.id)
    form = WishesForm(obj=existing if request.method == "GET" else None)
    if request.method == "GET" and existing is not None:
        form.version.data = str(existing.version)
    status = 200
    if form.validate_on_submit():
        wishes = services.Wishes(
            reason=form.reason.data,
            interests=form.interests.data or [],
            languages=form.languages.data or [],
            mentor_gender=form.mentor_gender.data or "any",
            max_km=form.max_km.data,
        )
        try:
            if existing is None:
                services.refer(db.session(), youth, current_user, wishes)
                message = _(
                    "%(name)s staat nu op de wachtlijst van de mentorpool.", name=youth.first_name
                )
            else:
                services.update_wishes(db.session(), existing, wishes, _version(form.version.data))
                message = _("De wensen zijn opgeslagen.")
        except PoolError as error:
            g.uow_rollback = True
            form.add_error(error.message)
            status = error.status
        else:
            record(
                "refer_mentor",
                "mentor_request",
                youth.id,
                youth_id=youth.id,
                actor_role="professional",
            )
            flash(message, "success")
            return redirect(url_for("pool.youth_page", youth_id=youth.id))
    elif request.method == "POST":
        status = 422
    return render_template(
        "pool/refer.html",
        youth=youth,
        form=form,
        existing=existing,
        suggest=_suggest(youth) if existing is None else False,
    ), status


@bp.route(BASE + "/intrekken", methods=["GET", "POST"])
@form_view
@login_required
def withdraw_referral(youth_id: int) -> str | Response | tuple[str, int]:
    """The care team takes the young person off the waiting list (open proposals with it)."""
    youth = _youth(youth_id, REFER_MENTOR)
    actor = _actor(youth, (REFER_MENTOR,), "mentor_request", youth.id)
    session = db.session()
    existing = services.open_request(session, youth.id)
    if existing is None:
        flash(PoolError("request_closed").message, "info")
        return redirect(url_for("pool.youth_page", youth_id=youth.id))
    form = WithdrawReferralForm()
    if request.method == "GET":
        form.version.data = str(existing.version)
    status = 200
    if form.validate_on_submit():
        try:
            services.withdraw_referral(
                session,
                existing,
                actor,
                reason=form.reason.data,
                expected_version=_version(form.version.data),
            )
        except PoolError as error:
            g.uow_rollback = True
            form.add_error(error.message)
            form.version.data = str(existing.version)  # read again under the lock
            status = error.status
        else:
            flash(
                _(
                    "%(name)s staat niet meer op de wachtlijst van de mentorpool.",
                    name=youth.first_name,
                ),
                "success",
            )
            return redirect(url_for("pool.youth_page", youth_id=youth.id))
    elif request.method == "POST":
        status = 422
    return render_template(
        "pool/withdraw.html",
        youth=youth,
        referral=existing,
        form=form,
        open_matches=services.open_matches(session, existing.id),
    ), status


def _match(
    youth_id: int, match_id: int, actions: tuple[str, ...]
) -> tuple[Youth, MentorMatch, Actor]:
    match = db.session.get(MentorMatch, match_id)
    if match is None or match.youth_id != youth_id:
        record(actions[0], "mentor_match", match_id, outcome=LogOutcome.DENIED)
        abort(404)
    youth = _youth(youth_id, actions[0])
    return youth, match, _actor(youth, actions, "mentor_match", match_id)


def _back(youth: Youth, actor: Actor) -> Response:
    if actor.role == Role.COORDINATOR and request.form.get("next") == "pool":
        return redirect(url_for("pool.dashboard"))
    if actor.role == Role.MENTOR:
        return redirect(url_for("pool.mine"))
    return redirect(url_for("pool.youth_page", youth_id=youth.id))


STEP_ACTIONS: dict[str, tuple[str, ...]] = {
    "approve": (COORDINATE_MENTOR,),
    "withdraw": (COORDINATE_MENTOR,),
    "accept": (ANSWER_MENTOR,),
    "decline": (ANSWER_MENTOR,),
    "introduce": (COORDINATE_MENTOR, REFER_MENTOR),
    "activate": (COORDINATE_MENTOR,),
}
STEP_SLUGS = {
    "approve": "goedkeuren",
    "withdraw": "terugtrekken",
    "accept": "ja",
    "decline": "nee",
    "introduce": "kennismaking",
    "activate": "starten",
}
DONE = {
    "approve": _l("Goedgekeurd. De jongere krijgt het voorstel te zien."),
    "withdraw": _l("Het voorstel is teruggetrokken."),
    "accept": _l("Je zei ja. De coördinator regelt een kennismaking."),
    "decline": _l("Je zei nee. Je krijgt deze mentor niet opnieuw voorgesteld."),
    "introduce": _l("De kennismaking is vastgelegd."),
    "activate": _l("De koppeling is gestart."),
}


def _step_view(step: str) -> Callable[..., Response]:
    def view(youth_id: int, match_id: int) -> Response:
        youth, match, actor = _match(youth_id, match_id, STEP_ACTIONS[step])
        form = StepForm(meta={"csrf": False})
        try:
            workflow.apply(
                db.session(),
                match,
                step,
                actor,
                reason=form.reason.data,
                expected_version=_version(form.version.data),
            )
        except PoolError as error:
            _refused(error)
            return _back(youth, actor)
        flash(str(DONE[step]), "success")
        return _back(youth, actor)

    view.__name__ = step
    return login_required(view)


for _step_name, _slug in STEP_SLUGS.items():
    bp.add_url_rule(
        f"{BASE}/<int:match_id>/{_slug}",
        endpoint=_step_name,
        view_func=_step_view(_step_name),
        methods=["POST"],
    )


@bp.route(BASE + "/<int:match_id>/stoppen", methods=["GET", "POST"])
@form_view
@login_required
def end(youth_id: int, match_id: int) -> str | Response | tuple[str, int]:
    youth, match, actor = _match(
        youth_id, match_id, (ANSWER_MENTOR, MENTOR_ROLE, COORDINATE_MENTOR)
    )
    form = EndForm()
    if request.method == "GET":
        form.version.data = str(match.version)
    status = 200
    if form.validate_on_submit():
        try:
            workflow.apply(
                db.session(),
                match,
                "end",
                actor,
                reason=form.reason.data,
                end_reason=EndReason(form.end_reason.data),
                expected_version=_version(form.version.data),
            )
        except PoolError as error:
            g.uow_rollback = True
            form.add_error(error.message)
            status = error.status
        else:
            flash(_("De koppeling is gestopt."), "success")
            return _back(youth, actor)
    elif request.method == "POST":
        status = 422
    return render_template(
        "pool/end.html", youth=youth, match=match, form=form, actor=actor
    ), status


@bp.route(BASE + "/<int:match_id>/delen", methods=["POST"])
@login_required
def share(youth_id: int, match_id: int) -> Response:
    youth, match, actor = _match(youth_id, match_id, (ANSWER_MENTOR,))
    form = ShareForm(meta={"csrf": False})
    try:
        if _version(form.version.data) not in (None, match.version):
            raise PoolError("conflict")
        services.set_sharing(
            db.session(),
            match,
            actor,
            {
                "share_network": form.share_network.data,
                "share_big5": form.share_big5.data,
                "share_case_notes": form.share_case_notes.data,
            },
        )
    except PoolError as error:
        _refused(error)
    else:
        flash(_("Opgeslagen: dit mag je mentor zien."), "success")
    return _back(youth, actor)


@bp.route("/mentorpool/koppelingen/<int:match_id>")
@login_required
def match_page(match_id: int) -> str:
    match = db.session.get(MentorMatch, match_id)
    if match is None:
        record(COORDINATE_MENTOR, "mentor_match", match_id, outcome=LogOutcome.DENIED)
        abort(404)
    youth = _youth(match.youth_id, COORDINATE_MENTOR)
    actor = _actor(youth, (COORDINATE_MENTOR,), "mentor_match", match.id)
    events = pages.events_of(db.session(), [match.id])
    return render_template(
        "pool/match.html",
        match=match,
        youth=youth,
        actor=actor,
        events=events.get(match.id, []),
        steps=workflow.allowed_steps(match.state, actor.role),
        step_form=StepForm(formdata=None),
        age=youth.age_on(today()),
    )


# --- the volunteer's own page ------------------------------------------------------------------


@bp.route("/mentor/")
@login_required
def mine() -> str:
    rows = services.volunteer_of(db.session(), current_user.id)
    if not rows:
        record("view_own_volunteer", "volunteer", None, outcome=LogOutcome.DENIED)
        abort(404)
    page = pages.mine(db.session(), rows)
    shown = [m.youth_id for m in [*page.active, *page.waiting]]  # the page shows no past ones
    for item in rows:
        record("view_own_volunteer", "volunteer", item.id, shown=shown)
    links = {
        m.id: [s for s in sections_for(m.youth) if s.endpoint != "pool.youth_page"]
        for m in page.active
    }
    return render_template("pool/mine.html", page=page, links=links, today=today())
