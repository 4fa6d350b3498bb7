"""The Alembic history builds exactly the schema the models describe, and can be undone."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from jimnet import create_app
from jimnet.extensions import db
from tests.conftest import TEST_CONFIG, database_url


@pytest.fixture
def migrated_app(tmp_path):
    url = database_url(tmp_path, suffix="_migr")
    app = create_app(
        {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}}
    )
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def _diff(app):
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return [d for d in compare_metadata(context, db.metadata) if not _ignored(d)]


def _ignored(diff) -> bool:
    # Alembic's own bookkeeping table is not a model.
    return (
        isinstance(diff, tuple) and diff[0] == "remove_table" and diff[1].name == "alembic_version"
    )


def test_migrations_match_the_models(migrated_app):
    assert _diff(migrated_app) == []


def test_migrations_can_be_undone_and_redone(migrated_app):
    with migrated_app.app_context():
        downgrade(revision="base")
        upgrade()
    assert _diff(migrated_app) == []


def test_the_history_has_one_head(migrated_app):
    """`flask db upgrade` (no argument) is what operators type; it needs a single head."""
    from alembic.script import ScriptDirectory

    with migrated_app.app_context():
        config = migrated_app.extensions["migrate"].migrate.get_config()
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1
