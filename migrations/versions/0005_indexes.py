"""indexes from the benchmark's evidence (see jimnet/perf_indexes.py and README "Performance")

Revision ID: 0005_indexes
Revises: 0003_jim, 0004_big5
"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0005_indexes"
down_revision = ("0003_jim", "0004_big5")
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_index("ix_access_log_youth_seq", ["youth_pseudonym", "seq"], unique=False)


def downgrade():
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_index("ix_access_log_youth_seq")
