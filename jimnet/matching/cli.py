"""``flask --app jimnet train-ranker``: train the JIM ranker from the database's nominations."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from jimnet.extensions import db
from jimnet.matching import ranker, store, training

STEPS = (ranker.FALLBACK, ranker.LOGISTIC, ranker.BOOSTING, "fit")
LABELS = {
    ranker.FALLBACK: "points score",
    ranker.LOGISTIC: "logistic regression (5 folds)",
    ranker.BOOSTING: "gradient boosting (5 folds)",
    "fit": "final fit",
}


@click.command("train-ranker")
@click.option("--seed", default=0, show_default=True, help="Random seed of the models.")
@click.option("--no-challenger", is_flag=True, help="Train the logistic model only.")
@with_appcontext
def train_ranker(seed: int, no_challenger: bool) -> None:
    """Train, evaluate on held-out young people, save (skops + model card), and activate only
    when the new version beats the points score and the active version."""
    directory = store.models_dir(current_app.config)
    steps = [s for s in STEPS if not (no_challenger and s == ranker.BOOSTING)]
    with click.progressbar(
        length=len(steps), label="Training the JIM ranker", show_pos=True
    ) as bar:

        def progress(step: str) -> None:
            bar.label = LABELS.get(step, step)
            bar.update(1)

        report = training.train_and_save(
            db.session(),
            directory,
            created_by="flask train-ranker",
            seed=seed,
            challenger=not no_challenger,
            progress=progress,
        )
    click.echo(
        f"\nLabelled outcomes: {report.samples} (left out as too recent: {report.too_recent})"
    )
    if report.figures:
        click.echo(
            f"{'ranker':<10} {'AUC':>7} {'Brier':>7} {'calib.':>7}   (held-out young people)"
        )
        for kind, f in report.figures.items():
            click.echo(
                f"{kind:<10} {f['auc']:>7.3f} {f['brier']:>7.3f} {f['calibration_error']:>7.3f}"
            )
    if report.version is not None:
        click.echo(f"Saved version {report.version.id}: {directory / report.version.file_name}")
        click.echo(f"Model card: {store.card_path(directory, report.version)}")
    click.echo(report.message)
    db.session.commit()
