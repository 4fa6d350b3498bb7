"""BIG5's JSON API: a young person's plan (assessments, actions, readiness, countdown), new
assessments and actions, and the paged transition dashboard. Errors are problem details."""

from __future__ import annotations

from typing import Any, cast

from flask import Response, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.orm import Session

from jimnet.access import authorize, load_owned, load_youth, may, record
from jimnet.accounts.roles import StaffRole
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.problems import conflict, problem
from jimnet.big5 import actions as action_service
from jimnet.big5 import assessments as assessment_service
from jimnet.big5 import dashboard, readiness, scale, schemas, texts
from jimnet.big5 import domains as domain_sets
from jimnet.big5.assessments import Big5Error, ScoreInput
from jimnet.big5.models import ActionOwner, ActionStatus, Big5Action, Perspective
from jimnet.big5.permissions import EDIT_BIG5, JIM_ASSESS_BIG5, SELF_ASSESS_BIG5, VIEW_BIG5
from jimnet.big5.plan import build_plan, evidence_domain, proposal_input, support_proposal
from jimnet.big5.views import VIEW_NETWORK
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.youth.models import Youth

# BIG5 has its own door (below), asked for the BIG5 view action.
bp = ApiBlueprint("big5_api", __name__, door=None, description="BIG5: readiness toward 18")
TAGS = ["big5"]


@bp.before_request
def _door_first() -> None:
    """Refuse a young person the caller may not see before a body is even looked at, so that a
    stranger learns nothing from a validation error."""
    youth_id = (request.view_args or {}).get("youth_id")
    if youth_id is None or not current_user.is_authenticated:
        return
    youth = db.session.get(Youth, youth_id)
    if youth is None or not may(youth, VIEW_BIG5):
        load_youth(youth_id, VIEW_BIG5)  # logs the refusal and answers 404


def _db() -> Session:
    """The request's session, typed as the plain Session the services take."""
    return cast(Session, db.session)


def _locale() -> str:
    return str(get_locale() or "nl")


def _big5_problem(error: Big5Error, pointer: str | None = None, current: Any = None) -> Response:
    detail = texts.error(error.code)
    if error.code == "stale":
        return conflict(detail, current)
    return problem(
        422,
        detail,
        type_=f"big5-{error.code.replace('_', '-')}",
        errors=[{"pointer": pointer or f"/{error.field or ''}", "detail": detail}],
    )


# --- Routes ---------------------------------------------------------------------------------


@bp.route("/youth/<int:youth_id>/big5", tags=TAGS)
@bp.response(200, schemas.PlanSchema)
def get_big5(youth_id: int) -> Any:
    """A young person's BIG5: assessments, actions, readiness and the countdown to 18"""
    youth = load_youth(youth_id, VIEW_BIG5)
    plan = build_plan(_db(), youth, today(), _locale())
    return schemas.plan(plan, with_reasons=may(youth, VIEW_NETWORK))


def _perspective_for(youth: Youth) -> tuple[Perspective, str]:
    if may(youth, EDIT_BIG5):
        authorize(youth, EDIT_BIG5, "big5_assessment")
        coach = (
            StaffRole.COACH in current_user.staff_roles
            and StaffRole.PROFESSIONAL not in current_user.staff_roles
        )
        return (
            Perspective.PROFESSIONAL,
            StaffRole.COACH.value if coach else StaffRole.PROFESSIONAL.value,
        )
    if may(youth, SELF_ASSESS_BIG5):
        authorize(youth, SELF_ASSESS_BIG5, "big5_assessment")
        return Perspective.YOUTH, "youth"
    if may(youth, JIM_ASSESS_BIG5):
        authorize(youth, JIM_ASSESS_BIG5, "big5_assessment")
        return Perspective.JIM, "jim"
    authorize(youth, EDIT_BIG5, "big5_assessment")  # logs the refusal and answers 404
    raise AssertionError("unreachable")


@bp.route("/youth/<int:youth_id>/big5/assessments", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.AssessmentSchema)
@bp.response(201, schemas.AssessmentSchema)
def post_assessment(body: dict[str, Any], youth_id: int) -> Any:
    """Add an assessment from the caller's own perspective"""
    youth = db.session.get(Youth, youth_id)
    assert youth is not None  # the door ran before
    perspective, role = _perspective_for(youth)
    if body.get("perspective") and body["perspective"] != perspective.value:
        return problem(
            422,
            texts.error("wrong_perspective"),
            type_="big5-wrong-perspective",
            errors=[{"pointer": "/perspective", "detail": f"You score as {perspective.value}."}],
        )
    day = today()
    assessed_on = body.get("assessed_on") or day
    domain_set = domain_sets.view(domain_sets.set_for_youth(_db(), youth), _locale())
    scores = [
        ScoreInput(s["domain_key"], s["level"], s.get("note"), s.get("overrule_reason"))
        for s in body["scores"]
    ]
    proposal = (
        support_proposal(_db(), youth, domain_set)
        if any(s.domain_key == evidence_domain(domain_set) for s in scores)
        else None
    )
    try:
        created = assessment_service.record_assessment(
            _db(),
            youth,
            domain_set,
            perspective,
            assessed_on,
            scores,
            assessor=current_user,
            assessor_role=role,
            today=day,
            note=body.get("note"),
            proposal=proposal_input(
                proposal, domain_set, texts.proposal_text(proposal, domain_set) if proposal else ""
            ),
        )
    except Big5Error as error:
        index = next((i for i, s in enumerate(scores) if s.domain_key == error.field), None)
        pointer = (
            f"/scores/{index}"
            if index is not None
            else (f"/{error.field}" if error.field else "/scores")
        )
        return _big5_problem(error, pointer)
    record("create", "big5_assessment", created.id, youth_id=youth.id)
    loaded = assessment_service.get(_db(), created.id)
    assert loaded is not None
    return schemas.assessment(loaded, with_reasons=may(youth, VIEW_NETWORK))


