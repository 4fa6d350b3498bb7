"""Recording accesses during a request, and writing them at the request's end.

Entries are buffered on ``g`` and written by the unit of work (``jimnet.uow``): together with the
request's changes when it succeeds, and in a fresh transaction after the rollback when it fails,
so that a refused access is logged even though nothing else of the request is kept.

Writing is a plain INSERT of MAC'd rows: no row is locked, so concurrent requests commit side by
side (and PostgreSQL can flush their commits together). The sequencer puts the committed rows
into the Merkle tree afterwards (``jimnet.access.sequencer``).
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Iterable
from typing import Any

from flask import current_app, g, has_request_context, request
from flask_login import current_user
from sqlalchemy import event, insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from jimnet.access import keyed
from jimnet.access.models import AccessLogEntry, YouthPseudonym
from jimnet.db import utcnow

Pending = list[tuple[dict[str, Any], int | None]]


class Outcome(enum.StrEnum):
    ALLOWED = "allowed"
    DENIED = "denied"


def pseudonym(youth_id: int) -> str:
    return keyed.pseudonym_for(current_app.config["JIMNET_PSEUDONYM_KEY"], youth_id)


def remember_grant(youth_id: int, relation: str | None, organisation_id: int | None) -> None:
    """The relation a decision found for this youth, so that later entries about her carry it."""
    if has_request_context() and relation is not None:
        g.setdefault("access_relations", {})[youth_id] = (relation, organisation_id)


def _actor_context(user: Any, youth_id: int | None) -> tuple[str | None, int | None]:
    """Role and organisation for an entry whose caller did not name them.

    First the relation the policy found for this youth earlier in the request (the export, the
    added member, the print all follow a load through the door); then, for staff, their own role
    and organisation (lists, searches, refusals without a relation).
    """
    if youth_id is not None and has_request_context():
        known = g.get("access_relations", {}).get(youth_id)
        if known is not None:
            return known
    if user is None or not user.is_authenticated:
        return None, None
    active = sorted(
        (m.organisation_id, m.role) for m in getattr(user, "memberships", []) if m.active
    )
    if active:
        organisation_id, role = active[0]
        return str(role), organisation_id
    return None, None


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
    shown: Iterable[int] = (),
) -> None:
    """Buffer one access-log entry for the current request (or the current CLI command).

    ``shown``: the young people a list, search or dashboard put on screen; they are recorded
    (as pseudonyms, in one entry) and the entry appears in each one's log.
    """
    user = current_user if has_request_context() else None
    user_id = user.id if user is not None and user.is_authenticated else None
    if actor_role is None and organisation_id is None:
        actor_role, organisation_id = _actor_context(user, youth_id)
    shown_ids = sorted(set(shown))
    entry: dict[str, Any] = {
        "occurred_at": utcnow(),
        "actor_user_id": user_id,
        "actor_role": actor_role,
        "actor_organisation_id": organisation_id,
        "on_behalf_of_user_id": on_behalf_of_user_id,
        "youth_pseudonym": pseudonym(youth_id) if youth_id is not None else None,
        "subjects": keyed.subjects_text([pseudonym(i) for i in shown_ids]),
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
    g.setdefault("access_log_links", set()).update(shown_ids)


def forget_youth(youth_id: int) -> None:
    """Her record was erased in this request: its entries stay (with her pseudonym, so the log
    keeps its proof), but no pseudonym link is written back for a record that is gone."""
    if not has_request_context():
        return
    pending: Pending = g.get("access_log_pending", [])
    g.access_log_pending = [(e, None if y == youth_id else y) for e, y in pending]
    g.setdefault("access_log_links", set()).discard(youth_id)


def take_pending() -> Pending:
    pending: Pending = g.pop("access_log_pending", [])
    links: set[int] = g.pop("access_log_links", set())
    # List subjects need their pseudonym link too; they ride along as entries without rows.
    return pending + [({}, youth_id) for youth_id in sorted(links)]


def restore_pending(pending: Pending) -> None:
    """Put entries back after a failed commit, so that the unit of work can write them alone."""
    g.setdefault("access_log_pending", []).extend(p for p in pending if p[0])
    g.setdefault("access_log_links", set()).update(y for e, y in pending if not e and y)


class _Linked:
    """Youth whose pseudonym link this process wrote (or found) a moment ago.

    Linking is an INSERT … ON CONFLICT DO NOTHING: one statement on every request that names a
    youth, although the link almost always exists. Remembering it for a minute saves that
    statement; a link removed in that minute (an erased record) is written again after it.
    """

    SIZE = 50_000

    def __init__(self) -> None:
        self.seen: dict[tuple[str, int], float] = {}
        self.lock = threading.Lock()

    def missing(self, database: str, youth_ids: list[int], ttl: float) -> list[int]:
        if ttl <= 0:
            return youth_ids
        now = time.monotonic()
        with self.lock:
            return [i for i in youth_ids if now - self.seen.get((database, i), -ttl) >= ttl]

    def remember(self, database: str, youth_ids: list[int]) -> None:
        now = time.monotonic()
        with self.lock:
            if len(self.seen) > self.SIZE:
                self.seen.clear()
            self.seen.update(((database, i), now) for i in youth_ids)


_linked = _Linked()
_LINKS_KEY = "jimnet_access_log_links"


def _links_committed(session: Session) -> None:
    for database, youth_ids in session.info.pop(_LINKS_KEY, []):
        _linked.remember(database, youth_ids)


def _links_rolled_back(session: Session, *args: Any) -> None:
    session.info.pop(_LINKS_KEY, None)


event.listen(Session, "after_commit", _links_committed)
event.listen(Session, "after_rollback", _links_rolled_back)
event.listen(Session, "after_soft_rollback", _links_rolled_back)


def _insert_ignoring_duplicates(session: Session, rows: list[dict[str, Any]]) -> None:
    dialect = session.get_bind().dialect.name
    table = YouthPseudonym.__table__
    if dialect == "postgresql":
        stmt: Any = postgresql.insert(table).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).on_conflict_do_nothing()
    else:  # pragma: no cover - jimnet runs on SQLite and PostgreSQL only
        raise RuntimeError(f"unsupported database {dialect}")
    session.execute(stmt, rows)


def write(session: Session, pending: Pending) -> None:
    """Append buffered entries (MAC'd here, with the key from outside the database) and link
    any new pseudonyms to their youth. Two statements at most; no row is locked."""
    if not pending:
        return
    youth_ids = sorted({youth_id for _, youth_id in pending if youth_id is not None})
    ttl = float(current_app.config.get("JIMNET_LOG_LINK_CACHE_SECONDS", 60))
    database = session.get_bind().engine.url.render_as_string()
    unlinked = _linked.missing(database, youth_ids, ttl)
    if unlinked:
        _insert_ignoring_duplicates(
            session, [{"pseudonym": pseudonym(i), "youth_id": i} for i in unlinked]
        )
        if ttl > 0:
            # Remembered only once committed: a rolled-back link must be written again.
            session.info.setdefault(_LINKS_KEY, []).append((database, unlinked))
    append(
        session,
        keyed.key_bytes(current_app.config["JIMNET_LOG_KEY"]),
        [entry for entry, _ in pending if entry],
    )


def append(session: Session, key: bytes, entries: list[dict[str, Any]]) -> None:
    """One INSERT of the entries, each with a fresh nonce and its MAC. No lock, no read."""
    rows = []
    for entry in entries:
        fields = {**entry, "nonce": keyed.new_nonce()}
        fields["mac"] = keyed.mac(key, keyed.canonical_of(fields))
        rows.append(fields)
    if rows:
        session.execute(insert(AccessLogEntry.__table__), rows)
