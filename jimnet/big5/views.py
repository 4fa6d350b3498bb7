"""BIG5 pages: a young person's plan toward 18, scoring, actions, the printable plan, the coach's
dashboard and the choice of domain set. Views are thin: load through the door, call a service,
render."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask.blueprints import BlueprintSetupState
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from jimnet.access import authorize, load_owned, load_youth, may, record
from jimnet.access.policy import Relation, relations
from jimnet.accounts.roles import StaffRole
from jimnet.big5 import actions as action_service
from jimnet.big5 import assessments as assessment_service
from jimnet.big5 import charts, dashboard, readiness, scale, texts
from jimnet.big5 import cli as big5_cli
from jimnet.big5 import domains as domain_sets
from jimnet.big5 import plan as plan_service
from jimnet.big5.assessments import Big5Error, ScoreInput, SupportProposalInput
from jimnet.big5.forms import ActionForm, AssessmentFormBase, DomainSetForm, assessment_form
from jimnet.big5.models import ActionOwner, ActionStatus, Big5Action, Big5Assessment, Perspective
from jimnet.big5.permissions import EDIT_BIG5, JIM_ASSESS_BIG5, SELF_ASSESS_BIG5, VIEW_BIG5
from jimnet.big5.support import Proposal
from jimnet.clock import today
from jimnet.csrf import form_view
from jimnet.extensions import db
from jimnet.forms import choices
from jimnet.navigation import NavItem, add_nav
from jimnet.organisations.models import Consortium, Organisation
from jimnet.youth.models import Youth
from jimnet.youth.sections import Section, add_section

bp = Blueprint("big5", __name__)
bp.cli.add_command(big5_cli.load_domain_set)
bp.cli.add_command(big5_cli.refresh_readiness)

VIEW_NETWORK = "view_network"
HISTORY_YEARS = (1, 2, 0)  # 0: everything


@bp.record_once
def _register(state: BlueprintSetupState) -> None:
    app = cast(Flask, state.app)
    add_section(app, Section("big5.overview", _l("BIG5 naar 18"), VIEW_BIG5, order=30))
    add_nav(app, NavItem("big5.dashboard_page", _l("Naar 18"), dashboard.may_use, order=20))
    app.jinja_env.globals.update(
        big5_level_label=scale.label,
        big5_level_colour=scale.colour,
        big5_perspective=texts.perspective,
        big5_owner=texts.owner,
        big5_action_status=texts.action_status,
        big5_readiness=texts.readiness,
        big5_readiness_explained=texts.readiness_explained,
        big5_phase=texts.phase,
    )


def _db() -> Session:
    """The request's session, typed as the plain Session the services take."""
    return cast(Session, db.session)


def _locale() -> str:
    return str(get_locale() or "nl")


def _domain_set(youth: Youth) -> domain_sets.DomainSetView:
    return plan_service.domain_set_of(_db(), youth, _locale())


def _proposal(youth: Youth, domain_set: domain_sets.DomainSetView) -> Proposal | None:
    return plan_service.support_proposal(_db(), youth, domain_set)


def _proposal_input(
    proposal: Proposal | None, domain_set: domain_sets.DomainSetView
) -> SupportProposalInput | None:
    reason = texts.proposal_text(proposal, domain_set) if proposal is not None else ""
    return plan_service.proposal_input(proposal, domain_set, reason)


def _perspectives() -> list[tuple[str, str]]:
    return [(p.value, texts.perspective(p)) for p in Perspective]


def history_svg(plan: plan_service.Plan, years: int, day: date) -> Any:
    first = plan.history[0].assessed_on if plan.history else day - timedelta(days=365)
    start = max(first, day - timedelta(days=round(365.25 * years))) if years else first
    start = min(start, day - timedelta(days=30))
    return charts.history_chart(
        [(d.key, d.name) for d in plan.domain_set.domains],
        assessment_service.series(plan.history),
        _perspectives(),
        start,
        day,
        title=_("Scores van %(name)s door de tijd", name=plan.youth.first_name),
        description=_(
            "Per domein een lijn per kijk: de jongere zelf (doorgetrokken, rondjes), de professional "
            "(streepjes, vierkantjes) en de JIM (puntjes, driehoekjes). Hoger is beter; 4 en 5 is op orde."
        ),
    )


