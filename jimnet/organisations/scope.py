"""Which organisations a staff role reaches beyond its own: a coordinator works for the whole
consortium their organisation belongs to (volunteer pools are usually run regionally)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.organisations.models import Organisation


def coordinated_organisations(session: Session, user: User) -> set[int]:
    """The organisations whose volunteers and referred young people this coordinator handles:
    their own organisations, and every member organisation of those organisations' consortia.
    No statement at all for someone who is not a coordinator."""
    own = user.organisations_with(StaffRole.COORDINATOR)
    if not own:
        return set()
    consortia = select(Organisation.consortium_id).where(
        Organisation.id.in_(own), Organisation.consortium_id.is_not(None)
    )
    partners = session.scalars(
        select(Organisation.id).where(Organisation.consortium_id.in_(consortia))
    )
    return own | set(partners)
