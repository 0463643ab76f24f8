"""Refunds' projection of account balances (the source of the credit review)."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert

from refunds.adapters.orm import credit_position_table as positions
from shared.contracts.billing import AccountPostedV1, ChargesDebitedV1, TenancyTerminatedV1
from shared.db.unit_of_work import UnitOfWork
from shared.projections import apply_postings


async def account_posted(event: AccountPostedV1, uow: UnitOfWork) -> None:
    await apply_postings(uow.session, positions, [event])


async def charges_debited(event: ChargesDebitedV1, uow: UnitOfWork) -> None:
    await apply_postings(uow.session, positions, event.postings)


async def tenancy_terminated(event: TenancyTerminatedV1, uow: UnitOfWork) -> None:
    stmt = insert(positions).values(account_ref=event.account_ref, balance=event.final_balance.amount,
                                    last_seq=0, status="closed", end_date=event.end_date)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[positions.c.account_ref],
        set_={"status": stmt.excluded.status, "end_date": stmt.excluded.end_date},
    ))
