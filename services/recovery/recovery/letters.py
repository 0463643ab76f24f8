"""LetterRequested with what the template needs: the letter's own data model
(shared.contracts.letters, which notifications validates against) plus who and where
from the tenancy. A letter whose data would not fit is refused here, not dead-lettered
later by notifications."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from pydantic import ValidationError

from recovery.errors import RecoveryError
from recovery.positions.queries import get_position
from shared.contracts.letters import LETTER_DATA
from shared.contracts.recovery import LetterRequestedV1
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import validation_detail

DEBT_DESCRIPTION = {
    "leasehold": "service charges, major works and ground rent due under your lease",
    "sundry": "the sundry debt invoiced to you",
}


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


async def request_letter(uow: UnitOfWork, account_ref: str, letter_type: str, requested_by: str,
                         on: date, **figures: Any) -> uuid.UUID:
    model = LETTER_DATA.get(letter_type)
    if model is None:
        raise RecoveryError(f"notifications has no letter {letter_type!r} (known: {', '.join(sorted(LETTER_DATA))})")
    row = await get_position(uow.session, account_ref)
    tenants = row["tenants"] or []
    weekly, balance = row["weekly_charge"], row["balance"]
    data: dict[str, Any] = {
        "account_ref": account_ref,
        "balance": balance,
        "as_at": on,
        "weekly_charge": weekly,
        "weeks_in_arrears": (max(balance, 0) / weekly).quantize(Decimal("0.1"), ROUND_DOWN) if weekly else None,
        "tenant_names": [t["name"] for t in tenants],
        "lead_tenant": next((t["name"] for t in tenants if t.get("is_lead")), None),
        "address": row["forwarding_address"] or row["address"] or [],
        "property_address": row["address"] or [],
        "tenancy_ref": row["tenancy_ref"],
        "tenancy_ended_on": row["end_date"],
        "debt_description": DEBT_DESCRIPTION.get(row["account_type"] or "", "rent arrears"),
        "last_payment_on": row["last_payment_on"],
        **figures,
    }
    data = {k: _json(v) for k, v in data.items() if v is not None}
    try:
        model.model_validate(data)
    except ValidationError as exc:
        raise RecoveryError(f"cannot request {letter_type}: {validation_detail(exc)}") from None
    request_id = uuid.uuid4()
    uow.emit(LetterRequestedV1(
        request_id=request_id, letter_type=letter_type, account_ref=account_ref,
        person_ids=[t["person_id"] for t in tenants], data=data, requested_by=requested_by,
    ))
    return request_id
