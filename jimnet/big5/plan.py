"""One young person's plan toward 18, put together for a page, the printable plan or the API:
the domain set, the countdown, the history and latest levels per perspective, the gaps, the
actions, and readiness evaluated with the same rule as the stored row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from jimnet.big5 import actions as action_service
from jimnet.big5 import assessments as assessment_service
from jimnet.big5 import countdown, readiness
from jimnet.big5 import domains as domain_sets
from jimnet.big5.assessments import SupportProposalInput
from jimnet.big5.models import ActionStatus, Big5Action, Big5Assessment, Perspective
from jimnet.big5.support import Proposal, proposal_for
from jimnet.youth.models import Youth


@dataclass
class Plan:
    youth: Youth
    domain_set: domain_sets.DomainSetView
    countdown: countdown.Countdown
    history: list[Big5Assessment]
    latest: dict[str, dict[str, assessment_service.Latest]]
    gaps: list[str]
    actions: list[Big5Action]
    by_domain: dict[str, list[Big5Action]]
    facts: readiness.Facts
    status: readiness.ReadinessStatus
    current: dict[str, int | None]  # the professional perspective's level per domain
    overdue: set[int] = field(default_factory=set)

    def open_actions(self, key: str) -> list[Big5Action]:
        return [a for a in self.by_domain.get(key, []) if a.status == ActionStatus.OPEN]


def domain_set_of(session: Session, youth: Youth, locale: str) -> domain_sets.DomainSetView:
    return domain_sets.view(domain_sets.set_for_youth(session, youth), locale)


def build_plan(session: Session, youth: Youth, day: date, locale: str) -> Plan:
    domain_set = domain_set_of(session, youth, locale)
    history = assessment_service.history(session, youth.id)
    latest = assessment_service.latest_by_perspective(history)
    professional = latest.get(Perspective.PROFESSIONAL, {})
    current = {k: (professional[k].level if k in professional else None) for k in domain_set.keys}
    actions = action_service.actions_for(session, youth.id)
    dues: dict[str, list[date]] = {}
    for action in actions:
        if action.status == ActionStatus.OPEN:
            dues.setdefault(action.domain_key, []).append(action.due_on)
    facts = readiness.evaluate(domain_set.keys, current, dues)
    return Plan(
        youth=youth,
        domain_set=domain_set,
        countdown=countdown.countdown(youth.date_of_birth, day),
        history=history,
        latest=latest,
        gaps=assessment_service.gaps(latest, domain_set.keys),
        actions=actions,
        by_domain=action_service.by_domain(actions),
        facts=facts,
        status=readiness.status_on(
            facts.domains, facts.unassessed, facts.below, facts.plan_valid_until, day
        ),
        current=current,
        overdue={a.id for a in actions if action_service.is_overdue(a, day)},
    )


def evidence_domain(domain_set: domain_sets.DomainSetView) -> str | None:
    """The domain whose level is proposed from the network map (the support domain)."""
    return next((d.key for d in domain_set.domains if d.uses_network), None)


def support_proposal(
    session: Session, youth: Youth, domain_set: domain_sets.DomainSetView
) -> Proposal | None:
    if evidence_domain(domain_set) is None:
        return None
    return proposal_for(session, youth.id)


def proposal_input(
    proposal: Proposal | None, domain_set: domain_sets.DomainSetView, reason: str
) -> SupportProposalInput | None:
    """What is kept with the score: the proposed level and ``reason`` (the worded facts)."""
    key = evidence_domain(domain_set)
    if proposal is None or key is None:
        return None
    return SupportProposalInput(key, proposal.level, reason)
