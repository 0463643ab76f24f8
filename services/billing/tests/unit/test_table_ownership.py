"""A capability never touches another capability's tables: it calls the owner's use cases
and queries, or the ledger core's functions. A table's owner is the package whose
tables.py defines it. This fails when a module imports another package's tables module,
or has SQL text naming another package's table (or sequence), unless it is allowlisted
below with its reason.

No exception for the ledger core's tables either: postings and accounts are read through
ledger.accounts / ledger.statements and posted only through ledger.writer, so a capability
holding ``posting_table`` could write around the writer's locks and balances."""

import ast
import re
from pathlib import Path

import billing

ROOT = Path(billing.__file__).parent

# Reporting read models and bulk loaders: one set-based statement across several
# capabilities' tables, kept for speed. Each must really reach across (checked below).
ALLOWED = {
    "billing.debit.queries": "the weekly debit's selection, charge periods and reconciliation over 100,000 "
                             "accounts in one SQL each across account, charge, tenancy, lease and posting "
                             "(benchmark <= 30 s); calling each owner would mean per-account round trips",
    "billing.reports.queries": "reporting read models (rent roll, debit summary, invoice runs) joining account, "
                               "charge, posting and service_charge_invoice in one query",
    "billing.gl.store": "the general ledger export groups a period's postings by account type and links them "
                        "to journals in one INSERT ... SELECT over posting and account",
    "billing.migration.store": "bulk loader: checks which legacy properties, tenancies and accounts exist and "
                               "reserves account numbers from account_number_seq for a whole extract at once",
    "billing.migration.writes": "bulk loader: COPYs a legacy extract straight into property, tenancy, tenant, "
                                "account and charge in one transaction; the per-item use cases would publish "
                                "events and audit rows the migration announces itself",
}

# DML/DDL keywords as billing's SQL spells them (upper case, so prose does not match).
SQL_TABLE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE|COPY)\s+(\w+)"
                       r"|\b(?:nextval|setval|currval)\(\s*'(\w+)'")
TABLE_CALLS = {"Table", "table", "Sequence", "copy_records_to_table", "copy_to_table"}


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package(module: str) -> str:
    """The capability a module belongs to ('' for billing's shared top-level modules)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else ""


def _call_name(node: ast.Call) -> str | None:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def owners() -> dict[str, str]:
    """Table (and sequence) name -> the package whose tables.py defines it."""
    found: dict[str, str] = {}
    for path in sorted(ROOT.glob("*/tables.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Call) and _call_name(node) in ("Table", "Sequence") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found[node.args[0].value] = path.parent.name
    return found


def _docstrings(tree: ast.AST) -> set[int]:
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def reaches(module: str, source: str, tables: dict[str, str]) -> list[str]:
    """What in ``source`` touches another package's tables."""
    own = _package(module)
    tree = ast.parse(source)
    prose = _docstrings(tree)
    found = []

    def foreign(name: str) -> bool:
        return name in tables and tables[name] != own

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            targets = []
        for target in targets:
            parts = target.split(".")
            if len(parts) == 3 and parts[0] == "billing" and parts[2] == "tables" and parts[1] != own:
                found.append(f"line {node.lineno}: imports {target}")
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in prose:
            for match in SQL_TABLE.finditer(node.value):
                name = match.group(1) or match.group(2)
                if foreign(name):
                    found.append(f"line {node.lineno}: SQL names {name} ({tables[name]}'s)")
        if (isinstance(node, ast.Call) and _call_name(node) in TABLE_CALLS and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
                and foreign(node.args[0].value)):
            found.append(f"line {node.lineno}: {_call_name(node)}({node.args[0].value!r})")
    return found


def violations() -> dict[str, list[str]]:
    tables = owners()
    # migrations/ is the schema's history (DDL for every table), not a capability.
    modules = {_module(p): p for p in ROOT.rglob("*.py") if "migrations" not in p.parts}
    found = {name: reaches(name, path.read_text(), tables) for name, path in sorted(modules.items())}
    return {name: what for name, what in found.items() if what}


def test_the_check_sees_a_reach_across():
    tables = {"tenancy": "tenancies", "void_period": "voids", "account_number_seq": "ledger"}
    planted = '''
"""Reads FROM tenancy in a docstring: prose, not SQL."""
from billing.tenancies.tables import tenancy_table
from billing.voids.tables import void_table
from billing.ledger import tables
LAST = text("SELECT t.tenancy_ref FROM void_period v JOIN tenancy t USING (property_ref)")
NEXT = "SELECT nextval('account_number_seq')"
'''
    found = reaches("billing.voids.service", planted, tables)
    assert sorted(found) == [
        "line 3: imports billing.tenancies.tables",
        "line 5: imports billing.ledger.tables",
        "line 6: SQL names tenancy (tenancies's)",
        "line 7: SQL names account_number_seq (ledger's)",
    ]


def test_owners_are_read_from_the_tables_modules():
    tables = owners()
    assert tables["posting"] == "ledger"
    assert tables["account_number_seq"] == "ledger"
    assert tables["property_disposal"] == "right_to_buy"
    assert tables["service_charge_invoice"] == "invoices"


def test_no_capability_touches_another_capabilitys_tables():
    found = violations()
    assert {name: what for name, what in found.items() if name not in ALLOWED} == {}


def test_every_allowlisted_module_still_reaches_across():
    """An entry whose module now goes through the owners' functions leaves the list."""
    assert sorted(set(ALLOWED) - set(violations())) == []
