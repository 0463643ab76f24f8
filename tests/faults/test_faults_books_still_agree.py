"""Fault injection on the whole platform (real processes, loopback, a private broker and a
private PostgreSQL for recovery): kill -9 a service mid-work, restart the broker, stop a
database; afterwards the reconciliation checker finds nothing lost or doubled. A consumer
that keeps failing ends in its dead-letter queue with its reason and an operator replays it.

The tests share one stack and run in order; each leaves the books agreeing."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from decimal import Decimal

import httpx
import pytest
from rentctl.reconcile import reconcile
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from tests.faults.stack import payment

pytestmark = pytest.mark.timeout(600)
SETTLE = 90.0  # seconds the checker may wait for events in flight


def assert_books_agree(stack) -> None:
    report = reconcile(stack.gateway(), wait_seconds=SETTLE)
    assert report.agrees, "\n".join(map(str, report.totals + report.accounts[:20]))
    assert report.checked_accounts >= len(stack.accounts) > 0


def wait_for_run(http: httpx.Client, run_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = http.get(f"/billing/debit-runs/{run_id}")
        if response.status_code == 200 and response.json()["status"] not in ("queued", "running"):
            return response.json()
        time.sleep(0.3)
    raise AssertionError(f"debit run {run_id} did not finish in {timeout}s")


def charges_for_week(http: httpx.Client, accounts: list[str], rent_week: int) -> dict[tuple[str, str], int]:
    """How many times each account was charged each charge type in the week."""
    counts: Counter[tuple[str, str]] = Counter()
    for ref in accounts:
        postings = http.get(f"/billing/accounts/{ref}/postings", params={"limit": 500}).raise_for_status().json()
        counts.update((ref, p["charge_type"]) for p in postings
                      if p["posting_type"] == "charge" and p.get("rent_week") == rent_week)
    return counts


def test_the_loaded_estate_reconciles(fault_stack):
    assert_books_agree(fault_stack)


def test_billing_killed_mid_debit_run_is_resumed_and_debits_every_account_once(fault_stack):
    with fault_stack.http() as http:
        run = http.post("/billing/debit-runs", json={"rent_year": 2026, "rent_week": 3}).raise_for_status().json()
        fault_stack.live.kill("billing")
        fault_stack.live.restart("billing")  # an interrupted run is resumed at start-up
        done = wait_for_run(http, run["run_id"])
        assert done["status"] == "completed", done
        recon = http.get(f"/billing/debit-runs/{run['run_id']}/reconciliation").raise_for_status().json()
        sample = fault_stack.accounts[::10]
        counts = charges_for_week(http, sample, 3)
    assert counts and set(counts.values()) == {1}, counts  # every charge once, never twice
    assert done["accounts_done"] == done["accounts_total"] > 0, done
    assert recon, recon
    assert_books_agree(fault_stack)


def _cash_file(accounts: list[str], lines: int, tag: str) -> tuple[bytes, Decimal]:
    rows, total = ["payment_reference,amount,paid_on,channel,transaction_id"], Decimal(0)
    for n in range(lines):
        amount = Decimal(1 + n % 50) + Decimal(n % 100) / 100
        total += amount
        rows.append(f"{accounts[n % len(accounts)]},{amount},2026-04-21,paypoint,{tag}-{n:07d}")
    rows.append(f"TRAILER,{lines},{total}")
    return ("\n".join(rows) + "\n").encode(), total


def _upload(http: httpx.Client, content: bytes, name: str) -> httpx.Response:
    return http.post("/payments/income-files", params={"format": "cash_csv", "source_system": "faultcash"},
                     files={"file": (name, content)}, timeout=300)


def test_payments_killed_mid_file_import_resumes_when_offered_again_and_posts_each_line_once(fault_stack):
    content, total = _cash_file(fault_stack.accounts, 30_000, "KILL")
    answers: list[object] = []

    def upload() -> None:
        with fault_stack.http() as http:
            try:
                answers.append(_upload(http, content, "killed.csv"))
            except httpx.HTTPError as exc:
                answers.append(exc)

    uploader = threading.Thread(target=upload)
    uploader.start()
    time.sleep(1.5)
    fault_stack.live.kill("payments")
    uploader.join(timeout=60)
    fault_stack.live.restart("payments")
    first = answers[0]
    # 30,000 lines take several seconds here: the kill landed mid-import, the upload got no
    # report but the gateway's 502 problem (a 413 before the gateway's error pages took any size).
    assert not isinstance(first, httpx.Response) or first.status_code == 502, first
    with fault_stack.http() as http:
        again = _upload(http, content, "killed.csv")
        if again.status_code == 409:  # the first upload had finished before the kill
            file_id = again.json()["duplicate_of"]
        else:
            assert again.status_code in (200, 201), again.text
            file_id = again.json()["file_id"]
        report = http.get(f"/payments/income-files/{file_id}").raise_for_status().json()
    assert report["accepted"] == 30_000, report
    assert Decimal(str(report["accepted_amount"])) == total
    assert_books_agree(fault_stack)


def test_rabbitmq_restarted_mid_debit_run_loses_and_doubles_nothing(fault_stack):
    with fault_stack.http() as http:
        run = http.post("/billing/debit-runs", json={"rent_year": 2026, "rent_week": 4}).raise_for_status().json()
        fault_stack.publish_payments([payment(ref, "7.77", "RMQ") for ref in fault_stack.accounts[:40]])
        fault_stack.rabbit.restart()
        done = wait_for_run(http, run["run_id"])
        assert done["status"] == "completed", done
    fault_stack.publish_payments([payment(ref, "3.33", "RMQ2") for ref in fault_stack.accounts[40:60]])
    assert_books_agree(fault_stack)


def test_recovery_database_stopped_for_a_while_catches_up_once_it_returns(fault_stack):
    fault_stack.settle()
    fault_stack.postgres.stop()
    try:
        fault_stack.publish_payments([payment(ref, "5.55", "PGSTOP") for ref in fault_stack.accounts[:30]])
        time.sleep(3)  # within recovery's retries
    finally:
        fault_stack.postgres.start()
    assert_books_agree(fault_stack)


def _rentctl(stack, config, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, RENTCTL_CONFIG_DIR=str(config), RENTCTL_GATEWAY=stack.live.gateway_url, COLUMNS="200",
               NO_COLOR="1", TERM="dumb")
    return subprocess.run([sys.executable, "-m", "rentctl", *args], env=env, capture_output=True, text=True,
                          timeout=120)


def _dead_letters(http: httpx.Client) -> list[dict]:
    queues = http.get("/recovery/dead-letters").raise_for_status().json()
    return [m for q in queues for m in q["shown"]]


def _posting_parked_in(messages: list[dict]) -> bool:
    return any("AccountPosted" in (m["routing_key"] or "") for m in messages)


def _where_messages_are(stack) -> str:
    """What a failure needs to be understood: the depth of every queue on the posting's
    way (billing's and recovery's, with retries and dead letters) and the services' logs."""
    try:
        lines = [f"{queue}: {ready} ready, {consumers} consumers"
                 for queue, (ready, consumers) in asyncio.run(stack.queue_depths()).items()
                 if "billing" in queue or "recovery" in queue]
    except Exception as exc:  # a diagnostic never hides the failure
        lines = [f"queues unreadable: {exc!r}"]
    for service in ("billing", "payments", "recovery"):
        log_lines = [line for line in stack.live.log(service).splitlines()
                     if '"level": "info"' not in line][-25:]
        lines += [f"--- {service} log (last warnings and errors)", *log_lines]
    return "\n".join(lines)


