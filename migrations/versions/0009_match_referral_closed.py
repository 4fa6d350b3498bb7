"""pool: when, by whom and why a referral was closed; which matcher version made a round

Revision ID: 0009_match_referral_closed
Revises: 0008_ranking_models
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '0009_match_referral_closed'
down_revision = '0008_ranking_models'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mentor_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('closed_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closed_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_mentor_request_closed_by_id_user_account'),
            'user_account',
            ['closed_by_id'],
            ['id'],
            ondelete='SET NULL',
        )
    with op.batch_alter_table('proposal_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('model_version_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_proposal_round_model_version_id_model_version'),
            'model_version',
            ['model_version_id'],
            ['id'],
            ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('proposal_round', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_proposal_round_model_version_id_model_version'), type_='foreignkey'
        )
        batch_op.drop_column('model_version_id')
    with op.batch_alter_table('mentor_request', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_mentor_request_closed_by_id_user_account'), type_='foreignkey'
        )
        batch_op.drop_column('closed_reason')
        batch_op.drop_column('closed_by_id')
        batch_op.drop_column('closed_at')
