"""The privacy actions in the one policy table, with their conditions by age.

- ``view_privacy``: the page "Jouw gegevens" of one young person: the young person, a parent,
  the care team and the org admin (each sees what they may do there).
- ``record_erasure``: a professional of her care team records a written erasure request and the
  facts of the retention term (end of care, protective measure).
- ``decide_erasure``: an org admin of her organisation approves (and so carries out) or refuses.
- ``export_data``: asking for everything jimnet holds about a young person: the young person
  from 12 (AVG art. 15; below 12 the parents exercise the right), a parent while the young
  person is under 16 (from 16 the young person decides alone, as for consent).

The ages come from the consent rule (``jimnet.jim.consent``): one rule, imported, not copied.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from jimnet.access import parents
from jimnet.access.policy import CARE, CONDITIONS, FAMILY, Relation, register
from jimnet.accounts.models import User
from jimnet.clock import today
from jimnet.jim.consent import ALONE_FROM, YOUTH_FROM
from jimnet.youth.models import Youth

VIEW_PRIVACY = "view_privacy"
EXPORT_DATA = "export_data"
RECORD_ERASURE = "record_erasure"
DECIDE_ERASURE = "decide_erasure"

register(VIEW_PRIVACY, CARE | FAMILY | {Relation.ORG_ADMIN})
register(EXPORT_DATA, FAMILY)
# A professional of her care team records a written request and the facts of the retention
# term; an org admin of her organisation decides and carries out (another person: four eyes).
register(RECORD_ERASURE, {Relation.CARE_PROFESSIONAL})
register(DECIDE_ERASURE, {Relation.ORG_ADMIN})
# A parent's privacy rights follow the ages below, not the parts a young person shares.
parents.OWN_AGE_RULE.update({VIEW_PRIVACY, EXPORT_DATA})


def youth_decides(youth: Youth) -> bool:
    """From 12 the young person exercises her own rights over her data."""
    return youth.age_on(today()) >= YOUTH_FROM


def parent_decides(youth: Youth) -> bool:
    """A parent with authority exercises the rights while the young person is under 16."""
    return youth.age_on(today()) < ALONE_FROM


def _youth_from_12(session: Session, youth: Youth, user: User) -> bool:
    return youth_decides(youth)


def _parent_under_16(session: Session, youth: Youth, user: User) -> bool:
    return parent_decides(youth)


CONDITIONS[(EXPORT_DATA, Relation.YOUTH)] = _youth_from_12
CONDITIONS[(EXPORT_DATA, Relation.PARENT)] = _parent_under_16
