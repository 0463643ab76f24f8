"""Every account's ledger balance, page by page, for the cross-service reconciliation
(the control totals by posting type are in reports.py)."""

from billing.ledger.tables import account_table
from shared.web.reconciliation import account_balances_router

router = account_balances_router(account_table)
