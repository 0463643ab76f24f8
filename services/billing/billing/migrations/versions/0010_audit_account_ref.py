"""audit_log.account_ref: the account an audit record concerns (shared.audit), for the
account's audit trail. Records written before it take the account they name — the account
itself, or the account_ref their ``after`` holds (tenancy start and end, adjustments, sundry
debts) — and those about a tenancy take its rent account.

Revision ID: 0010_audit_account_ref
Revises: 0009_search
"""
from alembic import op

from shared.db import platform_migrations

revision = "0010_audit_account_ref"
down_revision = "0009_search"
branch_labels = None
depends_on = None

BACKFILL = [
    "UPDATE audit_log SET account_ref = CASE WHEN entity = 'account' THEN entity_id ELSE after ->> 'account_ref' END"
    " WHERE entity = 'account' OR after ->> 'account_ref' IS NOT NULL",
    "UPDATE audit_log l SET account_ref = a.account_ref FROM account a"
    " WHERE l.account_ref IS NULL AND l.entity = 'tenancy' AND a.tenancy_ref = l.entity_id AND a.account_type = 'rent'",
]


def upgrade() -> None:
    platform_migrations.upgrade_audit_account_ref(op)
    for statement in BACKFILL:
        op.execute(statement)


def downgrade() -> None:
    platform_migrations.downgrade_audit_account_ref(op)
