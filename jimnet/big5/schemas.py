"""BIG5's API resources (marshmallow): the plan, an assessment with its scores, an action, the
domain sets and the transition dashboard. See docs/api.md."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from jimnet.api.common import (
    ApiSchema,
    Date,
    Delegate,
    Id,
    PatchSchema,
    Text,
    Version,
    enum_field,
)
from jimnet.big5 import dashboard, readiness, texts
from jimnet.big5.actions import is_overdue
from jimnet.big5.models import ActionOwner, ActionStatus, Big5Action, Big5Assessment, Perspective
from jimnet.big5.plan import Plan
from jimnet.clock import today
from jimnet.paging import MAX_ID

NOTE_MAX = 2000
DOMAIN_KEY_MAX = 40


def Level(**kwargs: Any) -> fields.Integer:
    """A level on the anchored scale, 1–5; null is "I don't know"."""
    return fields.Integer(
        strict=True, validate=validate.Range(min=1, max=5), allow_none=True, **kwargs
    )


class ScoreSchema(ApiSchema):
    """One domain's score in an assessment."""

    domain = fields.String(
        attribute="domain_key", required=True, validate=validate.Length(max=DOMAIN_KEY_MAX)
    )
    level = Level(required=True, metadata={"description": "1–5, or null for 'I don't know'"})
    note = Text(NOTE_MAX, allow_none=True)
    proposed_level = Level(dump_only=True)
    proposal_reason = fields.String(dump_only=True, allow_none=True)
    overrule_reason = Text(NOTE_MAX, allow_none=True)


class AssessmentSchema(ApiSchema):
    """An assessment from one perspective. On creation, ``perspective`` follows from who calls
    (care team: professional; the young person: youth; JIM: jim) and ``assessed_on`` defaults
    to today (not in the future, not before birth)."""

    id = Id(dump_only=True)
    perspective = enum_field(Perspective)
    assessed_on = Date()
    assessor_name = fields.String(dump_only=True)
    assessor_role = fields.String(dump_only=True)
    note = Text(NOTE_MAX, allow_none=True)
    scores = fields.List(
        fields.Nested(ScoreSchema), required=True, validate=validate.Length(min=1, max=50)
    )


class ActionSchema(ApiSchema):
    """An action in one domain: what, who, by when."""

    id = Id(dump_only=True)
    domain = fields.String(
        attribute="domain_key", required=True, validate=validate.Length(max=DOMAIN_KEY_MAX)
    )
    what = Text(300, min_length=1, required=True)
    owner_kind = enum_field(ActionOwner, required=True)
    owner_name = Text(200, allow_none=True)
    owner = fields.Method("_owner", dump_only=True, metadata={"type": "string"})
    due_on = Date(required=True)
    status = enum_field(ActionStatus)
    done_on = Date(dump_only=True, allow_none=True)
    note = Text(NOTE_MAX, allow_none=True)
    overdue = fields.Method("_overdue", dump_only=True, metadata={"type": "boolean"})
    version = Version(dump_only=True)

    def _owner(self, action: Big5Action) -> str:
        return texts.owner(action.owner_kind, action.owner_name)

    def _overdue(self, action: Big5Action) -> bool:
        return is_overdue(action, today())


class ActionPatchSchema(PatchSchema, ActionSchema):
    """A change to an action: the fields that change, and the version you read."""

    version = Version(required=True)


class DomainSchema(ApiSchema):
    key = fields.String(required=True)
    name = fields.String(required=True)
    description = fields.String()
    sub_items = fields.List(fields.String())
    levels = fields.Dict(keys=fields.String(), values=fields.String())
    evidence = fields.String(allow_none=True)


class DomainSetSchema(ApiSchema):
    """A set of domains with the descriptor of every level."""

    key = fields.String(required=True)
    version = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String()
    domains = fields.List(fields.Nested(DomainSchema), required=True)


class DomainSetListSchema(ApiSchema):
    items = fields.List(fields.Nested(DomainSetSchema), required=True)
    levels = fields.Dict(keys=fields.String(), values=fields.String())


class MilestoneSchema(ApiSchema):
    key = fields.String()
    on = Date()
    title = fields.String()
    text = fields.String()
    state = fields.String(validate=validate.OneOf(["upcoming", "soon", "reached"]))


class CountdownSchema(ApiSchema):
    date_of_birth = Date()
    turns_18_on = Date(required=True)
    half_year_on = Date()
    extended_until = Date()
    age = fields.Integer()
    days_to_18 = fields.Integer(required=True)
    months_to_18 = fields.Integer(required=True)
    phase = fields.String(required=True)
    milestones = fields.List(fields.Nested(MilestoneSchema), required=True)


class ReadinessSchema(ApiSchema):
    status = enum_field(readiness.ReadinessStatus, required=True)
    ready = fields.Boolean(required=True)
    explanation = fields.String()
    current_levels = fields.Dict(keys=fields.String(), values=Level())
    unassessed = fields.Integer()
    below = fields.Integer()
    plan_valid_until = Date(allow_none=True)
    unplanned_domains = fields.List(fields.String())


class LatestSchema(ApiSchema):
    level = Level()
    on = Date()


