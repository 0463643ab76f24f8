"""Payments' use cases."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from payments.adapters import account_aliases, rent_years
from payments.adapters.orm import known_account_table, payment_table, suspense_table
from payments.direct_debits import mandates
from payments.domain.matching import match_reference
from shared.calendar import rent_year_of
from shared.contracts.billing import AccountOpenedV1, RentVariedV1, TenancyStartedV1, TenancyTerminatedV1
from shared.contracts.inbound import InboundPaymentV1
from shared.contracts.payments import PaymentReceivedV1, PaymentSuspendedV1
from shared.db.unit_of_work import UnitOfWork
from shared.refs import normalise_ref


async def note_account_opened(event: AccountOpenedV1, uow: UnitOfWork) -> None:
    stmt = insert(known_account_table).values(
        account_ref=event.account_ref, account_type=event.account_type.value, status="open", opened_on=event.opened_on)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[known_account_table.c.account_ref], set_={"account_type": stmt.excluded.account_type}))
    await account_aliases.add(uow.session, event.account_ref, event.legacy_refs)


async def note_tenancy_started(event: TenancyStartedV1, uow: UnitOfWork) -> None:
    """The weekly charge Direct Debit instalments are worked out from (this may arrive before
    AccountOpened: competing consumers do not keep order)."""
    stmt = insert(known_account_table).values(
        account_ref=event.account_ref, account_type="rent", status="open", opened_on=event.start_date,
        weekly_charge=event.weekly_total.amount)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[known_account_table.c.account_ref], set_={"weekly_charge": stmt.excluded.weekly_charge}))


async def note_tenancy_terminated(event: TenancyTerminatedV1, uow: UnitOfWork) -> None:
    await uow.session.execute(
        update(known_account_table)
        .where(known_account_table.c.account_ref == event.account_ref)
        .values(status="closed", closed_on=event.end_date)
    )
    await mandates.cancel_for_account(uow, event.account_ref, event.end_date,
                                      f"event:TenancyTerminated:{event.tenancy_ref}")


async def note_rent_varied(event: RentVariedV1, uow: UnitOfWork, published_at: datetime | None = None) -> None:
    """New weekly charge: Direct Debit instalments follow, with advance notice. The event may
    carry the rent year's rent-free weeks (older events do not: what is known is kept)."""
    if event.rent_free_weeks is not None:
        await rent_years.note(uow.session, rent_year_of(event.effective_from).year, event.rent_free_weeks,
                              published_at or datetime.now(UTC))
    await uow.session.execute(
        update(known_account_table).where(known_account_table.c.account_ref == event.account_ref)
        .values(weekly_charge=event.new_weekly_total.amount)
    )
    await mandates.rent_varied(uow, event.account_ref, event.new_weekly_total, event.effective_from,
                               date.today())


async def receive_payment(payment: InboundPaymentV1, source: str, uow: UnitOfWork) -> uuid.UUID | None:
    """Record an upstream payment once per (source system, transaction id); publish
    PaymentReceived if it matches an open account, else put it in suspense."""
    payment_id = uuid.uuid4()
    ref = normalise_ref(payment.payment_reference)
    aliases = await account_aliases.resolve(uow.session, [ref])
    status_rows = await uow.session.execute(
        select(known_account_table.c.account_ref, known_account_table.c.status).where(
            known_account_table.c.account_ref.in_({ref, *aliases.values()})
        )
    )
    match = match_reference(ref, {r.account_ref: r.status for r in status_rows}, aliases)
    inserted = await uow.session.execute(
        insert(payment_table)
        .values(
            payment_id=payment_id, source_system=payment.source_system,
            external_id=payment.transaction_id, account_ref=match.account_ref,
            reference_given=payment.payment_reference, amount=payment.amount.amount,
            method=payment.method.value, channel=payment.channel, received_on=payment.paid_on,
            source=source, status="matched" if match.matched else "suspended",
        )
        .on_conflict_do_nothing(constraint="uq_payment_external")
        .returning(payment_table.c.payment_id)
    )
    if inserted.first() is None:
        return None  # the same transaction sent again under another message id
    if match.matched:
        uow.emit(PaymentReceivedV1(
            payment_id=payment_id, account_ref=match.account_ref, amount=payment.amount,
            method=payment.method, channel=payment.channel, received_on=payment.paid_on,
            external_id=payment.transaction_id, source=source,
            received_by=f"system:{payment.source_system}",
        ))
    else:
        suspense_id = uuid.uuid4()
        await uow.session.execute(
            insert(suspense_table).values(
                suspense_id=suspense_id, payment_id=payment_id,
                reference_given=payment.payment_reference, amount=payment.amount.amount,
                method=payment.method.value, received_on=payment.paid_on, reason=match.reason,
                source=source,
            )
        )
        uow.emit(PaymentSuspendedV1(
            suspense_id=suspense_id, reference_given=payment.payment_reference,
            amount=payment.amount, method=payment.method, received_on=payment.paid_on,
            reason=match.reason or "unmatched", source=source,
        ))
    return payment_id
