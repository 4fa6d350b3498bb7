"""What a young person's own page shows to whom, beyond her name and age.

A JIM or volunteer mentor is someone she chose for support, not part of her care: they see her
name and age, and the network map or BIG5 plan only when she shares them (the conditions in
``jim.permissions`` and ``pool.permissions``). Her date of birth, postcode and parents are not
something she can share in jimnet, so they are not shown to them at all ("anything that cannot
be guarded is not offered"). A separate rule, not a change to ``access.policy``.
"""

from __future__ import annotations

from jimnet.access.policy import Relation

SEES_PERSONAL_DETAILS = frozenset(
    {
        Relation.CARE_PROFESSIONAL,
        Relation.CARE_COACH,
        Relation.ORG_ADMIN,
        Relation.YOUTH,
        Relation.PARENT,
    }
)


def sees_personal_details(relation: Relation | None) -> bool:
    """Date of birth, postcode, parents with authority, the people beside her."""
    return relation in SEES_PERSONAL_DETAILS
