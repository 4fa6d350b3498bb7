"""join the domain branches into one head, so that a plain `flask db upgrade` works

Revision ID: 0007_one_head
Revises: 0005_indexes, 0006_log_append_only

Operators type `flask db upgrade`; with two heads Alembic refuses it ("multiple head
revisions"). New revisions chain after this one, one line, never a new branch.
"""

revision = "0007_one_head"
down_revision = ("0005_indexes", "0006_log_append_only")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
