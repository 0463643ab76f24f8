"""LetterRequested with what the template needs: who, where, and the figures."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import select

from recovery.adapters.orm import account_position_table as positions
from recovery.domain.exceptions import NotFound
from shared.contracts.recovery import LetterRequestedV1
from shared.db.unit_of_work import UnitOfWork


async def request_letter(uow: UnitOfWork, account_ref: str, letter_type: str, requested_by: str,
                         on: date, **figures: Any) -> uuid.UUID:
    row = (await uow.session.execute(
        select(positions).where(positions.c.account_ref == account_ref))).mappings().first()
    if row is None:
        raise NotFound(f"recovery knows no account {account_ref}")
    tenants = row["tenants"] or []
    weekly = row["weekly_charge"]
    data: dict[str, Any] = {
        "account_ref": account_ref,
        "letter_date": on.isoformat(),
        "tenant_names": [t["name"] for t in tenants],
        "lead_tenant": next((t["name"] for t in tenants if t.get("is_lead")), tenants[0]["name"] if tenants else None),
        "address": row["forwarding_address"] or row["address"] or [],
        "tenancy_ref": row["tenancy_ref"],
        "balance": f"{row['balance']:.2f}",
        "weekly_charge": f"{weekly:.2f}" if weekly is not None else None,
        "weeks_in_arrears": f"{row['balance'] / weekly:.1f}" if weekly and row["balance"] > 0 else None,
        "last_payment_on": row["last_payment_on"].isoformat() if row["last_payment_on"] else None,
        "last_payment_amount": f"{row['last_payment_amount']:.2f}" if row["last_payment_amount"] else None,
    }
    data.update({k: (v.isoformat() if isinstance(v, date) else str(v) if v is not None and not isinstance(
        v, (list, dict, bool, int)) else v) for k, v in figures.items()})
    request_id = uuid.uuid4()
    uow.emit(LetterRequestedV1(
        request_id=request_id, letter_type=letter_type, account_ref=account_ref,
        person_ids=[t["person_id"] for t in tenants], data=data, requested_by=requested_by,
    ))
    return request_id
