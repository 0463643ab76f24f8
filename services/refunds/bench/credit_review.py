"""Benchmark: the credit balance review over N accounts.

Seeds a fresh refunds database by COPY with N account positions (a fifth of them in
credit, some with former-tenancy debts of the same person, some credit paid by housing
benefit, payments in and out of their clearing windows), then times one on-demand
review: the set-based loading of every account picture, the suggestion for each credit
and the batched insert of the review lines. Prints accounts in credit reviewed/second.

    .venv/bin/python services/refunds/bench/credit_review.py [--accounts 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
import uuid
from datetime import timedelta
from decimal import Decimal

import asyncpg
from sqlalchemy import text

from refunds.service_layer.clock import today
from refunds.service_layer.reviews import run_review
from shared.db.engine import create_engine, create_session_factory
from shared.db.migrations import upgrade
from shared.db.unit_of_work import UnitOfWork
from shared.refs import make_account_ref


def seed_rows(accounts: int) -> tuple[list[tuple], list[tuple], list[tuple]]:
    day = today()
    positions, people, payments = [], [], []
    for n in range(1, accounts + 1):
        ref = make_account_ref(n)
        in_credit = n % 5 == 0
        closed = n % 20 == 1  # a former tenancy, with arrears
        balance = Decimal(-(50 + n % 450)) if in_credit else Decimal(40 + n % 60) if closed else Decimal(0)
        positions.append((ref, balance, 3, "closed" if closed else "open", "rent", Decimal("100.00"),
                          f"PATCH{n % 20:02d}"))
        # Every 20th account's holder had the former tenancy 19 accounts back: credit meets old debt.
        person = f"PER-{n - 19 if n % 20 == 0 else n}"
        people.append((ref, person))
        if in_credit:
            payments.append((uuid.uuid4(), ref, -balance, "cash", day - timedelta(days=90)))
            if n % 3 == 0:
                payments.append((uuid.uuid4(), ref, Decimal("60.00"), "housing_benefit", day - timedelta(days=7)))
            if n % 7 == 0:
                payments.append((uuid.uuid4(), ref, Decimal("25.00"), "card", day - timedelta(days=10)))
    return positions, people, payments


async def seed(url: str, accounts: int) -> int:
    positions, people, payments = seed_rows(accounts)
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.copy_records_to_table("credit_position", records=positions, columns=[
            "account_ref", "balance", "last_seq", "status", "account_type", "weekly_charge", "patch"])
        await conn.copy_records_to_table("account_person", records=people, columns=["account_ref", "person_id"])
        await conn.copy_records_to_table("payment_seen", records=payments, columns=[
            "payment_id", "account_ref", "amount", "method", "received_on"])
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return sum(1 for p in positions if p[1] < 0)


async def main(accounts: int, admin_url: str) -> None:
    name = f"bench_refunds_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+asyncpg://{admin_url.split('://', 1)[1].rsplit('/', 1)[0]}/{name}"
    try:
        await asyncio.to_thread(upgrade, "refunds", url)
        started = time.perf_counter()
        credits = await seed(url, accounts)
        print(f"seeded {accounts:,} accounts ({credits:,} in credit) in {time.perf_counter() - started:.1f} s")
        engine = create_engine(url, pool_size=2)
        try:
            async with UnitOfWork(create_session_factory(engine)) as uow:
                started = time.perf_counter()
                review_id, _ = await run_review(uow, as_of=today(), actor="bench", monthly=False)
                await uow.commit()
                elapsed = time.perf_counter() - started
                actions = dict((await uow.session.execute(text(
                    "SELECT action, count(*) FROM credit_review_line WHERE review_id = :r GROUP BY action"),
                    {"r": review_id})).all())
        finally:
            await engine.dispose()
        print(f"review of {credits:,} accounts in credit: {elapsed:.2f} s, {credits / elapsed:,.0f} accounts/s; "
              f"suggested {actions}")
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--admin-url", default=os.environ.get("BENCH_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"))
    args = parser.parse_args()
    asyncio.run(main(args.accounts, args.admin_url))
