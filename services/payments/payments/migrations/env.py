from payments.adapters import account_aliases, rent_years  # noqa: F401  (their tables join the metadata)
from payments.adapters.orm import metadata
from shared.db.migrations import run_env
from shared.db.platform_tables import PLATFORM_METADATA

run_env([metadata, PLATFORM_METADATA], "PAYMENTS_DATABASE_URL")
