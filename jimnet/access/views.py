"""Reading the access log: a young person's "who looked at my file", and the admin's search."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required

from jimnet.access import Action, load_youth, record
from jimnet.access import search as log_search
from jimnet.accounts.roles import StaffRole
from jimnet.clock import AMSTERDAM
from jimnet.extensions import db
from jimnet.paging import page_arg

bp = Blueprint("access", __name__)


@bp.route("/jongeren/<int:youth_id>/logboek")
@login_required
def youth_log(youth_id: int) -> str:
    youth = load_youth(youth_id, Action.VIEW_LOG)
    page_number = page_arg()
    page = log_search.for_youth(db.session(), youth.id, page_number)
    return render_template(
        "access/youth_log.html",
        youth=youth,
        page=page,
        readable=log_search.readable_action,
    )


def _parse_day(raw: str | None) -> datetime | None:
    if not raw:
        return None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(day, time.min, AMSTERDAM)


@bp.route("/logboek")
@login_required
def search() -> str:
    organisation_ids = current_user.organisations_with(StaffRole.ORG_ADMIN)
    if not organisation_ids:
        abort(404)
    filters = log_search.Filters(
        youth_id=request.args.get("jongere", type=int),
        actor_email=(request.args.get("medewerker") or "").strip().lower() or None,
        outcome=request.args.get("uitkomst")
        if request.args.get("uitkomst") in {"allowed", "denied"}
        else None,
        since=_parse_day(request.args.get("van")),
        until=(d + timedelta(days=1)) if (d := _parse_day(request.args.get("tot"))) else None,
    )
    page_number = page_arg()
    page = log_search.for_admin(db.session(), organisation_ids, filters, page_number)
    record(
        "search",
        "access_log",
        None,
        youth_id=page.youth_id,
        actor_role="org_admin",
        organisation_id=min(organisation_ids),
    )
    return render_template(
        "access/search.html",
        page=page,
        filters=filters,
        args=request.args,
        readable=log_search.readable_action,
    )
