"""Credit moved from an account in credit to another debt of the same person: billing
posts both sides when it consumes CreditTransferRequested."""

from __future__ import annotations

import uuid

from sqlalchemy import insert

from refunds.adapters import repository as repo
from refunds.adapters.orm import credit_transfer_table
from refunds.domain.exceptions import RefundsError
from refunds.service_layer.clock import today
from refunds.service_layer.commands import RequestTransfer
from shared import audit
from shared.contracts.refunds import CreditTransferRequestedV1
from shared.db.unit_of_work import UnitOfWork


async def request_transfer(cmd: RequestTransfer, uow: UnitOfWork) -> uuid.UUID:
    source = await repo.picture(uow.session, cmd.from_account_ref, today())
    debt = next((d for d in source.other_debts if d.account_ref == cmd.to_account_ref), None)
    if debt is None:
        raise RefundsError(f"{cmd.to_account_ref} is not a debt of the same person as {cmd.from_account_ref}")
    if cmd.amount <= 0 or cmd.amount > source.credit:
        raise RefundsError(f"£{cmd.amount} cannot move: {cmd.from_account_ref} has £{source.credit} credit available")
    if cmd.amount > debt.amount:
        raise RefundsError(f"£{cmd.amount} is more than the £{debt.amount} owed on {cmd.to_account_ref}")
    transfer_id = uuid.uuid4()
    event = uow.emit(CreditTransferRequestedV1(
        transfer_id=transfer_id, from_account_ref=cmd.from_account_ref, to_account_ref=cmd.to_account_ref,
        amount=cmd.amount, reason=cmd.reason, requested_by=cmd.actor))
    await uow.session.execute(insert(credit_transfer_table).values(
        transfer_id=transfer_id, from_account_ref=cmd.from_account_ref, to_account_ref=cmd.to_account_ref,
        amount=cmd.amount.amount, reason=cmd.reason, refund_id=cmd.refund_id, requested_by=cmd.actor,
        event_id=event.event_id))
    await audit.record(uow.session, actor=cmd.actor, action="transfer", entity="credit_transfer",
                       entity_id=str(transfer_id), reason=cmd.reason,
                       after={"from": cmd.from_account_ref, "to": cmd.to_account_ref, "amount": str(cmd.amount),
                              "refund_id": str(cmd.refund_id) if cmd.refund_id else None})
    return transfer_id
