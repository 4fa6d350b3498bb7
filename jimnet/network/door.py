"""The network's way through the one door: the youth with the grant (who is acting, as what),
and rows of the map that must belong to the youth in the URL."""

from __future__ import annotations

from typing import TypeVar

from flask import abort
from flask_login import current_user

from jimnet.access import Outcome, authorize, load_owned, policy, record
from jimnet.access.policy import Grant, Relation
from jimnet.api.common import Delegate
from jimnet.extensions import db
from jimnet.network.models import AddedBy, NetworkMember
from jimnet.network.permissions import VIEW_MEMBER_DETAILS
from jimnet.youth.models import Youth

T = TypeVar("T")

_ADDED_BY = {
    Relation.YOUTH: AddedBy.YOUTH,
    Relation.CARE_PROFESSIONAL: AddedBy.PROFESSIONAL,
    Relation.CARE_COACH: AddedBy.COACH,
    Relation.PARENT: AddedBy.PARENT,
    Relation.JIM: AddedBy.JIM,
}


def youth_for(youth_id: int, action: str) -> tuple[Youth, Grant]:
    """Like ``load_youth``, but hands back the grant too (the relation the caller acts in)."""
    youth = db.session.get(Youth, youth_id)
    if youth is None:
        record(action, "youth", youth_id, outcome=Outcome.DENIED)
        abort(404)
    return youth, authorize(youth, action)


def owned(model: type[T], object_id: int, action: str, youth_id: int) -> T:
    """A row of this youth's map, through the youth's policy; another youth's id is a 404."""
    return load_owned(model, object_id, action, youth_id=youth_id)  # type: ignore[type-var]


def added_by(grant: Grant) -> str:
    return _ADDED_BY.get(grant.relation, AddedBy.PROFESSIONAL) if grant.relation else "professional"


def may_each(youth: Youth, actions: tuple[str, ...]) -> dict[str, bool]:
    """Like ``may`` for several actions at once (for showing links): the policy's own
    ``decide``, which reads the caller's relations to the youth once per request. Logs nothing."""
    if not current_user.is_authenticated or not current_user.is_active:
        return dict.fromkeys(actions, False)
    session = db.session()
    return {
        action: policy.decide(session, current_user, youth, action).allowed for action in actions
    }


# Imports, page and API together: per signed-in person, whatever address they come from.
IMPORT_LIMIT = "20/minute;200/hour"


def import_limit_key() -> str:
    return f"network-import:{current_user.get_id() or 'anonymous'}"


# What only those who may see a member's details see (VIEW_MEMBER_DETAILS).
DETAILS = ("email", "phone", "note")


def visible_member(member: NetworkMember) -> NetworkMember | Delegate:
    """The member as the caller may see it: without notes and contact details for a parent, a
    JIM or a mentor whom the young person did not share them with."""
    youth = db.session.get(Youth, member.youth_id)
    if youth is not None and may_each(youth, (VIEW_MEMBER_DETAILS,))[VIEW_MEMBER_DETAILS]:
        return member
    return Delegate(member, **dict.fromkeys(DETAILS))
