"""Bacs reports applied line by line from an income file: ARUDD (a collection came back
unpaid: reversed, re-presented or the mandate cancelled), ADDACS (the payer's bank cancelled,
amended or reinstated a mandate) and the AUDDIS report (an instruction was rejected)."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from payments.adapters.orm import bacs_file_table, collection_table, known_account_table, mandate_table
from payments.direct_debits import bacs_codes
from payments.direct_debits.mandates import FINISHED, cancel_mandate, check_bank_details
from payments.domain.exceptions import PaymentsError
from payments.domain.income import Record
from payments.service_layer import config, reversals
from shared import audit, bacs_std18
from shared.calendar import add_working_days
from shared.contracts.types import PaymentMethod
from shared.db.unit_of_work import UnitOfWork


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
