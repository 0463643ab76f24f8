"""account patches

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account',
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('account_type', sa.String(length=30), nullable=False),
    sa.Column('patch', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('account_ref', name=op.f('pk_account'))
    )


def downgrade() -> None:
    op.drop_table('account')
