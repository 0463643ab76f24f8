from shared.db.migrations import run_env
from shared.db.platform_tables import PLATFORM_METADATA

run_env(PLATFORM_METADATA, "PROBE_DATABASE_URL")
