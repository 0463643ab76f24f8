"""Recovery's projection of account positions from billing's and payments' events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import exists, select, text
from sqlalchemy.dialects.postgresql import insert

from recovery.positions import charge_schedule, rent_years
from recovery.positions.tables import account_position_table as positions
from recovery.positions.tables import benefit_period_table, benefit_reversal_table
from shared.calendar import rent_year_of
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
from shared.contracts.types import PaymentMethod, PostingType
from shared.db.unit_of_work import UnitOfWork
from shared.projections import apply_postings

# Postings that are money moving in or out (not charges or journals), and the
# position column each one's latest date is kept in.
MONEY_POSTING_TYPES = frozenset({
    PostingType.PAYMENT, PostingType.HB_CREDIT, PostingType.UC_CREDIT, PostingType.DD_COLLECTION,
    PostingType.PAYMENT_REVERSAL, PostingType.DD_UNPAID, PostingType.HB_OVERPAYMENT,
})
LATEST_DATE_COLUMN = {
    PostingType.HB_CREDIT: "last_hb_on", PostingType.UC_CREDIT: "last_uc_on",
    PostingType.DD_COLLECTION: "last_dd_on", PostingType.DD_UNPAID: "last_dd_unpaid_on",
}
BENEFIT_METHODS = frozenset({PaymentMethod.HOUSING_BENEFIT, PaymentMethod.UNIVERSAL_CREDIT})
# One statement for a whole batch of payments (the bulk path), keeping the latest.
LAST_PAYMENTS = text("""
UPDATE account_position p SET last_payment_on = u.day, last_payment_amount = u.amount
FROM unnest(CAST(:refs AS text[]), CAST(:days AS date[]), CAST(:amounts AS numeric[])) AS u(ref, day, amount)
WHERE p.account_ref = u.ref AND (p.last_payment_on IS NULL OR p.last_payment_on <= u.day)
""")


async def _upsert_details(uow: UnitOfWork, account_ref: str, **details: object) -> None:
    stmt = insert(positions).values(account_ref=account_ref, balance=0, last_seq=0, **details)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[positions.c.account_ref], set_={k: stmt.excluded[k] for k in details}
    ))


async def account_opened(event: AccountOpenedV1, uow: UnitOfWork) -> None:
    await _upsert_details(uow, event.account_ref, account_type=event.account_type.value,
                          tenancy_ref=event.tenancy_ref, patch=event.patch, status="open")


async def tenancy_started(event: TenancyStartedV1, uow: UnitOfWork, occurred_at: datetime | None = None) -> None:
    await _upsert_details(
        uow, event.account_ref, tenancy_ref=event.tenancy_ref, patch=event.patch,
        weekly_charge=event.weekly_total.amount, start_date=event.start_date, tenure=event.tenure.value,
        tenants=[t.model_dump(include={"person_id", "name", "is_lead"}) for t in event.tenants],
        address=list(event.address),
    )
    await _charge_from(uow, event.account_ref, event.start_date, event.weekly_total.amount, None,
                       "tenancy_started", occurred_at)


async def rent_varied(event: RentVariedV1, uow: UnitOfWork, occurred_at: datetime | None = None) -> None:
    """A new weekly charge from its effective date (a rent change, the annual review, a
    charge added or removed): in force now if that date has come, else from the daily
    run on or after it. A RentVaried that overtakes its TenancyStarted still wins. The
    rent-free weeks it may carry are kept for its rent year (the newest announcement)."""
    if event.rent_free_weeks is not None:
        await rent_years.note_rent_free_weeks(uow.session, rent_year_of(event.effective_from).year,
                                              event.rent_free_weeks, occurred_at or datetime.now(UTC))
    await _charge_from(uow, event.account_ref, event.effective_from, event.new_weekly_total.amount,
                       event.old_weekly_total.amount, "rent_varied", occurred_at)


async def _charge_from(uow: UnitOfWork, account_ref: str, effective_from: date, charge: Decimal,
                       previous: Decimal | None, source: str, occurred_at: datetime | None) -> None:
    await charge_schedule.note_change(uow.session, account_ref, effective_from, charge, previous, source,
                                      occurred_at or datetime.now(UTC))
    await charge_schedule.apply_in_force(uow.session, date.today(), account_ref)


async def tenancy_terminated(event: TenancyTerminatedV1, uow: UnitOfWork) -> None:
    """Close the account (cases and former tenant arrears react to the same event after this)."""
    await _upsert_details(uow, event.account_ref, status="closed", end_date=event.end_date,
                          forwarding_address=list(event.forwarding_address) or None)


INSERT_MONEY_POSTINGS = text(
    "INSERT INTO money_posting (posting_id, account_ref, posting_type, amount, effective_date) "
    "SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:refs AS text[]), CAST(:types AS text[]), "
    "CAST(:amounts AS numeric[]), CAST(:days AS date[])) ON CONFLICT (posting_id) DO NOTHING"
)


async def _project_postings(uow: UnitOfWork, postings: Sequence[Posting]) -> None:
    await apply_postings(uow.session, positions, list(postings))
    money = [p for p in postings if p.posting_type in MONEY_POSTING_TYPES]
    if not money:
        return
    await uow.session.execute(INSERT_MONEY_POSTINGS, {  # one statement over arrays for a bulk event
        "ids": [p.posting_id for p in money], "refs": [p.account_ref for p in money],
        "types": [p.posting_type.value for p in money], "amounts": [p.amount.amount for p in money],
        "days": [p.effective_date for p in money],
    })
    latest: dict[tuple[str, str], date] = {}
    for p in money:
        column = LATEST_DATE_COLUMN.get(p.posting_type)
        if column and latest.get((p.account_ref, column), date.min) < p.effective_date:
            latest[(p.account_ref, column)] = p.effective_date
    for column in sorted({c for _, c in latest}):  # column names from LATEST_DATE_COLUMN only
        found = sorted((ref, day) for (ref, c), day in latest.items() if c == column)
        await uow.session.execute(
            text(f"UPDATE account_position p SET {column} = greatest(p.{column}, u.day) "
                 "FROM unnest(CAST(:refs AS text[]), CAST(:days AS date[])) AS u(ref, day) "
                 "WHERE p.account_ref = u.ref"),
            {"refs": [r for r, _ in found], "days": [d for _, d in found]},
        )


async def account_posted(event: AccountPostedV1, uow: UnitOfWork) -> None:
    await _project_postings(uow, [event])


async def charges_debited(event: ChargesDebitedV1, uow: UnitOfWork) -> None:
    await _project_postings(uow, event.postings)


async def accounts_posted(event: AccountsPostedV1, uow: UnitOfWork) -> None:
    await _project_postings(uow, event.postings)


async def _record_last_payments(uow: UnitOfWork, payments: Sequence[ReceivedPayment]) -> None:
    latest: dict[str, ReceivedPayment] = {}
    for p in payments:
        held = latest.get(p.account_ref)
        if held is None or held.received_on <= p.received_on:
            latest[p.account_ref] = p
    if not latest:
        return
    found = sorted(latest.items())
    await uow.session.execute(LAST_PAYMENTS, {
        "refs": [ref for ref, _ in found], "days": [p.received_on for _, p in found],
        "amounts": [p.amount.amount for _, p in found],
    })


INSERT_BENEFIT_PERIODS = text(
    "INSERT INTO benefit_period (payment_id, account_ref, method, amount, received_on, period_from, period_to) "
    "SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:refs AS text[]), CAST(:methods AS text[]), "
    "CAST(:amounts AS numeric[]), CAST(:days AS date[]), CAST(:froms AS date[]), CAST(:tos AS date[])) "
    "ON CONFLICT (payment_id) DO NOTHING"
)


async def _record_benefit_periods(uow: UnitOfWork, payments: Sequence[ReceivedPayment]) -> None:
    """HB/UC credits with the period each pays for, for the FTA benefit check."""
    found = [p for p in payments if p.method in BENEFIT_METHODS and p.period_from and p.period_to]
    if not found:
        return
    await uow.session.execute(INSERT_BENEFIT_PERIODS, {
        "ids": [p.payment_id for p in found], "refs": [p.account_ref for p in found],
        "methods": [p.method.value for p in found], "amounts": [p.amount.amount for p in found],
        "days": [p.received_on for p in found], "froms": [p.period_from for p in found],
        "tos": [p.period_to for p in found],
    })


async def payment_received(event: PaymentReceivedV1, uow: UnitOfWork) -> None:
    await _record_last_payments(uow, [event])
    await _record_benefit_periods(uow, [event])


async def payment_batch_received(event: PaymentBatchReceivedV1, uow: UnitOfWork) -> None:
    await _record_last_payments(uow, event.payments)
    await _record_benefit_periods(uow, event.payments)


async def payment_reversed(event: PaymentReversedV1, uow: UnitOfWork) -> None:
    """A reversed HB/UC credit no longer pays for its period (the FTA benefit check). The
    money side needs nothing here: billing's reversal posting reaches the projection."""
    if event.payment_id is None:
        return  # not of one payment (an HB overpayment deducted from a schedule): no period to undo
    if event.method not in BENEFIT_METHODS and not (await uow.session.execute(select(exists().where(
            benefit_period_table.c.payment_id == event.payment_id)))).scalar():
        return
    await uow.session.execute(insert(benefit_reversal_table).values(
        reversal_id=event.reversal_id, payment_id=event.payment_id, account_ref=event.account_ref,
        amount=event.amount.amount, reversed_on=event.reversed_on, reason_code=event.reason_code,
    ).on_conflict_do_nothing(index_elements=[benefit_reversal_table.c.reversal_id]))
