"""Money taken back from an account (HB overpayment deductions, unpaid Direct Debits):
recorded once per source key and published as PaymentReversed for billing to debit."""

from __future__ import annotations

import uuid

from sqlalchemy.dialects.postgresql import insert

from payments.adapters.orm import reversal_table
from payments.domain.income import Record
from shared.contracts.payments import PaymentReversedV1
from shared.db.unit_of_work import UnitOfWork


async def record(uow: UnitOfWork, source_system: str, external_id: str, account_ref: str, record: Record,
                 reason: str, source: str, payment_id: uuid.UUID | None) -> tuple[str, str]:
    """("accepted", "") or ("duplicate", why) if this source key was applied before."""
    reversal_id = uuid.uuid4()
    inserted = (await uow.session.execute(
        insert(reversal_table).values(
            reversal_id=reversal_id, source_system=source_system, external_id=external_id, payment_id=payment_id,
            account_ref=account_ref, amount=record.amount.amount, method=record.method.value,
            reason_code=record.reason_code, reason=reason, reversed_on=record.on, source=source,
        ).on_conflict_do_nothing(constraint="uq_reversal_external").returning(reversal_table.c.reversal_id)
    )).first()
    if inserted is None:
        return "duplicate", f"already applied: {source_system} {external_id}"
    uow.emit(PaymentReversedV1(
        reversal_id=reversal_id, payment_id=payment_id, account_ref=account_ref, amount=record.amount,
        method=record.method, reason_code=record.reason_code, reason=reason[:500], reversed_on=record.on,
        source=source,
    ))
    return "accepted", ""
