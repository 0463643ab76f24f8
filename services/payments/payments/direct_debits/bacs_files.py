"""Bacs files: the AUDDIS file lodging queued mandate instructions, and the Standard 18
collection file for one collection date, whose collections are reported to billing as
Direct Debit payments."""

from __future__ import annotations

import uuid
from datetime import date
from itertools import count

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from payments.adapters.orm import (
    bacs_file_serial,
    bacs_file_table,
    collection_table,
    instruction_table,
    mandate_table,
    payment_table,
)
from payments.direct_debits import instalments
from payments.direct_debits.rules import previous_working_day, schedule
from payments.domain.exceptions import NotFound, PaymentsError
from payments.service_layer import config
from shared import audit, bacs_std18
from shared.calendar import Frequency, is_working_day
from shared.contracts.payments import PaymentBatchReceivedV1, ReceivedPayment
from shared.contracts.types import PaymentMethod
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

PAYMENTS_PER_EVENT = 500


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
    amount_on = (instalments.amount_on_query(mandate_table.c.mandate_id, collection_date)
                 .scalar_subquery().label("amount_on"))
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
        amount = await instalments.collected(uow, frequency, instalment, due[-1][0], known)
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
