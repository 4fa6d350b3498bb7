"""BIG5's actions in the one policy table (declared once, at import time).

- ``view_big5``: the care team, the young person, a parent, a JIM (only when the young person
  shares BIG5 with them: the JIM engineer registers that condition), and the org admin of the
  young person's organisation (who sees the whole organisation on the dashboard).
- ``edit_big5``: the care team (professional or coach): the professional perspective's
  assessments and the actions.
- ``self_assess_big5``: the young person themself adds their own assessment.
- ``jim_assess_big5``: the JIM adds the JIM perspective, under the same condition as viewing.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from jimnet.access import policy
from jimnet.access.policy import CARE, FAMILY, Relation, register
from jimnet.accounts.models import User
from jimnet.youth.models import Youth

VIEW_BIG5 = "view_big5"
EDIT_BIG5 = "edit_big5"
SELF_ASSESS_BIG5 = "self_assess_big5"
JIM_ASSESS_BIG5 = "jim_assess_big5"

register(VIEW_BIG5, CARE | FAMILY | {Relation.JIM, Relation.ORG_ADMIN})
register(EDIT_BIG5, CARE)
register(SELF_ASSESS_BIG5, {Relation.YOUTH})
register(JIM_ASSESS_BIG5, {Relation.JIM})


def _jim_may_assess(session: Session, youth: Youth, user: User) -> bool:
    """A JIM scores only what they may see: the JIM engineer's condition on ``view_big5``."""
    condition = policy.CONDITIONS.get((VIEW_BIG5, Relation.JIM))
    return condition is None or condition(session, youth, user)


policy.CONDITIONS[(JIM_ASSESS_BIG5, Relation.JIM)] = _jim_may_assess
