"""A service package's import graph and SQL, read from its source with ``ast`` (nothing is
imported), for the tests that keep a service's shape: no module or capability imports
itself round a circle, rules modules stay free of frameworks however deep their imports go,
and a capability reaches another's data through that capability's functions — never by
importing its ``tables`` module or naming its tables in SQL text.

A capability is a package one level below the service package (``billing.leasehold``);
it owns the tables and sequences its ``tables.py`` defines (``Table("name", ...)``,
``Sequence("name", ...)``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

FRAMEWORKS = ("sqlalchemy", "fastapi", "asyncpg", "starlette", "aio_pika", "faststream")
NOT_CAPABILITIES = {"migrations"}
# COPY helpers: the position of the table argument (the repo's own helpers take the
# connection first; asyncpg's connection methods take the table first).
COPY_HELPERS = {"copy_rows": 1, "copy_records": 1, "copy_records_to_table": 0, "copy_to_table": 0}


def imports_of(path: Path, module: str) -> set[str]:
    """Every module ``path`` imports, wherever the statement stands (in a function too);
    ``from a import b`` counts a and a.b (b may be a module: see ``PackageGraph.internal``)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def circles(graph: Mapping[str, Iterable[str]]) -> list[list[str]]:
    """Each group of nodes that reach each other (Tarjan's strongly connected components),
    sorted; a node importing itself is a group of one."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while (member := stack.pop()) != node:
                on_stack.discard(member)
                group.append(member)
            on_stack.discard(node)
            group.append(node)
            if len(group) > 1 or node in graph.get(node, ()):
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def reachable(graph: Mapping[str, Iterable[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in graph.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


# --- SQL text ---------------------------------------------------------------------------
_QUOTED = re.compile(r"'(?:[^']|'')*'")
_COMMENT = re.compile(r"--[^\n]*")
_LOOKS_LIKE_SQL = re.compile(r"\b(select|insert\s+into|update\s+\w+(\s+\w+)?\s+set|delete\s+from)\b", re.I)
_WRITTEN = re.compile(r"\b(?:insert\s+into|update|delete\s+from|copy)\s+(?:only\s+)?([a-z_][a-z0-9_]*)", re.I)
_SEQUENCE = re.compile(r"\b(?:nextval|setval|currval)\(\s*'([a-z_][a-z0-9_]*)'", re.I)
_NAMED = re.compile(r"\b(?:join|into|update|table)\s+(?:only\s+|lateral\s+)?([a-z_][a-z0-9_]*)", re.I)
# A FROM list up to the next clause or parenthesis: each of its comma-separated items is read.
_FROM_LIST = re.compile(r"\bfrom\s+(.*?)(?=\b(?:where|group|order|having|limit|on|using|join|left|right|inner|"
                        r"full|cross|natural|union|except|intersect|returning)\b|[()]|;|$)", re.I | re.S)


def strings(tree: ast.AST) -> list[tuple[str, bool]]:
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
        elif isinstance(node, ast.Call) and (at := COPY_HELPERS.get(
                getattr(node.func, "id", None) or getattr(node.func, "attr", None))) is not None \
                and len(node.args) > at and isinstance(node.args[at], ast.Constant):
            skip.add(id(node.args[at]))
            found.append((f"COPY {node.args[at].value}", True))
    found += [(n.value, False) for n in ast.walk(tree)
              if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip]
    return found


def sql_tables(sql: str, *, copy: bool = False) -> tuple[set[str], set[str]]:
    """(the tables the SQL names, those it writes) if the string is SQL, else nothing.
    A sequence the SQL draws from (``nextval('name')``) is named, as a read."""
    if not copy and not _LOOKS_LIKE_SQL.search(sql):
        return set(), set()
    sequences = {m.lower() for m in _SEQUENCE.findall(_COMMENT.sub(" ", sql))}
    sql = _COMMENT.sub(" ", _QUOTED.sub("''", sql))
    written = {m.lower() for m in _WRITTEN.findall(sql)}
    named = written | sequences | {m.lower() for m in _NAMED.findall(sql)}
    for listed in _FROM_LIST.findall(sql):
        named.update(item.split()[0].lower() for item in listed.split(",") if item.split())
    return named, written


def defined_tables(path: Path) -> set[str]:
    """The names of the tables and sequences a module defines: ``Table("name", metadata, ...)``,
    ``Sequence("name", ...)``."""
    return {node.args[0].value for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))
            if isinstance(node, ast.Call) and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            in ("Table", "Sequence") and node.args and isinstance(node.args[0], ast.Constant)}


@dataclass(frozen=True)
class Crossing:
    """A module reaching another capability's table (or tables module)."""

    module: str
    target: str  # a table, or a tables module
    owner: str
    writes: bool = False

    def __str__(self) -> str:
        return f"{self.module} {'writes' if self.writes else 'reads'} {self.target} ({self.owner})"


