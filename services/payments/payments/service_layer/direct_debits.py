"""Direct Debit use cases: mandates, notices, AUDDIS and collection files, and the Bacs
reports (ARUDD unpaid, ADDACS amendments/cancellations, AUDDIS rejections)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from payments.adapters import rent_years
from payments.adapters.orm import (
    bacs_file_serial,
    bacs_file_table,
    collection_table,
    instruction_table,
    known_account_table,
    mandate_amount_table,
    mandate_table,
    payment_table,
)
from payments.domain import bacs_codes
from payments.domain.direct_debit import (
    check_collection_day,
    collection_amount,
    collection_dates,
    earliest_collection,
    first_due,
    instalment_for,
    previous_working_day,
    schedule,
    subtract_working_days,
    weeks_covered,
)
from payments.domain.exceptions import Conflict, NotFound, PaymentsError
from payments.domain.income import Record
from payments.service_layer import config, reversals
from shared import audit, bacs_std18
from shared.bank_details import BankDetailsError, validate_uk_account
from shared.calendar import Frequency, RentWeek, add_working_days, is_working_day, rent_year_of
from shared.contracts.payments import (
    DirectDebitNoticeDueV1,
    MandateCancelledV1,
    PaymentBatchReceivedV1,
    ReceivedPayment,
)
from shared.contracts.types import PaymentMethod
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

NOTICE_COLLECTIONS = 3  # collections listed in an advance notice
NOTICE_HORIZON_DAYS = 130  # how far ahead a notice looks for them
FINISHED = ("cancelled", "rejected")
PAYMENTS_PER_EVENT = 500


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


def _amount_on_query(mandate_id, on: date):
    """The mandate's instalment on ``on`` (the newest effective by then), as a scalar query;
    ``mandate_id`` may be a column, to read it alongside each mandate."""
    return (select(mandate_amount_table.c.amount).where(
        mandate_amount_table.c.mandate_id == mandate_id, mandate_amount_table.c.effective_from <= on)
        .order_by(mandate_amount_table.c.effective_from.desc()).limit(1))


async def _amount_on(uow: UnitOfWork, mandate_id: uuid.UUID, on: date) -> Money | None:
    found = (await uow.session.execute(_amount_on_query(mandate_id, on))).scalar()
    return None if found is None else Money(found)


async def _amounts(uow: UnitOfWork, mandate_id: uuid.UUID, until: date) -> list[tuple[date, Money]]:
    """The mandate's (effective from, instalment) changes up to ``until``, oldest first."""
    rows = await uow.session.execute(
        select(mandate_amount_table.c.effective_from, mandate_amount_table.c.amount).where(
            mandate_amount_table.c.mandate_id == mandate_id, mandate_amount_table.c.effective_from <= until)
        .order_by(mandate_amount_table.c.effective_from))
    return [(r.effective_from, Money(r.amount)) for r in rows]


def _amount_in(amounts: list[tuple[date, Money]], on: date) -> Money | None:
    """The instalment on ``on`` from a mandate's changes (oldest first); None before the first."""
    return next((amount for effective_from, amount in reversed(amounts) if effective_from <= on), None)


async def _instalment(uow: UnitOfWork, weekly: Money, frequency: Frequency, on: date) -> Money:
    """The instalment collected on ``on``, over the collectable weeks of its rent year."""
    free = await rent_years.rent_free_weeks(uow.session, rent_year_of(on).year)
    return instalment_for(weekly, frequency, on, free)


async def _rent_free(uow: UnitOfWork, weeks: Iterable[RentWeek],
                     known: dict[int, frozenset[int]]) -> dict[int, frozenset[int]]:
    """``known`` with the rent-free weeks of every rent year of ``weeks`` added."""
    for year in sorted({week.rent_year for week in weeks} - known.keys()):
        known[year] = await rent_years.rent_free_weeks(uow.session, year)
    return known


