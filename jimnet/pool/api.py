"""The pool's JSON API: volunteers and open proposals for the coordinator, a young person's
matches, and the steps of a match (docs/api.md; in the generated OpenAPI document, tag ``pool``).
"""

from __future__ import annotations

from typing import Any

from flask import Response, abort
from flask_login import current_user

from jimnet.access import authorize, may, record
from jimnet.access.log import Outcome as LogOutcome
from jimnet.access.policy import Action, decide
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.common import Delegate
from jimnet.api.problems import conflict, problem
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.organisations.scope import coordinated_organisations
from jimnet.pool import pages, services, workflow
from jimnet.pool.compatibility import band
from jimnet.pool.errors import PoolError
from jimnet.pool.models import EndReason, MentorMatch
from jimnet.pool.permissions import (
    ANSWER_MENTOR,
    COORDINATE_MENTOR,
    MENTOR_ROLE,
    REFER_MENTOR,
    VIEW_MENTOR,
)
from jimnet.pool.schemas import (
    MatchListSchema,
    MatchSchema,
    MentorPageSchema,
    StepSchema,
    VolunteerListSchema,
    WithdrawReferralSchema,
    reasons_out,
)
from jimnet.pool.views import ROLE_OF
from jimnet.pool.workflow import Actor
from jimnet.youth.models import Youth


def _door(youth_id: int) -> Response | None:
    """The pool's door: a coordinator has no general VIEW on a referred young person, so the
    pool's own actions count too; anyone else with no part gets the same logged 404."""
    youth = db.session.get(Youth, youth_id)
    actions = (Action.VIEW, VIEW_MENTOR, COORDINATE_MENTOR, MENTOR_ROLE)
    if youth is None or not any(
        decide(db.session(), current_user, youth, a).allowed for a in actions
    ):
        record(VIEW_MENTOR, "youth", youth_id, outcome=LogOutcome.DENIED)
        abort(404)
    return None


bp = ApiBlueprint("pool_api", __name__, door=_door, description="The volunteer-mentor pool")


def _scope() -> set[int]:
    scope = coordinated_organisations(db.session(), current_user)
    if not scope:
        record("coordinate_pool", "mentor_pool", None, outcome=LogOutcome.DENIED)
        abort(404)
    return scope


def _match_out(match: MentorMatch, method: str | None = None) -> Delegate:
    return Delegate(
        match,
        youth_first_name=match.youth.first_name,
        volunteer_name=match.volunteer.name,
        band=band(match.score),
        reasons=reasons_out(match.reasons),
        method=method,
    )


@bp.route("/pool/volunteers", tags=["pool"])
@bp.response(200, VolunteerListSchema)
def list_volunteers() -> Any:
    """The coordinator's volunteers"""
    scope = _scope()
    rows = pages.volunteers(db.session(), scope, today(), None)
    record("list", "volunteer", None, actor_role="coordinator", organisation_id=min(scope))
    return {
        "items": [
            Delegate(
                r.volunteer,
                vog_valid=r.vog_valid,
                places_taken=r.taken,
                has_account=r.volunteer.user_id is not None,
            )
            for r in rows
        ]
    }


@bp.route("/pool/proposals", tags=["pool"])
@bp.response(200, MatchListSchema)
def list_proposals() -> Any:
    """Open proposals and matches on their way, for every waiting young person"""
    scope = _scope()
    page = pages.dashboard(db.session(), scope, today())
    method = page.last_round.method if page.last_round else None
    record(
        "list",
        "mentor_pool",
        None,
        actor_role="coordinator",
        organisation_id=min(scope),
        shown=page.youth_ids,
    )
    proposals = [row.proposal for row in page.waiting if row.proposal is not None]
    return {"items": [_match_out(m, method) for m in [*proposals, *page.in_progress]]}


@bp.route("/youth/<int:youth_id>/mentor", tags=["pool"])
@bp.response(200, MentorPageSchema)
def youth_mentor(youth_id: int) -> Any:
    """A young person's referral to the pool and their matches"""
    youth = db.session.get(Youth, youth_id)
    assert youth is not None  # the door answered 404 for an unknown id
    authorize(youth, VIEW_MENTOR, "mentor_request", youth.id)
    return _mentor_page(youth)