class PlanSchema(ApiSchema):
    """A young person's BIG5: assessments (newest first), actions, readiness and the countdown."""

    youth_id = Id(attribute="youth.id", required=True)
    domain_set = fields.Nested(DomainSetSchema, required=True)
    countdown = fields.Nested(CountdownSchema, required=True)
    readiness = fields.Nested(ReadinessSchema, required=True)
    assessments = fields.List(fields.Nested(AssessmentSchema), required=True)
    latest = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.Nested(LatestSchema)),
        metadata={"description": "perspective → domain → the latest level and its date"},
    )
    gaps = fields.List(fields.String())
    actions = fields.List(fields.Nested(ActionSchema), required=True)


class DashboardArgsSchema(ApiSchema):
    """The dashboard's filters; a value out of range answers 400 ``bad-query``."""

    page = fields.Integer(validate=validate.Range(min=1, max=10**6), load_default=1)
    per_page = fields.Integer(
        validate=validate.Range(min=1, max=dashboard.MAX_PER_PAGE),
        load_default=dashboard.DEFAULT_PER_PAGE,
    )
    scope = enum_field(dashboard.Scope, load_default=dashboard.Scope.MINE.value)
    domain = fields.String(validate=validate.Length(max=DOMAIN_KEY_MAX))
    level = enum_field(dashboard.LevelFilter, load_default=dashboard.LevelFilter.BELOW.value)
    team = fields.Integer(
        validate=validate.Range(min=1, max=MAX_ID),
        metadata={"description": "A colleague on the care team"},
    )
    status = enum_field(readiness.ReadinessStatus)
    stale = fields.Boolean(
        truthy={"true", "1"},
        falsy={"false", "0"},
        load_default=False,
        metadata={"description": "Only who had no assessment for 3 months"},
    )
    min_age = fields.Integer(
        validate=validate.Range(min=dashboard.MIN_AGE, max=dashboard.MAX_AGE),
        load_default=dashboard.DEFAULT_MIN_AGE,
    )
    max_age = fields.Integer(
        validate=validate.Range(min=dashboard.MIN_AGE, max=dashboard.MAX_AGE),
        load_default=dashboard.DEFAULT_MAX_AGE,
    )
    sort = enum_field(dashboard.Sort, load_default=dashboard.Sort.COUNTDOWN.value)

    class Meta:
        unknown = ma.EXCLUDE

    @ma.validates_schema
    def _ages_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("min_age", 0) > data.get("max_age", 99):
            raise ma.ValidationError("must not be above max_age", "min_age")


class DashboardRowSchema(ApiSchema):
    youth_id = Id(required=True)
    first_name = fields.String()
    last_name = fields.String()
    date_of_birth = Date()
    turns_18_on = Date(required=True)
    months_to_18 = fields.Integer(required=True)
    age = fields.Integer()
    readiness = enum_field(readiness.ReadinessStatus, attribute="status", required=True)
    last_assessed_on = Date(allow_none=True)
    no_recent_assessment = fields.Boolean(attribute="stale")
    open_actions = fields.Integer()
    overdue = fields.Boolean()
    gaps = fields.Integer()
    domains_without_action = fields.Integer(attribute="unplanned")
    levels = fields.Dict(keys=fields.String(), values=Level(), required=True)


class ColumnSchema(ApiSchema):
    key = fields.String()
    name = fields.String()


class DashboardSchema(ApiSchema):
    """The transition dashboard: the caller's case load (or an org admin's organisation)."""

    items = fields.List(fields.Nested(DashboardRowSchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    scope = enum_field(dashboard.Scope)
    domains = fields.List(fields.Nested(ColumnSchema))
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.Integer()),
        metadata={"description": "domain → level (or 'unknown') → young people"},
    )
    status_counts = fields.Dict(keys=fields.String(), values=fields.Integer())


# --- read models ------------------------------------------------------------------------------


def assessment(item: Big5Assessment, *, with_reasons: bool) -> Delegate:
    """An assessment; the reason behind a proposed level only for who may see the network."""
    scores = [s if with_reasons else Delegate(s, proposal_reason=None) for s in item.scores]
    return Delegate(item, scores=scores)


def plan(data: Plan, *, with_reasons: bool) -> Delegate:
    return Delegate(
        data,
        readiness=Delegate(
            data.facts,
            status=data.status,
            ready=readiness.is_ready(data.status),
            explanation=texts.readiness_explained(data.status),
            current_levels=data.current,
            unplanned_domains=list(data.facts.unplanned),
        ),
        assessments=[assessment(a, with_reasons=with_reasons) for a in reversed(data.history)],
    )


def dashboard_page(page: dashboard.Page) -> dict[str, Any]:
    return {
        "items": [
            Delegate(
                row,
                levels={
                    c.key: (row.cells[c.key].level if c.key in row.cells else None)
                    for c in page.columns
                },
            )
            for row in page.rows
        ],
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "scope": page.scope,
        "domains": page.columns,
        "counts": {
            key: {
                ("unknown" if level is None else str(level)): n
                for level, n in sorted(by_level.items(), key=lambda kv: kv[0] or 0)
            }
            for key, by_level in page.counts.items()
        },
        "status_counts": {s.value: n for s, n in page.status_counts.items()},
    }
