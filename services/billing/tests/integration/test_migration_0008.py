"""Revision 0008 on a database with leases: each lease starts the day its account opened."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import asyncpg

from shared.db.migrations import upgrade
from shared.testing.infra import sqlalchemy_url, with_database

ACCOUNT = "INSERT INTO account (account_ref, account_type, status, opened_on, balance, last_seq) VALUES ($1, " \
          "'leasehold', 'open', $2, 0, 0)"
LEASE = "INSERT INTO lease (account_ref, scheme_ref, share, updated_by) VALUES ($1, 'BLK-1', 1, 'test')"


async def test_0008_starts_each_lease_on_the_day_its_account_opened(databases):
    name = f"t_{uuid.uuid4().hex[:8]}_billing_0008"
    admin = await asyncpg.connect(databases.admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = with_database(databases.admin_url, name)
    try:
        await asyncio.to_thread(upgrade, "billing", sqlalchemy_url(url), "0007_posting_channel")
        db = await asyncpg.connect(url)
        try:
            await db.executemany(ACCOUNT, [("L1", date(2019, 5, 20)), ("L2", date(2026, 9, 14))])
            await db.executemany(LEASE, [("L1",), ("L2",)])
            await asyncio.to_thread(upgrade, "billing", sqlalchemy_url(url))
            leases = await db.fetch("SELECT account_ref, starts_on FROM lease")
            found = {r["account_ref"]: r["starts_on"] for r in leases}
            assert found == {"L1": date(2019, 5, 20), "L2": date(2026, 9, 14)}
        finally:
            await db.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
