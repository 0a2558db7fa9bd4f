"""lifecycle: the owner's reminder and the office's escalation for an accepted but
unconfirmed invitation; a colleague's feedback text (issue 13)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_reminded_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('escalated_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('comment', sa.String(length=1000), nullable=False, server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_column('comment')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('owner_reminded_at')