async def _collected(uow: UnitOfWork, frequency: Frequency, amount: Money | None, nominal: date,
                     known: dict[int, frozenset[int]]) -> Money | None:
    """What a collection due on ``nominal`` takes of the instalment ``amount`` then in force
    (None: no instalment yet); None if nothing."""
    if amount is None:
        return None
    free = await _rent_free(uow, weeks_covered(frequency, nominal), known)
    return collection_amount(amount, frequency, nominal, free) or None


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
    amounts = await _amounts(uow, mandate["mandate_id"], due[-1][1]) if due else []
    collections: list[tuple[date, Money]] = []
    known: dict[int, frozenset[int]] = {}
    for nominal, on in due:
        if on < first:
            continue
        if len(collections) == NOTICE_COLLECTIONS:
            break
        if (amount := await _collected(uow, frequency, _amount_in(amounts, on), nominal, known)) is not None:
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
    amount = await _instalment(uow, Money(account["weekly_charge"]), cmd.frequency, anchor)
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
        new_amount = await _instalment(uow, weekly, frequency, first)
        if new_amount == await _amount_on(uow, mandate["mandate_id"], first):
            continue
        await uow.session.execute(insert(mandate_amount_table).values(
            mandate_id=mandate["mandate_id"], effective_from=first, amount=new_amount.amount,
            reason=f"rent varied from {effective_from}", noticed_on=today,
        ).on_conflict_do_update(index_elements=["mandate_id", "effective_from"],
                                set_={"amount": new_amount.amount, "noticed_on": today}))
        await _notice(uow, mandate, "amount_change", first, today, notice_days)


async def _originator(uow: UnitOfWork) -> bacs_std18.Originator:
    s = await config.current(uow.session)
    return bacs_std18.Originator(s["dd_service_user_number"], s["dd_originator_sort_code"],
                                 s["dd_originator_account"], s["dd_originator_name"])


async def _store_file(uow, kind, processing_date, details, originator, actor, *, contra) -> uuid.UUID:
    file_id = uuid.uuid4()
    serial = (await uow.session.execute(select(bacs_file_serial.next_value()))).scalar_one()
    content = bacs_std18.write_file(details, originator, processing_date, serial, date.today(), contra=contra)
    total = Money.from_pence(sum(d.pence for d in details))
    await uow.session.execute(insert(bacs_file_table).values(
        file_id=file_id, serial=serial, kind=kind, processing_date=processing_date, records=len(details),
        total_amount=total.amount, content=content, created_by=actor))
    await audit.record(uow.session, actor=actor, action="generate", entity="bacs_file", entity_id=str(file_id),
                       after={"kind": kind, "serial": serial, "records": len(details), "total": str(total),
                              "processing_date": str(processing_date)})
    return file_id


async def generate_auddis_file(uow: UnitOfWork, actor: str, processing_date: date) -> uuid.UUID | None:
    """Lodge every pending instruction; new mandates become active. None if nothing is pending."""
    rows = (await uow.session.execute(
        select(instruction_table, mandate_table.c.mandate_ref).join(
            mandate_table, mandate_table.c.mandate_id == instruction_table.c.mandate_id)
        .where(instruction_table.c.file_id.is_(None))
        .order_by(instruction_table.c.created_at, instruction_table.c.code)  # a cancel before its replacement
        .with_for_update(of=instruction_table)
    )).mappings().all()
    if not rows:
        return None
    details = [bacs_std18.Detail(r["sort_code"], r["account_number"], r["code"], 0, r["mandate_ref"],
                                 r["payer_name"]) for r in rows]
    file_id = await _store_file(uow, "auddis", processing_date, details, await _originator(uow), actor,
                                contra=False)
    await uow.session.execute(update(instruction_table).where(
        instruction_table.c.instruction_id.in_([r["instruction_id"] for r in rows])).values(file_id=file_id))
    await uow.session.execute(update(mandate_table).where(
        mandate_table.c.mandate_id.in_([r["mandate_id"] for r in rows if r["code"] == "0N"]),
        mandate_table.c.status == "pending").values(status="active"))
    return file_id


