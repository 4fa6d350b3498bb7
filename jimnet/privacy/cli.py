"""``flask retention`` (dry-run by default) and ``flask erasure reapply``.

Retention destroys the files whose legal term ended (``retention.past_term``): one file per
transaction, so a run interrupted halfway leaves every file either whole or gone, and the next
run carries on with the rest. Each destruction goes to the ledger file and to the access log
(under her pseudonym, as ``retention_erase``), and expired exports lose their content.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from jimnet.access import keyed
from jimnet.access.log import append
from jimnet.clock import today
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.privacy import erasure, ledger, retention, services
from jimnet.privacy.models import ErasureScope


def _context() -> erasure.Context:
    return erasure.Context(
        pseudonym_key=current_app.config["JIMNET_PSEUDONYM_KEY"],
        ledger_path=Path(current_app.config["JIMNET_ERASURE_LEDGER"]),
    )


def _log(pseudonym: str, action: str, object_id: int) -> dict[str, Any]:
    return {
        "occurred_at": utcnow(),
        "actor_user_id": None,
        "actor_role": "system",
        "actor_organisation_id": None,
        "on_behalf_of_user_id": None,
        "youth_pseudonym": pseudonym,
        "subjects": None,
        "action": action,
        "object_type": "youth",
        "object_id": str(object_id),
        "outcome": "allowed",
        "ip": None,
        "request_id": None,
        "route": "cli",
    }


@click.command("retention")
@click.option("--execute", is_flag=True, help="Destroy what is past its term (default: dry run).")
@with_appcontext
def retention_command(execute: bool) -> None:
    """List (or with --execute destroy) every file whose legal retention term has ended."""
    session = db.session()
    day = today()
    due = retention.past_term(session, day)
    click.echo(f"Retention on {day.isoformat()}: {len(due)} file(s) past their term.")
    for item in due:
        click.echo(
            f"  youth #{item.youth_id} (organisation #{item.organisation_id}): "
            f"kept until {item.keep_until.isoformat()}"
        )
    if not execute:
        click.echo("Dry run: nothing was destroyed. Run with --execute to destroy these files.")
        session.rollback()
        return
    context = _context()
    key = keyed.key_bytes(current_app.config["JIMNET_LOG_KEY"])
    destroyed = 0
    with click.progressbar(due, label="Destroying", show_pos=True) as bar:
        for item in bar:
            pseudonym = keyed.pseudonym_for(context.pseudonym_key, item.youth_id)
            ledger.append(
                context.ledger_path,
                ledger.LedgerLine(None, pseudonym, ErasureScope.FILE, utcnow().isoformat()),
            )
            erasure.erase_file(session, item.youth_id, context)
            append(session, key, [_log(pseudonym, "retention_erase", item.youth_id)])
            session.commit()
            destroyed += 1
    cleared = services.clear_expired(session, utcnow())
    session.commit()
    click.echo(f"Destroyed {destroyed} file(s); cleared {cleared} expired export(s).")


@click.group("erasure")
def erasure_group() -> None:
    """The erasure ledger."""


@erasure_group.command("reapply")
@with_appcontext
def reapply_command() -> None:
    """After restoring a backup: erase again every file the ledger says was erased."""
    session = db.session()
    context = _context()
    key = keyed.key_bytes(current_app.config["JIMNET_LOG_KEY"])
    erased = erasure.reapply(session, context)
    for youth_id in erased:
        pseudonym = keyed.pseudonym_for(context.pseudonym_key, youth_id)
        append(session, key, [_log(pseudonym, "reapply_erasure", youth_id)])
    session.commit()
    click.echo(f"Erased again after a restore: {len(erased)} file(s).")
