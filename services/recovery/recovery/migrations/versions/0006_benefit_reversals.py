"""reversals of HB/UC credits, so a reversed credit no longer pays for its period in the
former tenant arrears benefit check

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('benefit_reversal',
    sa.Column('reversal_id', sa.UUID(), nullable=False),
    sa.Column('payment_id', sa.UUID(), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('reversed_on', sa.Date(), nullable=False),
    sa.Column('reason_code', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('reversal_id', name=op.f('pk_benefit_reversal'))
    )
    op.create_index('ix_benefit_reversal_payment', 'benefit_reversal', ['payment_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_benefit_reversal_payment', table_name='benefit_reversal')
    op.drop_table('benefit_reversal')
