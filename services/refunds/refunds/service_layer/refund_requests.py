"""Refund requests through their checks, approvals and rejection. Each use case loads,
calls the domain, saves, audits every transition and queues the events; the caller
commits (so an Idempotency-Key record lands in the same transaction)."""

from __future__ import annotations

import uuid

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from refunds.adapters import repository as repo
from refunds.adapters.orm import refund_table
from refunds.domain.checks import run_checks
from refunds.domain.credit import AccountPicture
from refunds.domain.exceptions import InvalidState
from refunds.domain.policy import RefundPolicy
from refunds.domain.review import plan_transfers
from refunds.domain.workflow import OPEN_STATUSES, Refund, Status
from refunds.service_layer import transfers
from refunds.service_layer.clock import now, today
from refunds.service_layer.commands import ApproveRefund, RejectRefund, RequestRefund, RequestTransfer
from shared import audit
from shared.contracts.refunds import RefundIssuedV1
from shared.db.unit_of_work import UnitOfWork
from shared.money import total

ENTITY = "refund"


async def record(uow: UnitOfWork, refund: Refund, source: str | None = None, *, checked: bool = False) -> None:
    """Save the refund, audit its transitions (who, when, from, to, why) and queue its events."""
    await repo.save_refund(uow.session, refund, checked=checked)
    for t in refund.transitions:
        await audit.record(uow.session, actor=t.actor, action="transition", entity=ENTITY,
                           entity_id=str(refund.refund_id), before={"status": t.from_status.value},
                           after={"status": t.to_status.value, "amount": str(refund.amount)}, reason=t.why,
                           source=source)
    for event in refund.events:
        envelope = uow.emit(event)
        if isinstance(event, RefundIssuedV1):
            await uow.session.execute(update(refund_table).where(refund_table.c.refund_id == refund.refund_id)
                                      .values(issued_event_id=envelope.event_id))
    refund.transitions.clear()
    refund.events.clear()


async def check(
    uow: UnitOfWork, refund: Refund, actor: str, picture: AccountPicture | None = None,
    policy: RefundPolicy | None = None, occasion: str = "",
) -> None:
    """Run every check against the account as refunds sees it now and store the results."""
    picture = picture or await repo.picture(uow.session, refund.account_ref, today())
    policy = policy or await repo.load_policy(uow.session)
    refund.record_checks(run_checks(refund.ask, picture, policy, today()), picture.last_seq, picture.balance, actor,
                         occasion)
    await audit.record(uow.session, actor=actor, action="check", entity=ENTITY, entity_id=str(refund.refund_id),
                       after={"balance": str(picture.balance), "last_seq": picture.last_seq,
                              "checks": [c.as_dict() for c in refund.checks]}, reason=occasion.rstrip(": ") or None)
    await record(uow, refund, checked=True)


async def recheck_if_balance_changed(uow: UnitOfWork, refund: Refund, actor: str) -> bool:
    """Re-run the checks when the balance moved since they last ran; True if it did."""
    picture = await repo.picture(uow.session, refund.account_ref, today())
    if not refund.balance_changed(picture.last_seq, picture.balance):
        return False
    await check(uow, refund, actor, occasion="re-check, the balance changed since the checks: ")
    return True


async def request_refund(cmd: RequestRefund, uow: UnitOfWork) -> Refund:
    await repo.picture(uow.session, cmd.account_ref, today())  # the account must be known
    already = (await uow.session.execute(select(refund_table.c.refund_id).where(
        refund_table.c.account_ref == cmd.account_ref, refund_table.c.status.in_(OPEN_STATUSES)))).first()
    if already:
        raise InvalidState(f"refund {already.refund_id} is already open for account {cmd.account_ref}")
    refund = Refund(
        refund_id=uuid.uuid4(), account_ref=cmd.account_ref, amount=cmd.amount, payee=cmd.payee,
        payee_name=cmd.payee_name, sort_code=cmd.sort_code, account_number=cmd.account_number,
        reason_code=cmd.reason_code, requested_by=cmd.actor, keep_week_waived=cmd.keep_week_waived, note=cmd.note,
    )
    try:
        async with uow.session.begin_nested():
            await repo.save_refund(uow.session, refund)
    except IntegrityError:  # another request for this account won the race
        raise InvalidState(f"a refund is already open for account {cmd.account_ref}") from None
    await audit.record(uow.session, actor=cmd.actor, action="request", entity=ENTITY,
                       entity_id=str(refund.refund_id), after={"status": "requested", "amount": str(cmd.amount),
                                                              "payee": cmd.payee.value, "account": cmd.account_ref},
                       reason=cmd.reason_code)
    await check(uow, refund, cmd.actor)
    return refund


async def recheck(refund_id: uuid.UUID, actor: str, uow: UnitOfWork) -> Refund:
    refund = await repo.get_refund(uow.session, refund_id, for_update=True)
    await check(uow, refund, actor)
    return refund


async def approve(cmd: ApproveRefund, uow: UnitOfWork) -> tuple[Refund, bool]:
    """Approve, after re-checking if the balance moved; returns (refund, still_approvable)."""
    refund = await repo.get_refund(uow.session, cmd.refund_id, for_update=True)
    rechecked = refund.status == Status.CHECKED and await recheck_if_balance_changed(uow, refund, cmd.actor)
    if rechecked and refund.status != Status.CHECKED:
        return refund, False
    refund.approve(cmd.actor, cmd.roles, await repo.load_policy(uow.session), now())
    await record(uow, refund)
    return refund, True


async def reject(cmd: RejectRefund, uow: UnitOfWork) -> Refund:
    refund = await repo.get_refund(uow.session, cmd.refund_id, for_update=True)
    refund.reject(cmd.actor, cmd.reason)
    await record(uow, refund)
    return refund


async def offset_debts(refund_id: uuid.UUID, actor: str, uow: UnitOfWork) -> tuple[Refund, list[uuid.UUID]]:
    """Move the credit to the same person's other debts (CreditTransferRequested), lower the
    refund to what is left (rejecting it if nothing is), then re-check."""
    refund = await repo.get_refund(uow.session, refund_id, for_update=True)
    if refund.status not in (Status.REQUESTED, Status.CHECKED):
        raise InvalidState(f"refund {refund_id} is {refund.status.value}; debts are offset before approval")
    picture = await repo.picture(uow.session, refund.account_ref, today())
    plan = plan_transfers(picture)
    if not plan:
        raise InvalidState(f"the account holder of {refund.account_ref} has no other debts to offset")
    transfer_ids = [
        await transfers.request_transfer(RequestTransfer(
            refund.account_ref, t.to_account_ref, t.amount, f"offset against {t.kind} before refund", actor,
            refund_id=refund.refund_id), uow)
        for t in plan
    ]
    left = picture.credit - total(t.amount for t in plan)
    if left <= 0:
        refund.reject(actor, "the whole credit was transferred to the same person's other debts")
        await record(uow, refund)
        return refund, transfer_ids
    refund.reduce_to(min(left, refund.amount), actor, "credit offset against the same person's other debts")
    await check(uow, refund, actor)
    return refund, transfer_ids
