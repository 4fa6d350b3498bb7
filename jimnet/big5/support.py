"""The support domain draws its evidence from the network map and the JIM, and proposes a level.

The proposal (the assessor confirms it or overrules it with a reason that is kept):

* no network map yet (no members) and no JIM → no proposal: make the map first;
* nobody on the map is an adult, and there is no JIM → **1**;
* no adult who is always there (adult, ring 1–2, positive, emotional or practical support) and
  no JIM → **2**;
* such an adult or a JIM, but two or more BIG5 domains nobody in the network covers, or two or
  more people the young person is in conflict with → **3**;
* two or more such adults (the JIM counts, once) and every domain covered and nobody in
  conflict → **5**;
* otherwise → **4**.

``propose`` is pure (tested with known networks); ``proposal_for`` reads the network's
``support_evidence`` and the JIM's ``active_jim`` for a young person whom the caller has already
authorised (neither goes through the HTTP door).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from jimnet.jim.status import JimSummary, active_jim
from jimnet.network.evidence import SupportEvidence, support_evidence

MANY_UNCOVERED = 2
MANY_CONFLICTS = 2
ANCHORS_FOR_FIVE = 2


@dataclass(frozen=True)
class Reason:
    """One fact behind the proposal; ``code`` is worded by ``texts.reason``."""

    code: str
    names: tuple[str, ...] = ()
    count: int = 0


@dataclass(frozen=True)
class Proposal:
    level: int | None
    reasons: tuple[Reason, ...]
    evidence: SupportEvidence | None = None
    jim: JimSummary | None = None
    anchors: tuple[str, ...] = field(default_factory=tuple)


def anchors_of(evidence: SupportEvidence, jim: JimSummary | None) -> tuple[str, ...]:
    """The adults who are always there, with the JIM counted once."""
    names = list(evidence.always_there_adults)
    if jim is not None and jim.name not in names:
        names.append(jim.name)
    return tuple(names)


def propose(evidence: SupportEvidence, jim: JimSummary | None) -> Proposal:
    if evidence.members == 0 and jim is None:
        return Proposal(None, (Reason("no_map"),), evidence, jim)
    anchors = anchors_of(evidence, jim)
    uncovered = tuple(evidence.domains_uncovered)
    conflicts = tuple(evidence.conflict_members)
    reasons: list[Reason] = [
        Reason("members", count=evidence.members),
        Reason("adults", count=evidence.adults),
    ]
    reasons.append(
        Reason(
            "always_there",
            names=tuple(evidence.always_there_adults),
            count=len(evidence.always_there_adults),
        )
    )
    reasons.append(Reason("jim", names=(jim.name,)) if jim is not None else Reason("no_jim"))
    reasons.append(Reason("uncovered", names=uncovered, count=len(uncovered)))
    if conflicts:
        reasons.append(Reason("conflicts", names=conflicts, count=len(conflicts)))
    if evidence.adults == 0 and jim is None:
        level = 1
    elif not anchors:
        level = 2
    elif len(uncovered) >= MANY_UNCOVERED or len(conflicts) >= MANY_CONFLICTS:
        level = 3
    elif len(anchors) >= ANCHORS_FOR_FIVE and not uncovered and not conflicts:
        level = 5
    else:
        level = 4
    return Proposal(level, tuple(reasons), evidence, jim, anchors)


def proposal_for(session: Session, youth_id: int) -> Proposal:
    """The proposal for an already-authorised young person (three SQL statements or so)."""
    return propose(support_evidence(session, youth_id), active_jim(session, youth_id))