def _action_input(body: dict[str, Any], base: Big5Action | None) -> action_service.ActionInput:
    """The service's input: the body over the stored action (a PATCH sends only changes)."""

    def value(name: str) -> Any:
        if name in body:
            return body[name]
        return getattr(base, name) if base is not None else None

    return action_service.ActionInput(
        domain_key=value("domain_key"),
        what=value("what"),
        owner_kind=ActionOwner(value("owner_kind")),
        owner_name=value("owner_name"),
        due_on=value("due_on"),
        status=ActionStatus(value("status") or ActionStatus.OPEN),
        note=value("note"),
    )


_POINTERS = {"domain_key": "/domain"}


@bp.route("/youth/<int:youth_id>/big5/actions", methods=["POST"], tags=TAGS)
@bp.arguments(schemas.ActionSchema)
@bp.response(201, schemas.ActionSchema)
def post_action(body: dict[str, Any], youth_id: int) -> Any:
    """Add an action in one domain"""
    youth = load_youth(youth_id, EDIT_BIG5)
    domain_set = domain_sets.view(domain_sets.set_for_youth(_db(), youth), _locale())
    try:
        created = action_service.create_action(
            _db(),
            youth,
            domain_set,
            _action_input(body, None),
            created_by=current_user,
            today=today(),
        )
    except Big5Error as error:
        return _big5_problem(error, _POINTERS.get(error.field or "", f"/{error.field}"))
    record("create", "big5_action", created.id, youth_id=youth.id)
    return created


@bp.route("/youth/<int:youth_id>/big5/actions/<int:action_id>", methods=["PATCH"], tags=TAGS)
@bp.arguments(schemas.ActionPatchSchema)
@bp.response(200, schemas.ActionSchema)
def patch_action(body: dict[str, Any], youth_id: int, action_id: int) -> Any:
    """Change an action (send the version you read; a stale version answers 409 with the action
    as it is now)"""
    action = load_owned(Big5Action, action_id, EDIT_BIG5, youth_id=youth_id)
    youth = db.session.get(Youth, youth_id)
    assert youth is not None
    domain_set = domain_sets.view(domain_sets.set_for_youth(_db(), youth), _locale())
    try:
        action_service.update_action(
            _db(),
            action,
            domain_set,
            _action_input(body, action),
            expected_version=body["version"],
            today=today(),
        )
    except Big5Error as error:
        current = schemas.ActionSchema().dump(action) if error.code == "stale" else None
        return _big5_problem(error, _POINTERS.get(error.field or "", f"/{error.field}"), current)
    return action


@bp.route("/dashboard/transition", tags=TAGS)
@bp.arguments(schemas.DashboardArgsSchema, location="query")
@bp.response(200, schemas.DashboardSchema)
def get_transition_dashboard(args: dict[str, Any]) -> Any:
    """The transition dashboard: the caller's case load (or an org admin's organisation) toward
    18"""
    if not dashboard.may_use(current_user):
        return problem(
            404, "The transition dashboard is for professionals, coaches and org admins."
        )
    filters = dashboard.Filters(
        scope=dashboard.Scope(args["scope"]),
        domain=args.get("domain") or None,
        level=dashboard.LevelFilter(args["level"]),
        team_user_id=args.get("team"),
        status=readiness.ReadinessStatus(args["status"]) if args.get("status") else None,
        stale=args["stale"],
        min_age=args["min_age"],
        max_age=args["max_age"],
        sort=dashboard.Sort(args["sort"]),
    )
    page = dashboard.load_page(
        _db(),
        current_user,
        filters,
        today(),
        page=args["page"],
        per_page=args["per_page"],
        locale=_locale(),
    )
    admin_orgs = dashboard.admin_organisations(current_user)
    record(
        "list",
        "big5_dashboard",
        None,
        actor_role="org_admin" if page.scope == dashboard.Scope.ORGANISATION else None,
        organisation_id=min(admin_orgs) if page.scope == dashboard.Scope.ORGANISATION else None,
    )
    return schemas.dashboard_page(page)


@bp.route("/big5/domain-sets", tags=TAGS)
@bp.response(200, schemas.DomainSetListSchema)
def get_domain_sets() -> Any:
    """The domain sets a consortium can choose from, with the descriptor of every level"""
    return {
        "items": [domain_sets.view(s, _locale()) for s in domain_sets.all_sets(_db())],
        "levels": {str(k): scale.label(k) for k in scale.LEVELS_DOWN},
    }