@bp.route("/jongeren/<int:youth_id>/big5")
@login_required
def overview(youth_id: int) -> str:
    youth = load_youth(youth_id, VIEW_BIG5)
    day = today()
    plan = plan_service.build_plan(_db(), youth, day, _locale())
    years = request.args.get("jaren", 2, type=int)
    years = years if years in HISTORY_YEARS else 2
    proposal = _proposal(youth, plan.domain_set)
    return render_template(
        "big5/overview.html",
        youth=youth,
        plan=plan,
        today=day,
        years=years,
        chart=history_svg(plan, years, day) if plan.history else None,
        proposal=proposal,
        proposal_key=plan_service.evidence_domain(plan.domain_set),
        sees_network=may(youth, VIEW_NETWORK),
        can_edit=may(youth, EDIT_BIG5),
        can_self_assess=may(youth, SELF_ASSESS_BIG5),
        can_jim_assess=may(youth, JIM_ASSESS_BIG5),
        reason=lambda r: texts.reason(r, plan.domain_set),
        series=assessment_service.series(plan.history),
    )


@bp.route("/jongeren/<int:youth_id>/big5/plan")
@login_required
def print_plan(youth_id: int) -> str:
    youth = load_youth(youth_id, VIEW_BIG5)
    day = today()
    plan = plan_service.build_plan(_db(), youth, day, _locale())
    record("print", "big5_plan", youth.id, youth_id=youth.id)
    return render_template(
        "big5/plan.html",
        youth=youth,
        plan=plan,
        today=day,
        chart=history_svg(plan, 1, day) if plan.history else None,
    )


@bp.route("/jongeren/<int:youth_id>/big5/scores/<int:assessment_id>")
@login_required
def assessment(youth_id: int, assessment_id: int) -> str:
    row = load_owned(Big5Assessment, assessment_id, VIEW_BIG5, youth_id=youth_id)
    youth = db.session.get(Youth, youth_id)
    assert youth is not None
    loaded = assessment_service.get(_db(), row.id)
    assert loaded is not None
    return render_template(
        "big5/assessment.html",
        youth=youth,
        assessment=loaded,
        domain_set=_domain_set(youth),
        sees_network=may(youth, VIEW_NETWORK),
    )


# --- Scoring --------------------------------------------------------------------------------


def _apply_error(form: AssessmentFormBase, error: Big5Error) -> None:
    message = texts.error(error.code)
    target = None
    if error.field == "assessed_on" and "assessed_on" in form._fields:
        target = form["assessed_on"]
    elif error.field and f"level_{error.field}" in form._fields:
        if error.code == "overrule_reason" and form.overrule_field(error.field) is not None:
            target = form.overrule_field(error.field)
        else:
            target = form.level_field(error.field)
    if target is None:
        form.add_error(message)
    else:
        target.errors = [*target.errors, message]


def _scores_from(
    form: AssessmentFormBase, domain_set: domain_sets.DomainSetView
) -> list[ScoreInput]:
    result = []
    for key in domain_set.keys:
        overrule = form.overrule_field(key)
        result.append(
            ScoreInput(
                domain_key=key,
                level=form.level_of(key),
                note=form.note_field(key).data,
                overrule_reason=overrule.data if overrule is not None else None,
            )
        )
    return result


