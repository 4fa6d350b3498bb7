"""The foundation's JSON API: who am I, which young people may I see, one young person."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, jsonify, request
from flask_login import current_user

from jimnet.access import Action, load_youth, record, visible_youth
from jimnet.api import schemas
from jimnet.api.openapi import api_route, document
from jimnet.api.problems import problem
from jimnet.clock import today
from jimnet.extensions import db, limiter
from jimnet.paging import MAX_PAGE
from jimnet.youth import services as youth_services
from jimnet.youth.models import Youth

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC_ENDPOINTS = {"api.openapi"}


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


@bp.route("/openapi.json")
@limiter.exempt
def openapi() -> Response:
    return jsonify(document())


@api_route(
    bp, "/me", "GET", "The account making the call", tags=["accounts"], response_schema=schemas.ME
)
def me() -> Any:
    return jsonify(schemas.me(current_user))


@api_route(
    bp,
    "/youth",
    "GET",
    "Young people the caller may see",
    tags=["youth"],
    response_schema=schemas.YOUTH_LIST,
    query=[
        {
            "name": "page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
        },
        {
            "name": "per_page",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 200},
        },
    ],
)
def list_youth() -> Any:
    page_number = request.args.get("page", 1, type=int)
    per_page = request.args.get("per_page", 50, type=int)
    if not 1 <= page_number <= MAX_PAGE or not 1 <= per_page <= 200:
        return problem(
            400,
            f"page must be between 1 and {MAX_PAGE}, per_page between 1 and 200.",
            type_="bad-paging",
        )
    page = db.paginate(
        visible_youth(current_user).order_by(Youth.last_name, Youth.first_name, Youth.id),
        page=page_number,
        per_page=per_page,
        error_out=False,
    )
    record("list", "youth", None, shown=[y.id for y in page.items])
    return jsonify(
        {
            "items": [schemas.youth_summary(y) for y in page.items],
            "page": page_number,
            "per_page": per_page,
            "total": page.total,
        }
    )


@api_route(
    bp,
    "/youth/<int:youth_id>",
    "GET",
    "One young person",
    tags=["youth"],
    response_schema=schemas.YOUTH_DETAIL,
)
def get_youth(youth_id: int) -> Any:
    youth = load_youth(youth_id, Action.VIEW)
    team = youth_services.care_team(db.session(), youth)
    return jsonify(schemas.youth_detail(youth, team, youth.age_on(today())))
