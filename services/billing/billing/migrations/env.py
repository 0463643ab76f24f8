import billing.adapters.review_orm  # noqa: F401  (its tables join billing's metadata)
from billing.adapters import gl_orm, migration_orm  # noqa: F401  (their tables join the metadata)
from billing.adapters.orm import metadata
from shared.db.migrations import run_env
from shared.db.platform_tables import PLATFORM_METADATA

run_env([metadata, PLATFORM_METADATA], "BILLING_DATABASE_URL")
