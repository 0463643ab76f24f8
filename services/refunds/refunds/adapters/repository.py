"""Loading and saving refunds' state. Repositories never commit."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from refunds.adapters.bacs_std18 import originator
from refunds.adapters.orm import (
    account_person_table,
    approval_limit_table,
    clearing_window_table,
    credit_position_table,
    credit_transfer_table,
    hb_overpayment_table,
    payment_seen_table,
    refund_approval_table,
    refund_policy_table,
    refund_table,
)
from refunds.domain.checks import CheckResult
from refunds.domain.credit import AccountPicture, Debt, Payee, PaymentIn
from refunds.domain.exceptions import NotFound
from refunds.domain.policy import RefundPolicy
from refunds.domain.workflow import Approval, Refund, Status
from shared.bacs_std18 import Originator
from shared.money import Money

# Payments older than this cannot explain today's credit or still be reversed.
PAYMENT_HISTORY_DAYS = 400


async def load_policy(session: AsyncSession) -> RefundPolicy:
    row = (await session.execute(select(refund_policy_table).where(refund_policy_table.c.id == 1))).one()
    windows = (await session.execute(select(clearing_window_table))).all()
    limits = (await session.execute(select(approval_limit_table))).all()
    return RefundPolicy(
        dual_approval_threshold=Money(row.dual_approval_threshold),
        keep_weeks=row.keep_weeks,
        minimum_refund=Money(row.minimum_refund),
        review_day_of_month=row.review_day_of_month,
        clearing_days={w.method: w.days for w in windows},
        approval_limits={r.role: Money(r.max_amount) for r in limits},
    )


async def load_originator(session: AsyncSession) -> Originator | None:
    row = (await session.execute(select(refund_policy_table).where(refund_policy_table.c.id == 1))).one()
    if not row.originator_sort_code:
        return None
    return originator(row.originator_sort_code, row.originator_account_number, row.originator_name)


async def _sums(session: AsyncSession, stmt: Any) -> dict[str, Money]:
    return {ref: Money(amount) for ref, amount in (await session.execute(stmt)).all()}


async def pending_out(session: AsyncSession, refs: list[str]) -> dict[str, Money]:
    """Money requested out of each account that billing has not posted yet."""
    t, r = credit_transfer_table, refund_table
    transfers = await _sums(session, select(t.c.from_account_ref, func.sum(t.c.amount)).where(
        t.c.from_account_ref.in_(refs), t.c.ledger_posted.is_(False)).group_by(t.c.from_account_ref))
    refunds = await _sums(session, select(r.c.account_ref, func.sum(r.c.amount)).where(
        r.c.account_ref.in_(refs), r.c.status == Status.PAID, r.c.ledger_posted.is_(False)).group_by(r.c.account_ref))
    return {ref: transfers.get(ref, Money.zero()) + refunds.get(ref, Money.zero()) for ref in refs}


async def _other_debts(session: AsyncSession, refs: list[str]) -> dict[str, list[Debt]]:
    mine, theirs, cp = account_person_table.alias("mine"), account_person_table.alias("theirs"), credit_position_table
    rows = (await session.execute(
        select(mine.c.account_ref.label("for_ref"), cp.c.account_ref, cp.c.balance, cp.c.status, cp.c.account_type)
        .distinct()
        .join(theirs, (theirs.c.person_id == mine.c.person_id) & (theirs.c.account_ref != mine.c.account_ref))
        .join(cp, cp.c.account_ref == theirs.c.account_ref)
        .where(mine.c.account_ref.in_(refs), cp.c.balance > 0)
    )).all()
    t = credit_transfer_table
    incoming = await _sums(session, select(t.c.to_account_ref, func.sum(t.c.amount)).where(
        t.c.to_account_ref.in_([row.account_ref for row in rows]), t.c.ledger_posted.is_(False),
    ).group_by(t.c.to_account_ref)) if rows else {}
    debts: dict[str, list[Debt]] = defaultdict(list)
    for row in rows:
        owed = Money(row.balance) - incoming.get(row.account_ref, Money.zero())
        if owed > 0:
            debts[row.for_ref].append(Debt(row.account_ref, owed, row.status, row.account_type))
    return debts


async def pictures(session: AsyncSession, refs: list[str], today: date) -> dict[str, AccountPicture]:
    """Everything the checks and the review need about these accounts, in a few set-based queries."""
    if not refs:
        return {}
    positions = (await session.execute(
        select(credit_position_table).where(credit_position_table.c.account_ref.in_(refs))
    )).mappings().all()
    payments: dict[str, list[PaymentIn]] = defaultdict(list)
    p = payment_seen_table
    for row in (await session.execute(select(p).where(
        p.c.account_ref.in_(refs), p.c.received_on >= today - timedelta(days=PAYMENT_HISTORY_DAYS),
        p.c.reversed.is_(False),
    ))).all():
        payments[row.account_ref].append(PaymentIn(Money(row.amount), row.method, row.received_on))
    o = hb_overpayment_table
    overpaid = await _sums(session, select(o.c.account_ref, func.sum(o.c.amount - o.c.recovered)).where(
        o.c.account_ref.in_(refs), o.c.status == "open").group_by(o.c.account_ref))
    out = await pending_out(session, refs)
    debts = await _other_debts(session, refs)
    return {
        pos["account_ref"]: AccountPicture(
            account_ref=pos["account_ref"], balance=Money(pos["balance"]), last_seq=pos["last_seq"],
            status=pos["status"], account_type=pos["account_type"],
            weekly_charge=Money(pos["weekly_charge"]) if pos["weekly_charge"] is not None else None,
            payments=payments[pos["account_ref"]], open_hb_overpayment=overpaid.get(pos["account_ref"], Money.zero()),
            other_debts=debts[pos["account_ref"]], pending_out=out[pos["account_ref"]],
        )
        for pos in positions
    }


async def account_patch(session: AsyncSession, account_ref: str) -> str | None:
    return (await session.execute(select(credit_position_table.c.patch).where(
        credit_position_table.c.account_ref == account_ref))).scalar_one_or_none()


async def picture(session: AsyncSession, account_ref: str, today: date) -> AccountPicture:
    found = await pictures(session, [account_ref], today)
    if account_ref not in found:
        raise NotFound(f"refunds has no balance for account {account_ref}")
    return found[account_ref]


def _refund_from(row: Any, approvals: list[Any]) -> Refund:
    return Refund(
        refund_id=row.refund_id, account_ref=row.account_ref, amount=Money(row.amount), payee=Payee(row.payee),
        payee_name=row.payee_name, sort_code=row.sort_code, account_number=row.account_number,
        reason_code=row.reason_code, requested_by=row.requested_by, status=Status(row.status),
        keep_week_waived=row.keep_week_waived, note=row.note,
        checks=[CheckResult(**c) for c in row.checks], checked_seq=row.checked_seq,
        checked_balance=Money(row.checked_balance) if row.checked_balance is not None else None,
        approvals=[Approval(a.approver, Money(a.approver_limit), a.approved_at) for a in approvals],
        rejected_reason=row.rejected_reason, batch_id=row.batch_id, paid_on=row.paid_on,
    )


async def get_refund(session: AsyncSession, refund_id: uuid.UUID, *, for_update: bool = False) -> Refund:
    stmt = select(refund_table).where(refund_table.c.refund_id == refund_id)
    row = (await session.execute(stmt.with_for_update() if for_update else stmt)).first()
    if row is None:
        raise NotFound(f"refund {refund_id} does not exist")
    approvals = (await session.execute(
        select(refund_approval_table).where(refund_approval_table.c.refund_id == refund_id)
        .order_by(refund_approval_table.c.approved_at)
    )).all()
    return _refund_from(row, approvals)


async def refunds_with_status(
    session: AsyncSession, status: Status, *, for_update: bool = False, limit: int | None = None,
    approvable_by: str | None = None, patches: frozenset[str] | None = None,
) -> list[Refund]:
    """Oldest first. ``approvable_by`` leaves out refunds that user requested or already approved;
    ``patches`` keeps only accounts in those patches."""
    r, a, cp = refund_table, refund_approval_table, credit_position_table
    stmt = select(r).where(r.c.status == status).order_by(r.c.requested_at).limit(limit)
    if patches is not None:
        stmt = stmt.where(r.c.account_ref.in_(select(cp.c.account_ref).where(cp.c.patch.in_(patches))))
    if approvable_by:
        stmt = stmt.where(r.c.requested_by != approvable_by, ~select(a.c.refund_id).where(
            a.c.refund_id == r.c.refund_id, a.c.approver == approvable_by).exists())
    rows = (await session.execute(stmt.with_for_update(skip_locked=True) if for_update else stmt)).all()
    approvals: dict[uuid.UUID, list[Any]] = defaultdict(list)
    if rows:
        for a in (await session.execute(select(refund_approval_table).where(
            refund_approval_table.c.refund_id.in_([r.refund_id for r in rows])
        ).order_by(refund_approval_table.c.approved_at))).all():
            approvals[a.refund_id].append(a)
    return [_refund_from(r, approvals[r.refund_id]) for r in rows]


def _row(refund: Refund) -> dict[str, Any]:
    return {
        "refund_id": refund.refund_id, "account_ref": refund.account_ref, "amount": refund.amount.amount,
        "payee": refund.payee.value, "payee_name": refund.payee_name, "sort_code": refund.sort_code,
        "account_number": refund.account_number, "reason_code": refund.reason_code, "note": refund.note,
        "keep_week_waived": refund.keep_week_waived, "status": refund.status.value,
        "requested_by": refund.requested_by, "checks": [c.as_dict() for c in refund.checks],
        "checked_seq": refund.checked_seq,
        "checked_balance": refund.checked_balance.amount if refund.checked_balance is not None else None,
        "rejected_reason": refund.rejected_reason, "batch_id": refund.batch_id, "paid_on": refund.paid_on,
    }


async def save_refund(session: AsyncSession, refund: Refund, *, checked: bool = False) -> None:
    """Insert or update the refund and make its stored approvals match the aggregate's."""
    values = _row(refund)
    stmt = insert(refund_table).values(**values, **({"checked_at": func.now()} if checked else {}))
    changed = {k: stmt.excluded[k] for k in values if k not in ("refund_id", "requested_by")}
    if checked:
        changed["checked_at"] = func.now()
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[refund_table.c.refund_id], set_={**changed, "updated_at": func.now()}))
    held = {a.approver for a in refund.approvals}
    await session.execute(refund_approval_table.delete().where(
        refund_approval_table.c.refund_id == refund.refund_id, refund_approval_table.c.approver.not_in(held)))
    if refund.approvals:
        await session.execute(insert(refund_approval_table).on_conflict_do_nothing(), [
            {"refund_id": refund.refund_id, "approver": a.approver, "approver_limit": a.approver_limit.amount,
             "approved_at": a.approved_at} for a in refund.approvals])


async def mark_refunds_posted(session: AsyncSession, refund_ids: list[uuid.UUID]) -> None:
    if refund_ids:
        await session.execute(update(refund_table).where(refund_table.c.refund_id.in_(refund_ids))
                              .values(ledger_posted=True))
