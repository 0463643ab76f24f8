"""Refunds' projections from billing's and payments' events: balances (the source of
the credit review), who is liable on which account, weekly charges, payments by method
and date, and which transfers and refunds billing has posted."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from refunds.adapters.orm import (
    account_person_table,
    credit_position_table,
    credit_transfer_table,
    hb_overpayment_table,
    payment_seen_table,
    refund_table,
)
from refunds.domain.workflow import Status
from shared.contracts.billing import (
    AccountOpenedV1,
    AccountPostedV1,
    AccountsPostedV1,
    ChargesDebitedV1,
    Posting,
    RentVariedV1,
    TenancyStartedV1,
    TenancyTerminatedV1,
)
from shared.contracts.payments import PaymentBatchReceivedV1, PaymentReceivedV1, PaymentReversedV1, ReceivedPayment
from shared.contracts.types import AccountType, PostingType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money
from shared.projections import apply_postings

positions = credit_position_table


async def _note_account(uow: UnitOfWork, account_ref: str, person_ids: list[str], **details: object) -> None:
    stmt = insert(positions).values(account_ref=account_ref, balance=0, last_seq=0, **details)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[positions.c.account_ref], set_={k: stmt.excluded[k] for k in details}))
    if person_ids:
        await uow.session.execute(insert(account_person_table).on_conflict_do_nothing(),
                                  [{"account_ref": account_ref, "person_id": p} for p in sorted(set(person_ids))])


async def account_opened(event: AccountOpenedV1, uow: UnitOfWork) -> None:
    patch = {"patch": event.patch} if event.patch else {}
    await _note_account(uow, event.account_ref, event.person_ids, account_type=event.account_type.value,
                        tenancy_ref=event.tenancy_ref, **patch)


async def tenancy_started(event: TenancyStartedV1, uow: UnitOfWork) -> None:
    kind = AccountType.TEMPORARY_ACCOMMODATION if event.tenure == "temporary_accommodation" else AccountType.RENT
    await _note_account(uow, event.account_ref, [t.person_id for t in event.tenants], account_type=kind.value,
                        tenancy_ref=event.tenancy_ref, weekly_charge=event.weekly_total.amount, patch=event.patch)


async def rent_varied(event: RentVariedV1, uow: UnitOfWork) -> None:
    await uow.session.execute(update(positions).where(positions.c.account_ref == event.account_ref)
                              .values(weekly_charge=event.new_weekly_total.amount))


async def tenancy_terminated(event: TenancyTerminatedV1, uow: UnitOfWork) -> None:
    stmt = insert(positions).values(account_ref=event.account_ref, balance=event.final_balance.amount,
                                    last_seq=0, status="closed", end_date=event.end_date)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[positions.c.account_ref],
        set_={"status": stmt.excluded.status, "end_date": stmt.excluded.end_date},
    ))
    if event.person_ids:
        await uow.session.execute(insert(account_person_table).on_conflict_do_nothing(),
                                  [{"account_ref": event.account_ref, "person_id": p} for p in set(event.person_ids)])


async def _apply(uow: UnitOfWork, postings: list[Posting]) -> None:
    await apply_postings(uow.session, positions, postings)
    for posting in postings:
        if posting.posting_type in _SETTLES:
            await _SETTLES[posting.posting_type](uow, posting)


async def account_posted(event: AccountPostedV1, uow: UnitOfWork) -> None:
    await _apply(uow, [event])


async def charges_debited(event: ChargesDebitedV1, uow: UnitOfWork) -> None:
    await _apply(uow, event.postings)


async def accounts_posted(event: AccountsPostedV1, uow: UnitOfWork) -> None:
    await _apply(uow, event.postings)


async def _record_payments(uow: UnitOfWork, payments: list[ReceivedPayment]) -> None:
    if payments:
        await uow.session.execute(insert(payment_seen_table).on_conflict_do_nothing(), [
            {"payment_id": p.payment_id, "account_ref": p.account_ref, "amount": p.amount.amount,
             "method": p.method.value, "received_on": p.received_on} for p in payments])


async def payment_received(event: PaymentReceivedV1, uow: UnitOfWork) -> None:
    await _record_payments(uow, [event])


async def payment_batch_received(event: PaymentBatchReceivedV1, uow: UnitOfWork) -> None:
    await _record_payments(uow, event.payments)


async def payment_reversed(event: PaymentReversedV1, uow: UnitOfWork) -> None:
    """A reversed payment (unpaid DD, chargeback, HB recovery) no longer explains any credit.
    The reversal may overtake the payment (competing consumers): then it leaves the row the
    payment will find, already reversed."""
    if event.payment_id is not None:
        stmt = insert(payment_seen_table).values(
            payment_id=event.payment_id, account_ref=event.account_ref, amount=event.amount.amount,
            method=event.method.value, received_on=event.reversed_on, reversed=True)
        await uow.session.execute(stmt.on_conflict_do_update(index_elements=[payment_seen_table.c.payment_id],
                                                             set_={"reversed": True}))


async def _settle(uow: UnitOfWork, table, key, account_column, event_column, oldest, extra, posting: Posting) -> None:
    """Mark the pending transfer or refund this posting carries as on the ledger: the one
    whose event (or id) the posting names, else the oldest pending one of the same amount."""
    rows = (await uow.session.execute(
        select(key, event_column, table.c.amount).where(
            account_column == posting.account_ref, table.c.ledger_posted.is_(False), *extra)
        .order_by(oldest, key).with_for_update()
    )).all()
    named = f"{posting.source} {posting.reason or ''}"
    match = next((r for r in rows if str(r[0]) in named or (r[1] and str(r[1]) in named)), None) or next(
        (r for r in rows if Money(r.amount) == abs(posting.amount)), None)
    if match is not None:
        await uow.session.execute(update(table).where(key == match[0]).values(ledger_posted=True))


async def _refund_posted(uow: UnitOfWork, posting: Posting) -> None:
    t = refund_table
    await _settle(uow, t, t.c.refund_id, t.c.account_ref, t.c.issued_event_id, t.c.paid_on,
                  [t.c.status == Status.PAID], posting)


async def _transfer_posted(uow: UnitOfWork, posting: Posting) -> None:
    if posting.amount > 0:  # the debit on the account the credit left
        t = credit_transfer_table
        await _settle(uow, t, t.c.transfer_id, t.c.from_account_ref, t.c.event_id, t.c.created_at, [], posting)


async def _hb_overpayment_recovered(uow: UnitOfWork, posting: Posting) -> None:
    """An HB overpayment debit recovers the oldest open overpayment notices first."""
    t = hb_overpayment_table
    rows = (await uow.session.execute(
        select(t).where(t.c.account_ref == posting.account_ref, t.c.status == "open")
        .order_by(t.c.notified_on, t.c.created_at).with_for_update()
    )).all()
    remaining = abs(posting.amount)
    for row in rows:
        if remaining <= 0:
            break
        take = min(Money(row.amount) - Money(row.recovered), remaining)
        recovered = Money(row.recovered) + take
        remaining -= take
        await uow.session.execute(update(t).where(t.c.overpayment_id == row.overpayment_id).values(
            recovered=recovered.amount, status="recovered" if recovered >= Money(row.amount) else "open"))


_SETTLES = {
    PostingType.REFUND: _refund_posted,
    PostingType.TRANSFER: _transfer_posted,
    PostingType.HB_OVERPAYMENT: _hb_overpayment_recovered,
}
