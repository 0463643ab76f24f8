"""Join the branches of issue 4 (review, leasehold, water), 10 (Right to Buy, voids,
insurance) and 11 (migration, GL), developed in parallel from 0002; no schema change.

Revision ID: 0006_merge_topics
Revises: 0003_review_leasehold_water, 0004_rtb_voids_insurance, 0005_migration_gl
"""

revision = "0006_merge_topics"
down_revision = ("0003_review_leasehold_water", "0004_rtb_voids_insurance", "0005_migration_gl")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
