"""Manual debit/credit adjustments and transfers between accounts. Above the configured
threshold they wait for a second user's approval; every step is audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select, update

from billing.adjustments.rules import check_checker, needs_approval, reason_code
from billing.adjustments.tables import adjustment_table as adjustments
from billing.configuration.service import get_setting
from billing.errors import BillingError, Conflict, NotFound
from billing.ledger import accounts as ledger_accounts
from billing.ledger import source_keys
from billing.ledger.rules import NewPosting
from billing.ledger.writer import post_and_announce
from billing.ledger.year_end import year_closed
from shared import audit
from shared.calendar import rent_year_of
from shared.contracts.types import PostingType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money


@dataclass(frozen=True)
class RequestAdjustment:
    kind: str  # adjustment | transfer
    account_ref: str
    amount: Money  # adjustment: signed; transfer: positive, moved out of account_ref
    reason_code: str
    reason: str
    effective_date: date
    actor: str
    to_account_ref: str | None = None


async def get(uow: UnitOfWork, adjustment_id: uuid.UUID, *, for_update: bool = False) -> dict[str, Any]:
    query = select(adjustments).where(adjustments.c.adjustment_id == adjustment_id)
    row = (await uow.session.execute(query.with_for_update() if for_update else query)).mappings().first()
    if row is None:
        raise NotFound(f"adjustment {adjustment_id} does not exist")
    return dict(row)


async def request(uow: UnitOfWork, cmd: RequestAdjustment) -> dict[str, Any]:
    code = reason_code(cmd.reason_code)
    for ref in filter(None, (cmd.account_ref, cmd.to_account_ref)):
        if await ledger_accounts.get_account(uow.session, ref) is None:
            raise NotFound(f"account {ref} does not exist")
    if cmd.to_account_ref == cmd.account_ref:
        raise BillingError("a transfer needs two different accounts")
    if await year_closed(uow.session, rent_year_of(cmd.effective_date).year):
        raise Conflict(f"the rent year of {cmd.effective_date} is closed; post the correction in an open year")
    threshold = Money(await get_setting(uow.session, "adjustment_approval_threshold"))
    pending = needs_approval(cmd.amount, threshold)
    adjustment_id = uuid.uuid4()
    await uow.session.execute(insert(adjustments).values(
        adjustment_id=adjustment_id, kind=cmd.kind, account_ref=cmd.account_ref, to_account_ref=cmd.to_account_ref,
        amount=cmd.amount.amount, reason_code=code.value, reason=cmd.reason, effective_date=cmd.effective_date,
        status="pending_approval" if pending else "posted", requested_by=cmd.actor,
    ))
    await audit.record(uow.session, actor=cmd.actor, action="request", entity=cmd.kind,
                       entity_id=str(adjustment_id), reason=f"{code.value}: {cmd.reason}", account_ref=cmd.account_ref,
                       after={"account_ref": cmd.account_ref, "to_account_ref": cmd.to_account_ref,
                              "amount": str(cmd.amount), "needs_approval": pending,
                              "threshold": str(threshold)})
    row = await get(uow, adjustment_id)
    if not pending:
        await _post(uow, row)
    return row


async def approve(uow: UnitOfWork, adjustment_id: uuid.UUID, actor: str, note: str) -> dict[str, Any]:
    row = await _pending(uow, adjustment_id)
    check_checker(row["requested_by"], actor)
    await _decide(uow, row, "posted", actor, note)
    await _post(uow, row)
    return await get(uow, adjustment_id)


async def reject(uow: UnitOfWork, adjustment_id: uuid.UUID, actor: str, note: str) -> dict[str, Any]:
    row = await _pending(uow, adjustment_id)
    await _decide(uow, row, "rejected", actor, note)
    return await get(uow, adjustment_id)


async def _pending(uow: UnitOfWork, adjustment_id: uuid.UUID) -> dict[str, Any]:
    row = await get(uow, adjustment_id, for_update=True)
    if row["status"] != "pending_approval":
        raise Conflict(f"adjustment {adjustment_id} is already {row['status']}")
    return row


async def _decide(uow: UnitOfWork, row: dict[str, Any], status: str, actor: str, note: str) -> None:
    await uow.session.execute(update(adjustments).where(adjustments.c.adjustment_id == row["adjustment_id"])
                              .values(status=status, decided_by=actor, decided_at=datetime.now(UTC),
                                      decision_note=note))
    await audit.record(uow.session, actor=actor, action=status.replace("posted", "approve"), entity=row["kind"],
                       entity_id=str(row["adjustment_id"]), before={"status": row["status"]},
                       account_ref=row["account_ref"],
                       after={"status": status}, reason=note)


async def _post(uow: UnitOfWork, row: dict[str, Any]) -> None:
    amount, key = Money(row["amount"]), source_keys.adjustment(row["kind"], row["adjustment_id"])
    common = {"effective_date": row["effective_date"], "source": key,
              "posted_by": row["requested_by"]}
    why = f"{row['reason_code']}: {row['reason']}"
    if row["kind"] == "adjustment":
        lines = [NewPosting(account_ref=row["account_ref"], posting_type=PostingType.ADJUSTMENT, amount=amount,
                            source_key=key, reason=why, **common)]
    else:
        lines = [
            NewPosting(account_ref=row["account_ref"], posting_type=PostingType.TRANSFER, amount=amount,
                       source_key=source_keys.leg(key, "out"), reason=f"to {row['to_account_ref']} — {why}", **common),
            NewPosting(account_ref=row["to_account_ref"], posting_type=PostingType.TRANSFER, amount=-amount,
                       source_key=source_keys.leg(key, "in"), reason=f"from {row['account_ref']} — {why}", **common),
        ]
    await post_and_announce(uow, lines)
