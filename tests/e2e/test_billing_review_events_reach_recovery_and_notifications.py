"""Billing's rent review and sundry debts through the real broker: a sundry debt opens a
sundry account (AccountOpened) and charges it (AccountPosted), so recovery projects it and
its daily run recommends the leasehold and sundry policy's first stage — never a
possession step; a committed review's RentVaried gives each tenant the notice of
variation."""

from __future__ import annotations

import uuid
from contextlib import AsyncExitStack
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from billing.bootstrap import create_app as billing_app
from billing.config import BillingSettings
from notifications.bootstrap import create_app as notifications_app
from notifications.config import NotificationsSettings
from recovery.bootstrap import create_app as recovery_app
from recovery.config import RecoverySettings
from services.notifications.tests.support import configure, notifications_of
from shared.calendar import RentYear, rent_year_of
from shared.testing.helpers import eventually
from shared.testing.plugin import api_client
from tests.e2e.test_payment_slice import open_tenancy

pytestmark = pytest.mark.e2e

OFFICER = ("r.officer", "rent_officer")
SENIOR = ("s.senior", "senior_officer")
TODAY = date.today()


@pytest.fixture
async def services(settings_for, runtimes, tmp_path):
    async with AsyncExitStack() as exits:
        apps = {"billing": billing_app(settings_for(BillingSettings, "billing")),
                "recovery": recovery_app(settings_for(RecoverySettings, "recovery")),
                "notifications": notifications_app(settings_for(
                    NotificationsSettings, "notifications", local_sink_dir=tmp_path / "sink",
                    delivery_poll_seconds=0.05))}
        clients = {}
        for name, app in apps.items():
            clients[name] = await exits.enter_async_context(api_client(app, runtimes))
            clients[name].runtime = app.state.runtime
        yield clients


async def position(recovery, account_ref: str):
    async with recovery.runtime.session_factory() as session:
        return (await session.execute(text(
            "SELECT account_type, balance, status FROM account_position WHERE account_ref = :a"),
            {"a": account_ref})).first()


async def test_a_sundry_debt_is_recovered_by_the_leasehold_and_sundry_policy(services, token):
    billing, recovery = services["billing"], services["recovery"]
    rent_account = await open_tenancy(SimpleNamespace(billing=billing), token, uuid.uuid4().hex[:6])
    response = await billing.post("/sundry-debts", headers=token(*OFFICER) | {"Idempotency-Key": uuid.uuid4().hex},
                                  json={"debt_type": "rechargeable_repair", "amount": "185.40",
                                        "description": "replace damaged door", "raised_on": str(TODAY - timedelta(30)),
                                        "due_date": str(TODAY - timedelta(14)), "against_account_ref": rent_account,
                                        "reason": "repair job RJ-4411 recharged"})
    assert response.status_code == 201, response.text
    sundry = response.json()["account_ref"]

    async def projected():
        found = await position(recovery, sundry)
        return found if found is not None and str(found.balance) == "185.40" else None

    found = await eventually(projected, message="recovery never projected the sundry debt")
    assert (found.account_type, found.status) == ("sundry", "open")

    run = await recovery.post("/daily-runs", headers=token(*SENIOR), json={"run_date": str(TODAY)})
    assert run.status_code == 201, run.text
    recs = (await recovery.get(f"/accounts/{sundry}/recommendations", headers=token(*SENIOR))).json()
    assert [(r["policy_code"], r["stage"], r["letter_type"], r["arrears"]) for r in recs] == [
        ("leasehold_sundry_default", "reminder", "leasehold_reminder", "185.40")]


async def test_a_committed_review_sends_each_tenant_the_notice_of_variation(services, token):
    billing, notifications = services["billing"], services["notifications"]
    await configure(notifications, token, policy={"letter_route": "notify", "retry_delays_seconds": [0.2]})
    accounts = [await open_tenancy(SimpleNamespace(billing=billing), token, uuid.uuid4().hex[:6]) for _ in range(2)]
    officer = token("i.officer", "income_officer")

    async def contacts_known():
        for ref in accounts:
            if (await notifications.get(f"/accounts/{ref}/contacts", headers=officer)).status_code != 200:
                return False
        return True

    await eventually(contacts_known, message="notifications never saw TenancyStarted")
    year = rent_year_of(date.today() + timedelta(weeks=5)).year + 1
    review = await billing.post("/rent-reviews", headers=token(*OFFICER), json={
        "rent_year": year, "kind": "percentage", "uplift_percent": {"rent": "7.7", "service_charge": "3"},
        "cap_percent": "7.7", "reason": f"annual review {year}"})
    assert review.status_code == 201, review.text
    committed = await billing.post(f"/rent-reviews/{review.json()['review_id']}/commit",
                                   headers=token(*SENIOR) | {"Idempotency-Key": uuid.uuid4().hex})
    assert committed.status_code == 200, committed.text

    async def notices():
        found = [await notifications_of(notifications.runtime, account_ref=ref, letter_type="rent_variation_notice")
                 for ref in accounts]
        return found if all(f and f[0]["status"] == "delivered" for f in found) else None

    sent = await eventually(notices, message="the notices of variation were not sent")
    assert [len(f) for f in sent] == [1, 1]
    varied = (await billing.get(f"/accounts/{accounts[0]}/charges", headers=token(*OFFICER))).json()
    starts = str(RentYear(year).starts)
    assert {(c["charge_type"], c["weekly_amount"]) for c in varied if c["effective_from"] == starts} == {
        ("rent", "121.14"), ("service_charge", "7.31")}  # 112.48 x 1.077 = 121.14, 7.10 x 1.03 = 7.313