def _assessor_perspective(youth: Youth) -> tuple[Perspective, str]:
    """Staff score as professional, a JIM as JIM; the young person has a flow of their own."""
    if may(youth, EDIT_BIG5):
        authorize(youth, EDIT_BIG5)
        role = StaffRole.COACH.value if _on_team_as_coach(youth) else StaffRole.PROFESSIONAL.value
        return Perspective.PROFESSIONAL, role
    if may(youth, JIM_ASSESS_BIG5):
        authorize(youth, JIM_ASSESS_BIG5)
        return Perspective.JIM, "jim"
    authorize(youth, EDIT_BIG5)  # logs the refusal and answers 404
    raise AssertionError("unreachable")


def _on_team_as_coach(youth: Youth) -> bool:
    held = relations(_db(), current_user, youth)
    return Relation.CARE_COACH in held and Relation.CARE_PROFESSIONAL not in held


@bp.route("/jongeren/<int:youth_id>/big5/scoren", methods=["GET", "POST"])
@form_view
@login_required
def assess(youth_id: int) -> str | Response:
    youth = db.session.get(Youth, youth_id)
    if youth is None:
        load_youth(youth_id, EDIT_BIG5)  # logs and answers 404
        abort(404)
    if may(youth, SELF_ASSESS_BIG5) and not may(youth, EDIT_BIG5):
        return redirect(url_for("big5.self_assess", youth_id=youth.id))
    perspective, role = _assessor_perspective(youth)
    domain_set = _domain_set(youth)
    proposal = _proposal(youth, domain_set)
    proposal_key = plan_service.evidence_domain(domain_set)
    form_class = assessment_form(domain_set, with_date=True, proposal_key=proposal_key)
    form = form_class()
    day = today()
    if request.method == "GET":
        form["assessed_on"].data = day
    if form.validate_on_submit():
        try:
            created = assessment_service.record_assessment(
                _db(),
                youth,
                domain_set,
                perspective,
                form["assessed_on"].data,
                _scores_from(form, domain_set),
                assessor=current_user,
                assessor_role=role,
                today=day,
                note=form["note"].data,
                proposal=_proposal_input(proposal, domain_set),
            )
        except Big5Error as error:
            _apply_error(form, error)
        else:
            record("create", "big5_assessment", created.id, youth_id=youth.id)
            flash(_("De score is opgeslagen."), "success")
            return redirect(url_for("big5.overview", youth_id=youth.id))
    return render_template(
        "big5/assess.html",
        youth=youth,
        form=form,
        domain_set=domain_set,
        perspective=perspective,
        proposal=proposal,
        proposal_key=proposal_key,
        sees_network=may(youth, VIEW_NETWORK),
        reason=lambda r: texts.reason(r, domain_set),
    )


@bp.route("/jongeren/<int:youth_id>/big5/mijn-score", methods=["GET", "POST"])
@form_view
@login_required
def self_assess(youth_id: int) -> str | Response:
    """The young person scores themself on a phone: one domain per screen, then a summary.

    Answers of the other steps travel along as hidden fields, so nothing is stored before the
    last step and the flow works without JavaScript.
    """
    youth = load_youth(youth_id, SELF_ASSESS_BIG5)
    domain_set = _domain_set(youth)
    proposal = _proposal(youth, domain_set)
    proposal_key = plan_service.evidence_domain(domain_set)
    form = assessment_form(
        domain_set, with_date=False, proposal_key=proposal_key, youth_words=True
    )()
    count = len(domain_set.domains)
    step = 0
    if request.method == "POST":
        step = max(0, min(request.form.get("step", 0, type=int), count))
        go = request.form.get("go", "next")
        csrf_ok = form.csrf_token.validate(form) if hasattr(form, "csrf_token") else True
        if go.startswith("goto-") and go[5:].isdigit():
            step = min(int(go[5:]), count)
        elif go == "back":
            step = max(step - 1, 0)
        elif go == "next" and step < count:
            key = domain_set.domains[step].key
            if csrf_ok and all(f.validate(form) for f in form.fields_of(key)):
                step += 1
        elif go == "save" and form.validate():
            try:
                created = assessment_service.record_assessment(
                    _db(),
                    youth,
                    domain_set,
                    Perspective.YOUTH,
                    today(),
                    _scores_from(form, domain_set),
                    assessor=current_user,
                    assessor_role="youth",
                    today=today(),
                    note=form["note"].data,
                    proposal=_proposal_input(proposal, domain_set),
                )
            except Big5Error as error:
                _apply_error(form, error)
                if error.field in domain_set.keys:
                    step = domain_set.keys.index(error.field)
            else:
                record("create", "big5_assessment", created.id, youth_id=youth.id)
                flash(_("Dank je! Je score is opgeslagen."), "success")
                return redirect(url_for("big5.overview", youth_id=youth.id))
        elif go == "save":
            # Send the young person to the first screen with a problem.
            for index, key in enumerate(domain_set.keys):
                if any(f.errors for f in form.fields_of(key)):
                    step = index
                    break
    return render_template(
        "big5/self_assess.html",
        youth=youth,
        form=form,
        domain_set=domain_set,
        step=step,
        count=count,
        current=domain_set.domains[step] if step < count else None,
        proposal=proposal,
        proposal_key=proposal_key,
        reason=lambda r: texts.reason(r, domain_set),
    )


