"""Erasure within the law (AVG art. 17, Jeugdwet art. 7.3.9 and 7.3.11).

- *Derived data* (the features and scores kept for the candidate ranking and the mentor matcher)
  can go at once: the professional records the request and it is carried out.
- *The file* is kept for its retention term (``retention.keep_until``) unless the young person
  (12 or older) or, while she is under 16, a parent asks in writing for earlier destruction. A
  professional of her care team records the request; an org admin of her organisation, another
  person, decides and carries it out (four eyes). A file under a protective measure is not
  destroyed early.

Carrying out removes the record and everything that hangs under it in one transaction (the
database's cascades), the accounts that existed only for her file, and the pseudonym link of
the access log; the log's rows stay, so ``flask verify-log`` still passes. The request row
keeps only the pseudonym, and a line goes to the ledger file outside the database.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jimnet.access import keyed
from jimnet.access.models import YouthPseudonym
from jimnet.accounts.models import Membership, User
from jimnet.extensions import db
from jimnet.jim.models import JimNomination
from jimnet.pool.models import MentorMatch
from jimnet.privacy import ledger, retention
from jimnet.privacy.coverage import file_tables
from jimnet.privacy.models import ErasureRequest, ErasureScope, ErasureStatus, RetentionFacts
from jimnet.privacy.permissions import parent_decides, youth_decides
from jimnet.youth.models import CaseParticipant, Youth


class Requester(enum.StrEnum):
    YOUTH = "youth"
    PARENT = "parent"


class ErasureError(Exception):
    """Codes: ``protective_measure``, ``youth_under_12``, ``parent_16``, ``future_date``,
    ``open_request``, ``same_person``, ``decided``, ``reason_needed``."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Context:
    pseudonym_key: str
    ledger_path: Path


def facts_of(session: Session, youth_id: int) -> RetentionFacts | None:
    return session.get(RetentionFacts, youth_id)


