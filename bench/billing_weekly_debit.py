"""Benchmark: the weekly debit for N accounts, end to end.

Seeds N rent accounts (COPY straight into a fresh billing database), then times:
the debit run (set-based, batched) → its ChargesDebited events through the outbox
relay and RabbitMQ → recovery's 'recovery.ledger' consumer projecting every account's
new balance. The run is in this process; billing's relay and recovery's unchanged runtime
each run in their own process (service_process.py). Prints accounts/second.
Target: 100,000 accounts in ≤ 30 s on the 2-core build machine.

    .venv/bin/python bench/billing_weekly_debit.py [--accounts 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import asyncpg
import uvloop

from billing.bootstrap import build_runtime as billing_runtime
from billing.config import BillingSettings
from billing.debit import service as debit_run
from shared.calendar import RentYear
from shared.db.migrations import upgrade
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.topology import delete_namespace
from shared.refs import make_account_ref

RENT_YEAR, RENT_WEEK = 2026, 8
SERVICE_PROCESS = Path(__file__).resolve().parent / "service_process.py"
PATCHES = [f"PATCH{n:02d}" for n in range(20)]


def dsn(admin: str, name: str) -> str:
    return f"{admin.rsplit('/', 1)[0]}/{name}"


async def admin(url: str, statements: list[str]) -> None:
    conn = await asyncpg.connect(url)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def seed(url: str, n: int) -> Decimal:
    """N properties, tenancies, tenants, accounts and their charges; returns the expected debit."""
    week = RentYear(RENT_YEAR).week(RENT_WEEK)
    conn = await asyncpg.connect(url)
    expected = Decimal(0)
    try:
        props, tenancies, tenants, accounts, charges = [], [], [], [], []
        for i in range(n):
            ref, patch = f"P{i:07d}", PATCHES[i % len(PATCHES)]
            # One in a hundred tenancies starts mid-week: those accounts are pro-rated.
            start = week.starts + timedelta(days=2) if i % 100 == 0 else date(2026, 4, 6)
            account = make_account_ref(1_000_000 + i)
            props.append((ref, '["1 Bench Street"]', "LS1 4AP", patch, "Leeds", "flat", 2, "bench"))
            tenancies.append((f"T{i:07d}", ref, "secure", start, "bench"))
            tenants.append((f"T{i:07d}", f"PER{i:07d}", "Bench Tenant", True))
            accounts.append((account, "rent", f"T{i:07d}", ref, patch, "open", start, Decimal(0), 0))
            rent = Decimal(90 + i % 40) + Decimal(i % 100) / 100
            charges.append((account, "rent", rent, True, start, "bench", "seed"))
            if i % 3 == 0:
                charges.append((account, "service_charge", Decimal("7.10"), True, start, "bench", "seed"))
        await conn.copy_records_to_table("property", records=props, columns=[
            "property_ref", "address", "postcode", "patch", "area", "property_type", "bedrooms", "created_by"])
        await conn.copy_records_to_table("tenancy", records=tenancies, columns=[
            "tenancy_ref", "property_ref", "tenure", "start_date", "created_by"])
        await conn.copy_records_to_table("tenant", records=tenants, columns=[
            "tenancy_ref", "person_id", "name", "is_lead"])
        await conn.copy_records_to_table("account", records=accounts, columns=[
            "account_ref", "account_type", "tenancy_ref", "property_ref", "patch", "status", "opened_on",
            "balance", "last_seq"])
        await conn.copy_records_to_table("charge", records=charges, columns=[
            "account_ref", "charge_type", "weekly_amount", "benefit_eligible", "effective_from", "created_by",
            "reason"])
        await conn.execute("ANALYZE")
        expected = Decimal(await conn.fetchval("SELECT sum(weekly_amount) FROM charge"))
    finally:
        await conn.close()
    return expected


async def projected(url: str) -> tuple[int, Decimal]:
    conn = await asyncpg.connect(url)
    try:
        row = await conn.fetchrow("SELECT count(*) AS n, coalesce(sum(balance), 0) AS total "
                                  "FROM account_position WHERE last_seq >= 1")
        return row["n"], row["total"]
    finally:
        await conn.close()


async def start_process(service: str, settings: dict[str, object]) -> asyncio.subprocess.Process:
    prefix = service.upper()
    env = {**os.environ, **{f"{prefix}_{k.upper()}": str(v) for k, v in settings.items()}}
    process = await asyncio.create_subprocess_exec(sys.executable, str(SERVICE_PROCESS), service, env=env,
                                                   stdout=asyncio.subprocess.PIPE)
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
    if line.strip() != b"ready":
        raise SystemExit(f"{service} did not start (exit {await process.wait()})")
    return process


async def main(args: argparse.Namespace) -> None:
    tag = uuid.uuid4().hex[:8]
    names = [f"bench_{tag}_billing", f"bench_{tag}_recovery"]
    urls = [dsn(args.pg, name) for name in names]
    sa_urls = ["postgresql+asyncpg://" + u.split("://", 1)[1] for u in urls]
    await admin(args.pg, [f'CREATE DATABASE "{name}"' for name in names])
    billing = None
    processes: list[asyncio.subprocess.Process] = []
    try:
        with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
            pool.submit(upgrade, "billing", sa_urls[0]).result()
            pool.submit(upgrade, "recovery", sa_urls[1]).result()
        started = time.perf_counter()
        full_weeks = await seed(urls[0], args.accounts)
        print(f"seeded {args.accounts:,} accounts in {time.perf_counter() - started:.1f} s")

        common = {"amqp_url": args.amqp, "messaging_namespace": f"bench{tag}", "log_json": False,
                  "prefetch": args.prefetch}
        # The run in this process; billing's outbox relay and recovery each in their own
        # (BILLING_RELAY_ENABLED / CONSUMERS_ENABLED split them in a deployment too).
        billing = billing_runtime(BillingSettings(database_url=sa_urls[0], relay_enabled=False, **common))
        processes.append(await start_process("recovery", {"database_url": sa_urls[1], **common}))
        processes.append(await start_process("billing", {"database_url": sa_urls[0], "consumers_enabled": False,
                                                         **common}))
        await billing.start()

        started = time.perf_counter()
        async with UnitOfWork(billing.session_factory) as uow:
            run, _ = await debit_run.request_run(uow, RENT_YEAR, RENT_WEEK, "bench")
            await uow.commit()
        status = await debit_run.execute(billing.session_factory, run["run_id"])
        posted_at = time.perf_counter() - started
        async with billing.session_factory() as session:
            run = await debit_run.get_run(session, run["run_id"])
        while True:
            count, total = await projected(urls[1])
            if count >= args.accounts or time.perf_counter() - started > args.timeout:
                break
            await asyncio.sleep(0.1)
        elapsed = time.perf_counter() - started

        print(f"debit run {status}: {run['postings_count']:,} postings, £{run['amount_posted']:,} "
              f"(full weeks would be £{full_weeks:,}; pro-rata part weeks make the difference) "
              f"in {posted_at:.1f} s; reconciled: {run['reconciliation']['reconciled']}")
        print(f"recovery projected {count:,} accounts, £{total:,} "
              f"({'matches' if total == run['amount_posted'] else 'DIFFERS FROM'} billing)")
        print(f"end to end: {args.accounts:,} accounts in {elapsed:.1f} s = {args.accounts / elapsed:,.0f} accounts/s")
        if count < args.accounts:
            raise SystemExit(f"recovery saw only {count:,} of {args.accounts:,} accounts in {args.timeout} s")
    finally:
        if billing is not None:
            await billing.stop()
        for process in processes:
            process.terminate()
            await process.wait()
        if billing is not None:
            await delete_namespace(args.amqp, billing.names, ["billing.postings", "recovery.ledger"],
                                   billing.settings.retry_delays_ms)
        if not args.keep:
            await admin(args.pg, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in names])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin DSN")
    parser.add_argument("--amqp", default="amqp://guest:guest@127.0.0.1:5672/")
    parser.add_argument("--prefetch", type=int, default=16)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    uvloop.run(main(parser.parse_args()))
