"""policy: what a young person shares with a parent

Revision ID: 0009_policy_parent_share
Revises: 0009_privacy_erasure
Create Date: 2026-12-02 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_policy_parent_share'
down_revision = '0009_privacy_erasure'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('parent_share',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('youth_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('share_jim', sa.Boolean(), nullable=False),
    sa.Column('share_network', sa.Boolean(), nullable=False),
    sa.Column('share_big5', sa.Boolean(), nullable=False),
    sa.Column('share_log', sa.Boolean(), nullable=False),
    sa.Column('share_details', sa.Boolean(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_parent_share_decided_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_parent_share_user_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['youth_id'], ['youth.id'], name=op.f('fk_parent_share_youth_id_youth'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parent_share')),
    sa.UniqueConstraint('youth_id', 'user_id', name='uq_parent_share_youth_user')
    )
    with op.batch_alter_table('parent_share', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_parent_share_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_parent_share_youth_id'), ['youth_id'], unique=False)


def downgrade():
    with op.batch_alter_table('parent_share', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_parent_share_youth_id'))
        batch_op.drop_index(batch_op.f('ix_parent_share_user_id'))
    op.drop_table('parent_share')
