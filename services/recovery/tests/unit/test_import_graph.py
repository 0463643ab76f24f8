"""Recovery's import graph, read from the source with ast (imports inside functions
count too): no module imports itself round a circle, a rules module stays pure however
deep its own imports go, and a capability reads another's data through that
capability's use cases and queries, never its tables."""

from __future__ import annotations

import ast
from pathlib import Path

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