async def _schedule_due(uow: UnitOfWork, collection_date: date) -> None:
    """Create the collections of active mandates that fall due on ``collection_date``; a weekly
    or fortnightly collection whose weeks are all rent-free is not created."""
    # Each mandate's instalment on the day is read with it, not queried mandate by mandate.
    amount_on = _amount_on_query(mandate_table.c.mandate_id, collection_date).scalar_subquery().label("amount_on")
    mandates = (await uow.session.execute(select(mandate_table, amount_on).where(
        mandate_table.c.status == "active", mandate_table.c.first_collection <= collection_date
    ))).mappings().all()
    collected = {r.mandate_id for r in await uow.session.execute(
        select(collection_table.c.mandate_id).where(collection_table.c.status.in_(("submitted", "unpaid"))).distinct())}
    rows, known = [], {}
    for m in mandates:
        frequency = Frequency(m["frequency"])
        due = schedule(frequency, m["collection_day"], m["first_collection"], collection_date)
        if not due or due[-1][1] != collection_date:
            continue
        instalment = None if m["amount_on"] is None else Money(m["amount_on"])
        amount = await _collected(uow, frequency, instalment, due[-1][0], known)
        if amount is None:
            continue
        rows.append({"collection_id": uuid.uuid4(), "mandate_id": m["mandate_id"], "account_ref": m["account_ref"],
                     "due_date": collection_date, "amount": amount.amount,
                     # 01 marks a mandate's first collection, whichever date that falls on.
                     "txn_code": "17" if m["mandate_id"] in collected else "01", "status": "scheduled"})
    if rows:
        await uow.session.execute(insert(collection_table).on_conflict_do_nothing(), rows)


async def generate_collection_file(uow: UnitOfWork, actor: str, collection_date: date, today: date) -> uuid.UUID:
    """The Standard 18 collection file for one collection (entry) date; each collection is
    reported to billing as a Direct Debit payment on that date."""
    if not is_working_day(collection_date):
        raise PaymentsError(f"{collection_date} is not a working day; collections are taken on working days")
    processing_date = previous_working_day(collection_date)
    if processing_date < today:
        raise PaymentsError(f"too late for {collection_date}: its Bacs processing day {processing_date} has passed")
    await _schedule_due(uow, collection_date)
    rows = (await uow.session.execute(
        select(collection_table, mandate_table.c.mandate_ref, mandate_table.c.sort_code,
               mandate_table.c.account_number, mandate_table.c.payer_name)
        .join(mandate_table, mandate_table.c.mandate_id == collection_table.c.mandate_id)
        .where(collection_table.c.due_date == collection_date, collection_table.c.status == "scheduled",
               mandate_table.c.status == "active")
        .order_by(collection_table.c.account_ref).with_for_update(of=collection_table)
    )).mappings().all()
    if not rows:
        raise NotFound(f"no Direct Debit collections are due on {collection_date}")
    details = [bacs_std18.Detail(r["sort_code"], r["account_number"], r["txn_code"], Money(r["amount"]).pence,
                                 r["mandate_ref"], r["payer_name"]) for r in rows]
    file_id = await _store_file(uow, "collection", processing_date, details, await _originator(uow), actor,
                                contra=True)
    ids = [r["collection_id"] for r in rows]
    await uow.session.execute(update(collection_table).where(collection_table.c.collection_id.in_(ids))
                              .values(status="submitted", file_id=file_id))
    source = f"bacs:{file_id}"
    await uow.session.execute(insert(payment_table), [{
        "payment_id": r["collection_id"], "source_system": "direct_debit", "external_id": str(r["collection_id"]),
        "account_ref": r["account_ref"], "reference_given": r["mandate_ref"], "amount": r["amount"],
        "method": PaymentMethod.DIRECT_DEBIT.value, "channel": "bacs", "received_on": collection_date,
        "source": f"{source}:{n}", "status": "matched", "file_id": file_id, "line_no": n,
    } for n, r in zip(count(1), rows, strict=False)])
    payments = [ReceivedPayment(
        payment_id=r["collection_id"], account_ref=r["account_ref"], amount=Money(r["amount"]),
        method=PaymentMethod.DIRECT_DEBIT, channel="bacs", received_on=collection_date,
        external_id=str(r["collection_id"]), source=f"{source}:{n}", received_by="system:direct_debit",
    ) for n, r in zip(count(1), rows, strict=False)]
    for start in range(0, len(payments), PAYMENTS_PER_EVENT):
        uow.emit(PaymentBatchReceivedV1(batch_id=uuid.uuid4(), file_id=file_id,
                                        batch_no=start // PAYMENTS_PER_EVENT + 1,
                                        payments=payments[start:start + PAYMENTS_PER_EVENT]))
    return file_id


