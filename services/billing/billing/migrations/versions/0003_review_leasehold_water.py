"""rent review, leasehold service charges, sundry debts, water charges

Revision ID: 0003_review_leasehold_water
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0003_review_leasehold_water'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rent_review',
    sa.Column('review_id', sa.UUID(), nullable=False),
    sa.Column('rent_year', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('policy', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('totals', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('rejected_lines', postgresql.JSONB(astext_type=sa.Text()), server_default='[]', nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('committed_by', sa.String(length=100), nullable=True),
    sa.Column('committed_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('preview', 'committed', 'withdrawn')", name=op.f('ck_rent_review_status')),
    sa.PrimaryKeyConstraint('review_id', name=op.f('pk_rent_review'))
    )
    op.create_index('ix_rent_review_year', 'rent_review', ['rent_year'], unique=False)
    op.create_table('section20_consultation',
    sa.Column('works_ref', sa.String(length=30), nullable=False),
    sa.Column('scheme_ref', sa.String(length=30), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('notice_of_intention_on', sa.Date(), nullable=False),
    sa.Column('estimates_notice_on', sa.Date(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('dispensation', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('works_ref', name=op.f('pk_section20_consultation'))
    )
    op.create_table('service_charge_year',
    sa.Column('scheme_ref', sa.String(length=30), nullable=False),
    sa.Column('year_start', sa.Date(), nullable=False),
    sa.Column('estimated_cost', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('instalments', sa.Integer(), nullable=False),
    sa.Column('due_dates', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('actual_cost', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('actual_lines', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('balanced_by', sa.String(length=100), nullable=True),
    sa.Column('balanced_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('instalments IN (1, 2, 4, 12)', name=op.f('ck_service_charge_year_instalments')),
    sa.PrimaryKeyConstraint('scheme_ref', 'year_start', name=op.f('pk_service_charge_year'))
    )
    op.create_table('water_agreement',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('void_allowance_rate', sa.Numeric(precision=9, scale=6), nullable=False),
    sa.Column('commission_rate', sa.Numeric(precision=9, scale=6), nullable=False),
    sa.Column('basis', sa.String(length=20), nullable=False),
    sa.Column('set_by', sa.String(length=100), nullable=False),
    sa.Column('set_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("basis IN ('collected', 'debited')", name=op.f('ck_water_agreement_basis')),
    sa.CheckConstraint('commission_rate >= 0 AND commission_rate < 1', name=op.f('ck_water_agreement_commission_rate')),
    sa.CheckConstraint('void_allowance_rate >= 0 AND void_allowance_rate < 1', name=op.f('ck_water_agreement_void_rate')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_water_agreement')),
    sa.UniqueConstraint('effective_from', name=op.f('uq_water_agreement_effective_from'))
    )
    op.create_table('water_reconciliation',
    sa.Column('reconciliation_id', sa.UUID(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('agreement', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('figures', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('payable', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('payment_due', sa.Date(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('reconciliation_id', name=op.f('pk_water_reconciliation'))
    )
    op.create_index('uq_water_reconciliation_period', 'water_reconciliation', ['period_from', 'period_to'], unique=True)
    op.create_table('water_reconciliation_line',
    sa.Column('reconciliation_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('debited', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('water_debited', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('receipts', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('water_collected', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['reconciliation_id'], ['water_reconciliation.reconciliation_id'], name=op.f('fk_water_reconciliation_line_reconciliation_id_water_reconciliation')),
    sa.PrimaryKeyConstraint('reconciliation_id', 'account_ref', name=op.f('pk_water_reconciliation_line'))
    )
    op.create_table('lease',
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('scheme_ref', sa.String(length=30), nullable=False),
    sa.Column('share', sa.Numeric(precision=12, scale=6), nullable=False),
    sa.Column('ground_rent_annual', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('ground_rent_annual >= 0', name=op.f('ck_lease_ground_rent_not_negative')),
    sa.CheckConstraint('share > 0', name=op.f('ck_lease_share_positive')),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_lease_account_ref_account')),
    sa.PrimaryKeyConstraint('account_ref', name=op.f('pk_lease'))
    )
    op.create_index('ix_lease_scheme', 'lease', ['scheme_ref'], unique=False)
    op.create_table('rent_review_line',
    sa.Column('review_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('charge_type', sa.String(length=30), nullable=False),
    sa.Column('old_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('new_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('capped', sa.Boolean(), nullable=False),
    sa.Column('outlier', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_rent_review_line_account_ref_account')),
    sa.ForeignKeyConstraint(['review_id'], ['rent_review.review_id'], name=op.f('fk_rent_review_line_review_id_rent_review')),
    sa.PrimaryKeyConstraint('review_id', 'account_ref', 'charge_type', name=op.f('pk_rent_review_line'))
    )
    op.create_table('service_charge_invoice',
    sa.Column('invoice_ref', sa.String(length=60), nullable=False),
    sa.Column('run_ref', sa.String(length=80), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('invoice_type', sa.String(length=20), nullable=False),
    sa.Column('scheme_ref', sa.String(length=30), nullable=True),
    sa.Column('period_from', sa.Date(), nullable=True),
    sa.Column('period_to', sa.Date(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('lines', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('works_ref', sa.String(length=30), nullable=True),
    sa.Column('raised_by', sa.String(length=100), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("invoice_type IN ('estimate', 'balancing', 'major_works', 'ground_rent', 'sundry')", name=op.f('ck_service_charge_invoice_invoice_type')),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_service_charge_invoice_account_ref_account')),
    sa.PrimaryKeyConstraint('invoice_ref', name=op.f('pk_service_charge_invoice'))
    )
    op.create_index('ix_sc_invoice_account', 'service_charge_invoice', ['account_ref'], unique=False)
    op.create_index('ix_sc_invoice_run', 'service_charge_invoice', ['run_ref'], unique=False)
    op.create_table('sundry_debt',
    sa.Column('debt_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('debt_type', sa.String(length=30), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('raised_on', sa.Date(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('person_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('related_account_ref', sa.String(length=15), nullable=True),
    sa.Column('raised_by', sa.String(length=100), nullable=False),
    sa.Column('raised_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("debt_type IN ('rechargeable_repair', 'court_costs', 'other')", name=op.f('ck_sundry_debt_debt_type')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_sundry_debt_amount_positive')),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_sundry_debt_account_ref_account')),
    sa.ForeignKeyConstraint(['related_account_ref'], ['account.account_ref'], name=op.f('fk_sundry_debt_related_account_ref_account')),
    sa.PrimaryKeyConstraint('debt_id', name=op.f('pk_sundry_debt'))
    )


def downgrade() -> None:
    op.drop_table('sundry_debt')
    op.drop_index('ix_sc_invoice_run', table_name='service_charge_invoice')
    op.drop_index('ix_sc_invoice_account', table_name='service_charge_invoice')
    op.drop_table('service_charge_invoice')
    op.drop_table('rent_review_line')
    op.drop_index('ix_lease_scheme', table_name='lease')
    op.drop_table('lease')
    op.drop_table('water_reconciliation_line')
    op.drop_index('uq_water_reconciliation_period', table_name='water_reconciliation')
    op.drop_table('water_reconciliation')
    op.drop_table('water_agreement')
    op.drop_table('service_charge_year')
    op.drop_table('section20_consultation')
    op.drop_index('ix_rent_review_year', table_name='rent_review')
    op.drop_table('rent_review')
