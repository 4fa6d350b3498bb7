"""Assessments: a dated scoring of the domains from one perspective; history is kept.

Services take a Session, check the rules, flush and refresh the readiness row in the same
transaction. Errors are ``Big5Error`` with a ``code`` (and the field it belongs to) for the view
or the API to word.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from jimnet.accounts.models import User
from jimnet.big5 import readiness, scale
from jimnet.big5.domains import DomainSetView
from jimnet.big5.models import Big5Assessment, Big5Score, Perspective
from jimnet.youth.models import Youth

NOTE_MAX = 2000


class Big5Error(Exception):
    """A rule was broken. ``code`` says which; ``field`` where (a domain key, "assessed_on", ...)."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(f"{code} ({field})" if field else code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class ScoreInput:
    domain_key: str
    level: int | None  # None: "I don't know"
    note: str | None = None
    overrule_reason: str | None = None


@dataclass(frozen=True)
class SupportProposalInput:
    """What the network proposed for the support domain when the assessor scored it."""

    domain_key: str
    level: int | None
    reason: str


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def validate(
    youth: Youth,
    domain_set: DomainSetView,
    perspective: Perspective,
    assessed_on: date,
    scores: list[ScoreInput],
    today: date,
    proposal: SupportProposalInput | None = None,
) -> None:
    """Raise ``Big5Error`` on the first broken rule; nothing is written."""
    if assessed_on > today:
        raise Big5Error("future", "assessed_on")
    if assessed_on < youth.date_of_birth:
        raise Big5Error("before_birth", "assessed_on")
    seen: set[str] = set()
    for score in scores:
        if domain_set.get(score.domain_key) is None:
            raise Big5Error("unknown_domain", score.domain_key)
        if score.domain_key in seen:
            raise Big5Error("duplicate_domain", score.domain_key)
        seen.add(score.domain_key)
        if score.level is not None and not scale.is_level(score.level):
            raise Big5Error("level_range", score.domain_key)
        if len(score.note or "") > NOTE_MAX or len(score.overrule_reason or "") > NOTE_MAX:
            raise Big5Error("too_long", score.domain_key)
        if (
            proposal is not None
            and proposal.domain_key == score.domain_key
            and proposal.level is not None
            and score.level is not None
            and score.level != proposal.level
            and perspective != Perspective.YOUTH
            and not _clean(score.overrule_reason)
        ):
            raise Big5Error("overrule_reason", score.domain_key)
    if not any(s.level is not None for s in scores):
        raise Big5Error("empty", None)


def record_assessment(
    session: Session,
    youth: Youth,
    domain_set: DomainSetView,
    perspective: Perspective,
    assessed_on: date,
    scores: list[ScoreInput],
    *,
    assessor: User,
    assessor_role: str,
    today: date,
    note: str | None = None,
    proposal: SupportProposalInput | None = None,
) -> Big5Assessment:
    validate(youth, domain_set, perspective, assessed_on, scores, today, proposal)
    if len(note or "") > NOTE_MAX:
        raise Big5Error("too_long", "note")
    assessment = Big5Assessment(
        youth_id=youth.id,
        perspective=perspective,
        assessed_on=assessed_on,
        domain_set_id=domain_set.id,
        domain_set_version=domain_set.version,
        assessor_id=assessor.id,
        assessor_name=assessor.name,
        assessor_role=assessor_role,
        note=_clean(note),
    )
    order = {key: i for i, key in enumerate(domain_set.keys)}
    rows = []
    for score in sorted(scores, key=lambda s: order[s.domain_key]):
        row = Big5Score(
            domain_key=score.domain_key,
            level=score.level,
            note=_clean(score.note),
        )
        if proposal is not None and proposal.domain_key == score.domain_key:
            row.proposed_level = proposal.level
            row.proposal_reason = proposal.reason
            if score.level is not None and score.level != proposal.level:
                row.overrule_reason = _clean(score.overrule_reason)
        rows.append(row)
    assessment.scores = rows
    session.add(assessment)
    session.flush()
    readiness.refresh(session, youth.id)
    return assessment


def history(session: Session, youth_id: int) -> list[Big5Assessment]:
    """Every assessment of the young person, oldest first, with its scores (two queries)."""
    return list(
        session.scalars(
            select(Big5Assessment)
            .where(Big5Assessment.youth_id == youth_id)
            .options(selectinload(Big5Assessment.scores))
            .order_by(Big5Assessment.assessed_on, Big5Assessment.id)
        )
    )


@dataclass(frozen=True)
class Latest:
    level: int | None
    on: date
    assessment_id: int
    note: str | None


def latest_by_perspective(assessments: list[Big5Assessment]) -> dict[str, dict[str, Latest]]:
    """perspective -> domain -> the latest known level (a later "don't know" keeps the level)."""
    result: dict[str, dict[str, Latest]] = defaultdict(dict)
    for assessment in assessments:  # oldest first: later ones overwrite
        for score in assessment.scores:
            previous = result[assessment.perspective].get(score.domain_key)
            if score.level is None and previous is not None and previous.level is not None:
                continue
            result[assessment.perspective][score.domain_key] = Latest(
                score.level, assessment.assessed_on, assessment.id, score.note
            )
    return dict(result)


def gaps(latest: dict[str, dict[str, Latest]], keys: list[str]) -> list[str]:
    """Domains where the young person and the professional differ by two levels or more."""
    own = latest.get(Perspective.YOUTH, {})
    pro = latest.get(Perspective.PROFESSIONAL, {})
    return [k for k in keys if k in own and k in pro and scale.has_gap(own[k].level, pro[k].level)]


@dataclass(frozen=True)
class Point:
    on: date
    level: int


def series(
    assessments: list[Big5Assessment], since: date | None = None
) -> dict[str, dict[str, list[Point]]]:
    """domain -> perspective -> dated levels (for the chart), oldest first."""
    result: dict[str, dict[str, list[Point]]] = defaultdict(lambda: defaultdict(list))
    for assessment in assessments:
        if since is not None and assessment.assessed_on < since:
            continue
        for score in assessment.scores:
            if score.level is not None:
                result[score.domain_key][assessment.perspective].append(
                    Point(assessment.assessed_on, score.level)
                )
    return {k: dict(v) for k, v in result.items()}


def get(session: Session, assessment_id: int) -> Big5Assessment | None:
    return session.scalars(
        select(Big5Assessment)
        .where(Big5Assessment.id == assessment_id)
        .options(selectinload(Big5Assessment.scores))
    ).first()
