"""Search: pg_trgm and the indexes billing's one search box reads through — trigram (GIN)
over tenants' names and properties' address text (address lines and postcode, the
expression tenancies.queries.PLACES yields), and pattern (prefix) indexes over the
normalised postcode and the account, tenancy and legacy references.

Revision ID: 0009_search
Revises: 0008_lease_starts_on
"""
from alembic import op

revision = "0009_search"
down_revision = "0008_lease_starts_on"
branch_labels = None
depends_on = None

# Each expression is the one the owner's fragment yields, so the planner matches it.
INDEXES = {
    "ix_tenant_name_trgm": "tenant USING gin (name gin_trgm_ops)",
    "ix_property_address_trgm": "property USING gin (((address::text || ' ' || postcode)) gin_trgm_ops)",
    "ix_property_postcode_key": "property ((replace(upper(postcode), ' ', '')) text_pattern_ops)",
    "ix_tenancy_ref_key": "tenancy ((upper(tenancy_ref)) text_pattern_ops)",
    "ix_account_ref_prefix": "account (account_ref varchar_pattern_ops)",
    "ix_account_property": "account (property_ref)",
    "ix_legacy_account_ref_key": "legacy_account_ref ((upper(legacy_ref)) text_pattern_ops)",
}


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {target}")


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
