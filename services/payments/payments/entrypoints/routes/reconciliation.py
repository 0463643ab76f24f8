"""What payments has sent to billing's ledger, for the cross-service reconciliation:
payments posted (matched on receipt, later reversed or not, and suspense allocations) and
reversals, totalled by method."""

from sqlalchemy import Select, func, select, union_all

from payments.adapters.orm import payment_table, reversal_table, suspense_allocation_table, suspense_table
from shared.web.reconciliation import totals_router

POSTED_STATUSES = ("matched", "reversed")  # a reversal is its own posting; the payment stays posted


def _queries() -> list[Select]:
    p, s, a, r = payment_table, suspense_table, suspense_allocation_table, reversal_table
    posted = union_all(
        select(p.c.method, p.c.amount).where(p.c.status.in_(POSTED_STATUSES)),
        select(s.c.method, a.c.amount).join(s, s.c.suspense_id == a.c.suspense_id),
    ).subquery()
    return [
        select(func.concat("payment:", posted.c.method).label("kind"), func.count().label("count"),
               func.sum(posted.c.amount).label("amount")).group_by(posted.c.method),
        select(func.concat("reversal:", r.c.method).label("kind"), func.count().label("count"),
               func.sum(r.c.amount).label("amount")).group_by(r.c.method),
    ]


router = totals_router("/reports/posted-totals", _queries,
                       summary="Payments and reversals sent to billing's ledger, totalled by method")
