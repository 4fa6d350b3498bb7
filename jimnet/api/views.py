"""The foundation's JSON API: who am I, which young people may I see, one young person.

The worked example of docs/api.md: an ``ApiBlueprint``, one schema per resource, the door
through ``jimnet.access``, paging from ``jimnet.api.common``.
"""

from __future__ import annotations

from typing import Any

from flask import Response, g, request
from flask_login import current_user

from jimnet.access import Action, load_youth, record, visible_youth
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.common import Delegate, PageArgsSchema, PageOf
from jimnet.api.ext import DOC_ENDPOINT
from jimnet.api.problems import problem
from jimnet.api.schemas import MeSchema, YouthPageSchema, YouthSchema
from jimnet.extensions import db
from jimnet.youth import services as youth_services
from jimnet.youth.models import Youth

bp = ApiBlueprint("api", __name__, description="The calling account and its young people")
PUBLIC_ENDPOINTS = {DOC_ENDPOINT}


@bp.before_app_request
def require_login() -> Response | None:
    if not request.path.startswith("/api/") or request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        detail = (
            "The bearer token is unknown or revoked."
            if g.get("bearer_rejected")
            else "Log in or send a bearer token."
        )
        return problem(
            401,
            detail,
            type_="unauthenticated",
            headers={"WWW-Authenticate": 'Bearer realm="jimnet"'},
        )
    return None


@bp.route("/me", tags=["accounts"])
@bp.response(200, MeSchema)
def me() -> Any:
    """The account making the call"""
    user = current_user._get_current_object()
    return Delegate(user, staff_roles=[m for m in user.memberships if m.active])


@bp.route("/youth", tags=["youth"])
@bp.arguments(PageArgsSchema, location="query", as_kwargs=True)
@bp.response(200, YouthPageSchema)
def list_youth(page: int, per_page: int) -> Any:
    """Young people the caller may see"""
    found = db.paginate(
        visible_youth(current_user).order_by(Youth.last_name, Youth.first_name, Youth.id),
        page=page,
        per_page=per_page,
        error_out=False,
    )
    record("list", "youth", None)
    return PageOf(items=list(found.items), page=page, per_page=per_page, total=found.total or 0)


@bp.route("/youth/<int:youth_id>", tags=["youth"])
@bp.response(200, YouthSchema)
def get_youth(youth_id: int) -> Any:
    """One young person"""
    youth = load_youth(youth_id, Action.VIEW)
    return Delegate(youth, care_team=youth_services.care_team(db.session(), youth))
