"""Who imports whom: web → services → models → db; services → optimize; optimize stays pure."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STDLIB = set(sys.stdlib_module_names)


def _imports(folder: str) -> list[tuple[str, str]]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [
                    (str(path.relative_to(ROOT)), alias.name.split(".")[0]) for alias in node.names
                ]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((str(path.relative_to(ROOT)), node.module.split(".")[0]))
    return found


def test_optimize_imports_only_the_standard_library_ortools_and_jsonschema() -> None:
    allowed = STDLIB | {"ortools", "jsonschema", "optimize"}
    bad = [(f, m) for f, m in _imports("optimize") if m not in allowed]
    assert bad == []


@pytest.mark.parametrize("folder", ["scheduler/models", "scheduler/services", "scheduler/demo"])
def test_domain_code_never_imports_the_web_layer(folder: str) -> None:
    bad = [
        (f, m)
        for f, m in _imports(folder)
        if m in {"flask", "flask_login", "flask_wtf", "flask_babel", "flask_htmx"}
    ]
    assert bad == []
    web = [
        (f, m)
        for f, m in _imports(folder)
        if m == "scheduler" and "scheduler.web" in Path(ROOT / f).read_text()
    ]
    assert web == []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute_imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module, imported names) of every `from ... import`, relative ones resolved."""
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.append((module, [alias.name for alias in node.names]))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
    return found


KIND_PACKAGES = sorted(p.parent.name for p in (ROOT / "optimize").glob("*/__init__.py"))


@pytest.mark.parametrize("kind", KIND_PACKAGES)
def test_a_kind_reaches_other_kinds_only_through_the_shared_modules(kind: str) -> None:
    shared = {"optimize.common", "optimize.plan_text"}
    bad = []
    for path in sorted((ROOT / "optimize" / kind).rglob("*.py")):
        for module, _names in _absolute_imports(path):
            own = module == f"optimize.{kind}" or module.startswith(f"optimize.{kind}.")
            if module.startswith("optimize") and not own and module not in shared:
                bad.append((str(path.relative_to(ROOT)), module))
    assert bad == []


def _package_of(module: str) -> str:
    """The package a module belongs to (a package's own __init__ belongs to itself)."""
    path = ROOT / Path(*module.split("."))
    return module if path.is_dir() else module.rpartition(".")[0]


def test_no_module_imports_another_packages_private_helpers() -> None:
    bad = []
    for folder in ("optimize", "scheduler"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            here = _module_name(path)
            home = here if path.name == "__init__.py" else here.rpartition(".")[0]
            for module, names in _absolute_imports(path):
                if not module.startswith(("optimize", "scheduler")):
                    continue
                private = [n for n in names if n.startswith("_") and not n.startswith("__")]
                if private and not home.startswith(_package_of(module)):
                    bad.append((str(path.relative_to(ROOT)), module, private))
    assert bad == []


def test_the_layering_checks_see_the_area_packages() -> None:
    """Guards the checks above against scanning nothing after a move."""
    assert {"fleet", "venues", "dorms"} <= set(KIND_PACKAGES)
    for area in ("fleet", "dispatch", "admin", "dorms"):
        assert (ROOT / "scheduler" / "services" / area / "__init__.py").is_file()
