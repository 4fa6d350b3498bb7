"""BIG5's objects for the route walk: an assessment and an action of the target youth."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select

from jimnet.big5 import domains as domain_sets
from jimnet.big5.models import Big5Action, Big5Assessment, Big5Score
from jimnet.clock import today
from jimnet.extensions import db
from jimnet.youth.models import CareTeamMember


def build(make: Any, app: Any, youth: Any) -> dict[str, int]:
    with app.app_context():
        member = db.session.scalars(
            select(CareTeamMember).where(CareTeamMember.youth_id == youth.id)
        ).first()
        domain_set = domain_sets.default_set(db.session)
        assessment = Big5Assessment(
            youth_id=youth.id,
            perspective="professional",
            assessed_on=today() - timedelta(days=10),
            domain_set_id=domain_set.id,
            assessor_id=member.user_id if member else None,
            assessor_name="Walk",
            assessor_role="professional",
            scores=[Big5Score(domain_key=d.key, level=3) for d in domain_set.domains],
        )
        action = Big5Action(
            youth_id=youth.id,
            domain_key=domain_set.domains[0].key,
            what="Walk action",
            owner_kind="youth",
            due_on=today() + timedelta(days=20),
        )
        db.session.add_all([assessment, action])
        db.session.commit()
        return {"assessment_id": assessment.id, "action_id": action.id}