def _mentor_page(youth: Youth) -> dict[str, Any]:
    data = pages.youth_page(db.session(), youth, today())
    request_ = data.request
    matches = [m for m in [data.current, *data.history] if m is not None]
    return {
        "status": request_.status if request_ else None,
        "interests": request_.interests if request_ else [],
        "languages": request_.languages if request_ else [],
        "mentor_gender": request_.mentor_gender if request_ else None,
        "max_km": request_.max_km if request_ else None,
        "closed_at": request_.closed_at if request_ else None,
        "version": request_.version if request_ else None,
        "matches": [_match_out(m) for m in matches],
    }


@bp.route("/youth/<int:youth_id>/mentor/withdraw", methods=["POST"], tags=["pool"])
@bp.arguments(WithdrawReferralSchema)
@bp.response(200, MentorPageSchema)
def withdraw_referral(body: dict[str, Any], youth_id: int) -> Any:
    """Take the young person off the pool's waiting list (the care team); open proposals and
    matches on their way are withdrawn with it. A stale version answers 409 ``conflict``."""
    youth = db.session.get(Youth, youth_id)
    assert youth is not None  # the door answered 404 for an unknown id
    grant = authorize(youth, REFER_MENTOR, "mentor_request", youth.id)
    role = ROLE_OF.get(grant.relation) if grant.relation else None
    if role is None:
        abort(404)
    existing = services.open_request(db.session(), youth.id)
    if existing is None:
        return problem(409, PoolError("request_closed").message, type_="pool-request-closed")
    try:
        services.withdraw_referral(
            db.session(),
            existing,
            Actor(role, current_user.id, current_user.name),
            reason=body.get("reason"),
            expected_version=body["version"],
        )
    except PoolError as error:
        db.session.rollback()
        if error.code == "conflict":
            return conflict(
                error.message,
                MentorPageSchema().dump(_mentor_page(youth)),
                current_version=existing.version,
            )
        return problem(error.status, error.message, type_=f"pool-{error.code.replace('_', '-')}")
    return _mentor_page(youth)


STEP_ACTIONS = {
    "approve": (COORDINATE_MENTOR,),
    "withdraw": (COORDINATE_MENTOR,),
    "accept": (ANSWER_MENTOR,),
    "decline": (ANSWER_MENTOR,),
    "introduce": (COORDINATE_MENTOR, "refer_mentor"),
    "activate": (COORDINATE_MENTOR,),
    "end": (ANSWER_MENTOR, MENTOR_ROLE, COORDINATE_MENTOR),
}


def _step(youth_id: int, match_id: int, step: str, body: dict[str, Any]) -> Any:
    match = db.session.get(MentorMatch, match_id)
    if match is None or match.youth_id != youth_id:
        record(STEP_ACTIONS[step][0], "mentor_match", match_id, outcome=LogOutcome.DENIED)
        abort(404)
    youth = match.youth
    actions = STEP_ACTIONS[step]
    action = next((a for a in actions if may(youth, a)), actions[0])
    grant = authorize(youth, action, "mentor_match", match.id)
    role = ROLE_OF.get(grant.relation) if grant.relation else None
    if role is None:
        abort(404)
    try:
        workflow.apply(
            db.session(),
            match,
            step,
            Actor(role, current_user.id, current_user.name),
            reason=body.get("reason"),
            end_reason=EndReason(body["end_reason"]) if body.get("end_reason") else None,
            expected_version=body["version"],
        )
    except PoolError as error:
        db.session.rollback()
        if error.code == "conflict":
            fresh = db.session.get(MentorMatch, match_id)
            assert fresh is not None
            return conflict(
                error.message,
                MatchSchema().dump(_match_out(fresh)),
                current_version=fresh.version,
            )
        return problem(error.status, error.message, type_=f"pool-{error.code.replace('_', '-')}")
    return _match_out(match)


def _register_step(step: str) -> None:
    def view(body: dict[str, Any], youth_id: int, match_id: int) -> Any:
        return _step(youth_id, match_id, step, body)

    view.__name__ = f"match_{step}"
    view.__doc__ = f"Step '{step}' on a match (see docs/pool.md, the lifecycle)"
    route = bp.route(
        f"/youth/<int:youth_id>/mentor/matches/<int:match_id>/{step}",
        methods=["POST"],
        tags=["pool"],
    )
    route(bp.arguments(StepSchema)(bp.response(200, MatchSchema)(view)))


for _name in STEP_ACTIONS:
    _register_step(_name)