# --- Actions --------------------------------------------------------------------------------


def _action_form(
    domain_set: domain_sets.DomainSetView, *, obj: Big5Action | None = None
) -> ActionForm:
    form = ActionForm(obj=obj if request.method == "GET" else None)
    keys = [(d.key, d.name) for d in domain_set.domains]
    if obj is not None and domain_set.get(obj.domain_key) is None:
        keys.append((obj.domain_key, obj.domain_key))
    form.domain_key.choices = choices(keys)
    return form


def _action_input(form: ActionForm) -> action_service.ActionInput:
    return action_service.ActionInput(
        domain_key=form.domain_key.data or "",
        what=form.what.data or "",
        owner_kind=ActionOwner(form.owner_kind.data),
        owner_name=form.owner_name.data,
        due_on=form.due_on.data,
        status=ActionStatus(form.status.data),
        note=form.note.data,
    )


def _action_error(form: ActionForm, error: Big5Error) -> None:
    target = form._fields.get(error.field or "")
    if target is None or error.field == "version":
        form.add_error(texts.error(error.code))
    else:
        target.errors = [*target.errors, texts.error(error.code)]


@bp.route("/jongeren/<int:youth_id>/big5/acties/nieuw", methods=["GET", "POST"])
@form_view
@login_required
def new_action(youth_id: int) -> str | Response:
    youth = load_youth(youth_id, EDIT_BIG5)
    domain_set = _domain_set(youth)
    form = _action_form(domain_set)
    day = today()
    if request.method == "GET":
        # Prefilled from a milestone or a flagged domain ("make this an action").
        wanted = request.args.get("domein", "")
        if domain_set.get(wanted):
            form.domain_key.data = wanted
        form.what.data = (request.args.get("wat") or "")[:300] or None
        due = request.args.get("datum", "")
        try:
            form.due_on.data = (
                max(date.fromisoformat(due), day) if due else day + timedelta(days=28)
            )
        except ValueError:
            form.due_on.data = day + timedelta(days=28)
    if form.validate_on_submit():
        try:
            created = action_service.create_action(
                _db(),
                youth,
                domain_set,
                _action_input(form),
                created_by=current_user,
                today=day,
            )
        except Big5Error as error:
            _action_error(form, error)
        else:
            record("create", "big5_action", created.id, youth_id=youth.id)
            flash(_("De actie is toegevoegd."), "success")
            return redirect(
                url_for("big5.overview", youth_id=youth.id, _anchor=f"domein-{created.domain_key}")
            )
    return render_template(
        "big5/action_form.html", youth=youth, form=form, action=None, stale=False
    )


