"""Queries over the access log, with the names that make it readable (in constant queries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, Select, func, or_, select, true, union
from sqlalchemy.orm import Session

from jimnet.access.models import AccessLogEntry, AccessLogSubject, YouthPseudonym
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
    youth_id: int | None = None
    # The entry names her only among the young people a list or dashboard showed.
    in_list: bool = False


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
        "export": _("downloadde gegevens"),
        "print": _("printte gegevens"),
        "view_privacy": _("bekeek de pagina over gegevens en privacy"),
        "export_data": _("vroeg alle gegevens op of downloadde ze"),
        "record_erasure": _("legde een verzoek om te wissen vast"),
        "decide_erasure": _("besliste over een verzoek om te wissen"),
        "refuse_erasure": _("weigerde een verzoek om te wissen"),
        "erase_file": _("wiste het dossier"),
        "retention_erase": _("wiste het dossier na de bewaartermijn"),
        "reapply_erasure": _("wiste het dossier opnieuw na het terugzetten van een back-up"),
        "edit_retention": _("veranderde de bewaartermijn"),
    }
    return labels.get(action, action.replace("_", " "))


def _for_pseudonym(
    pseudonym: str, conditions: list[ColumnElement[bool]], page: int
) -> Select[tuple[AccessLogEntry]]:
    """Entries that name her, or whose list showed her: the newest of each kind, merged.

    Each branch reads one index backwards (``ix_access_log_youth_id``, the subject table's key)
    and stops after the page, so the busiest file costs what a quiet one does.
    """
    enough = page * PAGE_SIZE + 1
    entry = AccessLogEntry
    direct = (
        select(entry.id)
        .where(entry.youth_pseudonym == pseudonym, *conditions)
        .order_by(entry.id.desc())
        .limit(enough)
        .subquery()
    )
    listed = (
        select(AccessLogSubject.entry_id.label("id"))
        .join(entry, entry.id == AccessLogSubject.entry_id)
        .where(AccessLogSubject.youth_pseudonym == pseudonym, *conditions)
        .order_by(AccessLogSubject.entry_id.desc())
        .limit(enough)
        .subquery()
    )
    ids = union(select(direct.c.id), select(listed.c.id)).subquery()
    return select(entry).where(entry.id.in_(select(ids.c.id)))


def _page(
    session: Session,
    stmt: Select[Any],
    page: int,
    with_youth: bool,
    pseudonym: str | None = None,
    organisation_ids: set[int] | None = None,
) -> tuple[list[LogRow], bool]:
    entries = list(
        session.scalars(
            stmt.order_by(AccessLogEntry.id.desc())
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
    youth_names: dict[str, tuple[int, str]] = {}
    if with_youth:
        pseudonyms = {e.youth_pseudonym for e in entries if e.youth_pseudonym}
        if pseudonyms:
            for linked, youth_id, first, last in session.execute(
                select(
                    YouthPseudonym.pseudonym,
                    YouthPseudonym.youth_id,
                    Youth.first_name,
                    Youth.last_name,
                )
                .join(Youth, Youth.id == YouthPseudonym.youth_id)
                .where(
                    YouthPseudonym.pseudonym.in_(pseudonyms),
                    # An admin sees the names of her own organisations' young people only; an
                    # attempt by her staff on another organisation's file stays anonymous.
                    Youth.organisation_id.in_(organisation_ids)
                    if organisation_ids is not None
                    else true(),
                )
            ):
                youth_names[linked] = (youth_id, f"{first} {last}")
    rows = [
        LogRow(
            entry=e,
            actor_name=users.get(
                e.actor_user_id or -1, _("onbekend") if e.actor_user_id else _("niet ingelogd")
            ),
            organisation_name=orgs.get(e.actor_organisation_id or -1),
            youth_name=youth_names[e.youth_pseudonym][1]
            if with_youth and e.youth_pseudonym in youth_names
            else (
                (_("gewist of van een andere organisatie") if organisation_ids else _("gewist"))
                if with_youth and e.youth_pseudonym
                else None
            ),
            youth_id=youth_names[e.youth_pseudonym][0]
            if with_youth and e.youth_pseudonym in youth_names
            else None,
            in_list=pseudonym is not None and e.youth_pseudonym != pseudonym,
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
    rows, has_next = _page(
        session, _for_pseudonym(pseudonym, [], page), page, with_youth=False, pseudonym=pseudonym
    )
    return LogPage(rows, page, has_next, youth_id)


def for_admin(session: Session, organisation_ids: set[int], filters: Filters, page: int) -> LogPage:
    own_youth = (
        select(YouthPseudonym.pseudonym)
        .join(Youth, Youth.id == YouthPseudonym.youth_id)
        .where(Youth.organisation_id.in_(organisation_ids))
    )
    scope = or_(
        AccessLogEntry.actor_organisation_id.in_(organisation_ids),
        AccessLogEntry.youth_pseudonym.in_(own_youth),
    )
    conditions: list[ColumnElement[bool]] = []
    youth_id = None
    pseudonym: str | None = None
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
    if filters.actor_email:
        actor = session.scalars(select(User.id).where(User.email == filters.actor_email)).first()
        if actor is None:
            notes.append(_("Er is geen medewerker met dit e-mailadres."))
            return LogPage([], page, False, youth_id, notes)
        conditions.append(AccessLogEntry.actor_user_id == actor)
    if filters.outcome:
        conditions.append(AccessLogEntry.outcome == filters.outcome)
    if filters.since:
        conditions.append(AccessLogEntry.occurred_at >= filters.since)
    if filters.until:
        conditions.append(AccessLogEntry.occurred_at < filters.until)
    if pseudonym is not None:
        # Her own organisation's youth: every entry about her counts, whoever wrote it.
        stmt = _for_pseudonym(pseudonym, conditions, page)
    else:
        stmt = select(AccessLogEntry).where(scope, *conditions)
    rows, has_next = _page(
        session, stmt, page, with_youth=True, pseudonym=pseudonym, organisation_ids=organisation_ids
    )
    return LogPage(rows, page, has_next, youth_id, notes)


def youth_by_name(
    session: Session, organisation_ids: set[int], name: str, limit: int = 20
) -> list[tuple[int, str]]:
    """Young people of these organisations whose name contains the words typed (any order)."""
    full = func.lower(Youth.first_name + " " + Youth.last_name)
    stmt = select(Youth.id, Youth.first_name, Youth.last_name).where(
        Youth.organisation_id.in_(organisation_ids)
    )
    for word in name.lower().split()[:4]:
        stmt = stmt.where(full.contains(word, autoescape=True))
    rows = session.execute(stmt.order_by(Youth.last_name, Youth.first_name, Youth.id).limit(limit))
    return [(youth_id, f"{first} {last}") for youth_id, first, last in rows]
