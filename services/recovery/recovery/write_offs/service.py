"""Write-off proposals, and their approval by a second officer within their limit."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.configuration.settings import get_setting
from recovery.errors import Conflict, NotFound, RecoveryError
from recovery.former_tenants import service as former_tenants
from recovery.former_tenants.limitation import is_statute_barred
from recovery.positions.queries import get_position
from recovery.write_offs.rules import WriteOffReason, check_approver
from recovery.write_offs.tables import write_off_table
from shared import audit
from shared.contracts.recovery import WriteOffApprovedV1
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money


async def write_off_limits(session: AsyncSession) -> dict[str, Money]:
    """Each role's approval limit (the write_off_limits setting)."""
    return {role: Money(v) for role, v in (await get_setting(session, "write_off_limits")).items()}


async def propose(uow: UnitOfWork, account_ref: str, amount: Money, reason: WriteOffReason, note: str,
                  actor: str, today: date) -> uuid.UUID:
    position = await get_position(uow.session, account_ref, for_update=True)
    pending = await _pending_total(uow, account_ref)
    if amount <= 0:
        raise RecoveryError("a write-off must be more than £0.00")
    if amount + pending > Money(position["balance"]):
        raise RecoveryError(f"£{amount} (with £{pending} already proposed) is more than the debt of "
                            f"£{Money(position['balance'])}")
    check = await former_tenants.chasing_check(uow, account_ref)
    former_tenants.refuse_if_held(check, "a write-off proposal is")
    if check is not None and amount + pending > check.chaseable:  # the benefit's part is collected, not forgiven
        raise RecoveryError(f"£{amount} (with £{pending} already proposed) is more than the £{check.chaseable} "
                            f"left after £{check.still_due} still expected from the benefit")
    if reason is WriteOffReason.STATUTE_BARRED:
        await _check_statute_barred(uow, account_ref, today)
    write_off_id = uuid.uuid4()
    await uow.session.execute(insert(write_off_table).values(
        write_off_id=write_off_id, account_ref=account_ref, amount=amount.amount, reason=reason.value, note=note,
        status="proposed", proposed_by=actor))
    await audit.record(uow.session, actor=actor, action="propose", entity="write_off", entity_id=str(write_off_id),
                       after={"account_ref": account_ref, "amount": str(amount), "reason": reason.value}, reason=note)
    return write_off_id


async def _pending_total(uow: UnitOfWork, account_ref: str) -> Money:
    rows = (await uow.session.execute(select(write_off_table.c.amount).where(
        write_off_table.c.account_ref == account_ref, write_off_table.c.status == "proposed"))).scalars()
    return sum((Money(a) for a in rows), Money.zero())


async def _check_statute_barred(uow: UnitOfWork, account_ref: str, today: date) -> None:
    limit = await former_tenants.limitation_for(uow, account_ref)
    if limit is None:
        raise RecoveryError("only a former tenant's debt can be written off as statute-barred")
    if not is_statute_barred(limit, today):
        raise RecoveryError(f"the debt is not statute-barred until {limit}")


async def _proposed(uow: UnitOfWork, write_off_id: uuid.UUID) -> Any:
    row = (await uow.session.execute(select(write_off_table).where(write_off_table.c.write_off_id == write_off_id)
                                     .with_for_update())).mappings().first()
    if row is None:
        raise NotFound(f"no write-off {write_off_id}")
    if row["status"] != "proposed":
        raise Conflict(f"write-off {write_off_id} is already {row['status']}")
    return row


async def approve(uow: UnitOfWork, write_off_id: uuid.UUID, approver: str, roles: frozenset[str],
                  today: date) -> Any:
    row = await _proposed(uow, write_off_id)
    amount = Money(row["amount"])
    check_approver(row["proposed_by"], approver, roles, amount, await write_off_limits(uow.session))
    await uow.session.execute(update(write_off_table).where(write_off_table.c.write_off_id == write_off_id)
                              .values(status="approved", decided_by=approver, decided_on=today))
    await audit.record(uow.session, actor=approver, action="approve", entity="write_off",
                       entity_id=str(write_off_id), before={"status": "proposed"},
                       after={"status": "approved", "amount": str(amount)}, reason=row["note"])
    uow.emit(WriteOffApprovedV1(write_off_id=write_off_id, account_ref=row["account_ref"], amount=amount,
                                reason=row["reason"], proposed_by=row["proposed_by"], approved_by=approver,
                                approved_on=today))
    return {**row, "status": "approved", "decided_by": approver, "decided_on": today}


async def reject(uow: UnitOfWork, write_off_id: uuid.UUID, approver: str, note: str, today: date) -> Any:
    row = await _proposed(uow, write_off_id)
    if approver == row["proposed_by"]:
        raise Conflict("the proposer cannot decide their own write-off; withdraw it instead")
    await uow.session.execute(update(write_off_table).where(write_off_table.c.write_off_id == write_off_id)
                              .values(status="rejected", decided_by=approver, decided_on=today, decision_note=note))
    await audit.record(uow.session, actor=approver, action="reject", entity="write_off",
                       entity_id=str(write_off_id), reason=note)
    return {**row, "status": "rejected", "decided_by": approver, "decided_on": today, "decision_note": note}