async def _mandate_by_ref(uow: UnitOfWork, reference: str, *, lock: bool = False):
    stmt = select(mandate_table).where(mandate_table.c.mandate_ref == reference.strip().upper())
    return (await uow.session.execute(stmt.with_for_update() if lock else stmt)).mappings().first()


async def _reinstatement_refused(uow: UnitOfWork, mandate) -> str | None:
    """Why the paying bank may not reinstate this mandate, if it may not. Only an instruction
    the payer's bank cancelled (ADDACS) can come back: one the landlord cancelled (tenancy
    ended, staff) or that was never lodged (AUDDIS rejection) stays finished, and nothing is
    collected again for an account that is no longer open."""
    if mandate["status"] != "cancelled" or not (mandate["cancel_reason"] or "").startswith("ADDACS-"):
        return f"{_finished(mandate)}; only a mandate the payer's bank cancelled can be reinstated"
    account = (await uow.session.execute(select(known_account_table.c.status).where(
        known_account_table.c.account_ref == mandate["account_ref"]))).scalar()
    if account != "open":
        return f"{_finished(mandate)} and account {mandate['account_ref']} is not open; it cannot be reinstated"
    return None


def _finished(mandate) -> str:
    """How a cancelled or rejected mandate ended, for a report line."""
    when = f" on {mandate['cancelled_on']}" if mandate["cancelled_on"] else ""
    why = f" ({mandate['cancel_reason']})" if mandate["cancel_reason"] else ""
    return f"mandate {mandate['mandate_ref']} was {mandate['status']}{when}{why}"


async def apply_unpaid(uow: UnitOfWork, record: Record, source_system: str, source: str) -> tuple[str, str]:
    """ARUDD: the collection is reversed on the ledger (PaymentReversed with the reason code),
    re-presented where the rules allow, and the mandate cancelled where the instruction is gone."""
    mandate = await _mandate_by_ref(uow, record.reference)
    if mandate is None:
        return "rejected", f"no mandate with reference {record.reference}"
    collection = (await uow.session.execute(
        select(collection_table).outerjoin(bacs_file_table, bacs_file_table.c.file_id == collection_table.c.file_id)
        .where(collection_table.c.mandate_id == mandate["mandate_id"],
               collection_table.c.amount == record.amount.amount,
               (collection_table.c.due_date == record.on) | (bacs_file_table.c.processing_date == record.on),
               collection_table.c.status.in_(("submitted", "unpaid")))
        .with_for_update(of=collection_table)
    )).mappings().first()
    if collection is None:
        return "rejected", f"no submitted collection of {record.amount} for {record.reference} on {record.on}"
    if collection["status"] == "unpaid":
        return "duplicate", "this collection is already recorded as unpaid"
    await uow.session.execute(update(collection_table).where(
        collection_table.c.collection_id == collection["collection_id"]).values(status="unpaid"))
    description = record.detail.get("description") or bacs_codes.describe(bacs_codes.ARUDD, record.reason_code)
    unpaid = Record(record.line_no, record.kind, record.reference, record.amount, date.today(), record.external_id,
                    method=PaymentMethod.DIRECT_DEBIT, reason_code=f"ARUDD-{record.reason_code}")
    outcome = await reversals.record(uow, source_system, record.external_id, mandate["account_ref"], unpaid,
                                    f"Direct Debit unpaid: {description}", source, collection["collection_id"])
    if record.reason_code in bacs_codes.ARUDD_REPRESENTABLE:
        await _represent(uow, collection, date.today())
    elif record.reason_code in bacs_codes.ARUDD_CANCELS:
        await cancel_mandate(uow, mandate["mandate_id"], date.today(), f"ARUDD-{record.reason_code}",
                             description, "system:bacs", lodge_cancel=False, source=source)
    return outcome


