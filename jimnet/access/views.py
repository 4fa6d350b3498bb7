"""Reading the access log: a young person's "who looked at my file", and the admin's search."""

from __future__ import annotations

import base64
from datetime import datetime, time, timedelta

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from jimnet.access import Action, load_youth, policy, proofs, record, tree, visits
from jimnet.access import search as log_search
from jimnet.access import settings as log_settings
from jimnet.accounts.roles import StaffRole
from jimnet.api.problems import problem
from jimnet.clock import AMSTERDAM
from jimnet.errors import refuse
from jimnet.extensions import db
from jimnet.paging import id_arg, page_arg

bp = Blueprint("access", __name__)


@bp.route("/jongeren/<int:youth_id>/logboek")
@login_required
def youth_log(youth_id: int) -> str:
    youth = load_youth(youth_id, Action.VIEW_LOG)
    relation = policy.decide(db.session(), current_user, youth, Action.VIEW_LOG).relation
    page_number = page_arg()
    page = log_search.for_youth(db.session(), youth.id, page_number)
    inclusion = proofs.inclusion(
        db.session(), log_settings.for_app(current_app), [row.entry for row in page.rows]
    )
    # The young person and her parents read who *else* looked (their own visits on request);
    # staff see every visit, their own marked as theirs.
    family = relation in (policy.Relation.YOUTH, policy.Relation.PARENT)
    show_own = request.args.get("eigen") == "1" or not family
    grouped = visits.group(
        page.rows, reader_id=current_user.id, to_youth=relation == policy.Relation.YOUTH
    )
    return render_template(
        "access/youth_log.html",
        youth=youth,
        page=page,
        visits=[v for v in grouped if show_own or not v.own],
        own_hidden=0 if show_own else sum(1 for v in grouped if v.own),
        show_own=show_own,
        is_self=relation == policy.Relation.YOUTH,
        inclusion=inclusion,
    )


@bp.route("/jongeren/<int:youth_id>/logboek/bewijs.json")
@login_required
def youth_log_proof(youth_id: int) -> Response:
    """The inclusion proofs of one page of her log, for anyone who wants to check them."""
    youth = load_youth(youth_id, Action.VIEW_LOG)
    page = log_search.for_youth(db.session(), youth.id, page_arg())
    settings = log_settings.for_app(current_app)
    inclusion = proofs.inclusion(db.session(), settings, [row.entry for row in page.rows])
    return jsonify(inclusion.as_json(settings))


@bp.route("/logboek/controlepunt")
def checkpoint() -> Response:
    """The newest signed checkpoint, public: partners and auditors collect these."""
    note = log_settings.for_app(current_app).publisher.latest()
    if note is None:
        abort(404)
    return Response(note, mimetype="text/plain")


@bp.route("/logboek/consistentie")
def consistency() -> Response:
    """RFC 9162 consistency proof between two tree sizes: the log only grew in between."""
    old = request.args.get("van", type=int)
    new = request.args.get("tot", type=int)
    size = proofs.tree_size(db.session())
    if old is None or new is None or not 0 < old <= new <= size:
        return problem(400, f"van and tot must be tree sizes with 0 < van <= tot <= {size}.")
    path = tree.consistency_proof(db.session(), old, new)
    return jsonify(
        {
            "from_size": old,
            "to_size": new,
            "proof": [base64.b64encode(h).decode() for h in path],
        }
    )


FIRST_YEAR, LAST_YEAR = 2000, 2999  # the log holds nothing older; beyond are typing errors


def _parse_day(raw: str | None) -> datetime | None:
    """A day of the search form (YYYY-MM-DD) as the start of that day in Amsterdam. A date
    that is no date, or outside the years the log can hold, is a 400 that says so: year 1 used
    to overflow when it was turned into UTC (a 500)."""
    if not raw:
        return None
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        refuse(
            400,
            _(
                "Vul een datum in als jjjj-mm-dd, tussen %(first)d en %(last)d.",
                first=FIRST_YEAR,
                last=LAST_YEAR,
            ),
        )
    return datetime.combine(day, time.min, AMSTERDAM)


@bp.route("/logboek")
@login_required
def search() -> str:
    organisation_ids = current_user.organisations_with(StaffRole.ORG_ADMIN)
    if not organisation_ids:
        abort(404)
    youth_id = id_arg("jongere")
    name = (request.args.get("naam") or "").strip()[:100]
    matches: list[tuple[int, str]] = []
    if name and youth_id is None:
        # By name, within her own organisations only: one match is searched at once, several
        # are offered to choose from (the log keeps pseudonyms; names come from the records).
        matches = log_search.youth_by_name(db.session(), organisation_ids, name)
        if len(matches) == 1:
            youth_id = matches[0][0]
    filters = log_search.Filters(
        youth_id=youth_id,
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
        shown=[row.youth_id for row in page.rows if row.youth_id is not None]
        + [m[0] for m in matches],
    )
    return render_template(
        "access/search.html",
        page=page,
        name=name,
        matches=matches if len(matches) != 1 else [],
        filters=filters,
        args=request.args,
        readable=log_search.readable_action,
    )
