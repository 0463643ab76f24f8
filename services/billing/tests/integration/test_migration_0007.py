"""Revision 0007 on a database with earlier postings: payments get their channel from the
reason (without the note a closed rent year adds), reversals stay NULL (billing cannot tell
which payment they took back), and garage charges on garage accounts stop being eligible."""

from __future__ import annotations

import uuid

from .migration_support import database_at

ACCOUNTS = "INSERT INTO account (account_ref, account_type, status, opened_on, balance, last_seq) VALUES ($1, $2, " \
           "'open', '2026-04-06', 0, 0)"
POSTING = "INSERT INTO posting (posting_id, account_ref, account_seq, posting_type, amount, balance_after, " \
          "effective_date, source_key, source, posted_by, reason) VALUES ($1, 'R1', $2, $3, $4, 0, '2026-04-08', " \
          "$5, 'test', 'system', $6)"
CHARGE = "INSERT INTO charge (account_ref, charge_type, weekly_amount, benefit_eligible, effective_from, created_by, " \
         "reason) VALUES ($1, 'garage', 10, true, '2026-04-06', 'test', 'test')"


async def test_0007_backfills_payment_channels_and_puts_garage_eligibility_right(databases):
    async with database_at(databases, "0006_merge_topics") as scratch:
        db = scratch.db
        await db.executemany(ACCOUNTS, [("R1", "rent"), ("G1", "garage")])
        await db.executemany(CHARGE, [("R1",), ("G1",)])
        postings = [("payment", -10, "cash via paypoint"),
                    ("dd_collection", -20, "direct_debit via bacs (dated 2025-03-30, in closed rent year 2024)"),
                    ("hb_credit", -30, "housing_benefit via council hb"),
                    ("payment_reversal", 10, "RD: returned via the bank"),
                    ("charge", 100, "rent via nothing")]
        await db.executemany(POSTING, [(uuid.uuid4(), n, kind, amount, f"k{n}", reason)
                                       for n, (kind, amount, reason) in enumerate(postings, start=1)])
        await scratch.upgrade()
        found = {r["posting_type"]: r["channel"] for r in await db.fetch("SELECT posting_type, channel FROM posting")}
        assert found == {"payment": "paypoint", "dd_collection": "bacs", "hb_credit": "council hb",
                         "payment_reversal": None, "charge": None}
        eligible = {r["account_ref"]: r["benefit_eligible"]
                    for r in await db.fetch("SELECT account_ref, benefit_eligible FROM charge")}
        assert eligible == {"R1": True, "G1": False}
