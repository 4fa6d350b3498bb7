"""Who may do what to which young person's data. Deny by default; an unknown action raises.

A person's *relations* to a young person (on the care team as professional or coach, org admin
of the youth's organisation, the youth themself, a parent, an active JIM) are computed once per
request. Each action lists the relations that allow it. Domain packages add their actions here,
in one table, so that the whole policy can be read in one place.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, event, func, select
from sqlalchemy.orm import Session

from jimnet.access import parents
from jimnet.accounts.models import Membership, User
from jimnet.accounts.roles import StaffRole
from jimnet.clock import today
from jimnet.organisations.scope import coordinated_organisations
from jimnet.youth.models import (
    CareTeamMember,
    CaseParticipant,
    ParentalAuthority,
    ParentShare,
    Youth,
)


class Relation(enum.StrEnum):
    CARE_PROFESSIONAL = "professional"
    CARE_COACH = "coach"
    ORG_ADMIN = "org_admin"
    YOUTH = "youth"
    PARENT = "parent"
    JIM = "jim"
    # Volunteer-mentor pool: the coordinator of the youth's organisation (or consortium), only
    # for the pool's actions; the volunteer mentor, only while the match is active.
    COORDINATOR = "coordinator"
    MENTOR = "mentor"


class Action(enum.StrEnum):
    VIEW = "view"  # the record itself: name, age, care team
    EDIT = "edit"  # the record's details
    MANAGE_TEAM = "manage_team"  # add or remove staff on the care team, invite youth and parents
    VIEW_LOG = "view_log"  # who looked at this file
    SHARE_WITH_PARENTS = "share_with_parents"  # what the young person shares with a parent


CARE = frozenset({Relation.CARE_PROFESSIONAL, Relation.CARE_COACH})
FAMILY = frozenset({Relation.YOUTH, Relation.PARENT})

ALLOWED: dict[str, frozenset[Relation]] = {
    # A JIM sees the record itself (name, age, team); what else is shared is decided per action.
    Action.VIEW: CARE | FAMILY | {Relation.ORG_ADMIN, Relation.JIM, Relation.MENTOR},
    Action.EDIT: frozenset({Relation.CARE_PROFESSIONAL}),
    Action.MANAGE_TEAM: frozenset({Relation.CARE_PROFESSIONAL, Relation.ORG_ADMIN}),
    Action.VIEW_LOG: CARE | FAMILY | {Relation.ORG_ADMIN},
    Action.SHARE_WITH_PARENTS: frozenset({Relation.YOUTH}),
}

# Extra conditions for a relation on an action, e.g. "a JIM only sees what the youth shared".
# A condition receives the session, the youth and the user and returns whether it holds.
Condition = Callable[[Session, Youth, User], bool]
CONDITIONS: dict[tuple[str, Relation], Condition] = {}


def register(action: str, relations: frozenset[Relation] | set[Relation]) -> None:
    """Domain packages declare their actions at import time."""
    if action in ALLOWED:
        raise ValueError(f"action {action!r} is declared twice")
    ALLOWED[action] = frozenset(relations)


# Relations that one domain adds to another domain's action, e.g. the volunteer mentor (pool) on
# the network map (network), always together with a condition on what the young person shares.
GRANTS: dict[str, set[Relation]] = {}


def grant(action: str, relations: set[Relation], condition: Condition) -> None:
    for relation in relations:
        GRANTS.setdefault(action, set()).add(relation)
        CONDITIONS[(action, relation)] = condition


@dataclass(frozen=True)
class Grant:
    allowed: bool
    relation: Relation | None
    organisation_id: int | None


_CACHE_KEY = "jimnet_relations"
# Rows whose change can change a relation: a flush touching one of these empties the cache.
_RELATION_ROWS = (CareTeamMember, CaseParticipant, Membership, ParentalAuthority, ParentShare)


def relations(session: Session, user: User, youth: Youth) -> dict[Relation, int | None]:
    """Each relation the user has to the youth, with the organisation it holds through.

    Cached on the session (a page asks for several actions on one youth); the cache is emptied
    when a flush touches team, participant or membership rows, and at every commit and rollback.
    """
    cache: dict[tuple[int, int], dict[Relation, int | None]] = session.info.setdefault(
        _CACHE_KEY, {}
    )
    key = (user.id, youth.id)
    if key not in cache:
        cache[key] = _relations(session, user, youth)
    return cache[key]


def _forget(session: Session, *args: object) -> None:
    session.info.pop(_CACHE_KEY, None)


def _forget_if_relevant(session: Session, flush_context: object) -> None:
    changed = (*session.new, *session.dirty, *session.deleted)
    if any(isinstance(obj, _RELATION_ROWS) for obj in changed):
        _forget(session)


event.listen(
    Session, "before_flush", lambda session, ctx, instances: _forget_if_relevant(session, ctx)
)
event.listen(Session, "after_commit", _forget)
event.listen(Session, "after_rollback", _forget)


def _relations(session: Session, user: User, youth: Youth) -> dict[Relation, int | None]:
    found: dict[Relation, int | None] = {}
    team = session.scalars(
        select(CareTeamMember).where(
            CareTeamMember.youth_id == youth.id, CareTeamMember.user_id == user.id
        )
    ).first()
    # Being on the care team is what grants access, through one organisation (the youth's own or
    # a consortium partner's), and only while the person holds a care role there: deactivated
    # or unticked in that organisation, the row no longer counts, whatever roles remain elsewhere.
    if team is not None and team_counts(team, youth, user):
        rel = (
            Relation.CARE_COACH if team.role == Relation.CARE_COACH else Relation.CARE_PROFESSIONAL
        )
        found[rel] = team_organisation(team, youth)
    if youth.organisation_id in user.organisations_with(StaffRole.ORG_ADMIN):
        found[Relation.ORG_ADMIN] = youth.organisation_id
    if youth.organisation_id in coordinated_organisations(session, user):
        found[Relation.COORDINATOR] = youth.organisation_id
    for participant in session.scalars(
        select(CaseParticipant).where(
            CaseParticipant.youth_id == youth.id,
            CaseParticipant.user_id == user.id,
            CaseParticipant.active.is_(True),
        )
    ):
        found[Relation(participant.role)] = None
    return found


CARE_ROLES = (StaffRole.PROFESSIONAL, StaffRole.COACH)


def team_organisation(team: CareTeamMember, youth: Youth) -> int:
    """The organisation through which a care-team row grants access."""
    return team.organisation_id if team.organisation_id is not None else youth.organisation_id


def team_counts(team: CareTeamMember, youth: Youth, user: User) -> bool:
    return team_organisation(team, youth) in user.organisations_with(*CARE_ROLES)


def team_youth_ids(user: User) -> Select[Any]:
    """The ids of the young people whose care-team rows still grant this user access (the same
    rule as :func:`team_counts`, for lists and counts)."""
    orgs = user.organisations_with(*CARE_ROLES)
    return (
        select(CareTeamMember.youth_id)
        .join(Youth, Youth.id == CareTeamMember.youth_id)
        .where(
            CareTeamMember.user_id == user.id,
            func.coalesce(CareTeamMember.organisation_id, Youth.organisation_id).in_(orgs),
        )
    )


def decide(session: Session, user: User | None, youth: Youth, action: str) -> Grant:
    if action not in ALLOWED:
        raise KeyError(f"unknown action {action!r}: declare it in jimnet.access.policy")
    if user is None or not user.is_authenticated or not user.is_active:
        return Grant(False, None, None)
    held = relations(session, user, youth)
    allowed = ALLOWED[action] | GRANTS.get(action, set())
    # Prefer the strongest relation for the log: care team before admin before family.
    for relation in Relation:
        if relation in held and relation in allowed:
            # A parent: what the law gives at the young person's age today, and what the young
            # person shares (jimnet.access.parents), on top of the table.
            if relation == Relation.PARENT and not parents.parent_may(
                session, youth, user.id, action, today()
            ):
                continue
            condition = CONDITIONS.get((action, relation))
            if condition is not None and not condition(session, youth, user):
                continue
            return Grant(True, relation, held[relation])
    first = next(iter(held), None)
    return Grant(False, first, held.get(first) if first else None)
