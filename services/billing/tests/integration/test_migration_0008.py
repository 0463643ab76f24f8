"""Revision 0008 on a database with leases: each lease starts the day its account opened."""

from __future__ import annotations

from datetime import date

from .migration_support import database_at

ACCOUNT = "INSERT INTO account (account_ref, account_type, status, opened_on, balance, last_seq) VALUES ($1, " \
          "'leasehold', 'open', $2, 0, 0)"
LEASE = "INSERT INTO lease (account_ref, scheme_ref, share, updated_by) VALUES ($1, 'BLK-1', 1, 'test')"


async def test_0008_starts_each_lease_on_the_day_its_account_opened(databases):
    async with database_at(databases, "0007_posting_channel") as scratch:
        await scratch.db.executemany(ACCOUNT, [("L1", date(2019, 5, 20)), ("L2", date(2026, 9, 14))])
        await scratch.db.executemany(LEASE, [("L1",), ("L2",)])
        await scratch.upgrade()
        leases = await scratch.db.fetch("SELECT account_ref, starts_on FROM lease")
        found = {r["account_ref"]: r["starts_on"] for r in leases}
        assert found == {"L1": date(2019, 5, 20), "L2": date(2026, 9, 14)}
