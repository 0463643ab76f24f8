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
    op.create_table('property',
    sa.Column('property_ref', sa.String(length=30), nullable=False),
    sa.Column('address', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('postcode', sa.String(length=10), nullable=False),
    sa.Column('patch', sa.String(length=40), nullable=False),
    sa.Column('area', sa.String(length=40), nullable=False),
    sa.Column('property_type', sa.String(length=30), nullable=False),
    sa.Column('bedrooms', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.PrimaryKeyConstraint('property_ref', name=op.f('pk_property'))
    )
    op.create_table('tenancy',
    sa.Column('tenancy_ref', sa.String(length=30), nullable=False),
    sa.Column('property_ref', sa.String(length=30), nullable=False),
    sa.Column('tenure', sa.String(length=30), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['property_ref'], ['property.property_ref'], name=op.f('fk_tenancy_property_ref_property')),
    sa.PrimaryKeyConstraint('tenancy_ref', name=op.f('pk_tenancy'))
    )
    op.create_index('ix_tenancy_property', 'tenancy', ['property_ref'], unique=False)
    op.execute(sa.schema.CreateSequence(sa.Sequence('account_number_seq', start=1000000)))
    op.create_table('account',
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('account_type', sa.String(length=30), nullable=False),
    sa.Column('tenancy_ref', sa.String(length=30), nullable=True),
    sa.Column('property_ref', sa.String(length=30), nullable=True),
    sa.Column('patch', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('opened_on', sa.Date(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('balance', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('last_seq', sa.BigInteger(), nullable=False),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_account_status')),
    sa.ForeignKeyConstraint(['property_ref'], ['property.property_ref'], name=op.f('fk_account_property_ref_property')),
    sa.ForeignKeyConstraint(['tenancy_ref'], ['tenancy.tenancy_ref'], name=op.f('fk_account_tenancy_ref_tenancy')),
    sa.PrimaryKeyConstraint('account_ref', name=op.f('pk_account'))
    )
    op.create_index('ix_account_tenancy', 'account', ['tenancy_ref'], unique=False)
    op.create_table('tenant',
    sa.Column('tenancy_ref', sa.String(length=30), nullable=False),
    sa.Column('person_id', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('is_lead', sa.Boolean(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('mobile', sa.String(length=30), nullable=True),
    sa.Column('date_of_birth', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['tenancy_ref'], ['tenancy.tenancy_ref'], name=op.f('fk_tenant_tenancy_ref_tenancy')),
    sa.PrimaryKeyConstraint('tenancy_ref', 'person_id', name=op.f('pk_tenant'))
    )
    op.create_table('charge',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('charge_type', sa.String(length=30), nullable=False),
    sa.Column('weekly_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('benefit_eligible', sa.Boolean(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint('weekly_amount >= 0', name=op.f('ck_charge_weekly_amount_not_negative')),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_charge_account_ref_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_charge'))
    )
    op.create_index('ix_charge_account', 'charge', ['account_ref', 'effective_from'], unique=False)
    op.create_table('posting',
    sa.Column('posting_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('account_seq', sa.BigInteger(), nullable=False),
    sa.Column('posting_type', sa.String(length=30), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('balance_after', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('rent_year', sa.Integer(), nullable=True),
    sa.Column('rent_week', sa.Integer(), nullable=True),
    sa.Column('charge_type', sa.String(length=30), nullable=True),
    sa.Column('source_key', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('posted_by', sa.String(length=100), nullable=False),
    sa.Column('posted_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_posting_account_ref_account')),
    sa.PrimaryKeyConstraint('posting_id', name=op.f('pk_posting')),
    sa.UniqueConstraint('source_key', name=op.f('uq_posting_source_key'))
    )
    op.create_index('ix_posting_effective', 'posting', ['account_ref', 'effective_date'], unique=False)
    op.create_index('uq_posting_account_seq', 'posting', ['account_ref', 'account_seq'], unique=True)
    platform_migrations.upgrade_v1(op)


def downgrade() -> None:
    platform_migrations.downgrade_v1(op)
    op.drop_index('uq_posting_account_seq', table_name='posting')
    op.drop_index('ix_posting_effective', table_name='posting')
    op.drop_table('posting')
    op.drop_index('ix_charge_account', table_name='charge')
    op.drop_table('charge')
    op.drop_table('tenant')
    op.drop_index('ix_account_tenancy', table_name='account')
    op.drop_table('account')
    op.drop_index('ix_tenancy_property', table_name='tenancy')
    op.drop_table('tenancy')
    op.drop_table('property')
    op.execute(sa.schema.DropSequence(sa.Sequence('account_number_seq')))
