"""Revision 0010 on a database with audit records: each takes the account it names — the
account itself, the account_ref its ``after`` holds, or its tenancy's rent account."""

from __future__ import annotations

from datetime import date

from .migration_support import database_at

PROPERTY = "INSERT INTO property (property_ref, address, postcode, patch, area, property_type, bedrooms, created_by)" \
           " VALUES ('P1', '[\"1 High St\"]', 'LS1 1AA', 'LS01', 'Leeds', 'flat', 1, 't')"
TENANCY = "INSERT INTO tenancy (tenancy_ref, property_ref, tenure, start_date, created_by) " \
          "VALUES ('T1', 'P1', 'secure', '2026-04-06', 't')"
ACCOUNT = "INSERT INTO account (account_ref, account_type, tenancy_ref, property_ref, status, opened_on, balance, " \
          "last_seq) VALUES ($1, $2, 'T1', 'P1', 'open', $3, 0, 0)"
AUDIT = "INSERT INTO audit_log (actor, action, entity, entity_id, after) VALUES ('t', $1, $2, $3, $4::jsonb)"


async def test_0010_gives_each_audit_record_the_account_it_concerns(databases):
    async with database_at(databases, "0009_search") as scratch:
        await scratch.db.execute(PROPERTY)
        await scratch.db.execute(TENANCY)
        await scratch.db.executemany(ACCOUNT, [("A1", "rent", date(2026, 4, 6)), ("I1", "insurance", date(2026, 4, 6))])
        await scratch.db.executemany(AUDIT, [
            ("change_charges", "account", "A1", None), ("request", "adjustment", "42", '{"account_ref": "I1"}'),
            ("insurance_opt_in", "tenancy", "T1", None), ("void_start", "property", "P1", None)])
        await scratch.upgrade()
        found = await scratch.db.fetch("SELECT action, account_ref FROM audit_log ORDER BY id")
        assert [tuple(r) for r in found] == [("change_charges", "A1"), ("request", "I1"),
                                             ("insurance_opt_in", "A1"), ("void_start", None)]
