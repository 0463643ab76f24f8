"""Right to Buy casework, the void properties register, home contents insurance cover

Revision ID: 0004_rtb_voids_insurance
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0004_rtb_voids_insurance'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rtb_rules',
    sa.Column('version', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('rules', postgresql.JSONB(astext_type=Text()), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_by', sa.String(length=100), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_rtb_rules'))
    )
    op.create_table('property_disposal',
    sa.Column('property_ref', sa.String(length=30), nullable=False),
    sa.Column('disposed_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['property_ref'], ['property.property_ref'], name=op.f('fk_property_disposal_property_ref_property')),
    sa.PrimaryKeyConstraint('property_ref', name=op.f('pk_property_disposal'))
    )
    op.create_table('void_period',
    sa.Column('void_id', sa.UUID(), nullable=False),
    sa.Column('property_ref', sa.String(length=30), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('automatic', sa.Boolean(), nullable=False),
    sa.Column('previous_tenancy_ref', sa.String(length=30), nullable=True),
    sa.Column('next_tenancy_ref', sa.String(length=30), nullable=True),
    sa.Column('weekly_charges', postgresql.JSONB(astext_type=Text()), nullable=False),
    sa.Column('weekly_loss', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('ended_by', sa.String(length=100), nullable=True),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_void_period_dates')),
    sa.ForeignKeyConstraint(['next_tenancy_ref'], ['tenancy.tenancy_ref'], name=op.f('fk_void_period_next_tenancy_ref_tenancy')),
    sa.ForeignKeyConstraint(['previous_tenancy_ref'], ['tenancy.tenancy_ref'], name=op.f('fk_void_period_previous_tenancy_ref_tenancy')),
    sa.ForeignKeyConstraint(['property_ref'], ['property.property_ref'], name=op.f('fk_void_period_property_ref_property')),
    sa.PrimaryKeyConstraint('void_id', name=op.f('pk_void_period'))
    )
    op.create_index('ix_void_period_dates', 'void_period', ['starts_on', 'ends_on'], unique=False)
    op.create_index('uq_void_period_open', 'void_period', ['property_ref'], unique=True, postgresql_where=sa.text('ends_on IS NULL'))
    op.create_table('insurance_cover',
    sa.Column('cover_id', sa.UUID(), nullable=False),
    sa.Column('tenancy_ref', sa.String(length=30), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('weekly_premium', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('sum_insured', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Text(), nullable=True),
    sa.Column('opted_in_by', sa.String(length=100), nullable=False),
    sa.Column('opted_out_by', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on - 1', name=op.f('ck_insurance_cover_dates')),
    sa.CheckConstraint('weekly_premium > 0', name=op.f('ck_insurance_cover_weekly_premium_positive')),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_insurance_cover_account_ref_account')),
    sa.ForeignKeyConstraint(['tenancy_ref'], ['tenancy.tenancy_ref'], name=op.f('fk_insurance_cover_tenancy_ref_tenancy')),
    sa.PrimaryKeyConstraint('cover_id', name=op.f('pk_insurance_cover'))
    )
    op.create_index('uq_insurance_cover_live', 'insurance_cover', ['tenancy_ref'], unique=True, postgresql_where=sa.text('ends_on IS NULL'))
    op.create_table('rtb_application',
    sa.Column('application_id', sa.UUID(), nullable=False),
    sa.Column('property_ref', sa.String(length=30), nullable=False),
    sa.Column('tenancy_ref', sa.String(length=30), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('rtb1_received_on', sa.Date(), nullable=False),
    sa.Column('applicants', postgresql.JSONB(astext_type=Text()), nullable=False),
    sa.Column('property_form', sa.String(length=10), nullable=False),
    sa.Column('region', sa.String(length=60), nullable=False),
    sa.Column('other_landlord_periods', postgresql.JSONB(astext_type=Text()), nullable=False),
    sa.Column('declarations', postgresql.JSONB(astext_type=Text()), nullable=False),
    sa.Column('eligibility', postgresql.JSONB(astext_type=Text()), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('denial_reason', sa.Text(), nullable=True),
    sa.Column('offered_on', sa.Date(), nullable=True),
    sa.Column('valuation', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('cost_floor', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('discount', postgresql.JSONB(astext_type=Text()), nullable=True),
    sa.Column('service_charge_estimate', postgresql.JSONB(astext_type=Text()), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('leasehold_account_ref', sa.String(length=15), nullable=True),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("property_form IN ('house', 'flat')", name=op.f('ck_rtb_application_property_form')),
    sa.CheckConstraint("status IN ('received', 'acknowledged', 'admitted', 'denied', 'offered', 'completed', 'withdrawn')", name=op.f('ck_rtb_application_status')),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_rtb_application_account_ref_account')),
    sa.ForeignKeyConstraint(['leasehold_account_ref'], ['account.account_ref'], name=op.f('fk_rtb_application_leasehold_account_ref_account')),
    sa.ForeignKeyConstraint(['property_ref'], ['property.property_ref'], name=op.f('fk_rtb_application_property_ref_property')),
    sa.ForeignKeyConstraint(['tenancy_ref'], ['tenancy.tenancy_ref'], name=op.f('fk_rtb_application_tenancy_ref_tenancy')),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_rtb_application'))
    )
    op.create_index('uq_rtb_application_live', 'rtb_application', ['tenancy_ref'], unique=True, postgresql_where=sa.text("status NOT IN ('denied', 'completed', 'withdrawn')"))


def downgrade() -> None:
    op.drop_index('uq_rtb_application_live', table_name='rtb_application', postgresql_where=sa.text("status NOT IN ('denied', 'completed', 'withdrawn')"))
    op.drop_table('rtb_application')
    op.drop_index('uq_insurance_cover_live', table_name='insurance_cover', postgresql_where=sa.text('ends_on IS NULL'))
    op.drop_table('insurance_cover')
    op.drop_index('uq_void_period_open', table_name='void_period', postgresql_where=sa.text('ends_on IS NULL'))
    op.drop_index('ix_void_period_dates', table_name='void_period')
    op.drop_table('void_period')
    op.drop_table('property_disposal')
    op.drop_table('rtb_rules')
