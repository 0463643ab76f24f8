"""Search: the indexes billing's one search box reads through, and its vocabulary.

GIN over the words of tenants' names and of properties' address lines and postcode (the
expressions tenancies.queries yields as name_words and address_words), prefix (pattern)
indexes over the normalised postcode and the account, tenancy and legacy references; and
search_word, every distinct word of those names and addresses as a materialized view with a
pg_trgm index, where a mistyped word finds the words it may mean (refreshed by billing's
search vocabulary loop).

Revision ID: 0009_search
Revises: 0008_lease_starts_on
"""
from alembic import op

revision = "0009_search"
down_revision = "0008_lease_starts_on"
branch_labels = None
depends_on = None

NAME_WORDS = "to_tsvector('simple', name)"
ADDRESS_WORDS = "to_tsvector('simple', address::text || ' ' || postcode)"

# Each expression is the one the owner's fragment yields, so the planner matches it.
INDEXES = {
    "ix_tenant_name_words": f"tenant USING gin (({NAME_WORDS}))",
    "ix_property_address_words": f"property USING gin (({ADDRESS_WORDS}))",
    "ix_property_postcode_key": "property ((replace(upper(postcode), ' ', '')) text_pattern_ops)",
    "ix_tenancy_ref_key": "tenancy ((upper(tenancy_ref)) text_pattern_ops)",
    "ix_account_ref_prefix": "account (account_ref varchar_pattern_ops)",
    # An account found by its tenancy or home is read from the index alone.
    "ix_account_tenancy_search": "account (tenancy_ref) INCLUDE (account_ref, status, patch)",
    "ix_account_property_search": "account (property_ref) INCLUDE (account_ref, status, patch)",
    "ix_legacy_account_ref_key": "legacy_account_ref ((upper(legacy_ref)) text_pattern_ops)",
}

VOCABULARY = f"""
CREATE MATERIALIZED VIEW search_word AS
SELECT word FROM ts_stat($$SELECT {NAME_WORDS} FROM tenant$$)
UNION
SELECT word FROM ts_stat($$SELECT {ADDRESS_WORDS} FROM property$$)
"""


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, target in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {target}")
    op.execute(VOCABULARY)
    op.execute("CREATE UNIQUE INDEX ux_search_word ON search_word (word)")  # for REFRESH ... CONCURRENTLY
    op.execute("CREATE INDEX ix_search_word_trgm ON search_word USING gin (word gin_trgm_ops)")


def downgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW search_word")
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
