"""No import cycle among the geo.ingest modules (lazy, function-level imports counted too),
and each module imports on its own in a fresh interpreter."""

from __future__ import annotations

import ast
import json
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


#: Run in one fresh interpreter: third-party libraries are imported once, then each module is
#: imported in a forked child that has no geo module loaded yet (forking instead of a new
#: interpreter per module: ~0.2 s a module instead of ~1.4 s). Prints one JSON line.
_DRIVER = """
import json, os, sys, traceback
for name in ("numpy", "pandas", "shapely", "pyproj", "pyogrio", "geopandas"):
    try:
        __import__(name)
    except ImportError:
        pass
assert not [m for m in sys.modules if m == "geo" or m.startswith("geo.")]
results = {}
for module in sys.argv[1:]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            __import__(module)
            code, message = 0, ""
        except BaseException:
            code, message = 1, traceback.format_exc()
        os.write(write, message.encode())
        os._exit(code)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    results[module] = [os.waitstatus_to_exitcode(status), b"".join(chunks).decode()]
print(json.dumps(results))
"""


@pytest.fixture(scope="module")
def imports_alone() -> dict[str, list]:
    """Each module's exit code and traceback, imported on its own (see :data:`_DRIVER`)."""
    result = subprocess.run([sys.executable, "-c", _DRIVER, *MODULES], capture_output=True,
                            text=True, cwd=PACKAGE.parents[1], timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module, imports_alone):
    code, error = imports_alone[module]
    assert code == 0, error
