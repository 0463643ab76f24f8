"""income files suspense work queue direct debits

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
    op.create_table('bacs_file',
    sa.Column('file_id', sa.UUID(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('processing_date', sa.Date(), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('total_amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('auddis', 'collection')", name=op.f('ck_bacs_file_kind')),
    sa.PrimaryKeyConstraint('file_id', name=op.f('pk_bacs_file'))
    )
    op.create_table('dd_collection',
    sa.Column('collection_id', sa.UUID(), nullable=False),
    sa.Column('mandate_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('txn_code', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('file_id', sa.UUID(), nullable=True),
    sa.Column('represents', sa.UUID(), nullable=True),
    sa.CheckConstraint("status IN ('scheduled', 'submitted', 'unpaid', 'cancelled')", name=op.f('ck_dd_collection_status')),
    sa.PrimaryKeyConstraint('collection_id', name=op.f('pk_dd_collection')),
    sa.UniqueConstraint('mandate_id', 'due_date', 'txn_code', name='uq_dd_collection_due')
    )
    op.create_index('ix_dd_collection_due', 'dd_collection', ['due_date', 'status'], unique=False)
    op.create_table('dd_instruction',
    sa.Column('instruction_id', sa.UUID(), nullable=False),
    sa.Column('mandate_id', sa.UUID(), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('sort_code', sa.String(length=6), nullable=False),
    sa.Column('account_number', sa.String(length=8), nullable=False),
    sa.Column('payer_name', sa.String(length=18), nullable=False),
    sa.Column('file_id', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("code IN ('0N', '0C', '0S')", name=op.f('ck_dd_instruction_code')),
    sa.PrimaryKeyConstraint('instruction_id', name=op.f('pk_dd_instruction'))
    )
    op.create_index('ix_dd_instruction_pending', 'dd_instruction', ['file_id'], unique=False)
    op.create_table('dd_mandate',
    sa.Column('mandate_id', sa.UUID(), nullable=False),
    sa.Column('mandate_ref', sa.String(length=18), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('payer_name', sa.String(length=18), nullable=False),
    sa.Column('sort_code', sa.String(length=6), nullable=False),
    sa.Column('account_number', sa.String(length=8), nullable=False),
    sa.Column('frequency', sa.String(length=12), nullable=False),
    sa.Column('collection_day', sa.Integer(), nullable=False),
    sa.Column('first_collection', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('cancelled_on', sa.Date(), nullable=True),
    sa.Column('cancel_reason', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'active', 'cancelled', 'rejected')", name=op.f('ck_dd_mandate_status')),
    sa.PrimaryKeyConstraint('mandate_id', name=op.f('pk_dd_mandate')),
    sa.UniqueConstraint('mandate_ref', name=op.f('uq_dd_mandate_mandate_ref'))
    )
    op.create_index('ix_dd_mandate_account', 'dd_mandate', ['account_ref'], unique=False)
    op.create_table('dd_mandate_amount',
    sa.Column('mandate_id', sa.UUID(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('noticed_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('mandate_id', 'effective_from', name=op.f('pk_dd_mandate_amount'))
    )
    op.create_table('income_file',
    sa.Column('file_id', sa.UUID(), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('format', sa.String(length=20), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('source_system', sa.String(length=40), nullable=False),
    sa.Column('origin', sa.String(length=12), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('received_by', sa.String(length=100), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('next_line', sa.Integer(), server_default='0', nullable=False),
    sa.Column('records', sa.Integer(), server_default='0', nullable=False),
    sa.Column('accepted', sa.Integer(), server_default='0', nullable=False),
    sa.Column('rejected', sa.Integer(), server_default='0', nullable=False),
    sa.Column('unmatched', sa.Integer(), server_default='0', nullable=False),
    sa.Column('duplicates', sa.Integer(), server_default='0', nullable=False),
    sa.Column('accepted_amount', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('unmatched_amount', sa.Numeric(precision=14, scale=2), server_default='0', nullable=False),
    sa.Column('control', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.CheckConstraint("status IN ('processing', 'imported', 'rejected')", name=op.f('ck_income_file_status')),
    sa.PrimaryKeyConstraint('file_id', name=op.f('pk_income_file')),
    sa.UniqueConstraint('checksum', name=op.f('uq_income_file_checksum'))
    )
    op.create_table('income_file_line',
    sa.Column('file_id', sa.UUID(), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reference', sa.String(length=35), nullable=True),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.PrimaryKeyConstraint('file_id', 'line_no', name=op.f('pk_income_file_line'))
    )
    op.create_table('payments_setting',
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('value', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_payments_setting'))
    )
    op.create_table('suspense_allocation',
    sa.Column('allocation_id', sa.UUID(), nullable=False),
    sa.Column('suspense_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('allocated_by', sa.String(length=100), nullable=False),
    sa.Column('allocated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_suspense_allocation_amount_positive')),
    sa.PrimaryKeyConstraint('allocation_id', name=op.f('pk_suspense_allocation'))
    )
    op.create_table('reversal',
    sa.Column('reversal_id', sa.UUID(), nullable=False),
    sa.Column('source_system', sa.String(length=40), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=False),
    sa.Column('payment_id', sa.UUID(), nullable=True),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('reason_code', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reversed_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_reversal_amount_positive')),
    sa.PrimaryKeyConstraint('reversal_id', name=op.f('pk_reversal')),
    sa.UniqueConstraint('source_system', 'external_id', name='uq_reversal_external')
    )
    op.create_index('ix_reversal_account', 'reversal', ['account_ref'], unique=False)
    op.create_index('ix_suspense_allocation_suspense', 'suspense_allocation', ['suspense_id'], unique=False)
    op.add_column('known_account', sa.Column('weekly_charge', sa.Numeric(precision=14, scale=2), nullable=True))
    op.add_column('payment', sa.Column('file_id', sa.UUID(), nullable=True))
    op.add_column('payment', sa.Column('line_no', sa.Integer(), nullable=True))
    op.create_index('ix_payment_file', 'payment', ['file_id'], unique=False)
    op.add_column('suspense_item', sa.Column('source', sa.String(length=300), nullable=True))
    op.add_column('suspense_item', sa.Column('resolved_by', sa.String(length=100), nullable=True))
    op.add_column('suspense_item', sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('suspense_item', sa.Column('resolution', sa.Text(), nullable=True))
    op.create_check_constraint(op.f('ck_suspense_item_status'), 'suspense_item',
                               "status IN ('open', 'allocated', 'returned')")


def downgrade() -> None:
    op.drop_constraint(op.f('ck_suspense_item_status'), 'suspense_item', type_='check')
    op.drop_column('suspense_item', 'resolution')
    op.drop_column('suspense_item', 'resolved_at')
    op.drop_column('suspense_item', 'resolved_by')
    op.drop_column('suspense_item', 'source')
    op.drop_index('ix_payment_file', table_name='payment')
    op.drop_column('payment', 'line_no')
    op.drop_column('payment', 'file_id')
    op.drop_column('known_account', 'weekly_charge')
    op.drop_index('ix_reversal_account', table_name='reversal')
    op.drop_table('reversal')
    op.drop_index('ix_suspense_allocation_suspense', table_name='suspense_allocation')
    op.drop_table('suspense_allocation')
    op.drop_table('payments_setting')
    op.drop_table('income_file_line')
    op.drop_table('income_file')
    op.drop_table('dd_mandate_amount')
    op.drop_index('ix_dd_mandate_account', table_name='dd_mandate')
    op.drop_table('dd_mandate')
    op.drop_index('ix_dd_instruction_pending', table_name='dd_instruction')
    op.drop_table('dd_instruction')
    op.drop_index('ix_dd_collection_due', table_name='dd_collection')
    op.drop_table('dd_collection')
    op.drop_table('bacs_file')
