"""The network's actions in the one policy table (declared once, at import time).

- ``view_network``: the care team, the young person, a parent, and a JIM (the JIM engineer adds
  the condition that the youth shared the map with that JIM).
- ``edit_network``: the care team (professional or coach) and the young person themself.
"""

from __future__ import annotations

from jimnet.access.policy import CARE, FAMILY, Relation, register

VIEW_NETWORK = "view_network"
EDIT_NETWORK = "edit_network"

register(VIEW_NETWORK, CARE | FAMILY | {Relation.JIM})
register(EDIT_NETWORK, CARE | {Relation.YOUTH})
