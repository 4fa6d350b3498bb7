from __future__ import annotations

from sqlalchemy import func, select, text, update

from jimnet.access.models import AccessLogEntry
from jimnet.accounts.models import User
from jimnet.accounts.roles import StaffRole
from jimnet.extensions import db


def test_verify_log_reports_intact_and_broken(app, make, client, tmp_path, monkeypatch):
    from tests.access.conftest import settings_for

    settings = settings_for(app, tmp_path)
    monkeypatch.setitem(app.extensions, "jimnet_log_settings", settings)
    pro = make.user(StaffRole.PROFESSIONAL)
    youth = make.youth(professionals=[pro])
    client.login(pro).get(f"/jongeren/{youth.id}")
    runner = app.test_cli_runner()
    sequenced = runner.invoke(args=["sequence-log"])
    assert sequenced.exit_code == 0 and "Sequenced 1 entries" in sequenced.output
    result = runner.invoke(args=["verify-log"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output and "1 checkpoints matched" in result.output
    with app.app_context():
        from jimnet.access import append_only

        for statement in append_only.all_statements(db.session.get_bind().dialect.name, drop=True):
            db.session.execute(text(statement))  # an attacker with the owner's rights
        db.session.execute(update(AccessLogEntry).values(route="/tampered"))
        db.session.commit()
    result = runner.invoke(args=["verify-log", "--full"])
    assert result.exit_code == 1
    assert "was changed" in result.output
    assert "no longer matches the checkpoint" in result.output


def test_log_public_key_prints_the_verifier_key(app, tmp_path, monkeypatch):
    from tests.access.conftest import settings_for

    settings = settings_for(app, tmp_path)
    monkeypatch.setitem(app.extensions, "jimnet_log_settings", settings)
    result = app.test_cli_runner().invoke(args=["log-public-key"])
    assert result.output.strip() == settings.public_key.text()


def test_create_token_prints_a_working_token(app, make, client):
    pro = make.user(StaffRole.PROFESSIONAL)
    result = app.test_cli_runner().invoke(args=["create-token", pro.email])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert client.api("GET", "/api/v1/me", token=token).json["id"] == pro.id


def test_create_token_for_an_unknown_account_fails_cleanly(app):
    result = app.test_cli_runner().invoke(args=["create-token", "nobody@example.test"])
    assert result.exit_code == 2
    assert "no active account" in result.output


def test_create_user_with_a_role(app):
    result = app.test_cli_runner().invoke(
        args=[
            "create-user",
            "--email",
            "Nieuw@Example.test",
            "--name",
            "Nieuw",
            "--organisation",
            "Org CLI",
            "--role",
            "org_admin",
            "--password",
            "een lang wachtwoord",
        ],
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "nieuw@example.test")).one()
        assert user.staff_roles == {StaffRole.ORG_ADMIN}


def test_seed_demo_builds_the_consortium_once(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["seed-demo", "--youth", "24"])
    assert result.exit_code == 0, result.output
    assert "6 organisations" in result.output
    with app.app_context():
        users = db.session.scalar(select(func.count()).select_from(User))
    again = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == users
        demo = db.session.scalars(
            select(User).where(User.email == "professional@jimnet.test")
        ).one()
        assert demo.totp_secret


def test_the_demo_youth_is_fifteen_and_in_care(app):
    from jimnet.clock import today
    from jimnet.youth.models import Youth

    app.test_cli_runner().invoke(args=["seed-demo", "--youth", "12"])
    with app.app_context():
        noa = db.session.scalars(select(Youth).where(Youth.first_name == "Noa")).one()
        assert noa.age_on(today()) == 15
        assert noa.status == "active"
