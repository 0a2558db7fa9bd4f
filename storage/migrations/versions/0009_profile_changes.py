"""profile changes: a row per person, written by triggers on every change of a profile,
or of a person's organisation, so every process keeps its live matching index in step
with the database; invitations by time (the weekly cap); the request id on outbox rows
(issue 16)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

from storage.changes import drop_triggers, install_triggers


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_id', sa.String(length=64), nullable=False, server_default=''))
    op.create_table('profilechange',
    sa.Column('person_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('person_id')
    )
    op.create_index('ix_profilechange_seq', 'profilechange', ['seq'], unique=False)
    op.create_index('ix_invitation_created_at', 'invitation', ['created_at'], unique=False)
    install_triggers(op.get_bind())
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("INSERT INTO profilechange (person_id, seq) "
                   "SELECT person_id, pg_current_xact_id()::text::bigint FROM profile")
    else:
        op.execute("INSERT INTO profilechange (person_id, seq) SELECT person_id, 1 FROM profile")


def downgrade() -> None:
    drop_triggers(op.get_bind())
    op.drop_index('ix_invitation_created_at', table_name='invitation')
    op.drop_index('ix_profilechange_seq', table_name='profilechange')
    op.drop_table('profilechange')
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('request_id')
