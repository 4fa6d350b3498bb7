"""The access log on the API, for who may read it: a young person's own log (the youth, a
parent, the care team, the org admin: ``view_log``) and the org admin's search."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from flask_login import current_user

from jimnet.access import Action, load_youth, record
from jimnet.access import search as log_search
from jimnet.access.schemas import (
    AdminLogPageSchema,
    LogArgsSchema,
    LogPageSchema,
    LogSearchArgsSchema,
)
from jimnet.accounts.roles import StaffRole
from jimnet.api.blueprint import ApiBlueprint
from jimnet.api.problems import problem
from jimnet.clock import AMSTERDAM
from jimnet.extensions import db

bp = ApiBlueprint("access_api", __name__, description="Who looked at which file")
TAGS = ["access log"]


@bp.route("/youth/<int:youth_id>/access-log", tags=TAGS)
@bp.requires(Action.VIEW_LOG)
@bp.arguments(LogArgsSchema, location="query", as_kwargs=True)
@bp.response(200, LogPageSchema)
def youth_log(youth_id: int, page: int) -> Any:
    """Who looked at this young person's file, newest first (50 a page)"""
    youth = load_youth(youth_id, Action.VIEW_LOG)
    return log_search.for_youth(db.session(), youth.id, page)


def _start(day: Any) -> datetime | None:
    return datetime.combine(day, time.min, AMSTERDAM) if day else None


@bp.route("/access-log", tags=TAGS)
@bp.arguments(LogSearchArgsSchema, location="query")
@bp.response(200, AdminLogPageSchema)
def search(args: dict[str, Any]) -> Any:
    """The org admin's search of the log of their organisations"""
    organisation_ids = current_user.organisations_with(StaffRole.ORG_ADMIN)
    if not organisation_ids:
        return problem(404, "The access log search is for org admins.")
    until = _start(args.get("until"))
    filters = log_search.Filters(
        youth_id=args.get("youth_id"),
        actor_email=(args.get("actor_email") or "").strip().lower() or None,
        outcome=args.get("outcome"),
        since=_start(args.get("since")),
        until=until + timedelta(days=1) if until else None,
    )
    page = log_search.for_admin(db.session(), organisation_ids, filters, args["page"])
    record(
        "search",
        "access_log",
        None,
        youth_id=page.youth_id,
        actor_role="org_admin",
        organisation_id=min(organisation_ids),
    )
    return page
