"""Direct Debit mandates: set up, bank details amended, cancelled, and their instalments
following rent changes, each change of amount or a new mandate with its advance notice. Each
set-up, amendment and cancellation queues the AUDDIS instruction bacs_files lodges."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from payments.adapters.orm import (
    collection_table,
    instruction_table,
    known_account_table,
    mandate_amount_table,
    mandate_table,
)
from payments.direct_debits import instalments
from payments.direct_debits.rules import (
    check_collection_day,
    collection_dates,
    earliest_collection,
    first_due,
    schedule,
    subtract_working_days,
)
from payments.domain.exceptions import Conflict, NotFound, PaymentsError
from payments.service_layer import config
from shared import audit, bacs_std18
from shared.bank_details import BankDetailsError, validate_uk_account
from shared.calendar import Frequency
from shared.contracts.payments import DirectDebitNoticeDueV1, MandateCancelledV1
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

NOTICE_COLLECTIONS = 3  # collections listed in an advance notice
NOTICE_HORIZON_DAYS = 130  # how far ahead a notice looks for them
FINISHED = ("cancelled", "rejected")


def check_bank_details(sort_code: str, account_number: str) -> tuple[str, str]:
    """Bacs form of the details, checked with Vocalink's modulus rules."""
    try:
        account = validate_uk_account(sort_code, account_number)
    except BankDetailsError as exc:
        raise PaymentsError(str(exc)) from None
    return account.sort_code, account.account_number


@dataclass(frozen=True)


class NewMandate:
    account_ref: str
    payer_name: str
    sort_code: str
    account_number: str
    frequency: Frequency
    collection_day: int
    first_collection: date | None
    actor: str
    today: date


async def _mandate(uow: UnitOfWork, mandate_id: uuid.UUID, *, lock: bool = False):
    stmt = select(mandate_table).where(mandate_table.c.mandate_id == mandate_id)
    row = (await uow.session.execute(stmt.with_for_update() if lock else stmt)).mappings().first()
    if row is None:
        raise NotFound(f"mandate {mandate_id} does not exist")
    return row


async def _instruction(uow: UnitOfWork, mandate, code: str) -> None:
    await uow.session.execute(insert(instruction_table).values(
        instruction_id=uuid.uuid4(), mandate_id=mandate["mandate_id"], code=code, sort_code=mandate["sort_code"],
        account_number=mandate["account_number"], payer_name=mandate["payer_name"]))


async def _notice(uow: UnitOfWork, mandate, reason: str, first: date, today: date, notice_days: int) -> None:
    """Notice of the first collections from ``first`` as they will be taken: a collection in a
    rent-free week is not taken, so it is not listed, and a fortnight with one rent-free week
    shows the one week's amount. ``amount`` is the first listed collection's."""
    frequency = Frequency(mandate["frequency"])
    # From the mandate's own anchor: ``first`` may be a date a bank holiday moved.
    due = schedule(frequency, mandate["collection_day"], mandate["first_collection"],
                   first + timedelta(days=NOTICE_HORIZON_DAYS))
    changes = await instalments.amounts(uow, mandate["mandate_id"], due[-1][1]) if due else []
    collections: list[tuple[date, Money]] = []
    known: dict[int, frozenset[int]] = {}
    for nominal, on in due:
        if on < first:
            continue
        if len(collections) == NOTICE_COLLECTIONS:
            break
        in_force = instalments.amount_in(changes, on)
        if (amount := await instalments.collected(uow, frequency, in_force, nominal, known)) is not None:
            collections.append((on, amount))
    if not collections:
        return  # nothing will be collected in the horizon: there is nothing to give notice of
    uow.emit(DirectDebitNoticeDueV1(
        mandate_id=mandate["mandate_id"], account_ref=mandate["account_ref"], notice_reason=reason,
        frequency=frequency, first_collection_date=collections[0][0], amount=collections[0][1],
        collections=collections, send_by=max(today, subtract_working_days(collections[0][0], notice_days)),
    ))


async def create_mandate(cmd: NewMandate, uow: UnitOfWork) -> uuid.UUID:
    account = (await uow.session.execute(
        select(known_account_table).where(known_account_table.c.account_ref == cmd.account_ref)
    )).mappings().first()
    if account is None or account["status"] != "open":
        raise PaymentsError(f"account {cmd.account_ref} is not an open account")
    if account["weekly_charge"] is None:
        raise PaymentsError(f"the weekly charge of account {cmd.account_ref} is not known yet")
    sort_code, account_number = check_bank_details(cmd.sort_code, cmd.account_number)
    check_collection_day(cmd.frequency, cmd.collection_day)
    settings = await config.current(uow.session)
    notice_days = settings["dd_notice_working_days"]
    earliest = earliest_collection(cmd.today, notice_days)
    if cmd.first_collection is not None and cmd.first_collection < earliest:
        raise PaymentsError(f"the first collection needs {notice_days} working days' notice: "
                            f"{earliest} at the earliest")
    anchor = first_due(cmd.frequency, cmd.collection_day, cmd.first_collection or earliest)
    if cmd.first_collection is not None and anchor != cmd.first_collection:
        raise PaymentsError(f"first collection {cmd.first_collection} is not on the chosen collection day")
    existing = (await uow.session.execute(
        select(func.count()).select_from(mandate_table).where(mandate_table.c.account_ref == cmd.account_ref)
    )).scalar_one()
    mandate = {
        "mandate_id": uuid.uuid4(), "mandate_ref": f"RENT{cmd.account_ref}{existing + 1:02d}"[:18],
        "account_ref": cmd.account_ref, "payer_name": bacs_std18.bacs_text(cmd.payer_name, 18).strip(),
        "sort_code": sort_code, "account_number": account_number, "frequency": cmd.frequency.value,
        "collection_day": cmd.collection_day, "first_collection": anchor, "status": "pending",
        "created_by": cmd.actor,
    }
    await uow.session.execute(insert(mandate_table).values(**mandate))
    amount = await instalments.instalment(uow, Money(account["weekly_charge"]), cmd.frequency, anchor)
    await uow.session.execute(insert(mandate_amount_table).values(
        mandate_id=mandate["mandate_id"], effective_from=anchor, amount=amount.amount, reason="new mandate",
        noticed_on=cmd.today))
    await _instruction(uow, mandate, "0N")
    await audit.record(uow.session, actor=cmd.actor, action="create", entity="dd_mandate",
                       entity_id=str(mandate["mandate_id"]),
                       after={"account_ref": cmd.account_ref, "frequency": cmd.frequency.value,
                              "first_collection": str(anchor), "amount": str(amount)})
    await _notice(uow, mandate, "new_mandate", anchor, cmd.today, notice_days)
    return mandate["mandate_id"]