@dataclass
class PackageGraph:
    """One service package (``services/<name>/<name>``), its modules and what they import."""

    root: Path
    files: dict[str, Path] = field(init=False)
    imports: dict[str, set[str]] = field(init=False)  # module -> every module it imports
    internal: dict[str, set[str]] = field(init=False)  # module -> the package's modules it imports

    def __post_init__(self) -> None:
        self.files = {self.module_name(p): p for p in sorted(self.root.rglob("*.py"))
                      if "versions" not in p.relative_to(self.root).parts}
        self.imports = {name: imports_of(path, name) for name, path in self.files.items()}
        self.internal = {name: self._resolved(name, found) for name, found in self.imports.items()}

    def _resolved(self, module: str, found: set[str]) -> set[str]:
        """The package's modules among ``found``: ``from a import b`` is a.b where that is a
        module (not a's ``__init__``, which would make every package importing its own
        submodules a circle), else a."""
        modules = {i for i in found if i in self.files and i != module}
        return {i for i in modules if not any(other.startswith(f"{i}.") and other in modules
                                                 and self.files[i].name == "__init__.py" for other in modules)}

    def module_name(self, path: Path) -> str:
        parts = path.relative_to(self.root.parent).with_suffix("").parts
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    @staticmethod
    def capability(module: str) -> str | None:
        parts = module.split(".")
        return parts[1] if len(parts) > 2 and parts[1] not in NOT_CAPABILITIES else None

    def module_circles(self) -> list[list[str]]:
        return circles(self.internal)

    def capability_circles(self) -> list[list[str]]:
        packages: dict[str, set[str]] = {}
        for module, imported in self.internal.items():
            if own := self.capability(module):
                packages.setdefault(own, set()).update(
                    c for i in imported if (c := self.capability(i)) and c != own)
        return circles(packages)

    def impure_rules(self, frameworks: Iterable[str] = FRAMEWORKS) -> dict[str, list[str]]:
        """{rules module: the framework imports it reaches through the package's modules}."""
        frameworks = tuple(frameworks)
        found = {}
        for module in self.rules_modules():
            impure = sorted(f"{m} imports {i}" for m in reachable(self.internal, module) for i in self.imports[m]
                            if i.split(".")[0] in frameworks)
            if impure:
                found[module] = impure
        return found

    def rules_modules(self) -> list[str]:
        return [m for m in self.files if m.rsplit(".", 1)[-1] == "rules"]

    def table_owners(self) -> dict[str, str]:
        """{table or sequence name: the capability whose tables.py defines it}."""
        owners = {}
        for module, path in self.files.items():
            if path.name == "tables.py" and (own := self.capability(module)):
                owners.update(dict.fromkeys(defined_tables(path), own))
        return owners

    def tables_imports(self) -> list[Crossing]:
        """Imports of another capability's tables module."""
        return sorted((Crossing(m, i, self.capability(i) or "") for m, found in self.internal.items() for i in found
                       if i.endswith(".tables") and (own := self.capability(m))
                       and self.capability(i) not in (None, own)), key=str)

    def sql_crossings(self) -> list[Crossing]:
        """Each (module, table) where a module's SQL text names another capability's table."""
        owners = self.table_owners()
        found: set[Crossing] = set()
        for module, path in self.files.items():
            own = self.capability(module)
            if own is None or path.name == "tables.py":
                continue
            for text, copy in strings(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                named, writes = sql_tables(text, copy=copy)
                found.update(Crossing(module, table, owners[table], table in writes)
                             for table in named & owners.keys() if owners[table] != own)
        return sorted(found, key=str)


def unexplained(crossings: Iterable[Crossing], allowed: Mapping[str, tuple[frozenset[str], str]]) -> list[str]:
    """The crossings an allowlist ({module: (capabilities it may read, why)}) does not
    explain: every write, and every read of a capability not listed for its module; and
    allowlist entries that are stale or give no reason."""
    crossings = list(crossings)
    problems = [str(c) for c in crossings
                if c.writes or c.owner not in allowed.get(c.module, (frozenset(), ""))[0]]
    for module, (capabilities, why) in allowed.items():
        read = {c.owner for c in crossings if c.module == module and not c.writes}
        if not why.strip():
            problems.append(f"{module}: allowed without a reason")
        if stale := set(capabilities) - read:
            problems.append(f"{module}: allowed to read {sorted(stale)}, which it no longer does")
    return problems
