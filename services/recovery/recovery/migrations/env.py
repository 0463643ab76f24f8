# Every package's tables on the one MetaData, so autogenerate sees them all.
import recovery.arrangements.tables
import recovery.breathing_space.tables
import recovery.caseloads.tables
import recovery.cases.tables
import recovery.configuration.tables
import recovery.former_tenants.tables
import recovery.kpis.tables
import recovery.policy.tables
import recovery.positions.tables
import recovery.write_offs.tables  # noqa: F401  (ruff flags only the last of these)
from recovery.metadata import metadata
from shared.db.migrations import run_env
from shared.db.platform_tables import PLATFORM_METADATA

run_env([metadata, PLATFORM_METADATA], "RECOVERY_DATABASE_URL")
