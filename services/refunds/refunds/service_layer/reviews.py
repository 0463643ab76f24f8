"""The credit balance review, monthly and on demand: every account in credit with the
suggested action and why, stored so officers can work through it."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from refunds.adapters import repository as repo
from refunds.adapters.orm import credit_position_table, credit_review_line_table, credit_review_table
from refunds.domain.review import suggest
from shared import audit
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money, total

CHUNK = 2000


async def run_review(uow: UnitOfWork, *, as_of: date, actor: str, monthly: bool) -> tuple[uuid.UUID, bool]:
    """Returns (review id, created). A month's review is made once, however many
    instances or retries ask for it."""
    review_id, period = uuid.uuid4(), f"{as_of:%Y-%m}"
    stmt = insert(credit_review_table).values(
        review_id=review_id, kind="monthly" if monthly else "on_demand", period=period, as_of=as_of,
        created_by=actor)
    if monthly:
        stmt = stmt.on_conflict_do_nothing(index_elements=["period"],
                                           index_where=credit_review_table.c.kind == "monthly")
    if (await uow.session.execute(stmt.returning(credit_review_table.c.review_id))).first() is None:
        existing = await uow.session.execute(select(credit_review_table.c.review_id).where(
            credit_review_table.c.kind == "monthly", credit_review_table.c.period == period))
        return existing.scalar_one(), False
    policy = await repo.load_policy(uow.session)
    refs = list((await uow.session.execute(
        select(credit_position_table.c.account_ref).where(credit_position_table.c.balance < 0)
        .order_by(credit_position_table.c.account_ref))).scalars())
    count, credit = 0, Money.zero()
    for start in range(0, len(refs), CHUNK):
        pictures = await repo.pictures(uow.session, refs[start:start + CHUNK], as_of)
        lines = [suggest(p, policy, as_of) for p in pictures.values() if p.credit > 0]
        if lines:
            await uow.session.execute(insert(credit_review_line_table), [
                {"review_id": review_id, "account_ref": s.account_ref, "credit": s.credit.amount,
                 "action": s.action.value, "amount": s.amount.amount, "payee": s.payee.value if s.payee else None,
                 "why": s.why, "transfers": [{"to_account_ref": t.to_account_ref, "amount": str(t.amount),
                                              "kind": t.kind} for t in s.transfers]}
                for s in lines])
        count, credit = count + len(lines), credit + total(s.credit for s in lines)
    await uow.session.execute(update(credit_review_table).where(credit_review_table.c.review_id == review_id)
                              .values(account_count=count, total_credit=credit.amount))
    await audit.record(uow.session, actor=actor, action="review", entity="credit_review", entity_id=str(review_id),
                       after={"as_of": str(as_of), "accounts": count, "credit": str(credit), "monthly": monthly})
    return review_id, True
