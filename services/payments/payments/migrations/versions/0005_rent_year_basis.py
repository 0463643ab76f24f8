"""rent-free weeks per rent year, from RentVaried, for monthly and 4-weekly instalments

Revision ID: 0005_rent_year_basis
Revises: 0004_bacs_file_serial
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0005_rent_year_basis'
down_revision = '0004_bacs_file_serial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('rent_year_basis',
    sa.Column('rent_year', sa.Integer(), nullable=False),
    sa.Column('rent_free_weeks', postgresql.ARRAY(sa.Integer()), nullable=False),
    sa.Column('as_of', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('rent_year', name=op.f('pk_rent_year_basis'))
    )


def downgrade() -> None:
    op.drop_table('rent_year_basis')
