"""When jimnet suggests the pool: the young person's own network has nobody suitable.

The verdict is the JIM ranking's, so that the two matchers never disagree: the pool is
suggested when :func:`jimnet.matching.ranking.has_good_candidate` says the map holds nobody in
the good band who is not in conflict with the young person (an empty map, only minors, parents
and professionals, or only people with a smaller chance). When the active ranking model is
refused, the ranking's points score judges, as it does on the JIM page.

A page that has already ranked the map passes its :class:`~jimnet.matching.ranking.Ranking`,
so the map is read and ranked once per request.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from jimnet.matching import ranking
from jimnet.youth.models import Youth


def own_network_has_candidate(
    session: Session,
    youth: Youth,
    today: date,
    directory: Path,
    ranked: ranking.Ranking | None = None,
) -> bool:
    if ranked is None:
        ranked = ranking.rank(session, youth, today, directory)
    return ranking.has_good_candidate(ranked)


def suggest_pool(
    session: Session,
    youth: Youth,
    today: date,
    directory: Path,
    ranked: ranking.Ranking | None = None,
) -> bool:
    return not own_network_has_candidate(session, youth, today, directory, ranked)
