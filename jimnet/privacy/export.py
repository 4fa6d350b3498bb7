"""Building one young person's export: every table of her file as JSON (schema
``jimnet-export/1``, documented in docs/privacy.md and ``export-schema.json``) and a page a
person can read (her map drawn, BIG5 history, JIM history, consents, who looked at her file).

Plain functions on a session: the job queue runs them in the background, or the request at once
on the embedded default. No Flask request is needed (the page is rendered in a forced locale).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select, union
from sqlalchemy.orm import Session

from jimnet.access.models import AccessLogEntry, AccessLogSubject, YouthPseudonym
from jimnet.access.search import readable_action
from jimnet.accounts.models import User
from jimnet.extensions import db
from jimnet.organisations.models import Organisation
from jimnet.privacy.coverage import SECRET_COLUMNS, file_tables
from jimnet.youth.models import Youth

SCHEMA_ID = "jimnet-export/1"
SCHEMA_FILE = Path(__file__).with_name("export-schema.json")

# What a parent's export leaves out: the young person's own words and other people's contact
# details, which the views do not show a parent either (the young person exports them herself).
PARENT_OMITS = frozenset(
    {"email", "phone", "note", "concerns", "concerns_handling", "motivation", "reason"}
)


def _value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _rows(session: Session, youth_id: int, omit: frozenset[str]) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    youth_table = Youth.__table__
    tables["youth"] = [
        {c: _value(v) for c, v in row._mapping.items() if c not in SECRET_COLUMNS}
        for row in session.execute(select(youth_table).where(youth_table.c.id == youth_id))
    ]
    ids: dict[str, list[Any]] = {}
    for spec in file_tables(db.metadata):
        table = spec.table
        if spec.parent is None:
            stmt = select(table).where(table.c.youth_id == youth_id)
        else:
            assert spec.column is not None
            stmt = select(table).where(table.c[spec.column].in_(ids.get(spec.parent, [])))
        pk = list(table.primary_key.columns)
        raw = [dict(row._mapping) for row in session.execute(stmt.order_by(*pk))]
        rows = [
            {
                c: _value(v)
                for c, v in row.items()
                if c not in SECRET_COLUMNS
                and not (c in omit and table.name != "parental_authority")
            }
            for row in raw
        ]
        if len(pk) == 1:
            ids[table.name] = [row[pk[0].name] for row in raw]
        tables[table.name] = rows
    return tables


@dataclass(frozen=True)
class LogLine:
    occurred_at: datetime
    who: str
    role: str | None
    organisation: str | None
    what: str
    allowed: bool
    in_list: bool


def log_lines(session: Session, youth_id: int) -> list[LogLine]:
    """Every access-log entry that names her or whose list showed her, newest first."""
    pseudonym = session.scalars(
        select(YouthPseudonym.pseudonym).where(YouthPseudonym.youth_id == youth_id)
    ).first()
    if pseudonym is None:
        return []
    ids = union(
        select(AccessLogEntry.id).where(AccessLogEntry.youth_pseudonym == pseudonym),
        select(AccessLogSubject.entry_id).where(AccessLogSubject.youth_pseudonym == pseudonym),
    ).subquery()
    entries = list(
        session.scalars(
            select(AccessLogEntry)
            .where(AccessLogEntry.id.in_(select(ids.c[0])))
            .order_by(AccessLogEntry.id.desc())
        )
    )
    user_ids = {e.actor_user_id for e in entries if e.actor_user_id is not None}
    org_ids = {e.actor_organisation_id for e in entries if e.actor_organisation_id is not None}
    users = dict(session.execute(select(User.id, User.name).where(User.id.in_(user_ids))).all())
    orgs = dict(
        session.execute(
            select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids))
        ).all()
    )
    return [
        LogLine(
            occurred_at=e.occurred_at,
            who=users.get(e.actor_user_id, _("onbekend"))
            if e.actor_user_id
            else _("niet ingelogd"),
            role=e.actor_role,
            organisation=orgs.get(e.actor_organisation_id or -1),
            what=readable_action(e.action),
            allowed=e.outcome == "allowed",
            in_list=e.youth_pseudonym != pseudonym,
        )
        for e in entries
    ]


@dataclass(frozen=True)
class Built:
    json_text: str
    html_text: str


# In the stored page the style element carries this placeholder; it becomes the response's CSP
# nonce when jimnet serves the page, and is harmless in a saved copy.
NONCE_PLACEHOLDER = "__jimnet_csp_nonce__"


def build(
    session: Session,
    youth: Youth,
    *,
    requested_by: str,
    relation: str,
    generated_at: datetime,
    locale: str,
) -> Built:
    omit = PARENT_OMITS if relation == "parent" else frozenset()
    tables = _rows(session, youth.id, omit)
    with force_locale(locale):
        lines = log_lines(session, youth.id)
        document = {
            "schema": SCHEMA_ID,
            "generated_at": generated_at.isoformat(),
            "requested_by": {"name": requested_by, "relation": relation},
            "subject": {"kind": "youth", "id": youth.id, "name": youth.full_name},
            "omitted_columns": sorted(omit),
            "tables": tables,
            "access_log": [
                {
                    "occurred_at": line.occurred_at.isoformat(),
                    "who": line.who,
                    "role": line.role,
                    "organisation": line.organisation,
                    "what": line.what,
                    "outcome": "allowed" if line.allowed else "denied",
                    "in_a_list": line.in_list,
                }
                for line in lines
            ],
        }
        html_text = render_template(
            "privacy/export.html",
            youth=youth,
            document=document,
            tables=tables,
            lines=lines,
            map_svg=_map_svg(session, youth, generated_at.date()),
            nonce=NONCE_PLACEHOLDER,
            words=Words(),
            generated_at=generated_at,
        )
    return Built(json.dumps(document, ensure_ascii=False, indent=1), html_text)


class Words:
    """The template's way from stored codes to words (no raw codes on the page)."""

    def domain(self, key: str) -> str:
        from jimnet.network.labels import DOMAIN

        return str(DOMAIN.get(key, key))

    def perspective(self, value: str) -> str:
        from jimnet.big5.texts import perspective

        return perspective(value)

    def action_status(self, value: str) -> str:
        from jimnet.big5.texts import action_status

        return action_status(value)

    def jim_step(self, value: str) -> str:
        from jimnet.jim.labels import STEP

        return str(STEP.get(value, value))

    def jim_state(self, value: str) -> str:
        from jimnet.jim.labels import STATE

        return str(STATE.get(value, value))

    def purpose(self, value: str) -> str:
        return {"jim": _("een JIM")}.get(value, value)


def _map_svg(session: Session, youth: Youth, day: date) -> Any:
    from jimnet.network import snapshots
    from jimnet.network.graph import load_rows
    from jimnet.network.svg import members_from_graph, render_map

    rows = load_rows(session, youth.id)
    if not rows.members:
        return None
    graph = snapshots.graph_from_rows(youth, rows, today=day)
    members, ties = members_from_graph(graph)
    return render_map(youth.first_name, members, ties)
