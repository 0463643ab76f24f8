"""The weekly debit run on a real database: exactly once per account, week and charge
type, pro-rata part weeks, rent-free weeks skipped, reconciled, resumable after a crash."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from billing.bootstrap import create_app
from billing.debit import service as debit_run
from shared.db.unit_of_work import UnitOfWork
from shared.testing.helpers import eventually
from shared.testing.plugin import api_client

from .support import OFFICER, new_tenancy, rows, run_debit, scalar

# Rent year 2026 starts Monday 6 April 2026; week 8 is 25-31 May.
YEAR, WEEK = 2026, 8


async def test_debit_run_posts_each_charge_once_pro_rates_a_mid_week_start_and_reconciles(billing, token):
    full = await new_tenancy(billing, token, charges={"rent": "98.17", "service_charge": "7.10"}, patch="N1")
    # Starts Thursday 28 May: Thu..Sun of a 98.17 week = 3 x 14.02 + (98.17 - 6 x 14.02) = 56.11
    part = await new_tenancy(billing, token, start="2026-05-28", charges={"rent": "98.17"}, patch="N2")

    run = await run_debit(billing, token, YEAR, WEEK)

    assert run["status"] == "completed", run
    assert (run["accounts_total"], run["accounts_done"], run["postings_count"]) == (2, 2, 3)
    assert run["amount_posted"] == "161.38"
    charged = await rows(billing.app, "SELECT account_ref, charge_type, amount, effective_date, balance_after "
                                      "FROM posting ORDER BY account_ref, charge_type")
    assert [(r.account_ref, r.charge_type, str(r.amount)) for r in charged] == [
        (full["account_ref"], "rent", "98.17"), (full["account_ref"], "service_charge", "7.10"),
        (part["account_ref"], "rent", "56.11")]
    assert str(charged[2].effective_date) == "2026-05-28"
    report = (await billing.get(f"/debit-runs/{run['run_id']}/reconciliation", headers=token(*OFFICER))).json()
    assert report["reconciled"] is True, report
    assert report["total_posted"] == report["total_expected"] == "161.38"
    assert {r["key"]: r["posted"] for r in report["by_patch"]} == {"N1": "105.27", "N2": "56.11"}
    assert {r["key"]: r["posted"] for r in report["by_charge_type"]} == {"rent": "154.28", "service_charge": "7.10"}
    events = await rows(billing.app, "SELECT event_type FROM outbox WHERE event_type = 'ChargesDebited'")
    assert len(events) == 1


async def test_a_second_run_for_the_same_week_posts_nothing(billing, token):
    await new_tenancy(billing, token)
    first = await run_debit(billing, token, YEAR, WEEK)
    second = await run_debit(billing, token, YEAR, WEEK)
    assert first["run_id"] != second["run_id"]
    assert (first["postings_count"], second["postings_count"]) == (1, 0)
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 1


async def test_rent_free_week_is_skipped(billing, token):
    await new_tenancy(billing, token)
    weeks = [{"week": 38, "reason": "Christmas"}, {"week": 39, "reason": "New Year"}]
    response = await billing.put(f"/rent-years/{YEAR}/rent-free-weeks", headers=token("s.officer", "senior_officer"),
                                 json={"weeks": weeks, "reason": "council policy 2026/27"})
    assert response.status_code == 200, response.text
    assert response.json()["collectable_weeks"] == 50
    run = await run_debit(billing, token, YEAR, 38)
    assert run["status"] == "skipped"
    assert "Christmas" in run["error"]
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 0
    audit = await rows(billing.app, "SELECT actor, action FROM audit_log WHERE entity = 'rent_year'")
    assert [tuple(a) for a in audit] == [("s.officer", "set_rent_free_weeks")]


async def test_week_outside_the_rent_year_is_refused(billing, token):
    response = await billing.post("/debit-runs", headers=token(*OFFICER), json={"rent_year": 2026, "rent_week": 53})
    assert response.status_code == 422
    assert response.json()["detail"] == "rent year 2026 has weeks 1 to 52, not 53"


async def test_a_run_that_crashes_part_way_resumes_without_posting_any_account_twice_or_missing_one(billing, token):
    accounts = [(await new_tenancy(billing, token, charges={"rent": "90.00", "heating": "5.25"}))["account_ref"]
                for _ in range(7)]
    factory = billing.app.state.runtime.session_factory
    async with UnitOfWork(factory) as uow:
        run, _ = await debit_run.request_run(uow, YEAR, WEEK, "r.officer")
        await uow.commit()

    class Crash(Exception):
        pass

    async def crash_in_third_batch(batch: int) -> None:
        if batch == 3:
            raise Crash("power cut")  # after the batch's postings were written, before commit

    with pytest.raises(Crash):
        await debit_run.execute(factory, run["run_id"], batch_accounts=2, before_commit=crash_in_third_batch)
    halfway = await rows(billing.app, "SELECT status, cursor, accounts_done FROM debit_run")
    assert [(r.status, r.accounts_done) for r in halfway] == [("failed", 4)]
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 8

    response = await billing.post(f"/debit-runs/{run['run_id']}/resume", headers=token(*OFFICER))
    assert response.status_code == 202, response.text
    async def done():
        got = (await billing.get(f"/debit-runs/{run['run_id']}", headers=token(*OFFICER))).json()
        return got if got["status"] == "completed" else None

    finished = await eventually(done)
    assert (finished["accounts_done"], finished["postings_count"]) == (7, 14)
    per_account = await rows(billing.app, "SELECT account_ref, charge_type, count(*) AS n FROM posting "
                                          "GROUP BY account_ref, charge_type ORDER BY 1, 2")
    assert [(r.account_ref, r.charge_type, r.n) for r in per_account] == [
        (ref, charge, 1) for ref in sorted(accounts) for charge in ("heating", "rent")]
    seqs = await rows(billing.app, "SELECT account_ref, last_seq, balance FROM account ORDER BY account_ref")
    assert {(r.last_seq, str(r.balance)) for r in seqs} == {(2, "95.25")}
    batches = await rows(billing.app, "SELECT e #> '{data,batch}' AS b, e #> '{data,postings}' AS p "
                                      "FROM (SELECT convert_from(body, 'UTF8')::jsonb AS e FROM outbox "
                                      "WHERE event_type = 'ChargesDebited') o")
    # Batches 1-2 before the crash (2 accounts each), batch 3 after it (the resumed run's default size).
    assert sorted(b.b for b in batches) == [1, 2, 3]
    published = sorted((p["account_ref"], p["charge_type"]) for b in batches for p in b.p)
    assert published == [(ref, charge) for ref in sorted(accounts) for charge in ("heating", "rent")]
    report = (await billing.get(f"/debit-runs/{run['run_id']}/reconciliation", headers=token(*OFFICER))).json()
    assert report["reconciled"] is True
    assert uuid.UUID(report["run_id"]) == run["run_id"]


async def test_a_run_left_unfinished_by_a_stopped_process_is_resumed_when_billing_starts(billing, token, runtimes):
    await new_tenancy(billing, token)
    factory = billing.app.state.runtime.session_factory
    async with UnitOfWork(factory) as uow:
        run, _ = await debit_run.request_run(uow, YEAR, WEEK, "r.officer")  # recorded, never started
        await uow.commit()

    second = create_app(billing.app.state.runtime.settings)
    async with api_client(second, runtimes):
        async def completed():
            async with factory() as session:
                return (await debit_run.get_run(session, run["run_id"]))["status"] == "completed"

        await eventually(completed, message="the interrupted run was not resumed at start-up")
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 1


async def test_garage_and_sundry_accounts_open_without_a_tenancy_and_are_debited(billing, token):
    response = await billing.post("/accounts", headers=token(*OFFICER), json={
        "account_type": "garage", "opened_on": "2026-05-27", "person_ids": ["PER-G1"],
        "charges": [{"charge_type": "garage", "weekly_amount": "14.00"}], "reason": "garage 12 let"})
    assert response.status_code == 201, response.text
    garage = response.json()
    assert (garage["account_type"], garage["tenancy_ref"]) == ("garage", None)
    run = await run_debit(billing, token, YEAR, WEEK)
    assert run["amount_posted"] == "10.00"  # Wednesday to Sunday at 2.00 a day
    charges = (await billing.get(f"/accounts/{garage['account_ref']}/charges", headers=token(*OFFICER))).json()
    assert [(c["charge_type"], c["benefit_eligible"]) for c in charges] == [("garage", False)]


async def test_a_run_killed_with_sigkill_mid_batch_resumes_and_debits_every_account_exactly_once(
        billing, token, tmp_path: Path):
    accounts = [(await new_tenancy(billing, token, charges={"rent": "90.00", "water": "4.10"}))["account_ref"]
                for _ in range(7)]
    factory = billing.app.state.runtime.session_factory
    async with UnitOfWork(factory) as uow:
        run, _ = await debit_run.request_run(uow, YEAR, WEEK, "r.officer")
        await uow.commit()
    marker = tmp_path / "in-third-batch"
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "debit_run_worker.py"),
         billing.app.state.runtime.settings.database_url, str(run["run_id"]), str(marker)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    try:
        async def hanging() -> bool:
            return marker.exists() or proc.poll() is not None

        await eventually(hanging, timeout=30, message="worker never reached its third batch")
        assert proc.poll() is None, "worker exited instead of hanging"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()

    # Killed mid-transaction: the third batch's postings are gone, the run still says running.
    [killed] = await rows(billing.app, "SELECT status, accounts_done, postings_count FROM debit_run")
    assert tuple(killed) == ("running", 4, 8)
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 8

    response = await billing.post(f"/debit-runs/{run['run_id']}/resume", headers=token(*OFFICER))
    assert response.status_code == 202, response.text

    async def done():
        got = (await billing.get(f"/debit-runs/{run['run_id']}", headers=token(*OFFICER))).json()
        return got if got["status"] == "completed" else None

    finished = await eventually(done)
    assert (finished["accounts_done"], finished["postings_count"], finished["amount_posted"]) == (7, 14, "658.70")
    per_account = await rows(billing.app, "SELECT account_ref, charge_type, count(*) AS n FROM posting "
                                          "GROUP BY account_ref, charge_type ORDER BY 1, 2")
    assert [(r.account_ref, r.charge_type, r.n) for r in per_account] == [
        (ref, charge, 1) for ref in sorted(accounts) for charge in ("rent", "water")]
