"""stages taken and waiting period held on the case

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('recovery_case', sa.Column('stages', postgresql.ARRAY(sa.String(length=40)), server_default=sa.text("'{}'"), nullable=False))
    op.add_column('recovery_case', sa.Column('stage_dates', postgresql.ARRAY(sa.Date()), server_default=sa.text("'{}'"), nullable=False))
    op.add_column('recovery_case', sa.Column('wait_until', sa.Date(), nullable=True))
    op.execute("""
        UPDATE recovery_case c SET stages = a.stages, stage_dates = a.stage_dates, wait_until = a.wait_until
        FROM (SELECT case_id,
                     coalesce(array_agg(stage ORDER BY taken_on, created_at) FILTER (WHERE stage IS NOT NULL), '{}') AS stages,
                     coalesce(array_agg(taken_on ORDER BY taken_on, created_at) FILTER (WHERE stage IS NOT NULL), '{}') AS stage_dates,
                     max(wait_until) AS wait_until
              FROM case_action GROUP BY case_id) a
        WHERE a.case_id = c.case_id
    """)


def downgrade() -> None:
    op.drop_column('recovery_case', 'wait_until')
    op.drop_column('recovery_case', 'stage_dates')
    op.drop_column('recovery_case', 'stages')
