"""legacy references kept as aliases of accounts

Revision ID: 0003_legacy_aliases
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = '0003_legacy_aliases'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('account_alias',
    sa.Column('alias', sa.String(length=35), nullable=False),
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.PrimaryKeyConstraint('alias', name=op.f('pk_account_alias'))
    )
    op.create_index('ix_account_alias_account', 'account_alias', ['account_ref'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_account_alias_account', table_name='account_alias')
    op.drop_table('account_alias')
