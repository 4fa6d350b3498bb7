"""The JIM's actions in the one policy table, and the conditions on what a JIM may see.

Actions (declared once, at import time):

- ``view_jim``: the nominations, their history and consents: the care team, the young person,
  and a parent with authority while the young person is under 16 (from 16 only when the young
  person shares it: ``jimnet.access.parents``).
- ``nominate_jim``: the young person, and the care team together with them.
- ``manage_jim``: the care team's steps (conversation, consent request, paper consent,
  invitation, positioning meeting).
- ``consent_jim``: giving or withdrawing one's own consent in the app (young person; a parent
  with authority while the young person is under 16, never by sharing).
- ``withdraw_jim`` and ``share_jim``: the young person (and the care team with them).
- ``jim_role``: pause, resume, end and check in: the young person, the care team, the JIM.
- ``view_jim_role``: the JIM's own page (only while in position).

Conditions for a JIM on other domains' actions: ``view_network`` (network map shared),
``view_big5`` (BIG5 plan shared) and ``view_case_notes`` (case notes shared, for the domain that
will hold case notes). Each holds only while the JIM is in position for that young person and
the consent is valid (see :func:`jimnet.jim.status.jim_sees`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from jimnet.access.policy import CARE, CONDITIONS, Condition, Relation, register
from jimnet.accounts.models import User
from jimnet.jim import status
from jimnet.youth.models import Youth

VIEW_JIM = "view_jim"
NOMINATE_JIM = "nominate_jim"
MANAGE_JIM = "manage_jim"
CONSENT_JIM = "consent_jim"
WITHDRAW_JIM = "withdraw_jim"
SHARE_JIM = "share_jim"
JIM_ROLE = "jim_role"
VIEW_JIM_ROLE = "view_jim_role"
VIEW_CASE_NOTES = "view_case_notes"

register(VIEW_JIM, CARE | {Relation.YOUTH, Relation.PARENT})
register(NOMINATE_JIM, CARE | {Relation.YOUTH})
register(MANAGE_JIM, CARE)
register(CONSENT_JIM, {Relation.YOUTH, Relation.PARENT})
register(WITHDRAW_JIM, CARE | {Relation.YOUTH})
register(SHARE_JIM, CARE | {Relation.YOUTH})
register(JIM_ROLE, CARE | {Relation.YOUTH, Relation.JIM})
register(VIEW_JIM_ROLE, {Relation.JIM})


def _jim_in_position(session: Session, youth: Youth, user: User) -> bool:
    return status.nomination_of_jim(session, youth.id, user.id) is not None


def _shares(flag: str) -> Condition:
    def condition(session: Session, youth: Youth, user: User) -> bool:
        return status.jim_sees(session, youth, user.id, flag)

    condition.__name__ = f"jim_sees_{flag}"
    return condition


CONDITIONS[(VIEW_JIM_ROLE, Relation.JIM)] = _jim_in_position
CONDITIONS[(JIM_ROLE, Relation.JIM)] = _jim_in_position
CONDITIONS[("view_network", Relation.JIM)] = _shares("share_network")
CONDITIONS[("view_big5", Relation.JIM)] = _shares("share_big5")
CONDITIONS[(VIEW_CASE_NOTES, Relation.JIM)] = _shares("share_case_notes")
# Notes on network members and their contact details go with the case notes.
CONDITIONS[("view_member_details", Relation.JIM)] = _shares("share_case_notes")
