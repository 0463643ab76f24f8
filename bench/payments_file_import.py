"""Benchmark: a 100,000-line cash receipting file, from upload until recovery has consumed
the last posting.

Seeds N rent accounts in billing and payments (COPY), writes a cash CSV with one payment
per account, then times: HTTP upload to payments (validated, matched, chunked
transactions, PaymentBatchReceived events of 500 payments) → outbox relay → RabbitMQ →
billing posting each batch set-based and publishing AccountsPosted → recovery's
projection. Payments runs in this process (its HTTP API through ASGI); billing and
recovery each run their unchanged runtimes in their own process, as in production.
Prints lines/second. Target: >= 5,000 lines/s on the 2-core build machine.

    .venv/bin/python bench/payments_file_import.py [--lines 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path

import asyncpg
import httpx
import uvloop
from billing_weekly_debit import admin, dsn, projected, seed

from payments.bootstrap import create_app
from payments.config import PaymentsSettings
from shared.auth.dev_issuer import DevIssuer
from shared.db.migrations import upgrade
from shared.messaging.topology import delete_namespace
from shared.refs import make_account_ref

RUNTIME_PROCESS = Path(__file__).resolve().parent / "service_process.py"


async def seed_payments(url: str, n: int) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.copy_records_to_table("known_account", columns=[
            "account_ref", "account_type", "status", "opened_on", "weekly_charge"], records=[
            (make_account_ref(1_000_000 + i), "rent", "open", date(2026, 4, 6), Decimal("100.00")) for i in range(n)])
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_cash_file(path: Path, n: int) -> Decimal:
    total = Decimal(0)
    with path.open("w") as out:
        out.write("payment_reference,amount,paid_on,channel,transaction_id\n")
        for i in range(n):
            amount = Decimal(50 + i % 70) + Decimal(i % 100) / 100
            total += amount
            out.write(f"{make_account_ref(1_000_000 + i)},{amount},2026-11-20,paypoint,BENCH-{i:07d}\n")
        out.write(f"TRAILER,{n},{total}\n")
    return total


async def start_service(service: str, database_url: str, common: dict[str, object]) -> asyncio.subprocess.Process:
    prefix = service.upper()
    env = {**os.environ, f"{prefix}_DATABASE_URL": database_url,
           **{f"{prefix}_{k.upper()}": str(v) for k, v in common.items()}}
    process = await asyncio.create_subprocess_exec(sys.executable, str(RUNTIME_PROCESS), service, env=env,
                                                   stdout=asyncio.subprocess.PIPE)
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
    if line.strip() != b"ready":
        raise SystemExit(f"{service} did not start (exit {await process.wait()})")
    return process


async def main(args: argparse.Namespace) -> None:
    tag = uuid.uuid4().hex[:8]
    names = [f"bench_{tag}_billing", f"bench_{tag}_payments", f"bench_{tag}_recovery"]
    urls = [dsn(args.pg, name) for name in names]
    sa_urls = ["postgresql+asyncpg://" + u.split("://", 1)[1] for u in urls]
    await admin(args.pg, [f'CREATE DATABASE "{name}"' for name in names])
    processes: list[asyncio.subprocess.Process] = []
    app = None
    common = {"amqp_url": args.amqp, "messaging_namespace": f"bench{tag}", "log_json": False,
              "prefetch": args.prefetch}
    try:
        with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
            for service, url in zip(("billing", "payments", "recovery"), sa_urls, strict=True):
                pool.submit(upgrade, service, url).result()
        await seed(urls[0], args.lines)
        await seed_payments(urls[1], args.lines)
        folder = Path(tempfile.mkdtemp(prefix="bench-payments-"))
        cash_file = folder / "cash.csv"
        expected = write_cash_file(cash_file, args.lines)
        print(f"seeded {args.lines:,} accounts; file of {args.lines:,} lines, £{expected:,} "
              f"({cash_file.stat().st_size / 1e6:.1f} MB)")

        processes.append(await start_service("billing", sa_urls[0], common))
        processes.append(await start_service("recovery", sa_urls[2], common))
        issuer = DevIssuer()
        jwks = folder / "jwks.json"
        jwks.write_text(__import__("json").dumps(issuer.jwks()))
        settings = PaymentsSettings(database_url=sa_urls[1], auth_issuer=issuer.issuer, auth_audience=issuer.audience,
                                    auth_jwks_url=None, auth_jwks_file=str(jwks), **common)
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600) as client:
                headers = {"Authorization": f"Bearer {issuer.mint('bench', ['income_officer'])}"}
                started, cpu_before = time.perf_counter(), time.process_time()
                others_before = [cpu_seconds(p.pid) for p in processes]
                with cash_file.open("rb") as handle:
                    response = await client.post("/income-files", params={"format": "cash_csv"},
                                                 files={"file": ("cash.csv", handle)}, headers=headers)
                imported_at = time.perf_counter() - started
                if response.status_code != 201:
                    raise SystemExit(f"upload failed: {response.status_code} {response.text}")
                report = response.json()
                while True:
                    count, total = await projected(urls[2])
                    if count >= args.lines or time.perf_counter() - started > args.timeout:
                        break
                    await asyncio.sleep(0.1)
                elapsed = time.perf_counter() - started
                cpu = [time.process_time() - cpu_before,
                       *(cpu_seconds(p.pid) - b for p, b in zip(processes, others_before, strict=True))]
        print(f"import: {report['accepted']:,} accepted, {report['rejected']} rejected, {report['unmatched']} "
              f"unmatched, £{report['accepted_amount']} in {imported_at:.1f} s "
              f"({args.lines / imported_at:,.0f} lines/s to the outbox)")
        print(f"recovery projected {count:,} accounts, £{-total:,} "
              f"({'matches' if -total == expected else 'DIFFERS FROM'} the file)")
        print("CPU seconds: payments (with its relay) {:.1f}, billing {:.1f}, recovery {:.1f}; load average {}".format(
            *cpu, " ".join(f"{x:.1f}" for x in os.getloadavg())))
        print(f"end to end: {args.lines:,} lines in {elapsed:.1f} s = {args.lines / elapsed:,.0f} lines/s")
        if count < args.lines:
            raise SystemExit(f"recovery saw only {count:,} of {args.lines:,} accounts in {args.timeout} s")
    finally:
        for process in processes:
            process.terminate()
            await process.wait()
        if app is not None and hasattr(app.state, "runtime"):
            runtime = app.state.runtime
            await delete_namespace(args.amqp, runtime.names, ["billing.postings", "recovery.ledger",
                                                              "payments.accounts", "payments.inbound"],
                                   runtime.settings.retry_delays_ms)
        if not args.keep:
            await admin(args.pg, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin DSN")
    parser.add_argument("--amqp", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--prefetch", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    uvloop.run(main(parser.parse_args()))
