"""A tenancy ends owing rent → recovery opens a former tenant arrears case from
TenancyTerminated → a write-off is proposed and approved by a second officer →
WriteOffApproved → billing posts the credit → recovery sees the debt cleared and closes
the case; all through RabbitMQ."""

from __future__ import annotations

from contextlib import AsyncExitStack
from datetime import date

import pytest

from billing.bootstrap import create_app as billing_app
from billing.config import BillingSettings
from recovery.bootstrap import create_app as recovery_app
from recovery.config import RecoverySettings
from shared.testing.helpers import eventually
from shared.testing.plugin import api_client
from tests.e2e.test_recovery_arrears_journey import debit_week, open_tenancy, recovery_balance

pytestmark = pytest.mark.e2e


@pytest.fixture
async def services(settings_for, runtimes):
    async with AsyncExitStack() as exits:
        clients = {}
        for name, app in (("billing", billing_app(settings_for(BillingSettings, "billing"))),
                          ("recovery", recovery_app(settings_for(RecoverySettings, "recovery")))):
            clients[name] = await exits.enter_async_context(api_client(app, runtimes))
        yield clients


async def test_former_tenant_debt_written_off_by_maker_checker_is_posted_by_billing(services, token):
    account_ref = await open_tenancy(services["billing"], token)
    await debit_week(services, token, 1)
    await debit_week(services, token, 2)
    officer = token("r.officer", "rent_officer")
    tenancy_ref = (await services["billing"].get(f"/accounts/{account_ref}", headers=officer)).json()["tenancy_ref"]
    ended = await services["billing"].post(f"/tenancies/{tenancy_ref}/terminate",
                                           headers={**officer, "Idempotency-Key": f"end-{account_ref}"},
                                           json={"end_date": "2026-04-19", "reason": "deceased"})
    assert ended.status_code == 200, ended.text
    assert ended.json()["final_balance"] == "239.16"

    staff = token("i.officer", "income_officer")

    async def fta_case():
        cases = (await services["recovery"].get("/fta", headers=staff)).json()
        return next((c for c in cases if c["account_ref"] == account_ref), None)

    case = await eventually(fta_case, timeout=30, message="recovery opened no FTA case")
    assert (case["balance_at_termination"], case["end_reason"], case["limitation_date"]) == (
        "239.16", "deceased", "2032-04-19")

    proposed = await services["recovery"].post("/write-offs", headers={**staff, "Idempotency-Key": "wo-e2e-1"}, json={
        "account_ref": account_ref, "amount": "239.16", "reason": "deceased", "note": "no estate"})
    assert proposed.status_code == 201, proposed.text
    checker = {**token("f.checker", "finance_approver"), "Idempotency-Key": "wo-e2e-approve"}
    approved = await services["recovery"].post(f"/write-offs/{proposed.json()['write_off_id']}/approve",
                                               headers=checker)
    assert approved.status_code == 200, approved.text

    await recovery_balance(services, token, account_ref, "0.00")
    postings = (await services["billing"].get(f"/accounts/{account_ref}/postings", headers=officer)).json()
    write_off = postings[-1]
    assert (write_off["posting_type"], write_off["amount"], write_off["posted_by"]) == (
        "write_off", "-239.16", "f.checker")
    run = await services["recovery"].post("/daily-runs", headers=token("s.senior", "senior_officer"),
                                          json={"run_date": date.today().isoformat()})
    assert run.status_code == 201, run.text
    assert (await services["recovery"].get(f"/fta/{case['fta_id']}", headers=staff)).json()["status"] == "closed"
