"""The one door: every load of a young person's data passes here.

A loader fetches, asks the policy, records one access-log entry (allowed or denied) and returns
the object, or answers 404 so that a refusal does not reveal that a record exists.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from flask import abort
from flask_login import current_user
from sqlalchemy import Select, or_, select, union

from jimnet.access import policy
from jimnet.access.log import Outcome, record, remember_grant
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db
from jimnet.youth.models import CaseParticipant, Youth


class YouthOwned(Protocol):
    id: Any
    youth_id: Any


T = TypeVar("T", bound=YouthOwned)


def authorize(
    youth: Youth, action: str, object_type: str = "youth", object_id: int | str | None = None
) -> policy.Grant:
    """Check an already-loaded youth for an action, log it, and abort with 404 when refused."""
    grant = policy.decide(db.session(), current_user, youth, action)
    if grant.allowed:
        # Later entries about this youth in the same request (an export, a print, an added
        # member) carry the relation and organisation that allowed it.
        remember_grant(
            youth.id, grant.relation.value if grant.relation else None, grant.organisation_id
        )
    record(
        action,
        object_type,
        youth.id if object_id is None and object_type == "youth" else object_id,
        youth_id=youth.id,
        outcome=Outcome.ALLOWED if grant.allowed else Outcome.DENIED,
        actor_role=grant.relation.value if grant.relation else None,
        organisation_id=grant.organisation_id,
    )
    if not grant.allowed:
        abort(404)
    return grant


def may(youth: Youth, action: str) -> bool:
    """Ask without logging: for showing or hiding a link on a page already authorised."""
    return policy.decide(db.session(), current_user, youth, action).allowed


def load_youth(youth_id: int, action: str = policy.Action.VIEW) -> Youth:
    youth = db.session.get(Youth, youth_id)
    if youth is None:
        record(action, "youth", youth_id, outcome=Outcome.DENIED)
        abort(404)
    authorize(youth, action)
    return youth


def require_some_access(youth_id: int, action: str = policy.Action.VIEW) -> None:
    """Refuse (404, logged) a caller whom the policy does not allow ``action`` on this youth
    (by default: any relation that lets them see the youth at all).

    The JSON API runs this before it validates a body, so that for a youth of another team the
    answer is always the same refusal, never a validation error that confirms the record exists.
    Allowed calls are not logged here: the view's own loader logs the specific action.
    """
    youth = db.session.get(Youth, youth_id)
    if youth is None or not policy.decide(db.session(), current_user, youth, action).allowed:
        record(
            action,
            "youth",
            youth_id,
            youth_id=youth.id if youth else None,
            outcome=Outcome.DENIED,
        )
        abort(404)


def load_owned(model: type[T], object_id: int, action: str, youth_id: int | None = None) -> T:
    """Load a row that belongs to one youth (``model.youth_id``), through the youth's policy.

    With ``youth_id`` (from the URL) the row must belong to that youth: an id of another
    youth's row in the URL is refused like an unknown id.
    """
    obj = db.session.get(model, object_id)
    object_type = getattr(model, "__tablename__", model.__name__.lower())
    if obj is None:
        record(action, object_type, object_id, outcome=Outcome.DENIED)
        abort(404)
    if youth_id is not None and obj.youth_id != youth_id:
        # The object exists but belongs to another youth: the entry names *that* youth, so the
        # attempt shows in her log and in her organisation's search.
        owner = db.session.get(Youth, obj.youth_id)
        grant = (
            policy.decide(db.session(), current_user, owner, action) if owner is not None else None
        )
        record(
            action,
            object_type,
            object_id,
            youth_id=obj.youth_id,
            outcome=Outcome.DENIED,
            actor_role=grant.relation.value if grant and grant.relation else None,
            organisation_id=grant.organisation_id if grant else None,
        )
        abort(404)
    youth = db.session.get(Youth, obj.youth_id)
    assert youth is not None
    authorize(youth, action, object_type, object_id)
    return obj


def visible_youth(user: Any) -> Select[tuple[Youth]]:
    """Young people the user may see in a list: their care team's, their own, their child's,
    and for an org admin those of the organisations they administer (the policy lets the admin
    view each of them, so the list, the pages and the API show the same young people)."""
    own = own_youth_ids(user)
    if not user.is_staff:
        return select(Youth).where(Youth.id.in_(own))
    # A union of ids (each from an index on user_id) rather than two EXISTS joined by OR, which
    # makes PostgreSQL scan every young person of the region (bench evidence).
    team = policy.team_youth_ids(user)
    ids = union(select(Youth.id).where(Youth.id.in_(own)), team) if own else team
    administered = user.organisations_with(StaffRole.ORG_ADMIN)
    if administered:
        # Not a third branch of the union: the organisation's index finds them directly.
        return select(Youth).where(or_(Youth.id.in_(ids), Youth.organisation_id.in_(administered)))
    return select(Youth).where(Youth.id.in_(ids))


def own_youth_ids(user: Any) -> list[int]:
    """The young people this account stands beside (youth, parent, JIM, mentor) whom the policy
    lets it see today: a parent of a 16-year-old who shares nothing, or of an adult, does not
    even see the name. A handful of rows per account, each decided by the policy itself."""
    session = db.session()
    youth_ids = {
        row
        for row in session.scalars(
            select(CaseParticipant.youth_id).where(
                CaseParticipant.user_id == user.id, CaseParticipant.active.is_(True)
            )
        )
    }
    visible = []
    for youth_id in sorted(youth_ids):
        youth = session.get(Youth, youth_id)
        if youth is not None and policy.decide(session, user, youth, policy.Action.VIEW).allowed:
            visible.append(youth_id)
    return visible
