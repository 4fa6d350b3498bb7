"""BIG5's JSON API: a young person's plan (assessments, actions, readiness, countdown), new
assessments and actions, and the paged transition dashboard. Errors are problem details."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from flask import Blueprint, Response, jsonify, request
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy.orm import Session

from jimnet.access import authorize, load_owned, load_youth, may, record
from jimnet.accounts.roles import StaffRole
from jimnet.api.openapi import api_route, schema
from jimnet.api.problems import problem
from jimnet.big5 import actions as action_service
from jimnet.big5 import assessments as assessment_service
from jimnet.big5 import dashboard, readiness, scale, texts
from jimnet.big5 import domains as domain_sets
from jimnet.big5.assessments import Big5Error, ScoreInput
from jimnet.big5.models import ActionOwner, ActionStatus, Big5Action, Big5Assessment, Perspective
from jimnet.big5.permissions import EDIT_BIG5, JIM_ASSESS_BIG5, SELF_ASSESS_BIG5, VIEW_BIG5
from jimnet.big5.plan import Plan, build_plan, evidence_domain, proposal_input, support_proposal
from jimnet.big5.views import VIEW_NETWORK
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.youth.models import Youth

bp = Blueprint("big5_api", __name__, url_prefix="/api/v1")
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


# --- Schemas --------------------------------------------------------------------------------

LEVEL = {"type": ["integer", "null"], "minimum": 1, "maximum": 5}
DATE = {"type": "string", "format": "date"}

SCORE = schema(
    "Big5Score",
    {
        "type": "object",
        "properties": {
            "domain": {"type": "string"},
            "level": LEVEL,
            "note": {"type": ["string", "null"]},
            "proposed_level": LEVEL,
            "proposal_reason": {"type": ["string", "null"]},
            "overrule_reason": {"type": ["string", "null"]},
        },
        "required": ["domain", "level"],
    },
)
ASSESSMENT = schema(
    "Big5Assessment",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "perspective": {"enum": [p.value for p in Perspective]},
            "assessed_on": DATE,
            "assessor_name": {"type": "string"},
            "assessor_role": {"type": "string"},
            "note": {"type": ["string", "null"]},
            "scores": {"type": "array", "items": SCORE},
        },
        "required": ["id", "perspective", "assessed_on", "scores"],
    },
)
ACTION = schema(
    "Big5Action",
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "domain": {"type": "string"},
            "what": {"type": "string"},
            "owner_kind": {"enum": [o.value for o in ActionOwner]},
            "owner_name": {"type": ["string", "null"]},
            "owner": {"type": "string"},
            "due_on": DATE,
            "status": {"enum": [s.value for s in ActionStatus]},
            "done_on": {"type": ["string", "null"], "format": "date"},
            "note": {"type": ["string", "null"]},
            "overdue": {"type": "boolean"},
            "version": {"type": "integer"},
        },
        "required": [
            "id",
            "domain",
            "what",
            "owner_kind",
            "due_on",
            "status",
            "overdue",
            "version",
        ],
    },
)
DOMAIN_SET = schema(
    "Big5DomainSet",
    {
        "type": "object",
        "properties": {
            "key": {"type": "string"},
            "version": {"type": "integer"},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "domains": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "name": {"type": "string"},
                        "description": {"type": "string"},
                        "sub_items": {"type": "array", "items": {"type": "string"}},
                        "levels": {"type": "object", "additionalProperties": {"type": "string"}},
                        "evidence": {"type": ["string", "null"]},
                    },
                },
            },
        },
        "required": ["key", "version", "name", "domains"],
    },
)
COUNTDOWN = schema(
    "Big5Countdown",
    {
        "type": "object",
        "properties": {
            "date_of_birth": DATE,
            "turns_18_on": DATE,
            "half_year_on": DATE,
            "extended_until": DATE,
            "age": {"type": "integer"},
            "days_to_18": {"type": "integer"},
            "months_to_18": {"type": "integer"},
            "phase": {"type": "string"},
            "milestones": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "on": DATE,
                        "title": {"type": "string"},
                        "text": {"type": "string"},
                        "state": {"enum": ["upcoming", "soon", "reached"]},
                    },
                },
            },
        },
        "required": ["turns_18_on", "days_to_18", "months_to_18", "phase", "milestones"],
    },
)
READINESS = schema(
    "Big5Readiness",
    {
        "type": "object",
        "properties": {
            "status": {"enum": [s.value for s in readiness.ReadinessStatus]},
            "ready": {"type": "boolean"},
            "explanation": {"type": "string"},
            "current_levels": {"type": "object", "additionalProperties": LEVEL},
            "unassessed": {"type": "integer"},
            "below": {"type": "integer"},
            "plan_valid_until": {"type": ["string", "null"], "format": "date"},
            "unplanned_domains": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["status", "ready"],
    },
)
PLAN = schema(
    "Big5Plan",
    {
        "type": "object",
        "properties": {
            "youth_id": {"type": "integer"},
            "domain_set": DOMAIN_SET,
            "countdown": COUNTDOWN,
            "readiness": READINESS,
            "assessments": {"type": "array", "items": ASSESSMENT},
            "latest": {"type": "object"},
            "gaps": {"type": "array", "items": {"type": "string"}},
            "actions": {"type": "array", "items": ACTION},
        },
        "required": ["youth_id", "domain_set", "countdown", "readiness", "assessments", "actions"],
    },
)
NEW_ASSESSMENT = schema(
    "Big5NewAssessment",
    {
        "type": "object",
        "properties": {
            "assessed_on": {
                **DATE,
                "description": "Default: today. Not in the future, not before birth.",
            },
            "perspective": {
                "enum": [p.value for p in Perspective],
                "description": "Optional: follows from who calls (care team: professional; the young person: youth; JIM: jim).",
            },
            "note": {"type": ["string", "null"], "maxLength": 2000},
            "scores": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {
                        "domain": {"type": "string", "maxLength": 40},
                        "level": {**LEVEL, "description": "1–5, or null for 'I don't know'"},
                        "note": {"type": ["string", "null"], "maxLength": 2000},
                        "overrule_reason": {"type": ["string", "null"], "maxLength": 2000},
                    },
                    "required": ["domain", "level"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["scores"],
        "additionalProperties": False,
    },
)
_ACTION_FIELDS = {
    "domain": {"type": "string", "maxLength": 40},
    "what": {"type": "string", "minLength": 1, "maxLength": 300},
    "owner_kind": {"enum": [o.value for o in ActionOwner]},
    "owner_name": {"type": ["string", "null"], "maxLength": 200},
    "due_on": DATE,
    "status": {"enum": [s.value for s in ActionStatus]},
    "note": {"type": ["string", "null"], "maxLength": 2000},
}
NEW_ACTION = schema(
    "Big5NewAction",
    {
        "type": "object",
        "properties": _ACTION_FIELDS,
        "required": ["domain", "what", "owner_kind", "due_on"],
        "additionalProperties": False,
    },
)
ACTION_PATCH = schema(
    "Big5ActionPatch",
    {
        "type": "object",
        "properties": {
            **_ACTION_FIELDS,
            "version": {"type": "integer", "description": "The version you read"},
        },
        "required": ["version"],
        "additionalProperties": False,
    },
)
DASHBOARD_ROW = schema(
    "Big5DashboardRow",
    {
        "type": "object",
        "properties": {
            "youth_id": {"type": "integer"},
            "first_name": {"type": "string"},
            "last_name": {"type": "string"},
            "date_of_birth": DATE,
            "turns_18_on": DATE,
            "months_to_18": {"type": "integer"},
            "age": {"type": "integer"},
            "readiness": {"enum": [s.value for s in readiness.ReadinessStatus]},
            "last_assessed_on": {"type": ["string", "null"], "format": "date"},
            "no_recent_assessment": {"type": "boolean"},
            "open_actions": {"type": "integer"},
            "overdue": {"type": "boolean"},
            "gaps": {"type": "integer"},
            "domains_without_action": {"type": "integer"},
            "levels": {"type": "object", "additionalProperties": LEVEL},
        },
        "required": ["youth_id", "turns_18_on", "months_to_18", "readiness", "levels"],
    },
)
DASHBOARD = schema(
    "Big5Dashboard",
    {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": DASHBOARD_ROW},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
            "scope": {"enum": [s.value for s in dashboard.Scope]},
            "domains": {"type": "array", "items": {"type": "object"}},
            "counts": {"type": "object"},
            "status_counts": {"type": "object"},
        },
        "required": ["items", "page", "per_page", "total"],
    },
)


# --- Serialisers ----------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def assessment_json(assessment: Big5Assessment, *, with_reasons: bool) -> dict[str, Any]:
    return {
        "id": assessment.id,
        "perspective": assessment.perspective,
        "assessed_on": assessment.assessed_on.isoformat(),
        "assessor_name": assessment.assessor_name,
        "assessor_role": assessment.assessor_role,
        "note": assessment.note,
        "scores": [
            {
                "domain": s.domain_key,
                "level": s.level,
                "note": s.note,
                "proposed_level": s.proposed_level,
                "proposal_reason": s.proposal_reason if with_reasons else None,
                "overrule_reason": s.overrule_reason,
            }
            for s in assessment.scores
        ],
    }


def action_json(action: Big5Action, day: date) -> dict[str, Any]:
    return {
        "id": action.id,
        "domain": action.domain_key,
        "what": action.what,
        "owner_kind": action.owner_kind,
        "owner_name": action.owner_name,
        "owner": texts.owner(action.owner_kind, action.owner_name),
        "due_on": action.due_on.isoformat(),
        "status": action.status,
        "done_on": _iso(action.done_on),
        "note": action.note,
        "overdue": action_service.is_overdue(action, day),
        "version": action.version,
    }


def domain_set_json(domain_set: domain_sets.DomainSetView) -> dict[str, Any]:
    return {
        "key": domain_set.key,
        "version": domain_set.version,
        "name": domain_set.name,
        "description": domain_set.description,
        "domains": [
            {
                "key": d.key,
                "name": d.name,
                "description": d.description,
                "sub_items": list(d.sub_items),
                "levels": {str(k): v for k, v in sorted(d.levels.items())},
                "evidence": d.evidence,
            }
            for d in domain_set.domains
        ],
    }


def plan_json(plan: Plan, day: date, *, with_reasons: bool) -> dict[str, Any]:
    cd = plan.countdown
    return {
        "youth_id": plan.youth.id,
        "domain_set": domain_set_json(plan.domain_set),
        "countdown": {
            "date_of_birth": cd.date_of_birth.isoformat(),
            "turns_18_on": cd.turns_18_on.isoformat(),
            "half_year_on": cd.half_year_on.isoformat(),
            "extended_until": cd.extended_until.isoformat(),
            "age": cd.age,
            "days_to_18": cd.days_to_18,
            "months_to_18": cd.months_to_18,
            "phase": cd.phase.value,
            "milestones": [
                {
                    "key": m.key,
                    "on": m.on.isoformat(),
                    "title": str(m.title),
                    "text": str(m.text),
                    "state": m.state.value,
                }
                for m in cd.milestones
            ],
        },
        "readiness": {
            "status": plan.status.value,
            "ready": readiness.is_ready(plan.status),
            "explanation": texts.readiness_explained(plan.status),
            "current_levels": plan.current,
            "unassessed": plan.facts.unassessed,
            "below": plan.facts.below,
            "plan_valid_until": _iso(plan.facts.plan_valid_until),
            "unplanned_domains": list(plan.facts.unplanned),
        },
        "assessments": [
            assessment_json(a, with_reasons=with_reasons) for a in reversed(plan.history)
        ],
        "latest": {
            perspective: {
                k: {"level": v.level, "on": v.on.isoformat()} for k, v in by_domain.items()
            }
            for perspective, by_domain in plan.latest.items()
        },
        "gaps": plan.gaps,
        "actions": [action_json(a, day) for a in plan.actions],
    }


def _big5_problem(error: Big5Error, pointer: str | None = None) -> Response:
    status = 409 if error.code == "stale" else 422
    return problem(
        status,
        texts.error(error.code),
        type_=f"big5-{error.code.replace('_', '-')}",
        errors=[{"pointer": pointer or f"/{error.field or ''}", "detail": texts.error(error.code)}],
    )


def _parse_date(raw: Any, pointer: str) -> date | Response:
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        return problem(
            422,
            "Not a date (YYYY-MM-DD).",
            type_="validation",
            errors=[{"pointer": pointer, "detail": "Not a date (YYYY-MM-DD)."}],
        )


# --- Routes ---------------------------------------------------------------------------------


@api_route(
    bp,
    "/youth/<int:youth_id>/big5",
    "GET",
    "A young person's BIG5: assessments, actions, readiness and the countdown to 18",
    tags=TAGS,
    response_schema=PLAN,
)
def get_big5(youth_id: int) -> Any:
    youth = load_youth(youth_id, VIEW_BIG5)
    day = today()
    plan = build_plan(_db(), youth, day, _locale())
    return jsonify(plan_json(plan, day, with_reasons=may(youth, VIEW_NETWORK)))


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


@api_route(
    bp,
    "/youth/<int:youth_id>/big5/assessments",
    "POST",
    "Add an assessment from the caller's own perspective",
    tags=TAGS,
    request_schema=NEW_ASSESSMENT,
    response_schema=ASSESSMENT,
)
def post_assessment(youth_id: int, body: dict[str, Any]) -> Any:
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
    assessed_on = day
    if body.get("assessed_on"):
        parsed = _parse_date(body["assessed_on"], "/assessed_on")
        if isinstance(parsed, Response):
            return parsed
        assessed_on = parsed
    domain_set = domain_sets.view(domain_sets.set_for_youth(_db(), youth), _locale())
    scores = [
        ScoreInput(s["domain"], s["level"], s.get("note"), s.get("overrule_reason"))
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
    return jsonify(assessment_json(loaded, with_reasons=may(youth, VIEW_NETWORK))), 201


def _action_input(
    body: dict[str, Any], base: Big5Action | None
) -> action_service.ActionInput | Response:
    def value(name: str, attr: str) -> Any:
        if name in body:
            return body[name]
        return getattr(base, attr) if base is not None else None

    due_raw = value("due_on", "due_on")
    due = due_raw if isinstance(due_raw, date) else _parse_date(due_raw, "/due_on")
    if isinstance(due, Response):
        return due
    return action_service.ActionInput(
        domain_key=value("domain", "domain_key"),
        what=value("what", "what"),
        owner_kind=ActionOwner(value("owner_kind", "owner_kind")),
        owner_name=value("owner_name", "owner_name"),
        due_on=due,
        status=ActionStatus(value("status", "status") or ActionStatus.OPEN),
        note=value("note", "note"),
    )


_POINTERS = {"domain_key": "/domain"}


@api_route(
    bp,
    "/youth/<int:youth_id>/big5/actions",
    "POST",
    "Add an action in one domain",
    tags=TAGS,
    request_schema=NEW_ACTION,
    response_schema=ACTION,
)
def post_action(youth_id: int, body: dict[str, Any]) -> Any:
    youth = load_youth(youth_id, EDIT_BIG5)
    data = _action_input(body, None)
    if isinstance(data, Response):
        return data
    domain_set = domain_sets.view(domain_sets.set_for_youth(_db(), youth), _locale())
    day = today()
    try:
        created = action_service.create_action(
            _db(), youth, domain_set, data, created_by=current_user, today=day
        )
    except Big5Error as error:
        return _big5_problem(error, _POINTERS.get(error.field or "", f"/{error.field}"))
    record("create", "big5_action", created.id, youth_id=youth.id)
    return jsonify(action_json(created, day)), 201


@api_route(
    bp,
    "/youth/<int:youth_id>/big5/actions/<int:action_id>",
    "PATCH",
    "Change an action (send the version you read; a stale version answers 409)",
    tags=TAGS,
    request_schema=ACTION_PATCH,
    response_schema=ACTION,
    responses={"_ok": "200"},
)
def patch_action(youth_id: int, action_id: int, body: dict[str, Any]) -> Any:
    action = load_owned(Big5Action, action_id, EDIT_BIG5, youth_id=youth_id)
    youth = db.session.get(Youth, youth_id)
    assert youth is not None
    data = _action_input(body, action)
    if isinstance(data, Response):
        return data
    domain_set = domain_sets.view(domain_sets.set_for_youth(_db(), youth), _locale())
    day = today()
    try:
        action_service.update_action(
            _db(), action, domain_set, data, expected_version=body["version"], today=day
        )
    except Big5Error as error:
        return _big5_problem(error, _POINTERS.get(error.field or "", f"/{error.field}"))
    return jsonify(action_json(action, day))


_DASHBOARD_QUERY = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {
        "name": "per_page",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": dashboard.MAX_PER_PAGE},
    },
    {"name": "scope", "in": "query", "schema": {"enum": [s.value for s in dashboard.Scope]}},
    {"name": "domain", "in": "query", "schema": {"type": "string"}},
    {"name": "level", "in": "query", "schema": {"enum": [v.value for v in dashboard.LevelFilter]}},
    {
        "name": "team",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1},
        "description": "A colleague on the care team",
    },
    {
        "name": "status",
        "in": "query",
        "schema": {"enum": [s.value for s in readiness.ReadinessStatus]},
    },
    {
        "name": "stale",
        "in": "query",
        "schema": {"type": "boolean"},
        "description": "Only who had no assessment for 3 months",
    },
    {
        "name": "min_age",
        "in": "query",
        "schema": {"type": "integer", "minimum": dashboard.MIN_AGE, "maximum": dashboard.MAX_AGE},
    },
    {
        "name": "max_age",
        "in": "query",
        "schema": {"type": "integer", "minimum": dashboard.MIN_AGE, "maximum": dashboard.MAX_AGE},
    },
    {"name": "sort", "in": "query", "schema": {"enum": [s.value for s in dashboard.Sort]}},
]


def _query_problem(name: str, detail: str) -> Response:
    return problem(
        400,
        f"{name}: {detail}",
        type_="bad-query",
        errors=[{"pointer": f"?{name}", "detail": detail}],
    )


@api_route(
    bp,
    "/dashboard/transition",
    "GET",
    "The transition dashboard: the caller's case load (or an org admin's organisation) toward 18",
    tags=TAGS,
    response_schema=DASHBOARD,
    query=_DASHBOARD_QUERY,
)
def get_transition_dashboard() -> Any:
    if not dashboard.may_use(current_user):
        return problem(
            404, "The transition dashboard is for professionals, coaches and org admins."
        )
    args = request.args
    ints: dict[str, int] = {}
    for name, default, low, high in (
        ("page", 1, 1, 10**6),
        ("per_page", dashboard.DEFAULT_PER_PAGE, 1, dashboard.MAX_PER_PAGE),
        ("team", 0, 1, 2**31 - 1),
        ("min_age", dashboard.DEFAULT_MIN_AGE, dashboard.MIN_AGE, dashboard.MAX_AGE),
        ("max_age", dashboard.DEFAULT_MAX_AGE, dashboard.MIN_AGE, dashboard.MAX_AGE),
    ):
        raw = args.get(name)
        if raw is None or raw == "":
            ints[name] = default
            continue
        try:
            ints[name] = int(raw)
        except ValueError:
            return _query_problem(name, "not a whole number")
        if not low <= ints[name] <= high:
            return _query_problem(name, f"must be between {low} and {high}")
    if ints["min_age"] > ints["max_age"]:
        return _query_problem("min_age", "must not be above max_age")
    enums: dict[str, Any] = {}
    for name, enum_cls in (
        ("scope", dashboard.Scope),
        ("level", dashboard.LevelFilter),
        ("status", readiness.ReadinessStatus),
        ("sort", dashboard.Sort),
    ):
        raw = args.get(name)
        if raw:
            try:
                enums[name] = enum_cls(raw)
            except ValueError:
                return _query_problem(name, "one of " + ", ".join(m.value for m in enum_cls))
    stale_raw = (args.get("stale") or "false").lower()
    if stale_raw not in {"true", "false", "1", "0"}:
        return _query_problem("stale", "true or false")
    filters = dashboard.Filters(
        scope=enums.get("scope", dashboard.Scope.MINE),
        domain=(args.get("domain") or "")[:40] or None,
        level=enums.get("level", dashboard.LevelFilter.BELOW),
        team_user_id=ints["team"] or None,
        status=enums.get("status"),
        stale=stale_raw in {"true", "1"},
        min_age=ints["min_age"],
        max_age=ints["max_age"],
        sort=enums.get("sort", dashboard.Sort.COUNTDOWN),
    )
    day = today()
    page = dashboard.load_page(
        _db(),
        current_user,
        filters,
        day,
        page=ints["page"],
        per_page=ints["per_page"],
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
    return jsonify(
        {
            "items": [
                {
                    "youth_id": r.youth_id,
                    "first_name": r.first_name,
                    "last_name": r.last_name,
                    "date_of_birth": r.date_of_birth.isoformat(),
                    "turns_18_on": r.turns_18_on.isoformat(),
                    "months_to_18": r.months_to_18,
                    "age": r.age,
                    "readiness": r.status.value,
                    "last_assessed_on": _iso(r.last_assessed_on),
                    "no_recent_assessment": r.stale,
                    "open_actions": r.open_actions,
                    "overdue": r.overdue,
                    "gaps": r.gaps,
                    "domains_without_action": r.unplanned,
                    "levels": {
                        c.key: (r.cells[c.key].level if c.key in r.cells else None)
                        for c in page.columns
                    },
                }
                for r in page.rows
            ],
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "scope": page.scope.value,
            "domains": [{"key": c.key, "name": c.name} for c in page.columns],
            "counts": {
                key: {
                    ("unknown" if level is None else str(level)): n
                    for level, n in sorted(by_level.items(), key=lambda kv: kv[0] or 0)
                }
                for key, by_level in page.counts.items()
            },
            "status_counts": {s.value: n for s, n in page.status_counts.items()},
        }
    )


@api_route(
    bp,
    "/big5/domain-sets",
    "GET",
    "The domain sets a consortium can choose from, with the descriptor of every level",
    tags=TAGS,
    response_schema={
        "type": "object",
        "properties": {"items": {"type": "array", "items": DOMAIN_SET}},
    },
)
def get_domain_sets() -> Any:
    sets = domain_sets.all_sets(_db())
    return jsonify(
        {
            "items": [domain_set_json(domain_sets.view(s, _locale())) for s in sets],
            "levels": {str(k): scale.label(k) for k in scale.LEVELS_DOWN},
        }
    )
