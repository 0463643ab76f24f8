"""Recovery's projection of account positions."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert

from recovery.adapters.orm import account_position_table as positions
from shared.contracts.billing import (
    AccountOpenedV1,
    AccountPostedV1,
    ChargesDebitedV1,
    TenancyStartedV1,
    TenancyTerminatedV1,
)
from shared.contracts.payments import PaymentReceivedV1
from shared.db.unit_of_work import UnitOfWork
from shared.projections import apply_postings


async def _upsert_details(uow: UnitOfWork, account_ref: str, **details: object) -> None:
    stmt = insert(positions).values(account_ref=account_ref, balance=0, last_seq=0, **details)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[positions.c.account_ref], set_={k: stmt.excluded[k] for k in details}
    ))


async def account_opened(event: AccountOpenedV1, uow: UnitOfWork) -> None:
    await _upsert_details(uow, event.account_ref, account_type=event.account_type.value,
                          tenancy_ref=event.tenancy_ref, patch=event.patch, status="open")


async def tenancy_started(event: TenancyStartedV1, uow: UnitOfWork) -> None:
    await _upsert_details(uow, event.account_ref, tenancy_ref=event.tenancy_ref, patch=event.patch,
                          weekly_charge=event.weekly_total.amount, start_date=event.start_date)


async def tenancy_terminated(event: TenancyTerminatedV1, uow: UnitOfWork) -> None:
    await _upsert_details(uow, event.account_ref, status="closed", end_date=event.end_date)


async def account_posted(event: AccountPostedV1, uow: UnitOfWork) -> None:
    await apply_postings(uow.session, positions, [event])


async def charges_debited(event: ChargesDebitedV1, uow: UnitOfWork) -> None:
    await apply_postings(uow.session, positions, event.postings)


async def payment_received(event: PaymentReceivedV1, uow: UnitOfWork) -> None:
    await uow.session.execute(
        update(positions)
        .where(positions.c.account_ref == event.account_ref,
               (positions.c.last_payment_on.is_(None)) | (positions.c.last_payment_on <= event.received_on))
        .values(last_payment_on=event.received_on, last_payment_amount=event.amount.amount)
    )
