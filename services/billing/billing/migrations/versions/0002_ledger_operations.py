"""ledger operations

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('billing_setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_billing_setting'))
    )
    op.create_table('debit_run',
    sa.Column('run_id', sa.UUID(), nullable=False),
    sa.Column('rent_year', sa.Integer(), nullable=False),
    sa.Column('rent_week', sa.Integer(), nullable=False),
    sa.Column('week_starts', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_by', sa.String(length=100), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('cursor', sa.String(length=15), server_default='', nullable=False),
    sa.Column('batches', sa.Integer(), server_default='0', nullable=False),
    sa.Column('accounts_total', sa.Integer(), server_default='0', nullable=False),
    sa.Column('accounts_done', sa.Integer(), server_default='0', nullable=False),
    sa.Column('postings_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('amount_posted', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('reconciliation', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.CheckConstraint("status IN ('queued', 'running', 'completed', 'failed', 'skipped')", name=op.f('ck_debit_run_status')),
    sa.PrimaryKeyConstraint('run_id', name=op.f('pk_debit_run'))
    )
    op.create_index('uq_debit_run_active_week', 'debit_run', ['rent_year', 'rent_week'], unique=True, postgresql_where=sa.text("status IN ('queued', 'running')"))
    op.create_table('rent_free_week',
    sa.Column('rent_year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('week_number', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('week_number BETWEEN 1 AND 53', name=op.f('ck_rent_free_week_week_number')),
    sa.PrimaryKeyConstraint('rent_year', 'week_number', name=op.f('pk_rent_free_week'))
    )
    op.create_table('year_end',
    sa.Column('rent_year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('closed_by', sa.String(length=100), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('accounts', sa.Integer(), nullable=False),
    sa.Column('opening', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('debits', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('credits', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('closing', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('control_totals', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.PrimaryKeyConstraint('rent_year', name=op.f('pk_year_end'))
    )
    op.create_table('adjustment',
    sa.Column('adjustment_id', sa.UUID(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('to_account_ref', sa.String(length=15), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('reason_code', sa.String(length=40), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requested_by', sa.String(length=100), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('adjustment', 'transfer')", name=op.f('ck_adjustment_kind')),
    sa.CheckConstraint("status IN ('pending_approval', 'posted', 'rejected')", name=op.f('ck_adjustment_status')),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_adjustment_account_ref_account')),
    sa.ForeignKeyConstraint(['to_account_ref'], ['account.account_ref'], name=op.f('fk_adjustment_to_account_ref_account')),
    sa.PrimaryKeyConstraint('adjustment_id', name=op.f('pk_adjustment'))
    )
    op.create_index('ix_adjustment_status', 'adjustment', ['status'], unique=False)
    op.create_table('year_end_balance',
    sa.Column('rent_year', sa.Integer(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('opening', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('debits', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('credits', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('closing', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'], name=op.f('fk_year_end_balance_account_ref_account')),
    sa.ForeignKeyConstraint(['rent_year'], ['year_end.rent_year'], name=op.f('fk_year_end_balance_rent_year_year_end')),
    sa.PrimaryKeyConstraint('rent_year', 'account_ref', name=op.f('pk_year_end_balance'))
    )
    op.create_index('ix_posting_rent_week', 'posting', ['rent_year', 'rent_week'], unique=False)
    op.add_column('tenant', sa.Column('joined_on', sa.Date(), nullable=True))
    op.add_column('tenant', sa.Column('left_on', sa.Date(), nullable=True))


def downgrade() -> None:
    op.drop_column('tenant', 'left_on')
    op.drop_column('tenant', 'joined_on')
    op.drop_index('ix_posting_rent_week', table_name='posting')
    op.drop_table('year_end_balance')
    op.drop_index('ix_adjustment_status', table_name='adjustment')
    op.drop_table('adjustment')
    op.drop_table('year_end')
    op.drop_table('rent_free_week')
    op.drop_index('uq_debit_run_active_week', table_name='debit_run', postgresql_where=sa.text("status IN ('queued', 'running')"))
    op.drop_table('debit_run')
    op.drop_table('billing_setting')
