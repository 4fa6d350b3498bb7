"""``flask --app jimnet train-matcher``: learn the volunteer-mentor matcher from past matches."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from jimnet.clock import today
from jimnet.extensions import db
from jimnet.matching import store
from jimnet.pool import learning


@click.command("train-matcher")
@click.option("--seed", default=0, show_default=True, help="Random seed of the evaluation.")
@with_appcontext
def train_matcher(seed: int) -> None:
    """Train on the labelled past matches, evaluate on held-out young people against the
    documented rule, save (skops + model card), and activate only when it beats the rule and
    the active version."""
    directory = store.models_dir(current_app.config)
    with click.progressbar(length=2, label="Training the mentor matcher") as bar:
        report = learning.train_and_save(
            db.session(), directory, today(), created_by="flask train-matcher", seed=seed
        )
        bar.update(2)
    click.echo(f"\nLabelled matches: {report.samples} (too recent to know: {report.too_recent})")
    for method, figures in report.figures.items():
        click.echo(f"{method:<6} held-out AUC {figures['auc']:.3f}")
    if report.version is not None:
        click.echo(f"Saved version {report.version.id}: {directory / report.version.file_name}")
        click.echo(f"Model card: {store.card_path(directory, report.version)}")
    click.echo(report.message)
    db.session.commit()
