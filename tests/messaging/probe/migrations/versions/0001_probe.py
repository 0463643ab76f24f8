"""probe schema"""
from alembic import op
import sqlalchemy as sa

from shared.db import platform_migrations

revision = "0001"
down_revision = None


def upgrade() -> None:
    platform_migrations.upgrade_v1(op)
    op.create_table(
        "effect",
        sa.Column("id", sa.BigInteger, primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(200), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("effect")
    platform_migrations.downgrade_v1(op)
