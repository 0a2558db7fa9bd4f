"""profile nudge: one friendly reminder after a week with an empty profile, and the
person's choice to have none (issue 20)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nudge_off', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('nudged_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('nudged_at')
        batch_op.drop_column('nudge_off')
