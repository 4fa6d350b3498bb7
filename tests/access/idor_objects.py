"""The foundation's objects for the route walk: ids that belong to the target youth's side."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jimnet.accounts import services as accounts
from jimnet.extensions import db
from jimnet.youth.models import CareTeamMember


def build(make: Any, app: Any, youth: Any) -> dict[str, int]:
    with app.app_context():
        member = db.session.scalars(
            select(CareTeamMember).where(CareTeamMember.youth_id == youth.id)
        ).first()
        assert member is not None, "the target youth needs a care team"
        owner = member.user
        _raw, token = accounts.create_api_token(db.session, owner, "walk")
        db.session.commit()
        return {
            "team_member_id": member.id,
            "organisation_id": youth.organisation_id,
            "user_id": owner.id,
            "token_id": token.id,
        }
