"""Recording accesses during a request, and writing them at the request's end.

Entries are buffered on ``g`` and written by the unit of work (``jimnet.uow``): together with the
request's changes when it succeeds, and in a fresh transaction after the rollback when it fails,
so that a refused access is logged even though nothing else of the request is kept.
"""

from __future__ import annotations

import enum
from typing import Any

from flask import current_app, g, has_request_context, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.access import chain
from jimnet.access.models import YouthPseudonym
from jimnet.db import utcnow


class Outcome(enum.StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"


def pseudonym(youth_id: int) -> str:
    return chain.pseudonym_for(current_app.config["JIMNET_PSEUDONYM_KEY"], youth_id)


def record(
    action: str,
    object_type: str,
    object_id: int | str | None = None,
    *,
    youth_id: int | None = None,
    outcome: Outcome = Outcome.ALLOWED,
    actor_role: str | None = None,
    organisation_id: int | None = None,
    on_behalf_of_user_id: int | None = None,
) -> None:
    """Buffer one access-log entry for the current request (or the current CLI command)."""
    user = current_user if has_request_context() else None
    user_id = user.id if user is not None and user.is_authenticated else None
    entry: dict[str, Any] = {
        "occurred_at": utcnow(),
        "actor_user_id": user_id,
        "actor_role": actor_role,
        "actor_organisation_id": organisation_id,
        "on_behalf_of_user_id": on_behalf_of_user_id,
        "youth_pseudonym": pseudonym(youth_id) if youth_id is not None else None,
        "action": str(action),
        "object_type": object_type,
        "object_id": None if object_id is None else str(object_id),
        "outcome": str(outcome),
        "ip": request.remote_addr if has_request_context() else None,
        "request_id": g.get("request_id") if has_request_context() else None,
        "route": (request.url_rule.rule if request.url_rule else request.path)[:200]
        if has_request_context()
        else "cli",
    }
    pending = g.setdefault("access_log_pending", [])
    pending.append((entry, youth_id))


def take_pending() -> list[tuple[dict[str, Any], int | None]]:
    pending: list[tuple[dict[str, Any], int | None]] = g.pop("access_log_pending", [])
    return pending


def write(session: Session, pending: list[tuple[dict[str, Any], int | None]]) -> None:
    """Append buffered entries to the chain and link any new pseudonyms to their youth."""
    if not pending:
        return
    youth_ids = {youth_id for _, youth_id in pending if youth_id is not None}
    if youth_ids:
        known = set(
            session.scalars(
                select(YouthPseudonym.youth_id).where(YouthPseudonym.youth_id.in_(youth_ids))
            )
        )
        for youth_id in sorted(youth_ids - known):
            session.add(YouthPseudonym(pseudonym=pseudonym(youth_id), youth_id=youth_id))
    chain.append(session, [entry for entry, _ in pending])
