"""The network's actions in the one policy table (declared once, at import time).

- ``view_network``: the care team, the young person, a parent, and a JIM (the JIM engineer adds
  the condition that the youth shared the map with that JIM). Export is viewing too.
- ``edit_network``: the care team (professional or coach) and the young person themself.
- ``snapshot_network``: taking a measurement is a professional act: the care team only.
- ``import_network``: loading a file into the map: the care team only.
- ``view_member_details``: the free-text notes on members and the members' phone numbers and
  e-mail addresses: the care team and the young person; a parent, a JIM or a volunteer mentor
  only when the young person shares them (for a JIM and a mentor: the "case notes" choice; for a
  parent: "details", ``jimnet.access.parents``). Every surface that shows a member asks it.
"""

from __future__ import annotations

from jimnet.access.policy import CARE, FAMILY, Relation, register

VIEW_NETWORK = "view_network"
EDIT_NETWORK = "edit_network"
SNAPSHOT_NETWORK = "snapshot_network"
IMPORT_NETWORK = "import_network"
VIEW_MEMBER_DETAILS = "view_member_details"

register(VIEW_NETWORK, CARE | FAMILY | {Relation.JIM})
register(EDIT_NETWORK, CARE | {Relation.YOUTH})
register(SNAPSHOT_NETWORK, CARE)
register(IMPORT_NETWORK, CARE)
register(VIEW_MEMBER_DETAILS, CARE | FAMILY | {Relation.JIM})