@bp.route("/jongeren/<int:youth_id>/big5/acties/<int:action_id>", methods=["GET", "POST"])
@form_view
@login_required
def edit_action(youth_id: int, action_id: int) -> str | Response:
    action = load_owned(Big5Action, action_id, EDIT_BIG5, youth_id=youth_id)
    youth = db.session.get(Youth, youth_id)
    assert youth is not None
    domain_set = _domain_set(youth)
    form = _action_form(domain_set, obj=action)
    stale = False
    if form.validate_on_submit():
        try:
            expected = int(form.version.data or 0)
        except ValueError:
            expected = 0
        try:
            action_service.update_action(
                _db(),
                action,
                domain_set,
                _action_input(form),
                expected_version=expected,
                today=today(),
            )
        except Big5Error as error:
            stale = error.code == "stale"
            _action_error(form, error)
        else:
            flash(_("De actie is opgeslagen."), "success")
            return redirect(
                url_for("big5.overview", youth_id=youth.id, _anchor=f"domein-{action.domain_key}")
            )
    if request.method == "GET" or stale:
        form.version.data = str(action.version)
    return render_template(
        "big5/action_form.html", youth=youth, form=form, action=action, stale=stale
    )


@bp.route("/jongeren/<int:youth_id>/big5/acties/<int:action_id>/status", methods=["POST"])
@login_required
def action_status(youth_id: int, action_id: int) -> Response:
    action = load_owned(Big5Action, action_id, EDIT_BIG5, youth_id=youth_id)
    wanted = request.form.get("status", "")
    if wanted not in {s.value for s in ActionStatus}:
        flash(texts.error("invalid"), "error")
        return redirect(url_for("big5.overview", youth_id=youth_id))
    try:
        action_service.set_status(
            _db(),
            action,
            ActionStatus(wanted),
            expected_version=request.form.get("version", type=int),
            today=today(),
        )
    except Big5Error as error:
        flash(texts.error(error.code), "error")
    else:
        flash(_("De actie staat nu op: %(status)s.", status=texts.action_status(wanted)), "success")
    return redirect(
        url_for("big5.overview", youth_id=youth_id, _anchor=f"domein-{action.domain_key}")
    )


# --- The coach's dashboard ------------------------------------------------------------------


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    value = request.args.get(name, default, type=int)
    if value is None:
        return default
    return max(low, min(value, high))


def parse_filters(args: Any) -> dashboard.Filters:
    """Filters from query parameters; anything unknown falls back to the default, never a 500."""

    def pick(enum_cls: Any, raw: str | None, default: Any) -> Any:
        try:
            return enum_cls(raw) if raw else default
        except ValueError:
            return default

    min_age = _int_arg("van", dashboard.DEFAULT_MIN_AGE, dashboard.MIN_AGE, dashboard.MAX_AGE)
    max_age = _int_arg("tot", dashboard.DEFAULT_MAX_AGE, dashboard.MIN_AGE, dashboard.MAX_AGE)
    team = args.get("team", type=int)
    domain = (args.get("domein") or "").strip()[:40] or None
    return dashboard.Filters(
        scope=pick(dashboard.Scope, args.get("bereik"), dashboard.Scope.MINE),
        domain=domain,
        level=pick(dashboard.LevelFilter, args.get("niveau"), dashboard.LevelFilter.BELOW),
        team_user_id=team if team and team > 0 else None,
        status=pick(readiness.ReadinessStatus, args.get("status"), None),
        stale=args.get("stil") == "1",
        min_age=min(min_age, max_age),
        max_age=max(min_age, max_age),
        sort=pick(dashboard.Sort, args.get("sorteer"), dashboard.Sort.COUNTDOWN),
    )


