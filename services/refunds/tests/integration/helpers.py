from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import text

from refunds.service_layer.clock import today
from shared.calendar import is_working_day

BANK = {"payee_name": "Alex Example", "sort_code": "08-99-99", "account_number": "66374958"}
ORIGINATOR = {"originator_sort_code": "202959", "originator_account_number": "63748472",
              "originator_name": "Hackney Council", "reason": "refunds paid from the rents account"}


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


def next_working_day() -> date:
    day = today() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


async def outbox(app, event_type: str) -> list[dict]:
    async with app.state.runtime.session_factory() as session:
        rows = await session.execute(text(
            "SELECT convert_from(body, 'UTF8')::jsonb -> 'data' FROM outbox WHERE event_type = :t ORDER BY id"),
            {"t": event_type})
        return [r[0] for r in rows]


def failed(refund: dict) -> set[str]:
    return {c["rule"] for c in refund["checks"] if not c["passed"]}


async def ask(client, headers, ref: str, amount: str, **extra) -> dict:
    body = {"account_ref": ref, "amount": amount, "reason_code": "overpayment", **BANK, **extra}
    response = await client.post("/refunds", json=body, headers=headers | key())
    assert response.status_code == 201, response.text
    return response.json()
