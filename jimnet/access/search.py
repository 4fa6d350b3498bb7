"""Queries over the access log, with the names that make it readable (in constant queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from jimnet.access.models import AccessLogEntry, YouthPseudonym
from jimnet.accounts.models import User
from jimnet.organisations.models import Organisation
from jimnet.youth.models import Youth

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    youth_id: int | None = None
    actor_email: str | None = None
    outcome: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass
class LogRow:
    entry: AccessLogEntry
    actor_name: str
    organisation_name: str | None
    youth_name: str | None


@dataclass
class LogPage:
    rows: list[LogRow]
    page: int
    has_next: bool
    youth_id: int | None = None
    notes: list[str] = field(default_factory=list)


def readable_action(action: str) -> str:
    labels = {
        "view": _("bekeek het dossier"),
        "edit": _("veranderde gegevens"),
        "manage_team": _("werkte het team bij"),
        "view_log": _("bekeek wie het dossier bekeek"),
        "list": _("bekeek een lijst"),
        "search": _("zocht"),
        "add_team_member": _("voegde iemand toe aan het team"),
        "remove_team_member": _("haalde iemand uit het team"),
        "invite_participant": _("stuurde een uitnodiging"),
    }
    return labels.get(action, action.replace("_", " "))


def _page(
    session: Session, stmt: Select[Any], page: int, with_youth: bool
) -> tuple[list[LogRow], bool]:
    entries = list(
        session.scalars(
            stmt.order_by(AccessLogEntry.seq.desc())
            .limit(PAGE_SIZE + 1)
            .offset((page - 1) * PAGE_SIZE)
        )
    )
    has_next = len(entries) > PAGE_SIZE
    entries = entries[:PAGE_SIZE]
    user_ids = {e.actor_user_id for e in entries if e.actor_user_id is not None}
    org_ids = {e.actor_organisation_id for e in entries if e.actor_organisation_id is not None}
    users = (
        {u.id: u.name for u in session.scalars(select(User).where(User.id.in_(user_ids)))}
        if user_ids
        else {}
    )
    orgs = (
        {
            o.id: o.name
            for o in session.scalars(select(Organisation).where(Organisation.id.in_(org_ids)))
        }
        if org_ids
        else {}
    )
    youth_names: dict[str, str] = {}
    if with_youth:
        pseudonyms = {e.youth_pseudonym for e in entries if e.youth_pseudonym}
        if pseudonyms:
            for pseudonym, first, last in session.execute(
                select(YouthPseudonym.pseudonym, Youth.first_name, Youth.last_name)
                .join(Youth, Youth.id == YouthPseudonym.youth_id)
                .where(YouthPseudonym.pseudonym.in_(pseudonyms))
            ):
                youth_names[pseudonym] = f"{first} {last}"
    rows = [
        LogRow(
            entry=e,
            actor_name=users.get(
                e.actor_user_id or -1, _("onbekend") if e.actor_user_id else _("niet ingelogd")
            ),
            organisation_name=orgs.get(e.actor_organisation_id or -1),
            youth_name=youth_names.get(
                e.youth_pseudonym or "", _("gewist") if e.youth_pseudonym else None
            )
            if with_youth
            else None,
        )
        for e in entries
    ]
    return rows, has_next


def pseudonym_of(session: Session, youth_id: int) -> str | None:
    return session.scalars(
        select(YouthPseudonym.pseudonym).where(YouthPseudonym.youth_id == youth_id)
    ).first()


def for_youth(session: Session, youth_id: int, page: int) -> LogPage:
    pseudonym = pseudonym_of(session, youth_id)
    if pseudonym is None:
        return LogPage([], page, False, youth_id)
    stmt = select(AccessLogEntry).where(AccessLogEntry.youth_pseudonym == pseudonym)
    rows, has_next = _page(session, stmt, page, with_youth=False)
    return LogPage(rows, page, has_next, youth_id)


def for_admin(session: Session, organisation_ids: set[int], filters: Filters, page: int) -> LogPage:
    own_youth = (
        select(YouthPseudonym.pseudonym)
        .join(Youth, Youth.id == YouthPseudonym.youth_id)
        .where(Youth.organisation_id.in_(organisation_ids))
    )
    stmt = select(AccessLogEntry).where(
        or_(
            AccessLogEntry.actor_organisation_id.in_(organisation_ids),
            AccessLogEntry.youth_pseudonym.in_(own_youth),
        )
    )
    youth_id = None
    notes: list[str] = []
    if filters.youth_id is not None:
        youth = session.get(Youth, filters.youth_id)
        pseudonym = pseudonym_of(session, filters.youth_id) if youth is not None else None
        if youth is None or youth.organisation_id not in organisation_ids or pseudonym is None:
            notes.append(
                _("Deze jongere hoort niet bij jouw organisatie of heeft nog geen logregels.")
            )
            return LogPage([], page, False, None, notes)
        youth_id = youth.id
        stmt = stmt.where(AccessLogEntry.youth_pseudonym == pseudonym)
    if filters.actor_email:
        actor = session.scalars(select(User.id).where(User.email == filters.actor_email)).first()
        if actor is None:
            notes.append(_("Er is geen medewerker met dit e-mailadres."))
            return LogPage([], page, False, youth_id, notes)
        stmt = stmt.where(AccessLogEntry.actor_user_id == actor)
    if filters.outcome:
        stmt = stmt.where(AccessLogEntry.outcome == filters.outcome)
    if filters.since:
        stmt = stmt.where(AccessLogEntry.occurred_at >= filters.since)
    if filters.until:
        stmt = stmt.where(AccessLogEntry.occurred_at < filters.until)
    rows, has_next = _page(session, stmt, page, with_youth=True)
    return LogPage(rows, page, has_next, youth_id, notes)
