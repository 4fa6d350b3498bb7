"""The pool's actions in the one policy table, and what an active volunteer mentor may see.

- ``refer_mentor``: the care team refers a young person to the pool and edits their wishes.
- ``view_mentor``: the young person's mentor page: the care team, the young person, and the
  coordinator (only for a young person referred to the pool).
- ``answer_mentor``: accepting or declining an approved proposal, and what is shared: the young
  person, and the care team together with them.
- ``coordinate_mentor``: the coordinator's steps on a referred young person's matches.
- ``mentor_role``: the volunteer mentor's own page for a young person, only while active.

An active volunteer mentor sees exactly what a JIM may see, by the young person's own choices on
the match (``share_network``, ``share_big5``, ``share_case_notes``, same defaults as the JIM's):
the record itself (name, age), and the network map and BIG5 plan when shared. Never more.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from jimnet.access.policy import CARE, CONDITIONS, Action, Condition, Relation, grant, register
from jimnet.accounts.models import User
from jimnet.pool.models import MatchState, MentorMatch, MentorRequest, Volunteer
from jimnet.youth.models import Youth

REFER_MENTOR = "refer_mentor"
VIEW_MENTOR = "view_mentor"
ANSWER_MENTOR = "answer_mentor"
COORDINATE_MENTOR = "coordinate_mentor"
MENTOR_ROLE = "mentor_role"

register(REFER_MENTOR, CARE)
register(VIEW_MENTOR, CARE | {Relation.YOUTH, Relation.COORDINATOR})
register(ANSWER_MENTOR, CARE | {Relation.YOUTH})
register(COORDINATE_MENTOR, {Relation.COORDINATOR})
register(MENTOR_ROLE, {Relation.MENTOR})


def active_match_of(session: Session, youth_id: int, user_id: int) -> MentorMatch | None:
    """The active match in which this account is the young person's volunteer mentor."""
    return session.scalars(
        select(MentorMatch)
        .join(Volunteer, Volunteer.id == MentorMatch.volunteer_id)
        .where(
            MentorMatch.youth_id == youth_id,
            MentorMatch.state == MatchState.ACTIVE,
            Volunteer.user_id == user_id,
        )
    ).first()


def mentor_sees(session: Session, youth: Youth, user_id: int, flag: str | None) -> bool:
    match = active_match_of(session, youth.id, user_id)
    if match is None:
        return False
    return flag is None or bool(getattr(match, flag))


def _mentor(flag: str | None) -> Condition:
    def condition(session: Session, youth: Youth, user: User) -> bool:
        return mentor_sees(session, youth, user.id, flag)

    condition.__name__ = f"mentor_sees_{flag or 'record'}"
    return condition


def _referred(session: Session, youth: Youth, user: User) -> bool:
    return bool(session.scalar(select(exists().where(MentorRequest.youth_id == youth.id))))


CONDITIONS[(Action.VIEW, Relation.MENTOR)] = _mentor(None)
CONDITIONS[(MENTOR_ROLE, Relation.MENTOR)] = _mentor(None)
CONDITIONS[(VIEW_MENTOR, Relation.COORDINATOR)] = _referred
CONDITIONS[(COORDINATE_MENTOR, Relation.COORDINATOR)] = _referred
grant("view_network", {Relation.MENTOR}, _mentor("share_network"))
grant("view_big5", {Relation.MENTOR}, _mentor("share_big5"))
grant("view_case_notes", {Relation.MENTOR}, _mentor("share_case_notes"))
grant("view_member_details", {Relation.MENTOR}, _mentor("share_case_notes"))
