"""lease.starts_on: the day a lease starts, from which its first service charge year's
estimate, balancing and ground rent are pro-rated by the day. Leases recorded before take
the day their leasehold account opened (the day the leaseholder became liable).

Revision ID: 0008_lease_starts_on
Revises: 0007_posting_channel
"""
from alembic import op
import sqlalchemy as sa

revision = "0008_lease_starts_on"
down_revision = "0007_posting_channel"
branch_labels = None
depends_on = None

BACKFILL = "UPDATE lease l SET starts_on = a.opened_on FROM account a WHERE a.account_ref = l.account_ref"


def upgrade() -> None:
    op.add_column("lease", sa.Column("starts_on", sa.Date(), nullable=True))
    op.execute(BACKFILL)
    op.alter_column("lease", "starts_on", nullable=False)


def downgrade() -> None:
    op.drop_column("lease", "starts_on")
