"""weekly charge changes from RentVaried, periods not assessed in Breathing Space, the
actions taken on each case, and the pre-action protocol on every court referral stage

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('weekly_charge_change',
    sa.Column('account_ref', sa.String(length=15), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('weekly_charge', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('previous_charge', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('source', sa.String(length=20), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('account_ref', 'effective_from', name=op.f('pk_weekly_charge_change'))
    )
    # The charge each tenancy started on, so a later change has something to follow.
    op.execute("""
        INSERT INTO weekly_charge_change (account_ref, effective_from, weekly_charge, source, occurred_at)
        SELECT account_ref, start_date, weekly_charge, 'tenancy_started', now() FROM account_position
        WHERE start_date IS NOT NULL AND weekly_charge IS NOT NULL
    """)
    op.alter_column('arrangement_period', 'kept', existing_type=sa.Boolean(), nullable=True)
    op.add_column('recovery_case', sa.Column('actions_taken', postgresql.ARRAY(sa.String(length=40)), server_default=sa.text("'{}'"), nullable=False))
    op.execute("""
        UPDATE recovery_case c SET actions_taken = a.kinds
        FROM (SELECT case_id, array_agg(DISTINCT action) AS kinds FROM case_action GROUP BY case_id) a
        WHERE a.case_id = c.case_id
    """)
    # The court referral check was hard-wired; the stage's flag now drives it, and a
    # court referral always needs it (SPEC): stored policies get the flag set.
    op.execute("""
        UPDATE arrears_policy p SET body = jsonb_set(p.body, '{stages}', (
            SELECT jsonb_agg(CASE WHEN s->>'action' = 'court_referral'
                                  THEN s || '{"pre_action_protocol": true}'::jsonb ELSE s END ORDER BY n)
            FROM jsonb_array_elements(p.body->'stages') WITH ORDINALITY AS t(s, n)))
        WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(p.body->'stages') s
                      WHERE s->>'action' = 'court_referral'
                        AND coalesce((s->>'pre_action_protocol')::boolean, false) = false)
    """)


def downgrade() -> None:
    op.drop_column('recovery_case', 'actions_taken')
    op.execute("DELETE FROM arrangement_period WHERE kept IS NULL")
    op.alter_column('arrangement_period', 'kept', existing_type=sa.Boolean(), nullable=False)
    op.drop_table('weekly_charge_change')
