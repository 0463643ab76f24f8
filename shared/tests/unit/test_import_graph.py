"""Every service's shape, read from its source: no module imports itself round a circle
(imports inside functions count), and rules stay free of frameworks however deep their
imports go. A service organised by capability adds, in its own tests, what only it knows:
which of its capabilities may reach which (shared.testing.import_graph does the reading)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from shared.testing.import_graph import Crossing, PackageGraph, circles, imports_of, sql_tables, strings, unexplained

SERVICES = Path(__file__).resolve().parents[3] / "services"
PACKAGES = {service.name: service / service.name for service in sorted(SERVICES.glob("*/"))
            if (service / service.name / "__init__.py").exists()}
needs_services = pytest.mark.skipif(not PACKAGES, reason="no services/ beside shared/ (shared deployed alone)")
each_service = pytest.mark.parametrize("service", sorted(PACKAGES))


@needs_services
@each_service
def test_no_module_imports_itself_round_a_circle(service):
    graph = PackageGraph(PACKAGES[service])
    assert len(graph.files) > 10  # the package is read
    assert graph.module_circles() == [], "modules that import each other"


@needs_services
@each_service
def test_rules_stay_free_of_frameworks_however_deep_their_imports_go(service):
    assert PackageGraph(PACKAGES[service]).impure_rules() == {}


def test_a_circle_through_a_function_level_and_a_relative_import_is_found(tmp_path):
    root = tmp_path / "pkg"
    (root / "sub").mkdir(parents=True)
    (root / "__init__.py").write_text("")
    (root / "sub" / "__init__.py").write_text("")
    (root / "a.py").write_text("from pkg.sub import b\n")
    (root / "sub" / "b.py").write_text("def f():\n    from .. import c\n")
    (root / "c.py").write_text("import pkg.a\n")
    (root / "d.py").write_text("from pkg import a\n")
    graph = PackageGraph(root)
    assert graph.internal["pkg.sub.b"] == {"pkg.c"}  # `from .. import c` is the module, not pkg
    assert graph.module_circles() == [["pkg.a", "pkg.c", "pkg.sub.b"]]
    assert "pkg.sub" in imports_of(root / "a.py", "pkg.a")


def test_capabilities_rules_and_tables_are_read_from_the_tree(tmp_path):
    root = tmp_path / "svc"
    for folder in ("svc", "svc/alpha", "svc/beta", "svc/migrations"):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / "__init__.py").write_text("")
    (root / "alpha" / "rules.py").write_text("from svc.alpha import helpers\n")
    (root / "alpha" / "helpers.py").write_text("def f():\n    import sqlalchemy\n")
    (root / "alpha" / "tables.py").write_text('t = Table("alpha_row", metadata)\n')
    (root / "beta" / "tables.py").write_text('u = sa.Table("beta_row", metadata)\n')
    (root / "beta" / "service.py").write_text(
        "from svc.alpha.tables import t\nfrom svc.alpha import rules\n"
        'Q = "UPDATE alpha_row SET x = 1"\nR = "SELECT * FROM alpha_row a JOIN beta_row b ON true"\n')
    (root / "alpha" / "service.py").write_text("from svc.beta import service\n")
    graph = PackageGraph(root)
    assert graph.table_owners() == {"alpha_row": "alpha", "beta_row": "beta"}
    assert graph.capability_circles() == [["alpha", "beta"]]
    assert graph.impure_rules() == {"svc.alpha.rules": ["svc.alpha.helpers imports sqlalchemy"]}
    assert [str(c) for c in graph.tables_imports()] == ["svc.beta.service reads svc.alpha.tables (alpha)"]
    assert [str(c) for c in graph.sql_crossings()] == [
        "svc.beta.service reads alpha_row (alpha)", "svc.beta.service writes alpha_row (alpha)"]


def test_circles_are_each_group_that_reaches_itself():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"d"}, "e": {"a"}}) == [["a", "b", "c"], ["d"]]


def test_the_sql_reader_finds_the_tables_a_statement_names_and_writes(tmp_path):
    named, written = sql_tables("""
        WITH x AS (SELECT a.k FROM alpha a, beta b WHERE a.k = b.k AND a.note = 'FROM gamma')
        UPDATE delta d SET v = 1 FROM epsilon e JOIN zeta z USING (k) WHERE d.k = e.k
          AND EXISTS (SELECT 1 FROM eta WHERE eta.k = d.k) -- FROM theta
    """)
    assert named == {"alpha", "beta", "delta", "epsilon", "zeta", "eta"} and written == {"delta"}
    assert sql_tables("the moratorium ends from the day it was registered") == (set(), set())
    (tmp_path / "m.py").write_text(
        '"""SELECT * FROM in_a_docstring"""\n'
        'Q = text(f"INSERT INTO iota SELECT * FROM ({FRAGMENT}) f JOIN kappa k ON true")\n'
        'async def f(s):\n    await copy_rows(s, "lambda_", [])\n')
    tables = [sql_tables(t, copy=c) for t, c in strings(ast.parse((tmp_path / "m.py").read_text()))]
    assert set().union(*(n for n, _ in tables)) == {"iota", "kappa", "lambda_"}
    assert set().union(*(w for _, w in tables)) == {"iota", "lambda_"}


def test_sequences_are_owned_and_drawn_from_and_asyncpg_copies_name_their_table(tmp_path):
    root = tmp_path / "svc"
    for folder in ("svc", "svc/alpha", "svc/beta"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "__init__.py").write_text("")
    (root / "alpha" / "tables.py").write_text(
        't = Table("alpha_row", metadata)\nnumbers = Sequence("alpha_seq", start=1, metadata=metadata)\n')
    (root / "beta" / "tables.py").write_text('u = Table("beta_row", metadata)\n')
    (root / "beta" / "store.py").write_text(
        "NEXT = text(\"SELECT nextval('alpha_seq') FROM generate_series(1, :n)\")\n"
        "async def load(raw):\n    await raw.copy_records_to_table(\"alpha_row\", records=[])\n"
        "    await raw.copy_records_to_table(\"beta_row\", records=[])\n")
    graph = PackageGraph(root)
    assert graph.table_owners() == {"alpha_row": "alpha", "alpha_seq": "alpha", "beta_row": "beta"}
    assert [str(c) for c in graph.sql_crossings()] == [
        "svc.beta.store reads alpha_seq (alpha)", "svc.beta.store writes alpha_row (alpha)"]


def test_an_allowlist_explains_reads_only_and_must_say_why_and_stay_current():
    read = Crossing("svc.reports.queries", "alpha_row", "alpha")
    write = Crossing("svc.reports.queries", "beta_row", "beta", writes=True)
    assert unexplained([read], {"svc.reports.queries": (frozenset({"alpha"}), "one statement over the estate")}) == []
    assert unexplained([read, write], {"svc.reports.queries": (frozenset({"alpha"}), "")}) == [
        "svc.reports.queries writes beta_row (beta)", "svc.reports.queries: allowed without a reason"]
    assert unexplained([], {"svc.reports.queries": (frozenset({"alpha"}), "why")}) == [
        "svc.reports.queries: allowed to read ['alpha'], which it no longer does"]
    assert unexplained([read], {}) == ["svc.reports.queries reads alpha_row (alpha)"]
