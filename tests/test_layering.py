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
