"""Bacs file serials from a sequence (count(*) + 1 let two files share one)

Revision ID: 0004_bacs_file_serial
Revises: 0003_legacy_aliases
"""
from alembic import op
import sqlalchemy as sa

revision = '0004_bacs_file_serial'
down_revision = '0003_legacy_aliases'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(sa.schema.CreateSequence(sa.Sequence('bacs_file_serial')))
    op.add_column('bacs_file', sa.Column('serial', sa.Integer(), nullable=True))
    # Files written before: the serial each was given (count + 1 in creation order).
    op.execute("UPDATE bacs_file SET serial = numbered.n FROM ("
               "SELECT file_id, row_number() OVER (ORDER BY created_at, file_id) AS n FROM bacs_file) AS numbered "
               "WHERE bacs_file.file_id = numbered.file_id")
    op.execute("SELECT setval('bacs_file_serial', coalesce(max(serial), 0) + 1, false) FROM bacs_file")
    op.alter_column('bacs_file', 'serial', nullable=False)
    op.create_unique_constraint(op.f('uq_bacs_file_serial'), 'bacs_file', ['serial'])


def downgrade() -> None:
    op.drop_constraint(op.f('uq_bacs_file_serial'), 'bacs_file', type_='unique')
    op.drop_column('bacs_file', 'serial')
    op.execute(sa.schema.DropSequence(sa.Sequence('bacs_file_serial')))
