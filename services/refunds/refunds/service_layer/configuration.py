"""Changing the refund policy and recording HB overpayments, each audited with the
value before and after."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.dialects.postgresql import insert

from refunds.adapters.orm import (
    approval_limit_table,
    clearing_window_table,
    hb_overpayment_table,
    refund_policy_table,
)
from refunds.domain.exceptions import InvalidState, NotFound
from shared import audit
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money


def _plain(row: Any, columns: list[str]) -> dict[str, Any]:
    return {c: str(row[c]) if row[c] is not None else None for c in columns} if row else {}


async def _configure(uow: UnitOfWork, table: Table, key: str, values: dict[str, Any], actor: str, reason: str) -> None:
    columns = list(values)
    before = (await uow.session.execute(select(table).where(table.c[key] == values[key]).with_for_update())
              ).mappings().first()
    if before is None:
        await uow.session.execute(insert(table).values(**values, updated_by=actor))
    else:
        await uow.session.execute(update(table).where(table.c[key] == values[key])
                                  .values(**values, updated_by=actor, updated_at=func.now()))
    await audit.record(uow.session, actor=actor, action="configure", entity=table.name, entity_id=str(values[key]),
                       before=_plain(before, columns), after={c: str(v) for c, v in values.items()}, reason=reason)


async def set_policy(uow: UnitOfWork, changes: dict[str, Any], actor: str, reason: str) -> None:
    await _configure(uow, refund_policy_table, "id", {"id": 1, **changes}, actor, reason)


async def set_clearing_window(uow: UnitOfWork, method: str, days: int, actor: str, reason: str) -> None:
    await _configure(uow, clearing_window_table, "method", {"method": method, "days": days}, actor, reason)


async def set_approval_limit(uow: UnitOfWork, role: str, limit: Money, actor: str, reason: str) -> None:
    await _configure(uow, approval_limit_table, "role", {"role": role, "max_amount": limit.amount}, actor, reason)


async def record_hb_overpayment(uow: UnitOfWork, account_ref: str, claim_reference: str, amount: Money,
                                notified_on: date, actor: str) -> uuid.UUID:
    overpayment_id = uuid.uuid4()
    await uow.session.execute(insert(hb_overpayment_table).values(
        overpayment_id=overpayment_id, account_ref=account_ref, claim_reference=claim_reference,
        amount=amount.amount, notified_on=notified_on, recorded_by=actor))
    await audit.record(uow.session, actor=actor, action="record", entity="hb_overpayment",
                       entity_id=str(overpayment_id),
                       after={"account": account_ref, "claim": claim_reference, "amount": str(amount)})
    return overpayment_id


async def withdraw_hb_overpayment(uow: UnitOfWork, overpayment_id: uuid.UUID, actor: str, reason: str) -> None:
    t = hb_overpayment_table
    row = (await uow.session.execute(select(t).where(t.c.overpayment_id == overpayment_id).with_for_update())).first()
    if row is None:
        raise NotFound(f"HB overpayment {overpayment_id} does not exist")
    if row.status != "open":
        raise InvalidState(f"HB overpayment {overpayment_id} is {row.status}")
    await uow.session.execute(update(t).where(t.c.overpayment_id == overpayment_id).values(status="withdrawn"))
    await audit.record(uow.session, actor=actor, action="withdraw", entity="hb_overpayment",
                       entity_id=str(overpayment_id), before={"status": "open"}, after={"status": "withdrawn"},
                       reason=reason)
