"""Recovery's import graph, read from the source with ast (imports inside functions
count too): no module imports itself round a circle, a rules module stays pure however
deep its own imports go, and a capability reads another's data through that
capability's use cases and queries, never its tables: neither by importing its tables
module nor by naming its tables in SQL text (a set-based statement that needs another
package's rows embeds the SQL fragment that package's queries export)."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

from sqlalchemy import Table

import recovery

ROOT = Path(recovery.__file__).parent
FRAMEWORKS = ("sqlalchemy", "fastapi", "asyncpg")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str) -> set[str]:
    """Every module `path` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # `from pkg import module`
    return found


def _graph() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(recovery module -> the recovery modules it imports, module -> everything it imports)."""
    files = {_module_name(p): p for p in ROOT.rglob("*.py") if "versions" not in p.parts}
    everything = {name: _imports(path, name) for name, path in files.items()}
    internal = {name: {i for i in imported if i in files and i != name} for name, imported in everything.items()}
    return internal, everything


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def _reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _capability(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else None  # recovery.<capability>.<module>


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path):
    (tmp_path / "a.py").write_text("def f():\n    from pkg import b\n")
    assert "pkg.b" in _imports(tmp_path / "a.py", "pkg.a")
    assert _cycle({"pkg.a": {"pkg.b"}, "pkg.b": {"pkg.c"}, "pkg.c": {"pkg.a"}}) == ["pkg.a", "pkg.b", "pkg.c", "pkg.a"]


def test_no_module_imports_itself_round_a_circle():
    internal, _ = _graph()
    assert _cycle(internal) is None


def test_no_capability_package_imports_itself_round_a_circle():
    internal, _ = _graph()
    packages: dict[str, set[str]] = {}
    for module, imported in internal.items():
        if (own := _capability(module)) and own != "migrations":
            packages.setdefault(own, set()).update(
                c for i in imported if (c := _capability(i)) and c != own)
    assert _cycle(packages) is None


def test_rules_modules_stay_pure_however_deep_their_imports_go():
    internal, everything = _graph()
    rules = [m for m in internal if m.rsplit(".", 1)[-1] == "rules"]
    assert len(rules) >= 7  # one per capability with rules of its own
    for module in rules:
        impure = {f"{m} imports {i}" for m in _reachable(internal, module) for i in everything[m]
                  if i.split(".")[0] in FRAMEWORKS}
        assert not impure, f"{module} reaches a framework: {sorted(impure)}"


def test_a_capability_never_imports_another_capabilitys_tables():
    internal, _ = _graph()
    crossing = sorted(f"{m} -> {i}" for m, imported in internal.items() for i in imported
                      if i.endswith(".tables") and _capability(m) not in (None, "migrations", _capability(i)))
    assert crossing == []


# Reporting read models: module -> (the other packages whose tables its SQL may name,
# why the statement cannot be composed from those packages' fragments). Reads only:
# no module ever writes another package's table. Empty: the daily run's facts, the
# KPIs and the agencies' performance are each one statement composed from fragments.
REPORTING_READ_MODELS: dict[str, tuple[frozenset[str], str]] = {}

_QUOTED = re.compile(r"'(?:[^']|'')*'")
_COMMENT = re.compile(r"--[^\n]*")
_LOOKS_LIKE_SQL = re.compile(r"\b(select|insert\s+into|update\s+\w+(\s+\w+)?\s+set|delete\s+from)\b", re.I)
_WRITTEN = re.compile(r"\b(?:insert\s+into|update|delete\s+from|copy)\s+(?:only\s+)?([a-z_][a-z0-9_]*)", re.I)
_NAMED = re.compile(r"\b(?:join|into|update|table)\s+(?:only\s+|lateral\s+)?([a-z_][a-z0-9_]*)", re.I)
# A FROM list up to the next clause or parenthesis: each of its comma-separated items is read.
_FROM_LIST = re.compile(r"\bfrom\s+(.*?)(?=\b(?:where|group|order|having|limit|on|using|join|left|right|inner|"
                        r"full|cross|natural|union|except|intersect|returning)\b|[()]|;|$)", re.I | re.S)
_COPIES = ("copy_rows", "copy_records")


def _table_owners() -> dict[str, str]:
    """Each table's name -> the package whose tables.py defines it."""
    owners: dict[str, str] = {}
    for path in sorted(ROOT.glob("*/tables.py")):
        module = importlib.import_module(_module_name(path))
        for value in vars(module).values():
            if isinstance(value, Table):
                owners[value.name] = _capability(module.__name__)
    return owners


