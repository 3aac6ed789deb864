"""The export data formats and policy run without the drawing stack (DESIGN.md §2).

Each check runs in a fresh interpreter (a fork of one child that has imported the CLI),
because the test session itself has imported folium long ago. An import hook makes folium,
branca, streamlit and Playwright unimportable there, so "works without them" is tested, not
just "did not happen to load".
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.common import ROOT

_BLOCK = textwrap.dedent("""
    import importlib.abc, sys
    BLOCKED = ("folium", "branca", "streamlit", "streamlit_folium", "playwright")

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, Block())

    def check():
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
        assert not loaded, loaded
""")


#: Imported once in the child, then each check runs in a forked copy of it, its output and
#: exit code its own (a fresh interpreter per check costs ~1.2 s of start-up each).
_DRIVER = textwrap.dedent("""
    import json, os, sys, textwrap, traceback
    import dashboard.cli, layers.export

    def run(code, out_path, err_path):
        sys.stdout.flush(); sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            for fd, path in ((1, out_path), (2, err_path)):
                os.dup2(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            try:
                exec(textwrap.dedent(code), {"__name__": "__main__", "check": check})
                status = 0
            except SystemExit as exc:
                status = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
            except BaseException:
                traceback.print_exc()
                status = 1
            sys.stdout.flush(); sys.stderr.flush()
            os._exit(status)
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])

    checks = json.loads(sys.stdin.read())
    print(json.dumps({name: run(*args) for name, args in checks.items()}))
""")


def _run_all(checks: dict[str, str], folder: Path) -> dict[str, subprocess.CompletedProcess]:
    """Run each named check (code) without the drawing stack: one child, one fork a check."""
    paths = {name: (folder / f"{name}.out", folder / f"{name}.err") for name in checks}
    done = subprocess.run([sys.executable, "-c", _BLOCK + _DRIVER], cwd=ROOT,
                          input=json.dumps({name: [code, str(out), str(err)] for name, code
                                            in checks.items() for out, err in [paths[name]]}),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    codes = json.loads(done.stdout.splitlines()[-1])
    return {name: subprocess.CompletedProcess(name, codes[name], out.read_text(),
                                              err.read_text())
            for name, (out, err) in paths.items()}


IMPORTS = """
    import layers.export
    import layers.export.changes
    import layers.export.data
    import layers.export.formats
    import layers.export.policy.licence
    import layers.export.policy.opsec
    import layers.export.request
    import layers.export.view
    from layers.export import FORMATS, ExportRequest, Opsec, RangeSpec, run_export
    import dashboard.cli
    dashboard.cli.build_parser()  # imports every CLI command module
    check()
    print("ok", sorted(FORMATS))
"""


@pytest.fixture(scope="module")
def runs(seeded_store_path, tmp_path_factory) -> dict:
    """The three checks' results and their output files."""
    folder = tmp_path_factory.mktemp("without_folium")
    geojson, html = folder / "view.geojson", folder / "view.html"
    store = str(seeded_store_path)
    results = _run_all({
        "imports": IMPORTS,
        "geojson": f"""
            from dashboard.cli import main
            code = main(["--store", {store!r}, "export", "geojson",
                         "--date", "2023-03-13", "--window", "14", "--out", {str(geojson)!r}])
            check()
            raise SystemExit(code)
        """,
        "html": f"""
            from dashboard.cli import main
            raise SystemExit(main(["--store", {store!r}, "export", "html",
                                   "--date", "2023-03-13", "--out", {str(html)!r}]))
        """,
    }, folder)
    return {"results": results, "geojson": geojson, "html": html}


def test_format_and_policy_modules_import_without_folium_or_branca(runs):
    done = runs["results"]["imports"]
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok")


def test_cli_geojson_export_without_folium_or_branca(runs):
    done, out = runs["results"]["geojson"], runs["geojson"]
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["features"]
    assert str(out) in done.stdout


def test_a_drawn_format_without_folium_fails_clearly(runs):
    """The html export needs folium: the error says so, nothing is half-written."""
    done, out = runs["results"]["html"], runs["html"]
    assert done.returncode != 0
    assert "folium" in done.stderr
    assert not out.exists()
