"""Commands: ``flask --app jimnet seed-demo | demo-accounts | verify-log | sequence-log |
log-public-key | create-user | create-token | purge``."""

from __future__ import annotations

import sys
import time

import click
from flask import Flask
from sqlalchemy import delete, select

from jimnet.accounts import services as accounts
from jimnet.accounts.models import OneTimeToken, User
from jimnet.accounts.roles import StaffRole
from jimnet.db import utcnow
from jimnet.extensions import db
from jimnet.organisations.models import Organisation


def init_app(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option(
        "--if-empty", is_flag=True, help="Only load when the database has no accounts yet."
    )
    @click.option(
        "--youth", "youth_count", default=300, show_default=True, help="How many young people."
    )
    def seed_demo(if_empty: bool, youth_count: int) -> None:
        """Load the demo consortium (fixed seed; safe to run twice)."""
        from jimnet.demo.seed import DEMO_PASSWORD, seed

        if if_empty and db.session.scalar(select(User.id).limit(1)) is not None:
            click.echo("The database already has accounts: demo data not loaded again.")
            return
        summary = seed(db.session(), youth_count=youth_count)
        db.session.commit()
        click.echo(summary)
        click.echo(f"Demo password for every demo account: {DEMO_PASSWORD}")

    @app.cli.command("demo-accounts")
    def demo_accounts() -> None:
        """Print the demo accounts and how to log in."""
        from jimnet.demo.seed import DEMO_ACCOUNTS, DEMO_PASSWORD

        click.echo(f"\nDemo accounts (password: {DEMO_PASSWORD})")
        for email, description in DEMO_ACCOUNTS:
            user = db.session.scalars(select(User).where(User.email == email)).first()
            extra = (
                f"  TOTP secret {user.totp_secret}" if user is not None and user.totp_secret else ""
            )
            click.echo(f"  {email:<28} {description}{extra}")
        click.echo(
            "Staff log in with a TOTP code; in demo mode the login page shows the current code.\n"
        )

    @app.cli.command("verify-log")
    @click.option("--full", is_flag=True, help="Walk the whole log, not only what is new.")
    def verify_log(full: bool) -> None:
        """Check the access log against its published, signed checkpoints.

        Exit status 0: intact; 1: changed (an entry, the tree or a checkpoint); 2: intact but
        with something to look at (ids that never arrived, a clock that went back, a sequencer
        that is behind).
        """
        from jimnet.access import settings as log_settings
        from jimnet.access.verify import BROKEN, verify

        started, cpu = time.perf_counter(), time.process_time()
        report = verify(db.session(), log_settings.for_app(app), full=full)
        db.session.rollback()
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        scope = "the whole log" if report.full else f"from leaf {report.from_size}"
        latest = (
            f"; latest published checkpoint: size {report.latest.size}, signed "
            f"{report.latest.time:%Y-%m-%d %H:%M:%S} UTC"
            if report.latest
            else "; no checkpoint published yet"
        )
        summary = (
            f"{report.leaves_checked} entries checked ({scope}, {report.to_size} in the tree), "
            f"{report.checkpoints_checked} checkpoints matched{latest}; "
            f"{report.unsequenced} waiting for the sequencer; checked in {took:.2f} s ({cpu:.2f} s of CPU)."
        )
        if report.ok:
            click.echo(f"The access log is intact: {summary}")
            return
        for finding in report.findings:
            label = "BROKEN" if finding.severity == BROKEN else "WARNING"
            click.echo(f"{label}: {finding.text}", err=True)
        if report.broken:
            click.echo(f"The access log was changed. {summary}", err=True)
            sys.exit(1)
        click.echo(f"The access log is intact, with warnings. {summary}", err=True)
        sys.exit(2)

    @app.cli.command("sequence-log")
    @click.option("--loop", is_flag=True, help="Keep running, every JIMNET_LOG_INTERVAL seconds.")
    def sequence_log(loop: bool) -> None:
        """Put new access-log entries into the Merkle tree and publish a signed checkpoint."""
        from jimnet.access import settings as log_settings
        from jimnet.access.sequencer import sequence

        settings = log_settings.for_app(app)
        if loop:
            click.echo(f"The sequencer runs every {settings.interval:g} s.")
        while True:
            result = sequence(db.session(), settings)
            db.session.remove()
            if result.busy:
                click.echo("Another sequencer is running.")
            elif result.sequenced or not loop:
                click.echo(
                    f"Sequenced {result.sequenced} entries; the tree has {result.size} leaves"
                    + (f"; {len(result.gaps)} gap(s)" if result.gaps else "")
                    + (f"; {len(result.bad_macs)} wrong MAC(s)" if result.bad_macs else "")
                    + (
                        f"; waiting for id {result.waiting_for_gap}"
                        if result.waiting_for_gap
                        else ""
                    )
                    + "."
                )
            if not loop:
                return
            if not result.more:
                time.sleep(settings.interval)

    @app.cli.command("log-public-key")
    def log_public_key() -> None:
        """Print the key that verifies the access log's checkpoints (give it to auditors)."""
        from jimnet.access import settings as log_settings

        click.echo(log_settings.for_app(app).public_key.text())

    @app.cli.command("create-user")
    @click.option("--email", prompt=True)
    @click.option("--name", prompt=True)
    @click.option("--organisation", help="Organisation name (created when it does not exist).")
    @click.option("--role", type=click.Choice([r.value for r in StaffRole]), default=None)
    @click.password_option()
    def create_user(
        email: str, name: str, organisation: str | None, role: str | None, password: str
    ) -> None:
        """Create an account, optionally with a staff role in an organisation."""
        if len(password) < 10:
            raise click.BadParameter("use at least 10 characters", param_hint="password")
        if accounts.find_user(db.session(), email) is not None:
            raise click.BadParameter("an account with this e-mail exists", param_hint="email")
        user = User(email=accounts.normalise_email(email), name=name)
        accounts.set_password(user, password)
        db.session.add(user)
        db.session.flush()
        if organisation and role:
            org = db.session.scalars(
                select(Organisation).where(Organisation.name == organisation)
            ).first()
            if org is None:
                org = Organisation(name=organisation)
                db.session.add(org)
                db.session.flush()
            accounts.grant_membership(db.session(), user, org.id, StaffRole(role))
        db.session.commit()
        click.echo(f"Created {user.email} (id {user.id}).")

    @app.cli.command("create-token")
    @click.argument("email")
    @click.option("--name", default="cli", show_default=True)
    def create_token(email: str, name: str) -> None:
        """Print a new personal API token for EMAIL (stored hashed; shown once)."""
        user = accounts.find_user(db.session(), email)
        if user is None or not user.active:
            raise click.BadParameter("no active account with this e-mail", param_hint="EMAIL")
        raw, _token = accounts.create_api_token(db.session(), user, name)
        db.session.commit()
        click.echo(raw)

    @app.cli.command("purge")
    def purge() -> None:
        """Remove expired sessions and single-use links."""
        from jimnet.sessions import WebSession

        now = utcnow()
        sessions = db.session.execute(delete(WebSession).where(WebSession.expiry <= now)).rowcount  # type: ignore[attr-defined]
        tokens = db.session.execute(
            delete(OneTimeToken).where(OneTimeToken.expires_at <= now)
        ).rowcount  # type: ignore[attr-defined]
        db.session.commit()
        click.echo(f"Removed {sessions} expired sessions and {tokens} expired links.")
