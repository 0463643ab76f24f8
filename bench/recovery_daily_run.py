"""Benchmark: recovery's daily recommendation run over N accounts.

Seeds a fresh recovery database with COPY: N account positions (rent, leasehold and
sundry; half of them in arrears of every depth; UC and HB payers; flags), eight weeks
of payments per account, open cases at every stage with their recorded actions,
active arrangements with periods due, and Breathing Space moratoriums. Then times one
daily run end to end (arrangement monitoring, case opening and closing, the one
set-based facts query, policy evaluation and ranking, COPY of the recommendations,
their batched events into the outbox, the KPI snapshot, and the commit).
Target: 100,000 accounts in ≤ 10 s on the 2-core build machine.

    .venv/bin/python bench/recovery_daily_run.py [--accounts 100000] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from decimal import Decimal

import asyncpg
import uvloop

from recovery.caseloads import daily_run
from shared.db.engine import create_engine, create_session_factory
from shared.db.migrations import upgrade
from shared.db.unit_of_work import UnitOfWork

TODAY = date(2026, 11, 23)
TARGET_SECONDS = 10.0
DEPTH_WEEKS = [None, None, None, None, None, Decimal("0.3"), Decimal("1.5"), Decimal("3.2"), Decimal("5.5"),
               Decimal("9.0")]  # by i % 10: half in credit or clear, half in arrears of every depth


def account_type(i: int) -> str:
    return "rent" if i % 100 < 90 else "leasehold" if i % 100 < 97 else "sundry"


def seed_rows(n: int):
    positions, money, cases, actions, arrangements, spaces = [], [], [], [], [], []
    for i in range(n):
        ref, kind = f"{10_000_000 + i}", account_type(i)
        weekly = Decimal(90 + i % 40) + Decimal(i % 100) / 100 if kind == "rent" else None
        depth = DEPTH_WEEKS[i % 10]
        basis = weekly or Decimal("250.00")
        balance = (basis * depth).quantize(Decimal("0.01")) if depth else -Decimal(i % 50)
        uc, hb = kind == "rent" and i % 7 == 0, kind == "rent" and i % 11 == 0
        last_uc = TODAY - timedelta(days=i % 30) if uc else None
        last_hb = TODAY - timedelta(days=i % 28) if hb else None
        positions.append((ref, balance, 10, kind, f"PATCH{i % 50:02d}", "open", weekly, TODAY - timedelta(days=i % 45),
                          last_uc, last_hb, i % 97 == 0, i % 89 == 0, kind != "rent" and i % 13 == 0))
        posting_type = "uc_credit" if uc else "hb_credit" if hb else "payment"
        # Most arrangement payers pay what they agreed (charge + £10); one in four falls short.
        paid = basis + 10 if i % 20 == 8 else basis * Decimal("0.8")
        for week in range(8):
            money.append((uuid.uuid4(), ref, posting_type, -paid.quantize(Decimal("0.01")),
                          TODAY - timedelta(days=7 * week + i % 7)))
        if depth is None or i % 3 == 0:
            continue
        case_id = uuid.uuid4()
        ladder = (["first_letter", "second_letter", "contact_visit", "nosp"] if kind == "rent"
                  else ["reminder", "final_reminder", "pre_action_letter"])
        done = ladder[: int(depth) if depth >= 1 else 1]
        served = TODAY - timedelta(days=35) if "nosp" in done else None
        taken = [TODAY - timedelta(days=(80, 60, 45, 35)[step]) for step in range(len(done))]
        called = i % 17 == 0  # an officer called yesterday: the case waits out the call's period
        wait = TODAY + timedelta(days=6) if called else taken[-1] + timedelta(days=7)
        cases.append((case_id, ref, "tenant_default" if kind == "rent" else "leasehold_sundry_default", "open",
                      TODAY - timedelta(days=90), served, served and served + timedelta(days=28),
                      served and served + timedelta(days=365), done, taken, wait))
        for stage, on in zip(done, taken, strict=True):
            actions.append((uuid.uuid4(), case_id, ref, "letter", stage, on, "bench", on + timedelta(days=7)))
        if called:
            actions.append((uuid.uuid4(), case_id, ref, "call", None, TODAY - timedelta(days=1), "bench",
                            TODAY + timedelta(days=6)))
        if i % 20 in (7, 8):
            start = TODAY - timedelta(days=21 + i % 7)
            plan = [{"period_no": p + 1, "period_start": (start + timedelta(weeks=p)).isoformat(),
                     "period_end": (start + timedelta(weeks=p, days=6)).isoformat(),
                     "expected": str(basis + 10), "arrears_after": "0.00"} for p in range(10)]
            arrangements.append((uuid.uuid4(), ref, "active", "officer", "weekly", Decimal(10), basis, balance, start,
                                 json.dumps(plan), "bench"))
        if i % 101 == 0:
            spaces.append((uuid.uuid4(), ref, "standard", f"DRS{i}", TODAY - timedelta(days=10),
                           TODAY + timedelta(days=49), max(balance, 0), "bench"))
    return positions, money, cases, actions, arrangements, spaces


async def seed(url: str, n: int) -> None:
    positions, money, cases, actions, arrangements, spaces = seed_rows(n)
    conn = await asyncpg.connect(url)
    try:
        await conn.copy_records_to_table("account_position", records=positions, columns=[
            "account_ref", "balance", "last_seq", "account_type", "patch", "status", "weekly_charge",
            "last_payment_on", "last_uc_on", "last_hb_on", "benefit_claim_pending", "vulnerable", "charge_disputed"])
        await conn.copy_records_to_table("money_posting", records=money, columns=[
            "posting_id", "account_ref", "posting_type", "amount", "effective_date"])
        await conn.copy_records_to_table("recovery_case", records=cases, columns=[
            "case_id", "account_ref", "policy_code", "status", "opened_on", "notice_served_on", "notice_usable_from",
            "notice_expires_on", "stages", "stage_dates", "wait_until"])
        await conn.copy_records_to_table("case_action", records=actions, columns=[
            "action_id", "case_id", "account_ref", "action", "stage", "taken_on", "officer", "wait_until"])
        await conn.executemany(
            "INSERT INTO arrangement (arrangement_id, account_ref, status, source, frequency, instalment, "
            "weekly_charge, arrears_at_start, start_date, schedule, agreed_by) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11)", arrangements)
        await conn.copy_records_to_table("breathing_space", records=spaces, columns=[
            "breathing_space_id", "account_ref", "kind", "reference", "start_date", "ends_on", "protected_arrears",
            "registered_by"])
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    print(f"seeded {len(positions):,} accounts, {len(money):,} payments, {len(cases):,} open cases, "
          f"{len(actions):,} actions, {len(arrangements):,} arrangements, {len(spaces):,} moratoriums")


async def timed_run(sa_url: str) -> tuple[daily_run.RunSummary, float, float]:
    engine = create_engine(sa_url, pool_size=2)
    try:
        factory = create_session_factory(engine)
        started, cpu = time.perf_counter(), time.process_time()
        async with UnitOfWork(factory) as uow:
            summary = await daily_run.run(uow, TODAY, "bench")
            await uow.commit()
        return summary, time.perf_counter() - started, time.process_time() - cpu
    finally:
        await engine.dispose()


async def main(args: argparse.Namespace) -> None:
    name = f"bench_{uuid.uuid4().hex[:8]}_recovery"
    url = f"{args.pg.rsplit('/', 1)[0]}/{name}"
    sa_url = "postgresql+asyncpg://" + url.split("://", 1)[1]
    admin = await asyncpg.connect(args.pg)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with ThreadPoolExecutor(1) as pool:  # alembic runs its own event loop
            pool.submit(upgrade, "recovery", sa_url).result()
        started = time.perf_counter()
        await seed(url, args.accounts)
        print(f"seed took {time.perf_counter() - started:.1f} s")
        load = os.getloadavg()[0]
        summary, seconds, cpu = await timed_run(sa_url)
        conn = await asyncpg.connect(url)
        events = await conn.fetchval("SELECT count(*) FROM outbox")
        by_hold = await conn.fetch("SELECT coalesce(hold, 'actionable') AS hold, count(*) AS n FROM recommendation "
                                   "WHERE run_date = $1 GROUP BY 1 ORDER BY 2 DESC", TODAY)
        by_stage = await conn.fetch("SELECT stage, count(*) AS n FROM recommendation WHERE run_date = $1 "
                                    "AND hold IS NULL GROUP BY 1 ORDER BY 2 DESC", TODAY)
        await conn.close()
        print("  phases (s): " + ", ".join(f"{k} {v:.2f}" for k, v in summary.phases.items()))
        print(f"daily run over {args.accounts:,} accounts: {seconds:.2f} s "
              f"({args.accounts / seconds:,.0f} accounts/s; run's own timer {summary.seconds} s; "
              f"{cpu:.2f} CPU-seconds in this process, PostgreSQL's not counted; load average {load:.1f})")
        print(f"  cases evaluated {summary.accounts_evaluated:,}; recommended {summary.recommended:,}; "
              f"held {summary.held:,}; arrangement periods assessed {summary.periods_assessed:,}; "
              f"breaches {summary.breaches:,}; outbox events {events:,}")
        print("  by hold: " + ", ".join(f"{r['hold']} {r['n']:,}" for r in by_hold))
        print("  actionable by stage: " + ", ".join(f"{r['stage']} {r['n']:,}" for r in by_stage))
        if args.accounts >= 100_000:
            print(f"target ≤ {TARGET_SECONDS:.0f} s for 100,000 accounts: "
                  f"{'met' if seconds <= TARGET_SECONDS else 'MISSED'}")
    finally:
        if not args.keep:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    uvloop.run(main(parser.parse_args()))
