"""posting.channel: the income channel recorded on the posting (the GL journal groups
income by it, no longer by parsing the reason); payments posted before are backfilled
from their reason ('<method> via <channel>', less the note a closed rent year adds).
Reversals posted before cannot be traced to their payment and stay NULL ('unknown').
Also: garage charges on garage accounts set as HB/UC eligible by a charge change or a
rent review are put right (one rule now: eligible only on the home's account).

Revision ID: 0007_posting_channel
Revises: 0006_merge_topics
"""
from alembic import op
import sqlalchemy as sa

revision = "0007_posting_channel"
down_revision = "0006_merge_topics"
branch_labels = None
depends_on = None

BACKFILL = r"""
UPDATE posting SET channel = nullif(substring(
    regexp_replace(reason, ' \(dated \d{4}-\d{2}-\d{2}, in closed rent year \d+\)$', '')
    FROM '^[a-z_]+ via (.*)$'), '')
WHERE posting_type IN ('payment', 'dd_collection', 'hb_credit', 'uc_credit') AND reason LIKE '% via %'
"""

GARAGE_NOT_ELIGIBLE = """
UPDATE charge c SET benefit_eligible = false FROM account a
WHERE a.account_ref = c.account_ref AND a.account_type = 'garage' AND c.benefit_eligible
"""


def upgrade() -> None:
    op.add_column("posting", sa.Column("channel", sa.Text(), nullable=True))
    op.execute(BACKFILL)
    op.execute(GARAGE_NOT_ELIGIBLE)


def downgrade() -> None:
    op.drop_column("posting", "channel")