def _posting_parked(http: httpx.Client) -> bool:
    return _posting_parked_in(_dead_letters(http))


def test_a_consumer_that_keeps_failing_is_dead_lettered_with_its_reason_and_replayed_by_an_operator(
        fault_stack, tmp_path):
    account = fault_stack.accounts[-1]
    fault_stack.settle()
    fault_stack.postgres.stop()
    try:
        fault_stack.publish_payments([payment(account, "11.11", "DLQ")])
        with fault_stack.http() as http:
            # Both reach recovery: payments' PaymentReceived and billing's AccountPosted (which
            # moves the balance); wait until the posting has been given up on too.
            deadline = time.monotonic() + 120
            while not _posting_parked(http) and time.monotonic() < deadline:
                time.sleep(0.5)
            parked = _dead_letters(http)
            where = "" if _posting_parked_in(parked) else _where_messages_are(fault_stack)
    finally:
        fault_stack.postgres.start()
    assert parked and _posting_parked_in(parked), f"recovery's consumer never gave up on the posting: {parked}\n{where}"
    assert {m["reason"] for m in parked} == {"retries_exhausted"}
    assert all(m["detail"] and m["retry_count"] == 3 for m in parked), parked
    ids = {m["message_id"] for m in parked}
    assert _rentctl(fault_stack, tmp_path, "login", "ops.lead", "--role", "senior_officer").returncode == 0
    parked_view = _rentctl(fault_stack, tmp_path, "reconcile")  # while they are parked the books disagree
    assert parked_view.returncode == 7, parked_view.stdout + parked_view.stderr
    assert account in parked_view.stdout and "recovery" in parked_view.stdout
    assert "the books do not agree" in parked_view.stderr

    ran = _rentctl(fault_stack, tmp_path, "dead-letters-replay", "recovery", "recovery.ledger",
                   "--reason", "recovery's database is back")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert f"Replayed {len(parked)} message(s)" in ran.stdout
    with fault_stack.http() as http:
        assert _dead_letters(http) == []
    assert_books_agree(fault_stack)
    agreed = _rentctl(fault_stack, tmp_path, "reconcile", "--wait", "30")
    assert agreed.returncode == 0 and "The books agree to the penny." in agreed.stdout, agreed.stdout + agreed.stderr

    async def audited() -> list[dict]:
        engine = create_async_engine(fault_stack.recovery_db)
        async with engine.connect() as conn:
            rows = (await conn.execute(text(
                "SELECT actor, entity_id, reason FROM audit_log WHERE action = 'dead_letter_replayed'"))).mappings()
            found = [dict(r) for r in rows]
        await engine.dispose()
        return found

    replays = asyncio.run(audited())
    assert {r["entity_id"] for r in replays} == ids
    assert {(r["actor"], r["reason"]) for r in replays} == {("ops.lead", "recovery's database is back")}
