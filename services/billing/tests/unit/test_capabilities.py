"""Billing's capabilities depend on each other one way only — the ledger core at the bottom,
orchestrating use cases (lettings, Right to Buy) at the top; a capability that must react to
another's change is wired to its domain event in bootstrap.DOMAIN_HANDLERS instead of being
imported by it. And each reaches another's data through that capability's functions — never
by importing its tables module nor by naming its tables (or sequences) in SQL text — but
for the reporting read models and bulk loaders listed below with their reasons. A table's
owner is the package whose tables.py defines it.

No exception for the ledger core's tables either: postings and accounts are read through
ledger.accounts / ledger.statements and posted only through ledger.writer, so a capability
holding ``posting_table`` could write around the writer's locks and balances. Module circles
and rules purity are checked for every service in shared/tests/unit/test_import_graph.py."""

from __future__ import annotations

from pathlib import Path

import billing
from billing.bootstrap import DOMAIN_HANDLERS
from shared.testing.import_graph import PackageGraph, unexplained

GRAPH = PackageGraph(Path(billing.__file__).parent)

# Reporting read models: module -> (the capabilities whose tables its SQL may read, why the
# statement is one across several capabilities' tables). Reads only: each must really reach across.
READ_MODELS: dict[str, tuple[frozenset[str], str]] = {
    "billing.debit.queries": (
        frozenset({"ledger", "charges", "tenancies", "leasehold"}),
        "the weekly debit's selection, charge periods and reconciliation over 100,000 accounts in one SQL "
        "each across account, charge, tenancy, lease and posting (benchmark <= 30 s); calling each owner "
        "would mean per-account round trips"),
    "billing.reports.queries": (
        frozenset({"ledger", "charges", "invoices"}),
        "reporting read models (rent roll, debit summary, invoice runs) joining account, charge, posting and "
        "service_charge_invoice in one query"),
    "billing.gl.store": (
        frozenset({"ledger"}),
        "the general ledger export groups a period's postings by account type and links them to journals in "
        "one INSERT ... SELECT over posting and account"),
    "billing.migration.store": (
        frozenset({"ledger"}),
        "bulk loader: checks which legacy properties, tenancies and accounts exist and reserves account "
        "numbers from account_number_seq for a whole extract at once"),
}

# Bulk loaders: module -> why it holds other capabilities' tables.
BULK_LOADERS: dict[str, str] = {
    "billing.migration.store": "bulk loader: checks which legacy properties, tenancies and accounts exist, and "
                               "reconciles the migrated balances against the postings, for a whole extract at once",
    "billing.migration.writes": "bulk loader: COPYs a legacy extract straight into property, tenancy, tenant, "
                                "account and charge in one transaction; the per-item use cases would publish "
                                "events and audit rows the migration announces itself",
}


def test_no_capability_imports_itself_round_a_circle():
    assert GRAPH.capability_circles() == []


def test_the_ledger_core_imports_no_capability():
    reached = {GRAPH.capability(i) for m, found in GRAPH.internal.items() if GRAPH.capability(m) == "ledger"
               for i in found}
    assert reached <= {"ledger", None}


def test_every_table_and_sequence_has_one_owning_capability():
    owners = GRAPH.table_owners()
    assert owners["posting"] == owners["account_number_seq"] == "ledger"
    assert owners["property_disposal"] == owners["tenancy"] == "tenancies"
    assert owners["service_charge_invoice"] == "invoices"


def test_no_capability_imports_another_capabilitys_tables_but_the_bulk_loaders():
    assert [str(c) for c in GRAPH.tables_imports() if c.module not in BULK_LOADERS] == []
    importing = {c.module for c in GRAPH.tables_imports()}
    assert sorted(set(BULK_LOADERS) - importing) == [], "a bulk loader that no longer needs the entry"
    assert all(why.strip() for why in BULK_LOADERS.values())


def test_sql_names_another_capabilitys_table_only_in_a_listed_read_model():
    assert unexplained(GRAPH.sql_crossings(), READ_MODELS) == [], \
        "read it through the owner's queries (a function, or an SQL fragment it exports)"


def test_every_domain_reaction_is_wired_to_a_handler_of_another_capability():
    for event, handlers in DOMAIN_HANDLERS.items():
        announcer = GRAPH.capability(event.__module__)
        assert handlers and announcer, event
        assert all(GRAPH.capability(h.__module__) not in (None, announcer) for h in handlers), event
