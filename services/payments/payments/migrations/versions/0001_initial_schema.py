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
    op.create_table('known_account',
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('account_type', sa.String(length=30), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('account_ref', name=op.f('pk_known_account'))
    )
    op.create_table('payment',
    sa.Column('payment_id', sa.UUID(), nullable=False),
    sa.Column('source_system', sa.String(length=40), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=True),
    sa.Column('reference_given', sa.String(length=35), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('matched', 'suspended', 'reversed')", name=op.f('ck_payment_status')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_payment_amount_positive')),
    sa.PrimaryKeyConstraint('payment_id', name=op.f('pk_payment')),
    sa.UniqueConstraint('source_system', 'external_id', name='uq_payment_external')
    )
    op.create_index('ix_payment_account', 'payment', ['account_ref'], unique=False)
    op.create_table('suspense_item',
    sa.Column('suspense_id', sa.UUID(), nullable=False),
    sa.Column('payment_id', sa.UUID(), nullable=False),
    sa.Column('reference_given', sa.String(length=35), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), server_default='open', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('suspense_id', name=op.f('pk_suspense_item')),
    sa.UniqueConstraint('payment_id', name=op.f('uq_suspense_item_payment_id'))
    )
    op.create_index('ix_suspense_open', 'suspense_item', ['status', 'received_on'], unique=False)
    platform_migrations.upgrade_v1(op)


def downgrade() -> None:
    platform_migrations.downgrade_v1(op)
    op.drop_index('ix_suspense_open', table_name='suspense_item')
    op.drop_table('suspense_item')
    op.drop_index('ix_payment_account', table_name='payment')
    op.drop_table('payment')
    op.drop_table('known_account')