@bp.route("/big5/dashboard")
@login_required
def dashboard_page() -> str:
    if not dashboard.may_use(current_user):
        abort(404)
    filters = parse_filters(request.args)
    day = today()
    page_number = _int_arg("page", 1, 1, 100000)
    page = dashboard.load_page(
        _db(), current_user, filters, day, page=page_number, locale=_locale(), clamp=True
    )
    admin_orgs = dashboard.admin_organisations(current_user)
    record(
        "list",
        "big5_dashboard",
        None,
        actor_role="org_admin" if page.scope == dashboard.Scope.ORGANISATION else None,
        organisation_id=min(admin_orgs) if page.scope == dashboard.Scope.ORGANISATION else None,
        shown=[row.youth_id for row in page.rows],
    )
    heat = charts.heat_map(
        [(c.key, c.name) for c in page.columns],
        [
            charts.HeatRow(
                label=row.full_name,
                href=url_for("big5.overview", youth_id=row.youth_id),
                levels={k: c.level for k, c in row.cells.items()},
                gaps=frozenset(k for k, c in row.cells.items() if c.gap),
                flag="!" if row.status == readiness.ReadinessStatus.NOT_READY else "",
            )
            for row in page.rows
        ],
        title=_("Warmtekaart van de jongeren op deze pagina"),
        description=_(
            "Per jongere (rij) en domein (kolom) het niveau van de professional: rood is 1, groen is 5, "
            "grijs is nog niet gescoord. Een dikke rand en ≠ betekent: de jongere ziet het heel anders."
        ),
        gap_label=_("≠ = groot verschil tussen jongere en professional · ! = nog niet klaar"),
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template(
        "big5/dashboard.html",
        page=page,
        filters=filters,
        heat=heat,
        args=args,
        is_admin=bool(admin_orgs),
        today=day,
        Scope=dashboard.Scope,
        Sort=dashboard.Sort,
        LevelFilter=dashboard.LevelFilter,
        ReadinessStatus=readiness.ReadinessStatus,
        levels=scale.LEVELS_DOWN,
    )


# --- Domain sets ----------------------------------------------------------------------------


def _admin_consortia() -> list[Consortium]:
    ids = dashboard.admin_organisations(current_user)
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Consortium)
            .join(Organisation, Organisation.consortium_id == Consortium.id)
            .where(Organisation.id.in_(sorted(ids)))
            .distinct()
            .order_by(Consortium.name)
        )
    )


@bp.route("/big5/domeinen")
@login_required
def domain_set_list() -> str:
    if not current_user.is_staff:
        abort(404)
    sets = [domain_sets.view(s, _locale()) for s in domain_sets.all_sets(_db())]
    return render_template("big5/domain_sets.html", sets=sets, levels=scale.LEVELS_DOWN)


@bp.route("/big5/instellingen", methods=["GET", "POST"])
@form_view
@login_required
def settings() -> str | Response:
    consortia = _admin_consortia()
    if not consortia:
        abort(404)
    sets = domain_sets.all_sets(_db())
    form = DomainSetForm()
    form.consortium_id.choices = choices((c.id, c.name) for c in consortia)
    form.domain_set_id.choices = choices(
        (s.id, s.name_en if _locale() == "en" else s.name_nl) for s in sets
    )
    current = {c.id: domain_sets.set_for_consortium(_db(), c.id) for c in consortia}
    if request.method == "GET":
        first = consortia[0]
        form.consortium_id.data = first.id
        form.domain_set_id.data = current[first.id].id
    if form.validate_on_submit():
        consortium_id, set_id = form.consortium_id.data, form.domain_set_id.data
        domain_sets.choose_set(_db(), consortium_id, set_id, current_user.id)
        youth_ids = list(
            db.session.scalars(
                select(Youth.id)
                .join(Organisation, Organisation.id == Youth.organisation_id)
                .where(Organisation.consortium_id == consortium_id)
            )
        )
        readiness.refresh_many(_db(), youth_ids)
        record("choose_domain_set", "big5_consortium_setting", consortium_id)
        flash(
            _("De domeinen zijn gekozen. De stand van alle jongeren is opnieuw berekend."),
            "success",
        )
        return redirect(url_for("big5.settings"))
    return render_template(
        "big5/settings.html",
        form=form,
        consortia=consortia,
        current={cid: domain_sets.view(s, _locale()) for cid, s in current.items()},
        sets=[domain_sets.view(s, _locale()) for s in sets],
    )
