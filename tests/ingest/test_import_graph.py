"""No import cycle among the geo.ingest modules (lazy, function-level imports counted too),
and each module imports on its own in a fresh interpreter."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "geo" / "ingest"
MODULES = sorted(f"geo.ingest.{p.stem}" for p in PACKAGE.glob("*.py") if p.stem != "__init__")


def imported(module: str) -> set[str]:
    """geo.ingest modules that ``module`` imports anywhere in its source."""
    tree = ast.parse((PACKAGE / f"{module.rsplit('.', 1)[1]}.py").read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in MODULES and name != module}


def test_no_cycle_among_ingest_modules():
    graph = {module: imported(module) for module in MODULES}
    assert graph["geo.ingest.acled"] >= {"geo.ingest.rows"}
    assert "geo.ingest.tables" not in graph["geo.ingest.acled"] | graph["geo.ingest.ucdp"] \
        | graph["geo.ingest.viina"]
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                pytest.fail("import cycle: " + " -> ".join([*path, module, target]))
            if target not in state:
                visit(target, [*path, module])
        state[module] = "done"

    for module in MODULES:
        if module not in state:
            visit(module, [])


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module):
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True,
                            text=True, cwd=PACKAGE.parents[1], timeout=120)
    assert result.returncode == 0, result.stderr
