# Every table module joins billing's metadata on import, so autogenerate sees them all.
from billing.adapters import gl_orm, migration_orm, review_orm, rtb_voids_insurance_orm  # noqa: F401
from billing.adapters.orm import metadata
from shared.db.migrations import run_env
from shared.db.platform_tables import PLATFORM_METADATA

run_env([metadata, PLATFORM_METADATA], "BILLING_DATABASE_URL")
