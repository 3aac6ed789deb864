"""The core stands alone: nothing under ``geo/`` imports the demo content, the map or the
app, and nothing reads the environment outside a named entry point.

There is no such entry point today: the store location (``$FRONTLINE_STORE``) and the
gazetteer's cache directory (``$FRONTLINE_CACHE_DIR``) are parameters of the core
(``geo.store.open_store(target)``, ``geo.gazetteer.set_cache_dir`` /
``load_gazetteer(cache_dir=...)``) that ``dashboard/environment.py`` fills in. A future
one goes into :data:`ENV_ENTRY_POINTS` as (file under geo/, function), with a docstring
naming the variable.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import geo

GEO_DIR = Path(geo.__file__).resolve().parent
FORBIDDEN = {"seeds", "layers", "dashboard", "folium", "streamlit", "streamlit_folium",
             "branca"}
ENV_ENTRY_POINTS: set[tuple[str, str]] = set()
MODULES = sorted(p for p in GEO_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    return path.relative_to(GEO_DIR).as_posix()


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, top-level module) of every import, absolute or relative, at any depth."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module.split(".")[0]))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute) \
                and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
                    "import_module", "__import__") and node.args \
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value,
                                                                             str):
            found.append((node.lineno, node.args[0].value.split(".")[0]))
    return found


def environment_reads(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, enclosing function) of every ``os.environ``/``os.getenv``/``os.putenv`` use
    and every ``from os import environ, getenv``."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "putenv",
                                                             "environb", "unsetenv"):
            found.append((node.lineno, function))
        if isinstance(node, ast.ImportFrom) and node.module == "os" and any(
                a.name in ("environ", "getenv", "environb") for a in node.names):
            found.append((node.lineno, function))
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, "<module>")
    return found


def test_the_checks_see_what_they_look_for():
    tree = ast.parse("import folium\nfrom seeds import x\nimport os\n"
                     "def f():\n    return os.environ.get('X'), os.getenv('Y')\n"
                     "importlib.import_module('layers.basemap')\n")
    assert {m for _, m in imported_modules(tree)} >= {"folium", "seeds", "layers"}
    assert environment_reads(tree) == [(5, "f"), (5, "f")]


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_demo_map_or_app_import(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [(line, name) for line, name in imported_modules(tree) if name in FORBIDDEN]
    assert not bad, f"geo/{_name(path)} imports {bad}"


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_no_environment_reads_outside_named_entry_points(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [(line, function) for line, function in environment_reads(tree)
           if (_name(path), function) not in ENV_ENTRY_POINTS]
    assert not bad, f"geo/{_name(path)} reads the environment at {bad}"


def test_reference_data_lives_in_geo_not_seeds():
    root = GEO_DIR.parent
    for moved in ("gazetteer", "rules"):
        assert not (root / "seeds" / moved).exists(), f"seeds/{moved} is geo/data/{moved} now"
    assert not list((root / "seeds" / "basemap").glob("*.geojson")), "outlines: geo/data"
    assert (GEO_DIR / "data" / "gazetteer" / "theatre.csv").is_file()
