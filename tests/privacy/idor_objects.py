"""The privacy domain's objects for the route walk: an export the target youth asked for, and
an erasure request about her file."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.privacy.models import DataExport, ErasureRequest, ErasureScope, ExportStatus
from jimnet.youth.models import CaseParticipant


def build(make: Any, app: Any, youth: Any) -> dict[str, int]:
    with app.app_context():
        own = db.session.scalars(
            select(CaseParticipant).where(
                CaseParticipant.youth_id == youth.id, CaseParticipant.role == "youth"
            )
        ).first()
        assert own is not None, "the target youth needs her own account"
        row = DataExport(
            user_id=own.user_id,
            youth_id=youth.id,
            relation="youth",
            status=ExportStatus.READY,
            requested_at=utcnow(),
            ready_at=utcnow(),
            expires_at=utcnow().replace(year=utcnow().year + 1),
            json_data="{}",
            html_data="<p>x</p>",
        )
        request = ErasureRequest(
            youth_id=youth.id,
            youth_pseudonym="0" * 32,
            organisation_id=youth.organisation_id,
            scope=ErasureScope.FILE,
            requested_by="youth",
            requested_on=utcnow().date(),
        )
        db.session.add_all([row, request])
        db.session.commit()
        return {"export_id": row.id, "request_id": request.id}
