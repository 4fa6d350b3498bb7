"""What a young person shares with each parent's account (``jimnet.access.parents`` says what a
parent sees without it). One row per parent, written with the version the young person read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.access.parents import Part, band, share_of, shared_parts
from jimnet.accounts.models import User
from jimnet.accounts.roles import ParticipantRole
from jimnet.youth.models import CaseParticipant, ParentShare, Youth
from jimnet.youth.services import YouthError


@dataclass(frozen=True)
class ParentChoice:
    """One parent as the young person sees them: what is shared now, and the version to send."""

    user_id: int
    name: str
    chosen: frozenset[Part]  # as stored
    in_effect: frozenset[Part]  # what counts today (a choice from before 18 lapses at 18)
    version: int  # 0: nothing chosen yet
    decided_on: date | None


def parent_accounts(session: Session, youth: Youth) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(CaseParticipant, CaseParticipant.user_id == User.id)
            .where(
                CaseParticipant.youth_id == youth.id,
                CaseParticipant.role == ParticipantRole.PARENT,
                CaseParticipant.active.is_(True),
            )
            .order_by(User.name, User.id)
        )
    )


def choices(session: Session, youth: Youth, on: date) -> list[ParentChoice]:
    result = []
    for parent in parent_accounts(session, youth):
        row = share_of(session, youth.id, parent.id)
        chosen = (
            frozenset(p for p in Part if getattr(row, f"share_{p.value}"))
            if row is not None
            else frozenset()
        )
        result.append(
            ParentChoice(
                user_id=parent.id,
                name=parent.name,
                chosen=chosen,
                in_effect=frozenset(shared_parts(session, youth, parent.id, on)),
                version=row.version if row is not None else 0,
                decided_on=row.decided_on if row is not None else None,
            )
        )
    return result


def set_parent_share(
    session: Session,
    youth: Youth,
    parent_user_id: int,
    parts: set[Part],
    expected_version: int,
    by: User,
    on: date,
) -> ParentShare:
    """Store the young person's choice for one parent. ``expected_version`` is the version read
    (0 when nothing was chosen yet); another value is refused as ``stale``."""
    if parent_user_id not in {p.id for p in parent_accounts(session, youth)}:
        raise YouthError("not_parent")
    row = share_of(session, youth.id, parent_user_id)
    if (row.version if row is not None else 0) != expected_version:
        raise YouthError("stale")
    if row is None:
        row = ParentShare(youth_id=youth.id, user_id=parent_user_id, decided_on=on)
        session.add(row)
    for part in Part:
        setattr(row, f"share_{part.value}", part in parts)
    row.decided_on = on
    row.decided_by_id = by.id
    session.flush()
    return row


def age_band(youth: Youth, on: date) -> str:
    return band(youth.age_on(on)).value