async def amend_bank_details(uow: UnitOfWork, mandate_id: uuid.UUID, sort_code: str, account_number: str,
                             payer_name: str | None, actor: str, reason: str, source: str | None = None) -> None:
    """New bank details: the old instruction is cancelled and a new one lodged (AUDDIS 0C + 0N)."""
    mandate = await _mandate(uow, mandate_id, lock=True)
    if mandate["status"] in FINISHED:
        raise Conflict(f"mandate {mandate_id} is {mandate['status']}")
    sort_code, account_number = check_bank_details(sort_code, account_number)
    await _instruction(uow, mandate, "0C")
    changes = {"sort_code": sort_code, "account_number": account_number}
    if payer_name:
        changes["payer_name"] = bacs_std18.bacs_text(payer_name, 18).strip()
    await uow.session.execute(update(mandate_table).where(mandate_table.c.mandate_id == mandate_id).values(**changes))
    await _instruction(uow, {**mandate, **changes}, "0N")
    await audit.record(uow.session, actor=actor, action="amend", entity="dd_mandate", entity_id=str(mandate_id),
                       before={"bank_details": "previous"}, after={"bank_details": "changed"}, reason=reason,
                       source=source)


async def cancel_mandate(uow: UnitOfWork, mandate_id: uuid.UUID, on: date, reason_code: str, reason: str,
                         actor: str, *, lodge_cancel: bool = True, status: str = "cancelled",
                         source: str | None = None) -> bool:
    """Cancel (idempotent: False if it was already finished); future collections are cancelled."""
    mandate = await _mandate(uow, mandate_id, lock=True)
    if mandate["status"] in FINISHED:
        return False
    await uow.session.execute(update(mandate_table).where(mandate_table.c.mandate_id == mandate_id).values(
        status=status, cancelled_on=on, cancel_reason=f"{reason_code}: {reason}"[:500]))
    await uow.session.execute(update(collection_table).where(
        collection_table.c.mandate_id == mandate_id, collection_table.c.status == "scheduled",
    ).values(status="cancelled"))
    if lodge_cancel and mandate["status"] == "active":
        await _instruction(uow, mandate, "0C")
    await audit.record(uow.session, actor=actor, action=status, entity="dd_mandate", entity_id=str(mandate_id),
                       before={"status": mandate["status"]}, after={"status": status},
                       reason=f"{reason_code}: {reason}", source=source)
    uow.emit(MandateCancelledV1(mandate_id=mandate_id, account_ref=mandate["account_ref"], cancelled_on=on,
                                reason_code=reason_code, reason=reason[:500]))
    return True


async def cancel_for_account(uow: UnitOfWork, account_ref: str, on: date, source: str) -> None:
    """Tenancy ended: every live mandate on the account is cancelled."""
    rows = await uow.session.execute(select(mandate_table.c.mandate_id).where(
        mandate_table.c.account_ref == account_ref, mandate_table.c.status.in_(("pending", "active"))))
    for row in rows.all():
        await cancel_mandate(uow, row.mandate_id, on, "TENANCY-ENDED", "tenancy terminated", "system",
                             source=source)


async def rent_varied(uow: UnitOfWork, account_ref: str, weekly: Money, effective_from: date, today: date) -> None:
    """New instalments for the account's mandates, from the first collection both on/after the
    new rent and far enough ahead for the advance notice."""
    settings = await config.current(uow.session)
    notice_days = settings["dd_notice_working_days"]
    rows = (await uow.session.execute(select(mandate_table).where(
        mandate_table.c.account_ref == account_ref, mandate_table.c.status.in_(("pending", "active"))
    ))).mappings().all()
    for mandate in rows:
        frequency = Frequency(mandate["frequency"])
        start = max(effective_from, earliest_collection(today, notice_days), mandate["first_collection"])
        dates = collection_dates(frequency, mandate["collection_day"], mandate["first_collection"],
                                 start + timedelta(days=62))
        first = next((d for d in dates if d >= start), None)
        if first is None:
            continue
        new_amount = await instalments.instalment(uow, weekly, frequency, first)
        if new_amount == await instalments.amount_on(uow, mandate["mandate_id"], first):
            continue
        await uow.session.execute(insert(mandate_amount_table).values(
            mandate_id=mandate["mandate_id"], effective_from=first, amount=new_amount.amount,
            reason=f"rent varied from {effective_from}", noticed_on=today,
        ).on_conflict_do_update(index_elements=["mandate_id", "effective_from"],
                                set_={"amount": new_amount.amount, "noticed_on": today}))
        await _notice(uow, mandate, "amount_change", first, today, notice_days)
