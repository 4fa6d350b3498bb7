"""Commands: ``flask --app jimnet seed-demo | demo-accounts | verify-log | create-user | create-token``."""

from __future__ import annotations

import sys

import click
from flask import Flask
from sqlalchemy import delete, select

from jimnet.access import chain
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
    def verify_log() -> None:
        """Walk the access log's hash chain and report the first broken link."""
        report = chain.verify(db.session())
        if report.ok:
            click.echo(f"The access log is intact: {report.checked} entries checked.")
            return
        click.echo(
            f"The access log is broken at entry {report.broken_at_seq}: {report.reason} "
            f"({report.checked} entries before it are intact).",
            err=True,
        )
        sys.exit(1)

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
