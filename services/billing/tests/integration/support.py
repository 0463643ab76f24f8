"""Helpers for billing's integration tests: a running app and quick ways to set up
properties and tenancies through the API."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from shared.calendar import rent_year_of
from shared.testing.helpers import eventually

OFFICER = ("r.officer", "rent_officer")
SENIOR = ("s.officer", "senior_officer")


def key() -> dict[str, str]:
    return {"Idempotency-Key": f"k-{uuid.uuid4().hex}"}


async def new_tenancy(client, token, *, start: str = "2026-04-06", charges: dict[str, str] | None = None,
                      patch: str = "LS01", tenants: int = 1) -> dict[str, str]:
    headers = token(*OFFICER)
    suffix = uuid.uuid4().hex[:8]
    prop = f"P-{suffix}"
    response = await client.post("/properties", headers=headers, json={
        "property_ref": prop, "address": ["1 High Street", "Leeds"], "postcode": "LS1 4AP", "patch": patch,
        "area": "Leeds", "property_type": "flat", "bedrooms": 2})
    assert response.status_code == 201, response.text
    people = [{"person_id": f"PER-{suffix}-{i}", "name": f"Tenant {i}", "is_lead": i == 0} for i in range(tenants)]
    response = await client.post("/tenancies", headers=headers, json={
        "tenancy_ref": f"T-{suffix}", "property_ref": prop, "tenure": "secure", "start_date": start,
        "tenants": people,
        "charges": [{"charge_type": t, "weekly_amount": a} for t, a in (charges or {"rent": "100.00"}).items()]})
    assert response.status_code == 201, response.text
    return {"tenancy_ref": f"T-{suffix}", "account_ref": response.json()["account_ref"], "property_ref": prop}


async def run_debit(client, token, rent_year: int, rent_week: int) -> dict[str, Any]:
    headers = token("r.officer", "rent_officer")
    response = await client.post("/debit-runs", headers=headers, json={"rent_year": rent_year, "rent_week": rent_week})
    assert response.status_code in (200, 202), response.text
    run_id = response.json()["run_id"]

    async def finished():
        run = (await client.get(f"/debit-runs/{run_id}", headers=headers)).json()
        return run if run["status"] in ("completed", "skipped", "failed") else None

    return await eventually(finished, message="debit run did not finish")


async def scalar(app, sql: str, **params: Any) -> Any:
    async with app.state.runtime.session_factory() as session:
        return (await session.execute(text(sql), params)).scalar()


async def rows(app, sql: str, **params: Any) -> list[Any]:
    async with app.state.runtime.session_factory() as session:
        return list((await session.execute(text(sql), params)).all())


def future_rent_year() -> int:
    """A rent year whose notice deadline is always still ahead, whenever the test runs."""
    return rent_year_of(date.today() + timedelta(weeks=5)).year + 1


async def events(app, event_type: str) -> list[dict[str, Any]]:
    found = await rows(app, "SELECT body FROM outbox WHERE event_type = :t ORDER BY id", t=event_type)
    return [json.loads(bytes(r.body))["data"] for r in found]
