"""No service imports another service, and shared/ imports no service: each service's code
and tests must run where that service is deployed alone. Cross-service tests live in tests/."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SERVICES = ROOT / "services"
SHARED = ROOT / "shared"
SKIPPED_PARTS = {".venv", "__pycache__", "build"}


def service_packages() -> dict[str, Path]:
    """{package name: its service folder}: the packages beside each service's pyproject."""
    return {
        package.name: service
        for service in sorted(SERVICES.glob("*/"))
        if (service / "pyproject.toml").exists()
        for package in service.iterdir()
        if (package / "__init__.py").exists() and package.name != "tests"
    }


def python_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py")
                  if not SKIPPED_PARTS & set(p.relative_to(folder).parts) and ".egg-info" not in str(p))


COMPUTED = "<computed>"


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) for every absolute import and every importlib.import_module/__import__;
    a module name computed at run time (an f-string, a variable) is COMPUTED plus its source,
    since no one can tell which service it loads."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
        elif (isinstance(node, ast.Call) and node.args
              and getattr(node.func, "attr", getattr(node.func, "id", None)) in {"import_module", "__import__"}):
            name = node.args[0]
            literal = isinstance(name, ast.Constant) and isinstance(name.value, str)
            found.append((node.lineno, name.value if literal else f"{COMPUTED} {ast.unparse(name)}"))
    return sorted(found)


def foreign_imports(folder: Path, forbidden: set[str], *, named_from: Path = ROOT) -> list[str]:
    problems = []
    for path in python_files(folder):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, module in imported_modules(tree):
            where = f"{path.relative_to(named_from)}:{line}"
            if module.startswith(COMPUTED):
                problems.append(f"{where}: loads a module by a computed name ({module.removeprefix(COMPUTED)[1:]}):"
                                " name it literally, or register it as an entry point")
            elif module.split(".")[0] in forbidden:
                problems.append(f"{where}: imports {module}")
    return problems


PACKAGES = service_packages()
needs_services = pytest.mark.skipif(not PACKAGES, reason="no services/ beside shared/ (shared deployed alone)")


@needs_services
def test_every_service_is_found():
    assert set(PACKAGES) >= {"billing", "payments", "recovery", "refunds", "notifications"}


@needs_services
@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_a_service_imports_no_other_service(package):
    others = set(PACKAGES) - {package}
    problems = foreign_imports(PACKAGES[package], others)
    assert not problems, "a service may import only itself and shared:\n" + "\n".join(problems)


@needs_services
def test_shared_imports_no_service():
    problems = foreign_imports(SHARED, set(PACKAGES))
    assert not problems, "shared/ must not depend on any service:\n" + "\n".join(problems)


def test_the_check_names_file_and_line_of_every_form_of_import(tmp_path):
    (tmp_path / "m.py").write_text(
        "import os\nimport payments.bootstrap\nfrom recovery.config import X\nfrom . import local\n"
        "import importlib\nimportlib.import_module('refunds.api')\n__import__('billing')\n"
        "for name in SERVICES:\n    importlib.import_module(f'{name}.entrypoints.consumers')\n"
        "__import__(module)\n")
    assert foreign_imports(tmp_path, {"payments", "recovery", "refunds"}, named_from=tmp_path) == [
        "m.py:2: imports payments.bootstrap", "m.py:3: imports recovery.config", "m.py:6: imports refunds.api",
        "m.py:9: loads a module by a computed name (f'{name}.entrypoints.consumers'): name it literally, "
        "or register it as an entry point",
        "m.py:10: loads a module by a computed name (module): name it literally, or register it as an entry point"]
