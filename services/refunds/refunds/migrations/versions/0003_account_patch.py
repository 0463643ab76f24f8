"""account patch (object-level access) and reversed payments

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
    op.add_column('credit_position', sa.Column('patch', sa.String(length=20), nullable=True))
    op.add_column('payment_seen', sa.Column('reversed', sa.Boolean(), server_default='false', nullable=False))


def downgrade() -> None:
    op.drop_column('payment_seen', 'reversed')
    op.drop_column('credit_position', 'patch')
