"""The suspense work queue: staff allocate (to one or several accounts) or return money
that could not be matched. Each resolution is audited; allocations are published as
PaymentReceived so billing posts them like any payment."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from payments.adapters.orm import known_account_table, suspense_allocation_table, suspense_table
from payments.domain.exceptions import Conflict, NotFound, PaymentsError
from payments.domain.matching import match_reference
from shared import audit
from shared.contracts.payments import PaymentReceivedV1
from shared.contracts.types import PaymentMethod
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money, total
from shared.refs import normalise_ref


@dataclass(frozen=True)
class Allocation:
    account_ref: str
    amount: Money


async def _open_item(uow: UnitOfWork, suspense_id: uuid.UUID):
    item = (await uow.session.execute(
        select(suspense_table).where(suspense_table.c.suspense_id == suspense_id).with_for_update()
    )).mappings().first()
    if item is None:
        raise NotFound(f"suspense item {suspense_id} does not exist")
    if item["status"] != "open":
        raise Conflict(f"suspense item {suspense_id} is already {item['status']}")
    return item


async def allocate(uow: UnitOfWork, suspense_id: uuid.UUID, allocations: list[Allocation], actor: str,
                   reason: str) -> list[uuid.UUID]:
    """Allocate the whole item to one account, or split it across several (amounts must sum
    exactly to the item). Returns the new payment ids."""
    item = await _open_item(uow, suspense_id)
    if not allocations:
        raise PaymentsError("give at least one allocation")
    if total(a.amount for a in allocations) != Money(item["amount"]):
        raise PaymentsError(f"allocations total {total(a.amount for a in allocations)} but the item is "
                            f"{Money(item['amount'])}")
    refs = [normalise_ref(a.account_ref) for a in allocations]
    if len(set(refs)) != len(refs):
        raise PaymentsError("an account appears twice in the split")
    status = {r.account_ref: r.status for r in await uow.session.execute(
        select(known_account_table.c.account_ref, known_account_table.c.status)
        .where(known_account_table.c.account_ref.in_(refs)))}
    for ref, allocation in zip(refs, allocations, strict=True):
        match = match_reference(ref, status)
        if not match.matched:
            raise PaymentsError(f"cannot allocate to {allocation.account_ref}: {match.reason}")
        if allocation.amount <= 0:
            raise PaymentsError("each allocated amount must be positive")
    payment_ids = []
    for ref, allocation in zip(refs, allocations, strict=True):
        payment_id = uuid.uuid4()
        payment_ids.append(payment_id)
        await uow.session.execute(insert(suspense_allocation_table).values(
            allocation_id=payment_id, suspense_id=suspense_id, account_ref=ref, amount=allocation.amount.amount,
            allocated_by=actor))
        uow.emit(PaymentReceivedV1(
            payment_id=payment_id, account_ref=ref, amount=allocation.amount,
            method=PaymentMethod(item["method"]), channel="suspense allocation", received_on=item["received_on"],
            external_id=f"suspense:{suspense_id}:{ref}", source=f"suspense:{suspense_id}", received_by=actor,
        ))
    await _resolve(uow, item, "allocated", actor, reason,
                   {"allocations": [{"account_ref": r, "amount": str(a.amount)} for r, a in zip(refs, allocations,
                                                                                                strict=True)]})
    return payment_ids


async def return_to_payer(uow: UnitOfWork, suspense_id: uuid.UUID, actor: str, reason: str) -> None:
    """The money goes back to whoever sent it; nothing is posted to any account."""
    item = await _open_item(uow, suspense_id)
    await _resolve(uow, item, "returned", actor, reason, {"returned": str(Money(item["amount"]))})


async def _resolve(uow: UnitOfWork, item, status: str, actor: str, reason: str, after: dict) -> None:
    await uow.session.execute(update(suspense_table).where(suspense_table.c.suspense_id == item["suspense_id"])
                              .values(status=status, resolved_by=actor, resolved_at=func.now(), resolution=reason))
    await audit.record(uow.session, actor=actor, action=status, entity="suspense_item",
                       entity_id=str(item["suspense_id"]), before={"status": "open", "amount": str(item["amount"])},
                       after={"status": status, **after}, reason=reason, source=item["source"])
