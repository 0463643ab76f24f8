"""Leasehold set-up for the tests: a leasehold officer, a leasehold account
with its lease, and a scheme year's estimate invoiced."""

from __future__ import annotations

import uuid
from typing import Any

from .support import key

LEASEHOLD = ("l.officer", "leasehold_officer")


async def open_leasehold(client, token, opened_on: str = "2026-04-01", charges: dict[str, str] | None = None) -> str:
    """A leasehold account, with no lease yet (and any weekly ``charges``)."""
    response = await client.post("/accounts", headers=token(*LEASEHOLD), json={
        "account_type": "leasehold", "opened_on": opened_on, "person_ids": [f"PER-{uuid.uuid4().hex[:6]}"],
        "charges": [{"charge_type": t, "weekly_amount": a} for t, a in (charges or {}).items()],
        "reason": "lease granted"})
    assert response.status_code == 201, response.text
    return response.json()["account_ref"]


async def put_lease(client, token, ref: str, scheme: str, **terms: str):
    """PUT the account's lease in ``scheme`` (share 1 unless ``terms`` say otherwise)."""
    return await client.put(f"/leasehold/leases/{ref}", headers=token(*LEASEHOLD), json={
        "scheme_ref": scheme, "share": "1", "reason": "lease terms", **terms})


async def leasehold_account(client, token, *, scheme: str, share: str = "1", ground_rent: str = "0.00",
                            opened_on: str = "2026-04-01") -> str:
    """A leasehold account opened on ``opened_on`` with its lease in ``scheme`` (starting that day)."""
    ref = await open_leasehold(client, token, opened_on)
    response = await put_lease(client, token, ref, scheme, share=share, ground_rent_annual=ground_rent)
    assert response.status_code == 204, response.text
    return ref


async def invoice_estimate(client, token, scheme: str, year_start: str, estimated_cost: str, due_dates: list[str],
                           instalments: int | None = None) -> list[list[dict[str, Any]]]:
    """Set the scheme's estimate for the year and invoice its first ``instalments`` (all of
    them unless given); each instalment's invoices."""
    headers = token(*LEASEHOLD)
    response = await client.post(f"/leasehold/schemes/{scheme}/estimates", headers=headers, json={
        "year_start": year_start, "estimated_cost": estimated_cost, "due_dates": due_dates})
    assert response.status_code == 201, response.text
    raised = []
    for n in range(1, (instalments or len(due_dates)) + 1):
        response = await client.post(f"/leasehold/schemes/{scheme}/estimates/{year_start}/instalments/{n}/invoices",
                                     headers=headers | key())
        assert response.status_code == 201, response.text
        raised.append(response.json())
    return raised
