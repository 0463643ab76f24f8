"""Paying approved refunds: re-check any whose balance moved since approval, write the
Bacs Standard 18 credit file for the rest, mark them paid and publish RefundIssued so
billing posts each debit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import insert

from refunds.adapters import repository as repo
from refunds.adapters.bacs_std18 import Credit, credit_file
from refunds.adapters.orm import payment_batch_table
from refunds.domain.exceptions import RefundsError
from refunds.domain.workflow import Refund, Status
from refunds.service_layer.clock import today
from refunds.service_layer.commands import PayApprovedRefunds
from refunds.service_layer.refund_requests import check, record
from shared.bank_details import validate_uk_account
from shared.calendar import is_working_day
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money, total


@dataclass
class PaymentRun:
    batch_id: uuid.UUID | None = None
    paid: list[Refund] = field(default_factory=list)
    held: list[Refund] = field(default_factory=list)  # re-checked and failed: back to requested

    @property
    def total(self) -> Money:
        return total(r.amount for r in self.paid)


def _credit(refund: Refund) -> Credit:
    bank = validate_uk_account(refund.sort_code or "", refund.account_number or "")
    return Credit(bank.sort_code, bank.account_number, refund.payee_name or "", refund.amount,
                  f"REFUND {refund.account_ref}")


async def pay_approved(cmd: PayApprovedRefunds, uow: UnitOfWork) -> PaymentRun:
    if cmd.processing_date < today() or not is_working_day(cmd.processing_date):
        raise RefundsError(f"processing date {cmd.processing_date} must be a working day, today or later")
    originator = await repo.load_originator(uow.session)
    if originator is None:
        raise RefundsError("set the originating bank account (PUT /config/refund-policy) before paying refunds")
    policy = await repo.load_policy(uow.session)
    approved = await repo.refunds_with_status(uow.session, Status.APPROVED, for_update=True)
    pictures = await repo.pictures(uow.session, sorted({r.account_ref for r in approved}), today())
    run = PaymentRun()
    for refund in approved:
        account = pictures[refund.account_ref]
        if refund.balance_changed(account.last_seq, account.balance):
            await check(uow, refund, cmd.actor, account, policy,
                        occasion="re-check before payment, the balance changed since approval: ")
            if refund.status != Status.APPROVED:
                run.held.append(refund)
                continue
        run.paid.append(refund)
    if not run.paid:
        return run
    run.batch_id = uuid.uuid4()
    content = credit_file(originator, [_credit(r) for r in run.paid], cmd.processing_date)
    await uow.session.execute(insert(payment_batch_table).values(
        batch_id=run.batch_id, processing_date=cmd.processing_date, item_count=len(run.paid),
        total=run.total.amount, file_name=f"REFUNDS-{cmd.processing_date:%Y%m%d}-{run.batch_id.hex[:8]}.std18",
        content=content, created_by=cmd.actor))
    for refund in run.paid:
        refund.mark_paid(run.batch_id, cmd.processing_date, cmd.actor)
        await record(uow, refund, source=f"payment_batch:{run.batch_id}")
    return run
