# Every capability's tables module joins billing's one metadata on import, so autogenerate sees them all.
from billing.adjustments import tables as adjustments_tables  # noqa: F401
from billing.charges import tables as charges_tables  # noqa: F401
from billing.configuration import tables as configuration_tables  # noqa: F401
from billing.db import metadata
from billing.debit import tables as debit_tables  # noqa: F401
from billing.gl import tables as gl_tables  # noqa: F401
from billing.insurance import tables as insurance_tables  # noqa: F401
from billing.invoices import tables as invoices_tables  # noqa: F401
from billing.leasehold import tables as leasehold_tables  # noqa: F401
from billing.ledger import tables as ledger_tables  # noqa: F401
from billing.migration import tables as migration_tables  # noqa: F401
from billing.rent_review import tables as rent_review_tables  # noqa: F401
from billing.right_to_buy import tables as right_to_buy_tables  # noqa: F401
from billing.sundry import tables as sundry_tables  # noqa: F401
from billing.tenancies import tables as tenancies_tables  # noqa: F401
from billing.voids import tables as voids_tables  # noqa: F401
from billing.water import tables as water_tables  # noqa: F401
from shared.db.migrations import run_env
from shared.db.platform_tables import PLATFORM_METADATA

run_env([metadata, PLATFORM_METADATA], "BILLING_DATABASE_URL")
