"""SQL fragments over the legacy references kept as aliases of accounts, for other packages'
set-based reads (search): embedded as a derived table, the table spelled here alone.
legacy_key has a prefix index (migration 0009)."""

LEGACY_REFS = """
SELECT legacy_ref, upper(legacy_ref) AS legacy_key, account_ref
FROM legacy_account_ref"""
