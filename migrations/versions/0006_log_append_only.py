"""the access log refuses UPDATE and DELETE (database triggers)

Revision ID: 0006_log_append_only
Revises: 0001_foundation

The statements are frozen here as they were at this revision; jimnet/access/append_only.py
creates the same triggers when the tables are built from the models.
"""

from alembic import op

revision = "0006_log_append_only"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

MESSAGE = "the access log is append-only"
UP = {
    "sqlite": (
        f"CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION access_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$",
        "CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log "
        "FOR EACH ROW EXECUTE FUNCTION access_log_append_only()",
    ),
}
DOWN = {
    "sqlite": ("DROP TRIGGER IF EXISTS access_log_no_update", "DROP TRIGGER IF EXISTS access_log_no_delete"),
    "postgresql": (
        "DROP TRIGGER IF EXISTS access_log_append_only ON access_log",
        "DROP FUNCTION IF EXISTS access_log_append_only()",
    ),
}


def upgrade():
    for statement in UP.get(op.get_bind().dialect.name, ()):
        op.execute(statement)


def downgrade():
    for statement in DOWN.get(op.get_bind().dialect.name, ()):
        op.execute(statement)
