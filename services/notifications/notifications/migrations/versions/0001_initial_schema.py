"""initial schema

Revision ID: 0001
Revises: 
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from shared.db import platform_migrations

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('notification',
    sa.Column('notification_id', sa.UUID(), nullable=False),
    sa.Column('event_id', sa.UUID(), nullable=False),
    sa.Column('event_type', sa.String(length=80), nullable=False),
    sa.Column('letter_type', sa.String(length=60), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('failure_reason', sa.Text(), nullable=True),
    sa.Column('requested_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('notification_id', name=op.f('pk_notification')),
    sa.UniqueConstraint('event_id', 'letter_type', name='uq_notification_event_letter')
    )
    op.create_index('ix_notification_account', 'notification', ['account_ref'], unique=False)
    op.create_index('ix_notification_status', 'notification', ['status'], unique=False)
    platform_migrations.upgrade_v1(op)


def downgrade() -> None:
    platform_migrations.downgrade_v1(op)
    op.drop_index('ix_notification_status', table_name='notification')
    op.drop_index('ix_notification_account', table_name='notification')
    op.drop_table('notification')
