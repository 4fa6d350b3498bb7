"""policy: the organisation through which a care-team row grants access

A care-team row counts only while its holder has an active care role in the organisation it was
granted through: the young person's own organisation, or the consortium partner whose colleague
joined the team. Rows of partners get that partner organisation; all others stay empty, which
means the young person's organisation.

Revision ID: 0009_policy_team_org
Revises: 0009_match_referral_closed
Create Date: 2026-12-02 04:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_policy_team_org'
down_revision = '0009_match_referral_closed'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('care_team_member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_care_team_member_organisation_id_organisation'),
            'organisation',
            ['organisation_id'],
            ['id'],
        )
    # A colleague of a consortium partner (no membership in the youth's own organisation) holds
    # the row through the partner organisation where they have a care role.
    op.execute(
        """
        UPDATE care_team_member SET organisation_id = (
            SELECT MIN(m.organisation_id) FROM membership m
            JOIN organisation o ON o.id = m.organisation_id
            JOIN youth y ON y.id = care_team_member.youth_id
            JOIN organisation yo ON yo.id = y.organisation_id
            WHERE m.user_id = care_team_member.user_id
              AND m.role IN ('professional', 'coach')
              AND o.consortium_id = yo.consortium_id
        )
        WHERE NOT EXISTS (
            SELECT 1 FROM membership m JOIN youth y ON y.id = care_team_member.youth_id
            WHERE m.user_id = care_team_member.user_id AND m.organisation_id = y.organisation_id
        )
        """
    )


def downgrade():
    with op.batch_alter_table('care_team_member', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_care_team_member_organisation_id_organisation'), type_='foreignkey'
        )
        batch_op.drop_column('organisation_id')