def _strings(tree: ast.AST) -> list[tuple[str, bool]]:
    """Every string literal but docstrings, an f-string's parts joined round a placeholder,
    each with whether it is the table argument of a COPY helper (a write)."""
    skip: set[int] = set()
    found: list[tuple[str, bool]] = []
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            skip.add(id(first.value))  # a docstring
        if isinstance(node, ast.JoinedStr):
            skip.update(id(v) for v in node.values)
            found.append(("".join(v.value if isinstance(v, ast.Constant) else " {} " for v in node.values), False))
        elif (isinstance(node, ast.Call) and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
              and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) in _COPIES):
            skip.add(id(node.args[1]))
            found.append((f"COPY {node.args[1].value}", True))
    found += [(n.value, False) for n in ast.walk(tree)
              if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]
    return found


def _sql_tables(sql: str, *, copy: bool = False) -> tuple[set[str], set[str]]:
    """(the tables the SQL names, those it writes) if the string is SQL, else nothing."""
    if not copy and not _LOOKS_LIKE_SQL.search(sql):
        return set(), set()
    sql = _COMMENT.sub(" ", _QUOTED.sub("''", sql))
    written = {m.lower() for m in _WRITTEN.findall(sql)}
    named = written | {m.lower() for m in _NAMED.findall(sql)}
    for listed in _FROM_LIST.findall(sql):
        named.update(item.split()[0].lower() for item in listed.split(",") if item.split())
    return named, written


def _foreign_sql() -> tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]:
    """({(module, table, owner)} read in another package's SQL, {...} written there)."""
    owners = _table_owners()
    read, written = set(), set()
    for path in ROOT.rglob("*.py"):
        module = _module_name(path)
        own = _capability(module)
        if own == "migrations" or path.name == "tables.py":
            continue
        for text, copy in _strings(ast.parse(path.read_text(), str(path))):
            named, writes = _sql_tables(text, copy=copy)
            for table in named & owners.keys():
                if owners[table] != own:
                    (written if table in writes else read).add((module, table, owners[table]))
    return read, written


def test_the_sql_reader_finds_the_tables_a_statement_names_and_writes(tmp_path):
    named, written = _sql_tables("""
        WITH x AS (SELECT a.k FROM alpha a, beta b WHERE a.k = b.k AND a.note = 'FROM gamma')
        UPDATE delta d SET v = 1 FROM epsilon e JOIN zeta z USING (k) WHERE d.k = e.k
          AND EXISTS (SELECT 1 FROM eta WHERE eta.k = d.k) -- FROM theta
    """)
    assert named == {"alpha", "beta", "delta", "epsilon", "zeta", "eta"} and written == {"delta"}
    assert _sql_tables("the moratorium ends from the day it was registered") == (set(), set())
    (tmp_path / "m.py").write_text(
        '"""SELECT * FROM in_a_docstring"""\n'
        'Q = text(f"INSERT INTO iota SELECT * FROM ({FRAGMENT}) f JOIN kappa k ON true")\n'
        'async def f(s):\n    await copy_rows(s, "lambda_", [])\n')
    strings = _strings(ast.parse((tmp_path / "m.py").read_text()))
    tables = [_sql_tables(t, copy=c) for t, c in strings]
    assert set().union(*(n for n, _ in tables)) == {"iota", "kappa", "lambda_"}
    assert set().union(*(w for _, w in tables)) == {"iota", "lambda_"}


def test_every_table_has_one_owner_package():
    owners = _table_owners()
    assert {"account_position", "money_posting", "recovery_case", "fta_case", "breathing_space", "arrangement",
            "recommendation", "arrears_snapshot"} <= owners.keys()
    assert None not in owners.values()


def test_no_package_writes_another_packages_table_in_sql():
    _, written = _foreign_sql()
    assert sorted(written) == [], "a write belongs in the owning package's service or queries"


def test_sql_names_another_packages_table_only_in_an_allowlisted_reporting_read_model():
    read, _ = _foreign_sql()
    crossing = sorted(f"{module} reads {table} ({owner})" for module, table, owner in read
                      if owner not in REPORTING_READ_MODELS.get(module, (frozenset(), ""))[0])
    assert crossing == [], "read it through the owner's queries (a function, or an SQL fragment it exports)"
    for module, (packages, why) in REPORTING_READ_MODELS.items():  # no stale entry, and each says why
        assert why and packages <= {owner for m, _, owner in read if m == module}, module