async def _represent(uow: UnitOfWork, collection, today: date) -> None:
    settings = await config.current(uow.session)
    original = collection["represents"] or collection["collection_id"]
    made = (await uow.session.execute(select(func.count()).select_from(collection_table).where(
        collection_table.c.represents == original))).scalar_one()
    if made >= settings["dd_max_representations"]:
        return
    await uow.session.execute(insert(collection_table).values(
        collection_id=uuid.uuid4(), mandate_id=collection["mandate_id"], account_ref=collection["account_ref"],
        due_date=add_working_days(today, settings["dd_represent_after_working_days"]), amount=collection["amount"],
        txn_code="18", status="scheduled", represents=original,
    ).on_conflict_do_nothing())


async def apply_advice(uow: UnitOfWork, record: Record, source: str) -> tuple[str, str]:
    """ADDACS: cancel, amend or reinstate the mandate; AUDDIS report: the instruction was rejected.
    A cancellation or rejection of a finished mandate changes nothing (a duplicate line); an
    amendment of one is rejected."""
    # Locked: a cancellation committed meanwhile must not be missed by an amendment.
    mandate = await _mandate_by_ref(uow, record.reference, lock=True)
    if mandate is None:
        return "rejected", f"no mandate with reference {record.reference}"
    code, report = record.reason_code, record.detail.get("report")
    actor = f"system:{(report or 'bacs').lower()}"
    if report == "AUDDIS":
        done = await cancel_mandate(uow, mandate["mandate_id"], record.on, f"AUDDIS-{code}",
                                    bacs_codes.describe(bacs_codes.AUDDIS, code), actor, lodge_cancel=False,
                                    status="rejected", source=source)
        return ("accepted", "") if done else ("duplicate", f"{_finished(mandate)}; nothing changed")
    description = bacs_codes.describe(bacs_codes.ADDACS, code)
    if code in bacs_codes.ADDACS_CANCELS:
        done = await cancel_mandate(uow, mandate["mandate_id"], record.on, f"ADDACS-{code}", description, actor,
                                    lodge_cancel=False, source=source)
        return ("accepted", "") if done else (
            "duplicate", f"ADDACS {code} ({description}): {_finished(mandate)}; nothing changed")
    if code in bacs_codes.ADDACS_AMENDS:
        if mandate["status"] in FINISHED:
            return "rejected", f"ADDACS {code} ({description}): {_finished(mandate)}; an amendment cannot reopen it"
        sort_code, account = record.detail.get("new_sort_code"), record.detail.get("new_account_number")
        if not (sort_code and account):
            return "rejected", f"ADDACS {code} ({description}) without new bank details"
        try:
            sort_code, account = check_bank_details(sort_code, account)
        except PaymentsError as exc:
            return "rejected", f"ADDACS {code} ({description}): new bank details refused: {exc}"
        changes = {"sort_code": sort_code, "account_number": account}
        if record.detail.get("new_name"):
            changes["payer_name"] = bacs_std18.bacs_text(record.detail["new_name"], 18).strip()
        # The paying bank has already moved the instruction: no new AUDDIS lodgement is needed.
        await uow.session.execute(update(mandate_table).where(
            mandate_table.c.mandate_id == mandate["mandate_id"]).values(**changes))
        await audit.record(uow.session, actor=actor, action="amend", entity="dd_mandate",
                           entity_id=str(mandate["mandate_id"]), reason=f"ADDACS-{code}: {description}",
                           source=source)
        return "accepted", ""
    if code in bacs_codes.ADDACS_REINSTATES:
        if mandate["status"] == "active":
            return "duplicate", (f"ADDACS {code} ({description}): mandate {mandate['mandate_ref']} is active; "
                                 "nothing changed")
        refused = await _reinstatement_refused(uow, mandate)
        if refused:
            return "rejected", f"ADDACS {code} ({description}): {refused}"
        await uow.session.execute(update(mandate_table).where(
            mandate_table.c.mandate_id == mandate["mandate_id"]).values(status="active", cancelled_on=None))
        await audit.record(uow.session, actor=actor, action="reinstate", entity="dd_mandate",
                           entity_id=str(mandate["mandate_id"]), reason=f"ADDACS-{code}: {description}",
                           source=source)
        return "accepted", ""
    await audit.record(uow.session, actor=actor, action="note", entity="dd_mandate",
                       entity_id=str(mandate["mandate_id"]), reason=f"ADDACS-{code}: {description}", source=source)
    return "accepted", ""
