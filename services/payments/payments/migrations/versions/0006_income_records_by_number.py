"""income file resume point and line results by record number, not line (an XML file
may hold many records on one line)

Revision ID: 0006_income_records_by_number
Revises: 0005_rent_year_basis
"""
from alembic import op
import sqlalchemy as sa

revision = '0006_income_records_by_number'
down_revision = '0005_rent_year_basis'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The records already applied is the resume point: ``records`` counts them chunk by chunk.
    op.add_column('income_file', sa.Column('records_done', sa.Integer(), server_default='0', nullable=False))
    op.execute("UPDATE income_file SET records_done = records")
    op.drop_column('income_file', 'next_line')
    op.add_column('income_file_line', sa.Column('record_no', sa.Integer(), nullable=True))
    # Numbered in line order: never above the file's records_done, so an import resumed after
    # the upgrade (numbering its records from records_done + 1) cannot collide with them.
    op.execute("UPDATE income_file_line SET record_no = numbered.n FROM ("
               "SELECT file_id, line_no, row_number() OVER (PARTITION BY file_id ORDER BY line_no) AS n "
               "FROM income_file_line) AS numbered "
               "WHERE income_file_line.file_id = numbered.file_id AND income_file_line.line_no = numbered.line_no")
    op.alter_column('income_file_line', 'record_no', nullable=False)
    op.drop_constraint(op.f('pk_income_file_line'), 'income_file_line', type_='primary')
    op.create_primary_key(op.f('pk_income_file_line'), 'income_file_line', ['file_id', 'record_no'])


def downgrade() -> None:
    op.drop_constraint(op.f('pk_income_file_line'), 'income_file_line', type_='primary')
    op.execute("DELETE FROM income_file_line a USING income_file_line b WHERE a.file_id = b.file_id "
               "AND a.line_no = b.line_no AND a.record_no > b.record_no")
    op.create_primary_key(op.f('pk_income_file_line'), 'income_file_line', ['file_id', 'line_no'])
    op.drop_column('income_file_line', 'record_no')
    op.add_column('income_file', sa.Column('next_line', sa.Integer(), server_default='0', nullable=False))
    op.drop_column('income_file', 'records_done')
