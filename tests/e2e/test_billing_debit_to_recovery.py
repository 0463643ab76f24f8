"""Billing's weekly debit and tenancy end through the real broker to recovery: the
debit run's ChargesDebited batches move recovery's projected balances, and
TenancyTerminated closes the account there with billing's final balance."""

from __future__ import annotations

import uuid
from contextlib import AsyncExitStack

import pytest
from sqlalchemy import text

from billing.bootstrap import create_app as billing_app
from billing.config import BillingSettings
from recovery.bootstrap import create_app as recovery_app
from recovery.config import RecoverySettings
from shared.testing.helpers import eventually
from shared.testing.plugin import api_client

pytestmark = pytest.mark.e2e

OFFICER = ("r.officer", "rent_officer")


@pytest.fixture
async def services(settings_for, runtimes):
    async with AsyncExitStack() as exits:
        apps = {"billing": billing_app(settings_for(BillingSettings, "billing")),
                "recovery": recovery_app(settings_for(RecoverySettings, "recovery"))}
        clients = {name: await exits.enter_async_context(api_client(app, runtimes)) for name, app in apps.items()}
        yield clients, apps


async def open_tenancy(billing, token, start: str, rent: str) -> str:
    suffix = uuid.uuid4().hex[:8]
    headers = token(*OFFICER)
    response = await billing.post("/properties", headers=headers, json={
        "property_ref": f"P-{suffix}", "address": ["1 Mill Lane", "Leeds"], "postcode": "LS2 7AB", "patch": "LS02",
        "area": "Leeds", "property_type": "house", "bedrooms": 3})
    assert response.status_code == 201, response.text
    response = await billing.post("/tenancies", headers=headers, json={
        "tenancy_ref": f"T-{suffix}", "property_ref": f"P-{suffix}", "tenure": "secure", "start_date": start,
        "tenants": [{"person_id": f"PER-{suffix}", "name": "Jo Example", "is_lead": True}],
        "charges": [{"charge_type": "rent", "weekly_amount": rent}]})
    assert response.status_code == 201, response.text
    return response.json()["account_ref"]


async def positions(recovery_app) -> dict[str, tuple]:
    async with recovery_app.state.runtime.session_factory() as session:
        found = await session.execute(text("SELECT account_ref, balance, last_seq, status FROM account_position"))
        return {r.account_ref: (str(r.balance), r.last_seq, r.status) for r in found}


async def test_weekly_debit_and_termination_reach_recovery(services, token):
    clients, apps = services
    billing = clients["billing"]
    full = await open_tenancy(billing, token, "2026-04-06", "112.48")
    part = await open_tenancy(billing, token, "2026-05-28", "98.17")  # Thursday of rent week 8

    response = await billing.post("/debit-runs", headers=token(*OFFICER), json={"rent_year": 2026, "rent_week": 8})
    assert response.status_code == 202, response.text
    run_id = response.json()["run_id"]

    async def debited():
        found = await positions(apps["recovery"])
        return found if found.get(full, (None, 0))[1] == 1 and found.get(part, (None, 0))[1] == 1 else None

    seen = await eventually(debited, message="recovery never saw the weekly debit")
    assert seen[full][0] == "112.48"
    assert seen[part][0] == "56.11"
    run = (await billing.get(f"/debit-runs/{run_id}/reconciliation", headers=token(*OFFICER))).json()
    assert run["reconciled"] is True

    response = await billing.post(f"/tenancies/{(await tenancy_of(apps, part))}/terminate",
                                  headers=token(*OFFICER) | {"Idempotency-Key": f"end-{uuid.uuid4().hex}"},
                                  json={"end_date": "2026-05-29", "reason": "abandoned"})
    assert response.status_code == 200, response.text
    assert response.json()["final_balance"] == "28.04"  # Thursday and Friday

    async def closed():
        found = (await positions(apps["recovery"])).get(part)
        return found if found and found[2] == "closed" and found[1] == 2 else None

    assert await eventually(closed, message="recovery never saw the termination") == ("28.04", 2, "closed")


async def tenancy_of(apps, account_ref: str) -> str:
    async with apps["billing"].state.runtime.session_factory() as session:
        found = await session.execute(text("SELECT tenancy_ref FROM account WHERE account_ref = :r"),
                                      {"r": account_ref})
        return found.scalar_one()