def record_request(
    session: Session,
    youth: Youth,
    recorder: User,
    *,
    scope: ErasureScope,
    requested_by: Requester,
    requested_on: date,
    note: str | None,
    today: date,
    now: datetime,
    context: Context,
) -> ErasureRequest:
    """Record a written request. Derived data goes at once; a file waits for the decision."""
    if requested_on > today:
        raise ErasureError("future_date")
    if requested_by is Requester.YOUTH and not youth_decides(youth):
        raise ErasureError("youth_under_12")
    if requested_by is Requester.PARENT and not parent_decides(youth):
        raise ErasureError("parent_16")
    if scope is ErasureScope.FILE and retention.under_protective_measure(
        facts_of(session, youth.id)
    ):
        raise ErasureError("protective_measure")
    row = ErasureRequest(
        youth_id=youth.id,
        youth_pseudonym=keyed.pseudonym_for(context.pseudonym_key, youth.id),
        organisation_id=youth.organisation_id,
        scope=scope,
        requested_by=requested_by,
        requested_on=requested_on,
        note=note or None,
        recorded_by_id=recorder.id,
        recorded_at=now,
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        raise ErasureError("open_request") from None
    if scope is ErasureScope.DERIVED:
        row.summary = erase_derived(session, youth.id)
        row.status = ErasureStatus.EXECUTED
        row.decided_by_id = recorder.id
        row.decided_at = now
        row.executed_at = now
        session.flush()
    return row


def erase_derived(session: Session, youth_id: int) -> dict[str, int]:
    """The features and scores kept about her for learning; the decisions themselves stay."""
    ranked = session.execute(
        update(JimNomination)
        .where(JimNomination.youth_id == youth_id, JimNomination.ranking_features.is_not(None))
        .values(ranking_features=None)
        .execution_options(synchronize_session=False)
    )
    matched = session.execute(
        update(MentorMatch)
        .where(MentorMatch.youth_id == youth_id)
        .values(features={})
        .execution_options(synchronize_session=False)
    )
    return {
        "jim_nomination.ranking_features": int(getattr(ranked, "rowcount", 0) or 0),
        "mentor_match.features": int(getattr(matched, "rowcount", 0) or 0),
    }


def refuse(
    session: Session, request: ErasureRequest, admin: User, reason: str, now: datetime
) -> None:
    if not reason.strip():
        raise ErasureError("reason_needed")
    _claim(session, request, admin, ErasureStatus.REFUSED, now, reason.strip())


def approve(
    session: Session, request: ErasureRequest, admin: User, now: datetime, context: Context
) -> dict[str, int]:
    """Four eyes: another person than the recorder approves, and it is carried out at once."""
    youth_id = request.youth_id
    if youth_id is not None and retention.under_protective_measure(facts_of(session, youth_id)):
        raise ErasureError("protective_measure")
    _claim(session, request, admin, ErasureStatus.EXECUTED, now, None)
    summary = erase_file(session, youth_id, context) if youth_id is not None else {}
    session.execute(
        update(ErasureRequest)
        .where(ErasureRequest.id == request.id)
        .values(executed_at=now, summary=summary, note=None, youth_id=None)
        .execution_options(synchronize_session=False)
    )
    ledger.append(
        context.ledger_path,
        ledger.LedgerLine(request.id, request.youth_pseudonym, ErasureScope.FILE, now.isoformat()),
    )
    return summary


def _claim(
    session: Session,
    request: ErasureRequest,
    admin: User,
    status: ErasureStatus,
    now: datetime,
    reason: str | None,
) -> None:
    """One conditional UPDATE: two admins deciding at once cannot both act."""
    if request.recorded_by_id == admin.id:
        raise ErasureError("same_person")
    result = session.execute(
        update(ErasureRequest)
        .where(ErasureRequest.id == request.id, ErasureRequest.status == ErasureStatus.RECORDED)
        .values(status=status, decided_by_id=admin.id, decided_at=now, refusal_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        raise ErasureError("decided")


def erase_file(session: Session, youth_id: int, context: Context) -> dict[str, int]:
    """Remove her record with everything under it, the accounts that were only hers, and the
    log's pseudonym link. Counts per table are returned (the evidence, without the data)."""
    summary: dict[str, int] = {}
    for spec in file_tables(db.metadata):
        if spec.parent is None:
            count = session.scalar(
                select(func.count())
                .select_from(spec.table)
                .where(spec.table.c.youth_id == youth_id)
            )
            if count:
                summary[spec.table.name] = int(count)
    accounts = list(
        session.scalars(
            select(CaseParticipant.user_id).where(
                CaseParticipant.youth_id == youth_id,
                CaseParticipant.role.in_(("youth", "parent")),
            )
        )
    )
    for obj in list(session.identity_map.values()):
        if getattr(obj, "youth_id", None) == youth_id or (
            isinstance(obj, Youth) and obj.id == youth_id
        ):
            session.expunge(obj)
    session.execute(
        update(ErasureRequest)
        .where(ErasureRequest.youth_id == youth_id)
        .values(note=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(YouthPseudonym).where(YouthPseudonym.youth_id == youth_id))
    session.execute(delete(Youth).where(Youth.id == youth_id))
    summary["youth"] = 1
    summary["user_account"] = _remove_own_accounts(session, accounts)
    return summary


def _remove_own_accounts(session: Session, user_ids: list[int]) -> int:
    """Accounts that existed only for her file (her own, a parent's with no other child and no
    work role) go; any other tie keeps the account."""
    removed = 0
    for user_id in sorted(set(user_ids)):
        other_ties = session.scalar(
            select(
                exists().where(CaseParticipant.user_id == user_id)
                | exists().where(Membership.user_id == user_id)
            )
        )
        if other_ties:
            continue
        user = session.get(User, user_id)
        if user is not None:
            session.expunge(user)
        try:
            with session.begin_nested():
                session.execute(delete(User).where(User.id == user_id))
        except IntegrityError:
            # Something still points at the account: it stays, without anything that names her.
            session.execute(
                update(User)
                .where(User.id == user_id)
                .values(active=False, name="—", email=f"erased-{user_id}@invalid.test")
                .execution_options(synchronize_session=False)
            )
        removed += 1
    return removed


def reapply(session: Session, context: Context) -> list[int]:
    """After a restore: erase again every file the ledger says was erased. Returns the ids."""
    wanted = {line.pseudonym for line in ledger.read(context.ledger_path) if line.scope == "file"}
    if not wanted:
        return []
    found = {
        youth_id: pseudonym
        for pseudonym, youth_id in session.execute(
            select(YouthPseudonym.pseudonym, YouthPseudonym.youth_id).where(
                YouthPseudonym.pseudonym.in_(wanted)
            )
        )
    }
    # A record restored without its link (never logged) is found by its keyed pseudonym.
    for youth_id in session.scalars(select(Youth.id).where(Youth.id.not_in(found))):
        pseudonym = keyed.pseudonym_for(context.pseudonym_key, youth_id)
        if pseudonym in wanted:
            found[youth_id] = pseudonym
    for youth_id in sorted(found):
        erase_file(session, youth_id, context)
    return sorted(found)


def requests_for(session: Session, youth_id: int) -> list[ErasureRequest]:
    return list(
        session.scalars(
            select(ErasureRequest)
            .where(ErasureRequest.youth_id == youth_id)
            .order_by(ErasureRequest.id.desc())
        )
    )
