"""refund workflow

Revision ID: 0002
Revises: 0001
"""
from decimal import Decimal

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_person',
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('person_id', sa.String(length=60), nullable=False),
    sa.PrimaryKeyConstraint('account_ref', 'person_id', name=op.f('pk_account_person'))
    )
    op.create_index('ix_account_person_person', 'account_person', ['person_id'], unique=False)
    op.create_table('approval_limit',
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('max_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('max_amount >= 0', name=op.f('ck_approval_limit_max_not_negative')),
    sa.PrimaryKeyConstraint('role', name=op.f('pk_approval_limit'))
    )
    op.create_table('clearing_window',
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('days >= 0', name=op.f('ck_clearing_window_days_not_negative')),
    sa.PrimaryKeyConstraint('method', name=op.f('pk_clearing_window'))
    )
    op.create_table('credit_review',
    sa.Column('review_id', sa.UUID(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('account_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('total_credit', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('monthly', 'on_demand')", name=op.f('ck_credit_review_kind')),
    sa.PrimaryKeyConstraint('review_id', name=op.f('pk_credit_review'))
    )
    op.create_index('uq_credit_review_monthly_period', 'credit_review', ['period'], unique=True, postgresql_where=sa.text("kind = 'monthly'"))
    op.create_table('credit_transfer',
    sa.Column('transfer_id', sa.UUID(), nullable=False),
    sa.Column('from_account_ref', sa.String(length=15), nullable=False),
    sa.Column('to_account_ref', sa.String(length=15), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('refund_id', sa.UUID(), nullable=True),
    sa.Column('requested_by', sa.String(length=100), nullable=False),
    sa.Column('event_id', sa.UUID(), nullable=False),
    sa.Column('ledger_posted', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_credit_transfer_amount_positive')),
    sa.PrimaryKeyConstraint('transfer_id', name=op.f('pk_credit_transfer'))
    )
    op.create_index('ix_credit_transfer_pending_from', 'credit_transfer', ['from_account_ref'], unique=False, postgresql_where=sa.text('NOT ledger_posted'))
    op.create_index('ix_credit_transfer_pending_to', 'credit_transfer', ['to_account_ref'], unique=False, postgresql_where=sa.text('NOT ledger_posted'))
    op.create_table('hb_overpayment',
    sa.Column('overpayment_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('claim_reference', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('recovered', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('notified_on', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), server_default='open', nullable=False),
    sa.Column('recorded_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('open', 'recovered', 'withdrawn')", name=op.f('ck_hb_overpayment_status')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_hb_overpayment_amount_positive')),
    sa.PrimaryKeyConstraint('overpayment_id', name=op.f('pk_hb_overpayment'))
    )
    op.create_index('ix_hb_overpayment_account', 'hb_overpayment', ['account_ref', 'status'], unique=False)
    op.create_table('payment_batch',
    sa.Column('batch_id', sa.UUID(), nullable=False),
    sa.Column('processing_date', sa.Date(), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('total', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('file_name', sa.String(length=60), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('batch_id', name=op.f('pk_payment_batch'))
    )
    op.create_table('payment_seen',
    sa.Column('payment_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('payment_id', name=op.f('pk_payment_seen'))
    )
    op.create_index('ix_payment_seen_account', 'payment_seen', ['account_ref', 'received_on'], unique=False)
    op.create_table('refund',
    sa.Column('refund_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('payee', sa.String(length=20), nullable=False),
    sa.Column('payee_name', sa.String(length=70), nullable=True),
    sa.Column('sort_code', sa.String(length=6), nullable=True),
    sa.Column('account_number', sa.String(length=10), nullable=True),
    sa.Column('reason_code', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('keep_week_waived', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('requested_by', sa.String(length=100), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('checks', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_seq', sa.BigInteger(), nullable=True),
    sa.Column('checked_balance', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('rejected_reason', sa.Text(), nullable=True),
    sa.Column('batch_id', sa.UUID(), nullable=True),
    sa.Column('paid_on', sa.Date(), nullable=True),
    sa.Column('issued_event_id', sa.UUID(), nullable=True),
    sa.Column('ledger_posted', sa.Boolean(), server_default='false', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("status IN ('requested', 'checked', 'approved', 'paid', 'rejected')", name=op.f('ck_refund_status')),
    sa.CheckConstraint('amount > 0', name=op.f('ck_refund_amount_positive')),
    sa.PrimaryKeyConstraint('refund_id', name=op.f('pk_refund'))
    )
    op.create_index('ix_refund_account', 'refund', ['account_ref'], unique=False)
    op.create_index('ix_refund_paid_on', 'refund', ['paid_on'], unique=False)
    op.create_index('ix_refund_status', 'refund', ['status', 'requested_at'], unique=False)
    op.create_index('uq_refund_open_account', 'refund', ['account_ref'], unique=True, postgresql_where=sa.text("status IN ('requested', 'checked', 'approved')"))
    op.create_table('refund_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dual_approval_threshold', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('keep_weeks', sa.Integer(), nullable=False),
    sa.Column('minimum_refund', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('review_day_of_month', sa.Integer(), nullable=False),
    sa.Column('originator_sort_code', sa.String(length=6), nullable=True),
    sa.Column('originator_account_number', sa.String(length=8), nullable=True),
    sa.Column('originator_name', sa.String(length=18), nullable=True),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_refund_policy_single_row')),
    sa.CheckConstraint('keep_weeks >= 0 AND review_day_of_month BETWEEN 1 AND 28', name=op.f('ck_refund_policy_ranges')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refund_policy'))
    )
    op.create_table('credit_review_line',
    sa.Column('review_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('credit', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('payee', sa.String(length=20), nullable=True),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('transfers', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['credit_review.review_id'], name=op.f('fk_credit_review_line_review_id_credit_review')),
    sa.PrimaryKeyConstraint('review_id', 'account_ref', name=op.f('pk_credit_review_line'))
    )
    op.create_table('refund_approval',
    sa.Column('refund_id', sa.UUID(), nullable=False),
    sa.Column('approver', sa.String(length=100), nullable=False),
    sa.Column('approver_limit', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['refund_id'], ['refund.refund_id'], name=op.f('fk_refund_approval_refund_id_refund')),
    sa.PrimaryKeyConstraint('refund_id', 'approver', name=op.f('pk_refund_approval'))
    )
    op.add_column('credit_position', sa.Column('account_type', sa.String(length=30), nullable=True))
    op.add_column('credit_position', sa.Column('tenancy_ref', sa.String(length=40), nullable=True))
    op.add_column('credit_position', sa.Column('weekly_charge', sa.Numeric(precision=14, scale=2), nullable=True))
    _seed_policy()


def _seed_policy() -> None:
    """The starting policy; each value is changed later through /config (audited)."""
    who = {'updated_by': 'migration:0002'}
    op.execute(sa.text(
        "INSERT INTO refund_policy (id, dual_approval_threshold, keep_weeks, minimum_refund, review_day_of_month, "
        "updated_by) VALUES (1, 2500.00, 1, 1.00, 1, 'migration:0002')"))
    clearing = sa.table('clearing_window', sa.column('method'), sa.column('days'), sa.column('updated_by'))
    op.bulk_insert(clearing, [{'method': 'direct_debit', 'days': 35, **who}, {'method': 'card', 'days': 120, **who},
                              {'method': 'cheque', 'days': 10, **who}])
    limits = sa.table('approval_limit', sa.column('role'), sa.column('max_amount', sa.Numeric(14, 2)),
                      sa.column('updated_by'))
    op.bulk_insert(limits, [{'role': 'senior_officer', 'max_amount': Decimal('500.00'), **who},
                            {'role': 'finance_approver', 'max_amount': Decimal('10000.00'), **who}])


def downgrade() -> None:
    op.drop_column('credit_position', 'weekly_charge')
    op.drop_column('credit_position', 'tenancy_ref')
    op.drop_column('credit_position', 'account_type')
    op.drop_table('refund_approval')
    op.drop_table('credit_review_line')
    op.drop_table('refund_policy')
    op.drop_index('uq_refund_open_account', table_name='refund', postgresql_where=sa.text("status IN ('requested', 'checked', 'approved')"))
    op.drop_index('ix_refund_status', table_name='refund')
    op.drop_index('ix_refund_paid_on', table_name='refund')
    op.drop_index('ix_refund_account', table_name='refund')
    op.drop_table('refund')
    op.drop_index('ix_payment_seen_account', table_name='payment_seen')
    op.drop_table('payment_seen')
    op.drop_table('payment_batch')
    op.drop_index('ix_hb_overpayment_account', table_name='hb_overpayment')
    op.drop_table('hb_overpayment')
    op.drop_index('ix_credit_transfer_pending_to', table_name='credit_transfer', postgresql_where=sa.text('NOT ledger_posted'))
    op.drop_index('ix_credit_transfer_pending_from', table_name='credit_transfer', postgresql_where=sa.text('NOT ledger_posted'))
    op.drop_table('credit_transfer')
    op.drop_index('uq_credit_review_monthly_period', table_name='credit_review', postgresql_where=sa.text("kind = 'monthly'"))
    op.drop_table('credit_review')
    op.drop_table('clearing_window')
    op.drop_table('approval_limit')
    op.drop_index('ix_account_person_person', table_name='account_person')
    op.drop_table('account_person')
