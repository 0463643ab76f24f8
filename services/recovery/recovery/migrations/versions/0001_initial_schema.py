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
    op.create_table('account_position',
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('balance', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.Column('account_type', sa.String(length=30), nullable=True),
    sa.Column('tenancy_ref', sa.String(length=30), nullable=True),
    sa.Column('patch', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=True),
    sa.Column('weekly_charge', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('last_payment_on', sa.Date(), nullable=True),
    sa.Column('last_payment_amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('account_ref', name=op.f('pk_account_position'))
    )
    platform_migrations.upgrade_v1(op)


def downgrade() -> None:
    platform_migrations.downgrade_v1(op)
    op.drop_table('account_position')
