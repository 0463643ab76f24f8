"""legacy migration and general ledger journals

Revision ID: 0005_migration_gl
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005_migration_gl'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('migration_batch',
    sa.Column('extract_id', sa.String(length=60), nullable=False),
    sa.Column('source_system', sa.String(length=60), nullable=False),
    sa.Column('cut_over_date', sa.Date(), nullable=False),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('counts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('control_total', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('reconciliation', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('loaded_by', sa.String(length=100), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('extract_id', name=op.f('pk_migration_batch'))
    )
    op.create_table('legacy_account_ref',
    sa.Column('legacy_ref', sa.String(length=35), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('extract_id', sa.String(length=60), nullable=False),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'],
                            name=op.f('fk_legacy_account_ref_account_ref_account')),
    sa.ForeignKeyConstraint(['extract_id'], ['migration_batch.extract_id'],
                            name=op.f('fk_legacy_account_ref_extract_id_migration_batch')),
    sa.PrimaryKeyConstraint('legacy_ref', name=op.f('pk_legacy_account_ref'))
    )
    op.create_index('ix_legacy_account_ref_account', 'legacy_account_ref', ['account_ref'], unique=False)
    op.create_table('migration_balance',
    sa.Column('extract_id', sa.String(length=60), nullable=False),
    sa.Column('legacy_ref', sa.String(length=35), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('legacy_balance', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('line_no', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'],
                            name=op.f('fk_migration_balance_account_ref_account')),
    sa.ForeignKeyConstraint(['extract_id'], ['migration_batch.extract_id'],
                            name=op.f('fk_migration_balance_extract_id_migration_batch')),
    sa.PrimaryKeyConstraint('extract_id', 'legacy_ref', name=op.f('pk_migration_balance'))
    )
    op.create_table('migration_history',
    sa.Column('extract_id', sa.String(length=60), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('legacy_transaction_id', sa.String(length=60), nullable=False),
    sa.Column('transaction_date', sa.Date(), nullable=False),
    sa.Column('transaction_type', sa.String(length=40), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['account_ref'], ['account.account_ref'],
                            name=op.f('fk_migration_history_account_ref_account')),
    sa.ForeignKeyConstraint(['extract_id'], ['migration_batch.extract_id'],
                            name=op.f('fk_migration_history_extract_id_migration_batch')),
    sa.PrimaryKeyConstraint('extract_id', 'line_no', name=op.f('pk_migration_history'))
    )
    op.create_index('ix_migration_history_account', 'migration_history', ['account_ref', 'transaction_date'],
                    unique=False)
    op.create_table('gl_mapping',
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('qualifier', sa.String(length=40), nullable=False),
    sa.Column('ledger_code', sa.String(length=30), nullable=False),
    sa.Column('cost_centre', sa.String(length=30), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('category', 'qualifier', name=op.f('pk_gl_mapping'))
    )
    op.create_table('gl_journal',
    sa.Column('journal_id', sa.UUID(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('reverses', sa.UUID(), nullable=True),
    sa.Column('reversed_by', sa.UUID(), nullable=True),
    sa.Column('total_debit', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('total_credit', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('lines_count', sa.Integer(), nullable=False),
    sa.Column('postings_count', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('export', 'reversal')", name=op.f('ck_gl_journal_kind')),
    sa.CheckConstraint("status IN ('exported', 'reversed')", name=op.f('ck_gl_journal_status')),
    sa.CheckConstraint('total_debit = total_credit', name=op.f('ck_gl_journal_balanced')),
    sa.ForeignKeyConstraint(['reversed_by'], ['gl_journal.journal_id'],
                            name=op.f('fk_gl_journal_reversed_by_gl_journal')),
    sa.ForeignKeyConstraint(['reverses'], ['gl_journal.journal_id'], name=op.f('fk_gl_journal_reverses_gl_journal')),
    sa.PrimaryKeyConstraint('journal_id', name=op.f('pk_gl_journal'))
    )
    op.create_index('uq_gl_journal_live_period', 'gl_journal', ['period_from'], unique=True,
                    postgresql_where=sa.text("kind = 'export' AND status = 'exported'"))
    op.create_table('gl_journal_line',
    sa.Column('journal_id', sa.UUID(), nullable=False),
    sa.Column('line_no', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('group_no', sa.Integer(), nullable=False),
    sa.Column('side', sa.String(length=10), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('qualifier', sa.String(length=40), nullable=False),
    sa.Column('ledger_code', sa.String(length=30), nullable=False),
    sa.Column('cost_centre', sa.String(length=30), nullable=False),
    sa.Column('debit', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('credit', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('postings_count', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.CheckConstraint("side IN ('control', 'contra')", name=op.f('ck_gl_journal_line_side')),
    sa.ForeignKeyConstraint(['journal_id'], ['gl_journal.journal_id'],
                            name=op.f('fk_gl_journal_line_journal_id_gl_journal')),
    sa.PrimaryKeyConstraint('journal_id', 'line_no', name=op.f('pk_gl_journal_line'))
    )
    op.create_table('gl_journal_posting',
    sa.Column('journal_id', sa.UUID(), nullable=False),
    sa.Column('posting_id', sa.UUID(), nullable=False),
    sa.Column('group_no', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['journal_id'], ['gl_journal.journal_id'],
                            name=op.f('fk_gl_journal_posting_journal_id_gl_journal')),
    sa.ForeignKeyConstraint(['posting_id'], ['posting.posting_id'],
                            name=op.f('fk_gl_journal_posting_posting_id_posting')),
    sa.PrimaryKeyConstraint('journal_id', 'posting_id', name=op.f('pk_gl_journal_posting'))
    )
    op.create_index('ix_gl_journal_posting_posting', 'gl_journal_posting', ['posting_id'], unique=False)
    op.create_index('ix_posting_posted_at', 'posting', ['posted_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_posting_posted_at', table_name='posting')
    op.drop_index('ix_gl_journal_posting_posting', table_name='gl_journal_posting')
    op.drop_table('gl_journal_posting')
    op.drop_table('gl_journal_line')
    op.drop_index('uq_gl_journal_live_period', table_name='gl_journal',
                  postgresql_where=sa.text("kind = 'export' AND status = 'exported'"))
    op.drop_table('gl_journal')
    op.drop_table('gl_mapping')
    op.drop_index('ix_migration_history_account', table_name='migration_history')
    op.drop_table('migration_history')
    op.drop_table('migration_balance')
    op.drop_index('ix_legacy_account_ref_account', table_name='legacy_account_ref')
    op.drop_table('legacy_account_ref')
    op.drop_table('migration_batch')
