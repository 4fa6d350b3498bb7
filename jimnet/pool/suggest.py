"""When jimnet suggests the pool: the young person's own network has nobody suitable.

:func:`own_network_has_candidate` is the one place where that verdict is made. Today it asks
``jimnet.jim.candidates`` whether anyone on the map may be nominated at all. The learned JIM
ranking (issue 10, section 1, built on its own branch) will expose whether it finds a candidate
in a good band; when it lands on main, its verdict replaces the body of this function, and
nothing else in the pool changes.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from jimnet.jim import candidates


def own_network_has_candidate(session: Session, youth_id: int, today: date) -> bool:
    # The ranking's verdict plugs in here ("a candidate in a good band").
    return bool(candidates.candidates(session, youth_id, today))


def suggest_pool(session: Session, youth_id: int, today: date) -> bool:
    return not own_network_has_candidate(session, youth_id, today)
