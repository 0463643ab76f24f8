"""HB/UC credits with their periods and the officer's benefit check on former tenant
arrears; each rent year's rent-free weeks for the annual rent debit

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('benefit_period',
    sa.Column('payment_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('period_from', sa.Date(), nullable=False),
    sa.Column('period_to', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('payment_id', name=op.f('pk_benefit_period'))
    )
    op.create_index('ix_benefit_period_account', 'benefit_period', ['account_ref', 'period_to'], unique=False)
    op.create_table('rent_year_basis',
    sa.Column('rent_year', sa.Integer(), nullable=False),
    sa.Column('rent_free_weeks', postgresql.ARRAY(sa.Integer()), nullable=False),
    sa.Column('as_of', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('rent_year', name=op.f('pk_rent_year_basis'))
    )
    op.add_column('fta_case', sa.Column('benefit_checked_by', sa.String(length=100), nullable=True))
    op.add_column('fta_case', sa.Column('benefit_checked_on', sa.Date(), nullable=True))
    op.add_column('fta_case', sa.Column('benefit_due', sa.Numeric(precision=14, scale=2), nullable=True))
    op.add_column('fta_case', sa.Column('benefit_credited_at_check', sa.Numeric(precision=14, scale=2), nullable=True))


def downgrade() -> None:
    op.drop_column('fta_case', 'benefit_credited_at_check')
    op.drop_column('fta_case', 'benefit_due')
    op.drop_column('fta_case', 'benefit_checked_on')
    op.drop_column('fta_case', 'benefit_checked_by')
    op.drop_table('rent_year_basis')
    op.drop_index('ix_benefit_period_account', table_name='benefit_period')
    op.drop_table('benefit_period')
