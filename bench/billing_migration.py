"""Benchmark: a legacy migration extract of N accounts, then the general ledger journal.

Generates an extract (properties, tenancies, tenants, rent accounts with a second legacy
reference, two charges each, balances, control totals) as CSV text, and on a fresh billing
database times: the dry run; the load (one transaction: estate, accounts, charges, the
migrated_balance postings by COPY, AccountOpened / TenancyStarted / AccountsPosted in the
outbox, the reconciliation); the load again (a no-op); and the journal of the day's
postings (moved to yesterday first: a journal covers ended days). Prints rows per second.

    .venv/bin/python bench/billing_migration.py [--accounts 20000]
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal

import uvloop
from billing_weekly_debit import admin, dsn  # bench/ is on the path when run as a script
from sqlalchemy import text

from billing.gl import service as gl_journals
from billing.gl.rules import Code
from billing.migration import service as migration
from shared.db.engine import create_engine, create_session_factory
from shared.db.migrations import upgrade
from shared.db.unit_of_work import UnitOfWork

CUT_OVER = date(2026, 11, 22)  # a Sunday


def extract(n: int) -> dict[str, str]:
    rng = random.Random(11)
    props = ["property_ref,address_line_1,address_line_2,address_line_3,postcode,patch,area,property_type,bedrooms"]
    tens = ["tenancy_ref,property_ref,tenure,start_date,end_date,end_reason"]
    people = ["tenancy_ref,person_id,name,is_lead,email,mobile,date_of_birth"]
    accounts = ["legacy_account_ref,account_type,tenancy_ref,property_ref,opened_on,other_legacy_refs"]
    charges = ["legacy_account_ref,charge_type,weekly_amount,effective_from"]
    balances = ["legacy_account_ref,balance"]
    total = Decimal(0)
    for i in range(n):
        balance = Decimal(rng.randint(-30000, 90000)) / 100
        total += balance
        props.append(f"P{i:07d},{i} Long Road,,Leeds,LS1 4AP,PATCH{i % 20:02d},Leeds,flat,2")
        tens.append(f"T{i:07d},P{i:07d},secure,2015-04-06,,")
        people.append(f"T{i:07d},PER{i:07d},Tenant {i},Y,,,")
        accounts.append(f"RA/{i:07d},rent,T{i:07d},,,OLD{i:07d}")
        charges.append(f"RA/{i:07d},rent,{95 + i % 40}.50,2026-04-06")
        charges.append(f"RA/{i:07d},service_charge,6.25,2026-04-06")
        balances.append(f"RA/{i:07d},{balance}")
    control = ["extract_id,source_system,cut_over_date,properties,tenancies,tenants,accounts,charges,balances,"
               "history,balance_total",
               f"BENCH-{uuid.uuid4().hex[:8]},bench,{CUT_OVER},{n},{n},{n},{n},{2 * n},{n},,{total}"]
    files = {"control.csv": control, "properties.csv": props, "tenancies.csv": tens, "tenants.csv": people,
             "accounts.csv": accounts, "charges.csv": charges, "balances.csv": balances}
    return {name: "\n".join(lines) + "\n" for name, lines in files.items()}


async def main(args: argparse.Namespace) -> None:
    name = f"bench_{uuid.uuid4().hex[:8]}_migration"
    sa_url = "postgresql+asyncpg://" + dsn(args.pg, name).split("://", 1)[1]
    await admin(args.pg, [f'CREATE DATABASE "{name}"'])
    engine = create_engine(sa_url)
    try:
        with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
            pool.submit(upgrade, "billing", sa_url).result()
        factory = create_session_factory(engine)
        started = time.perf_counter()
        files = extract(args.accounts)
        rows = sum(text_.count("\n") - 1 for text_ in files.values())
        took = time.perf_counter() - started
        print(f"extract of {args.accounts:,} accounts ({rows:,} lines) generated in {took:.1f} s")

        started = time.perf_counter()
        async with UnitOfWork(factory) as uow:
            report = await migration.dry_run(files, uow)
        took = time.perf_counter() - started
        print(f"dry run: valid={report['valid']} in {took:.1f} s = {rows / took:,.0f} lines/s")

        started = time.perf_counter()
        async with UnitOfWork(factory) as uow:
            loaded = await migration.load(files, "bench", uow)
            await uow.commit()
        took = time.perf_counter() - started
        recon = loaded.batch["reconciliation"]
        print(f"load: {args.accounts:,} accounts in {took:.1f} s = {args.accounts / took:,.0f} accounts/s "
              f"({rows / took:,.0f} lines/s); reconciled: {recon['reconciled']}, total £{recon['migrated_total']}")
        async with factory() as session:
            events = (await session.execute(text("SELECT count(*) FROM outbox"))).scalar()
        print(f"events in the outbox: {events:,}")

        started = time.perf_counter()
        async with UnitOfWork(factory) as uow:
            again = await migration.load(files, "bench", uow)
        print(f"load again: replayed={again.replayed} in {time.perf_counter() - started:.2f} s")

        async with UnitOfWork(factory) as uow:
            await uow.session.execute(text("UPDATE posting SET posted_at = posted_at - interval '1 day'"))
            for category in ("control", "migrated_balance"):
                await gl_journals.set_mapping(uow, category, "*", Code("1100", "HRA", category), "bench", "bench")
            await uow.commit()
        started = time.perf_counter()
        async with UnitOfWork(factory) as uow:
            day = date.today() - timedelta(days=1)
            journal = await gl_journals.export(uow, day, day, "bench")
            await uow.commit()
        took = time.perf_counter() - started
        print(f"GL journal: {journal['postings_count']:,} postings, {journal['lines_count']} lines, "
              f"debits £{journal['total_debit']} = credits £{journal['total_credit']} in {took:.1f} s")
    finally:
        await engine.dispose()
        await admin(args.pg, [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'])


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=20_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres", help="admin DSN")
    uvloop.run(main(parser.parse_args()))
