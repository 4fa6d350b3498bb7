"""``flask big5 …``: load a region's own domain set, and recompute every readiness row."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import click
from sqlalchemy import select
from sqlalchemy.orm import Session

from jimnet.big5 import domains as domain_sets
from jimnet.big5 import readiness
from jimnet.extensions import db
from jimnet.youth.models import Youth


def _session() -> Session:
    return cast(Session, db.session)


@click.command("load-domain-set")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_domain_set(path: Path) -> None:
    """Load a domain-set JSON file (the format of jimnet/big5/data/*.json); a higher version
    replaces the texts of the stored set."""
    try:
        data = domain_sets.read_file(path)
        stored = domain_sets.install_set(_session(), data)
    except domain_sets.DomainSetError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(
        f"Domain set {stored.key!r} is at version {stored.version} ({len(data['domains'])} domains)."
    )


@click.command("refresh-readiness")
def refresh_readiness() -> None:
    """Recompute the readiness row of every young person (after a bulk import)."""
    ids = list(_session().scalars(select(Youth.id)))
    readiness.refresh_many(_session(), ids)
    db.session.commit()
    click.echo(f"Readiness recomputed for {len(ids)} young people.")
