"""For the cross-service reconciliation: refunds' projected balance of every account
(page by page) and the refunds it has paid (each one posted to billing's ledger)."""

from sqlalchemy import Select, func, literal, select

from refunds.adapters.orm import credit_position_table, refund_table
from shared.web.reconciliation import account_balances_router, totals_router


def _queries() -> list[Select]:
    r = refund_table
    return [select(literal("refund").label("kind"), func.count().label("count"),
                   func.coalesce(func.sum(r.c.amount), 0).label("amount")).where(r.c.status == "paid")]


router = account_balances_router(credit_position_table)
router.include_router(totals_router("/reports/refund-totals", _queries, summary="Refunds paid, totalled"))
