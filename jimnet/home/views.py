"""The role-aware start page: each person sees where their work or their own file is."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from jimnet.access import policy, record
from jimnet.access.loaders import own_youth_ids
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.youth.models import CaseParticipant, Youth

bp = Blueprint("home", __name__)


@bp.route("/")
def index() -> str | Response:
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    roles = current_user.staff_roles
    caseload = 0
    if roles & {StaffRole.PROFESSIONAL, StaffRole.COACH}:
        caseload = (
            db.session.scalar(
                select(func.count()).select_from(policy.team_youth_ids(current_user).subquery())
            )
            or 0
        )
    # The young people this person stands beside as youth, parent or JIM (names only: their own).
    own = db.session.execute(
        select(CaseParticipant.role, Youth.id, Youth.first_name)
        .join(Youth, Youth.id == CaseParticipant.youth_id)
        .where(
            CaseParticipant.user_id == current_user.id,
            CaseParticipant.active.is_(True),
            # Only those the policy lets this account see today (a parent's rights end).
            Youth.id.in_(own_youth_ids(current_user)),
        )
        .order_by(Youth.first_name)
    ).all()
    if own:
        record("list", "youth", None, actor_role=str(own[0][0]), shown=[row[1] for row in own])
    return render_template(
        "home/index.html",
        roles=roles,
        StaffRole=StaffRole,
        caseload=caseload,
        own=own,
    )
