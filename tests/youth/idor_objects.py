"""The youth domain's objects for the route walk: the target youth's parent account (whose
sharing choices the young person sets)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jimnet.extensions import db
from jimnet.youth.models import CaseParticipant


def build(make: Any, app: Any, youth: Any) -> dict[str, int]:
    with app.app_context():
        parent_id = db.session.scalars(
            select(CaseParticipant.user_id).where(
                CaseParticipant.youth_id == youth.id, CaseParticipant.role == "parent"
            )
        ).first()
        assert parent_id is not None, "the target youth needs a parent account"
        return {"parent_id": parent_id}
