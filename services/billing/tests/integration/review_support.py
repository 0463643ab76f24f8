"""Helpers for the rent review, leasehold, sundry and water tests."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

from shared.calendar import rent_year_of

from .support import rows

LEASEHOLD = ("l.officer", "leasehold_officer")
SENIOR = ("s.officer", "senior_officer")


def future_rent_year() -> int:
    """A rent year whose notice deadline is always still ahead, whenever the test runs."""
    return rent_year_of(date.today() + timedelta(weeks=5)).year + 1


async def events(app, event_type: str) -> list[dict[str, Any]]:
    found = await rows(app, "SELECT body FROM outbox WHERE event_type = :t ORDER BY id", t=event_type)
    return [json.loads(bytes(r.body))["data"] for r in found]


async def leasehold_account(client, token, *, scheme: str, share: str, ground_rent: str = "0.00") -> str:
    response = await client.post("/accounts", headers=token(*LEASEHOLD), json={
        "account_type": "leasehold", "opened_on": "2026-04-01", "person_ids": [f"PER-{uuid.uuid4().hex[:6]}"],
        "reason": "lease granted"})
    assert response.status_code == 201, response.text
    ref = response.json()["account_ref"]
    response = await client.put(f"/leasehold/leases/{ref}", headers=token(*LEASEHOLD), json={
        "scheme_ref": scheme, "share": share, "ground_rent_annual": ground_rent, "reason": "lease terms"})
    assert response.status_code == 204, response.text
    return ref

