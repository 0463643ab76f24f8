"""For the cross-service reconciliation: recovery's projected balance of every account
(page by page) and the approved write-offs it has asked billing to post."""

from sqlalchemy import Select, func, literal, select

from recovery.adapters.orm import account_position_table, write_off_table
from shared.web.reconciliation import account_balances_router, totals_router


def _queries() -> list[Select]:
    w = write_off_table
    return [select(literal("write_off").label("kind"), func.count().label("count"),
                   func.coalesce(func.sum(w.c.amount), 0).label("amount")).where(w.c.status == "approved")]


router = account_balances_router(account_position_table)
router.include_router(totals_router("/reports/write-off-totals", _queries, summary="Approved write-offs, totalled"))
