"""Recovery's capabilities depend on each other one way only, and each reaches another's data
through that capability's use cases and queries — never by importing its tables module nor
by naming its tables in SQL text (a set-based statement that needs another capability's rows
embeds the SQL fragment that capability's queries export). Module circles and rules purity
are checked for every service in shared/tests/unit/test_import_graph.py."""

from __future__ import annotations

from pathlib import Path

import recovery
from shared.testing.import_graph import PackageGraph, unexplained

GRAPH = PackageGraph(Path(recovery.__file__).parent)

# Reporting read models: module -> (the capabilities whose tables its SQL may read, why the
# statement cannot be composed from their fragments). Reads only: no module ever writes
# another capability's table. Empty: the daily run's facts, the KPIs and the agencies'
# performance are each one statement composed from fragments.
REPORTING_READ_MODELS: dict[str, tuple[frozenset[str], str]] = {}


def test_no_capability_imports_itself_round_a_circle():
    assert GRAPH.capability_circles() == []


def test_every_table_has_one_owning_capability():
    owners = GRAPH.table_owners()
    assert {"account_position", "money_posting", "recovery_case", "fta_case", "breathing_space", "arrangement",
            "recommendation", "arrears_snapshot"} <= owners.keys()


def test_no_capability_imports_another_capabilitys_tables():
    assert [str(c) for c in GRAPH.tables_imports()] == []


def test_sql_names_another_capabilitys_table_only_in_a_listed_reporting_read_model():
    assert unexplained(GRAPH.sql_crossings(), REPORTING_READ_MODELS) == [], \
        "read it through the owner's queries (a function, or an SQL fragment it exports)"
