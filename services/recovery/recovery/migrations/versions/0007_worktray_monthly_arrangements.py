"""the staff workspace: arrangements' status history and cancellation, an officer's pause
on a case, a note with a skipped recommendation, and the skip and pause reasons as settings

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _reasons(*rows: tuple[str, str, bool]) -> dict:
    return {"reasons": [{"code": code, "label": label, "needs_note": needs_note} for code, label, needs_note in rows]}


DEFAULT_SETTINGS = {
    "skip_reasons": _reasons(
        ("tenant_contacted", "Tenant contacted", False), ("payment_promised", "Payment promised", False),
        ("awaiting_benefit", "Awaiting benefit", False), ("dispute_under_review", "Dispute under review", False),
        ("other", "Other", True)),
    "pause_reasons": _reasons(
        ("court_date_set", "Court date set", False), ("eviction_date_set", "Eviction date set", False),
        ("delayed_benefit", "Delayed benefit", False), ("promise_of_payment", "Promise of payment", False),
        ("deceased", "Deceased", False), ("missing_data", "Missing data", False),
        ("court_order_breached_emergency", "Court order breached in an emergency period", False),
        ("other", "Other", True)),
}

BACKFILL_HISTORY = """
INSERT INTO arrangement_status (arrangement_id, status, changed_on, changed_at, changed_by, reason)
SELECT arrangement_id, 'active', created_at::date, created_at, agreed_by, 'agreed' FROM arrangement
UNION ALL
SELECT arrangement_id, 'breached', breached_on, created_at, 'system:daily-run', breach_reason
FROM arrangement WHERE status = 'breached' AND breached_on IS NOT NULL
UNION ALL
SELECT arrangement_id, status, now()::date, now(), 'migration', 'recorded before the history was kept'
FROM arrangement WHERE status IN ('completed', 'superseded')
"""


def upgrade() -> None:
    op.add_column('arrangement', sa.Column('cancelled_on', sa.Date(), nullable=True))
    op.add_column('arrangement', sa.Column('cancelled_by', sa.String(length=100), nullable=True))
    op.add_column('arrangement', sa.Column('cancel_reason', sa.String(length=500), nullable=True))
    op.create_table('arrangement_status',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('arrangement_id', sa.UUID(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('changed_on', sa.Date(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('changed_by', sa.String(length=100), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_arrangement_status'))
    )
    op.create_index('ix_arrangement_status_arrangement', 'arrangement_status', ['arrangement_id', 'id'],
                    unique=False)
    op.execute(BACKFILL_HISTORY)
    op.add_column('recovery_case', sa.Column('paused_until', sa.Date(), nullable=True))
    op.add_column('recovery_case', sa.Column('pause_reason', sa.String(length=40), nullable=True))
    op.add_column('recovery_case', sa.Column('pause_note', sa.String(length=500), nullable=True))
    op.add_column('recovery_case', sa.Column('paused_by', sa.String(length=100), nullable=True))
    op.add_column('recovery_case', sa.Column('paused_on', sa.Date(), nullable=True))
    op.add_column('recommendation', sa.Column('skip_note', sa.String(length=500), nullable=True))
    setting = sa.table("recovery_setting", sa.column("key"), sa.column("value", postgresql.JSONB),
                       sa.column("updated_by"))
    op.bulk_insert(setting, [{"key": key, "value": value, "updated_by": "migration"}
                             for key, value in DEFAULT_SETTINGS.items()])


def downgrade() -> None:
    op.execute("DELETE FROM recovery_setting WHERE key IN ('skip_reasons', 'pause_reasons')")
    op.drop_column('recommendation', 'skip_note')
    for column in ('paused_on', 'paused_by', 'pause_note', 'pause_reason', 'paused_until'):
        op.drop_column('recovery_case', column)
    op.drop_index('ix_arrangement_status_arrangement', table_name='arrangement_status')
    op.drop_table('arrangement_status')
    for column in ('cancel_reason', 'cancelled_by', 'cancelled_on'):
        op.drop_column('arrangement', column)
