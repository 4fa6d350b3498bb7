"""What a parent may see of a young person's file, by the young person's age on the day asked
(Jeugdwet / WGBO), and what the young person shares. The whole rule, in one place; the policy
asks it for every action a parent attempts (docs/access.md).

* **Under 12** a parent *with parental authority* sees the file: the record, the network map,
  BIG5, the JIM and its consent steps, who looked at the file (the log) and the exports.
* **12 to 15** the law gives a parent with authority what they need to decide with the young
  person: the record itself (name, age, care team), the JIM overview and its consent steps (their
  own consent is required). The network map, BIG5 and the log are the young person's private
  matters: the parent sees them only when the young person shares them.
* **16 and 17** the young person decides alone: a parent sees only what the young person shares.
* **From 18** parental authority has ended: a parent sees nothing, unless the young person, as an
  adult, shares it. A choice made before the 18th birthday no longer counts.

Whatever the age, professionals' notes on network members and those members' phone numbers and
e-mail addresses are shown to a parent only when the young person shares "details".

A parent account without (active) parental authority gets no rights from the law at any age,
only what the young person shares.
"""

from __future__ import annotations

import enum
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.youth.models import ParentalAuthority, ParentShare, Youth

CHILD_UNTIL = 12  # under this age the parent with authority sees the file
ALONE_FROM = 16  # from this age the young person decides alone
ADULT_FROM = 18  # parental authority ends


class Part(enum.StrEnum):
    """What a young person can share with a parent, and the action each part opens."""

    JIM = "jim"
    NETWORK = "network"
    BIG5 = "big5"
    LOG = "log"
    DETAILS = "details"  # notes on members and their contact details (not an action of its own)


PART_ACTIONS: dict[Part, str] = {
    Part.JIM: "view_jim",
    Part.NETWORK: "view_network",
    Part.BIG5: "view_big5",
    Part.LOG: "view_log",
    Part.DETAILS: "view_member_details",
}

# A parent with authority of a 12-to-15-year-old, by right.
TWELVE_TO_FIFTEEN = frozenset({"view", "view_jim", "consent_jim"})
# Never by sharing: consent is the parent's own only while the law asks for it.
NEVER_SHARED = frozenset({"consent_jim"})
# Never by right, at any age: only when the young person shares it.
ONLY_SHARED = frozenset({"view_member_details"})
# A parent's privacy rights (jimnet.privacy.permissions adds them): with authority, while the
# young person is under 16; from 16 she exercises them alone and the file is no longer the
# parent's to see, so the parent is refused like a stranger (the walk's 16th birthday).
OWN_AGE_RULE: set[str] = set()


class Band(enum.StrEnum):
    CHILD = "under_12"
    YOUNG_TEEN = "12_15"
    SIXTEEN = "16_17"
    ADULT = "18_plus"


def band(age: int) -> Band:
    if age < CHILD_UNTIL:
        return Band.CHILD
    if age < ALONE_FROM:
        return Band.YOUNG_TEEN
    if age < ADULT_FROM:
        return Band.SIXTEEN
    return Band.ADULT


def birthday(date_of_birth: date, age: int) -> date:
    """The day someone turns ``age`` (29 February: 1 March in other years, as Dutch law counts)."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return date(date_of_birth.year + age, 3, 1)


def holds_authority(session: Session, youth_id: int, user_id: int) -> bool:
    return (
        session.scalars(
            select(ParentalAuthority.id).where(
                ParentalAuthority.youth_id == youth_id,
                ParentalAuthority.user_id == user_id,
                ParentalAuthority.active.is_(True),
            )
        ).first()
        is not None
    )


def share_of(session: Session, youth_id: int, user_id: int) -> ParentShare | None:
    return session.scalars(
        select(ParentShare).where(ParentShare.youth_id == youth_id, ParentShare.user_id == user_id)
    ).first()


def shared_parts(session: Session, youth: Youth, user_id: int, on: date) -> set[Part]:
    """What the young person shares with this parent on this day (a choice made before the 18th
    birthday does not count from 18)."""
    row = share_of(session, youth.id, user_id)
    if row is None:
        return set()
    if youth.age_on(on) >= ADULT_FROM and row.decided_on < birthday(
        youth.date_of_birth, ADULT_FROM
    ):
        return set()
    return {part for part in Part if getattr(row, f"share_{part.value}")}


def by_right(age: int, with_authority: bool) -> frozenset[str] | None:
    """The actions the law gives a parent at this age: None means "whatever the policy table
    lists for a parent" (under 12, with authority)."""
    if not with_authority:
        return frozenset()
    current = band(age)
    if current == Band.CHILD:
        return None
    if current == Band.YOUNG_TEEN:
        return TWELVE_TO_FIFTEEN
    return frozenset()


def parent_may(session: Session, youth: Youth, user_id: int, action: str, on: date) -> bool:
    """Whether a parent's account may do ``action`` on this youth's file on day ``on``; the
    policy table must list the parent for the action as well."""
    if action in ONLY_SHARED:
        parts = shared_parts(session, youth, user_id, on)
        return any(PART_ACTIONS.get(part) == action for part in parts)
    age = youth.age_on(on)
    if action in OWN_AGE_RULE:
        return age < ALONE_FROM and holds_authority(session, youth.id, user_id)
    law = by_right(age, age < ADULT_FROM and holds_authority(session, youth.id, user_id))
    if law is None or action in law:
        return True
    if action in NEVER_SHARED:
        return False
    parts = shared_parts(session, youth, user_id, on)
    if action == "view":
        # The record itself comes with anything shared: a map without a name means nothing.
        return bool(parts - {Part.DETAILS})
    return any(PART_ACTIONS.get(part) == action for part in parts)
