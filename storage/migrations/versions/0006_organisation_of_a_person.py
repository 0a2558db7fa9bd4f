"""a person's organisation, independent of the workspace (issue 18): where it came from,
e-mail domain rules, a workspace's default organisation becomes optional, and a cost
centre on the profile

Every existing person keeps their organisation. It came from their workspace, so it is
marked as the workspace's default ("workspace") where it still is that, and as set by an
admin ("admin") where it differs.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organisation_source', sa.String(length=20), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cost_centre', sa.String(length=50), nullable=False, server_default=''))
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=True)
    op.create_table('organisationdomain',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=200), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('added_by', sa.String(length=200), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('domain')
    )
    op.execute(
        "UPDATE person SET organisation_source = CASE WHEN organisation_id = (SELECT w.organisation_id "
        "FROM workspace w WHERE w.platform = person.platform AND w.external_id = person.workspace) "
        "THEN 'workspace' ELSE 'admin' END WHERE organisation_id IS NOT NULL")


def downgrade() -> None:
    op.drop_table('organisationdomain')
    # before 0006 every workspace had an organisation; one without is made again on first contact
    op.execute("DELETE FROM workspace WHERE organisation_id IS NULL")
    with op.batch_alter_table('workspace', schema=None) as batch_op:
        batch_op.alter_column('organisation_id', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('profile', schema=None) as batch_op:
        batch_op.drop_column('cost_centre')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('organisation_source')
