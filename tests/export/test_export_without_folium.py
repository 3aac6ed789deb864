"""The export data formats and policy run without the drawing stack (DESIGN.md §2).

Each check runs in a fresh interpreter, because the test session itself has imported
folium long ago. An import hook makes folium, branca, streamlit and Playwright
unimportable there, so "works without them" is tested, not just "did not happen to load".
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

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


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _BLOCK + textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_format_and_policy_modules_import_without_folium_or_branca():
    done = _run("""
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
    """)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok")


def test_cli_geojson_export_without_folium_or_branca(seeded_store_path, tmp_path: Path):
    out = tmp_path / "view.geojson"
    done = _run(f"""
        from dashboard.cli import main
        code = main(["--store", {str(seeded_store_path)!r}, "export", "geojson",
                     "--date", "2023-03-13", "--window", "14", "--out", {str(out)!r}])
        check()
        raise SystemExit(code)
    """)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection" and data["features"]
    assert str(out) in done.stdout


def test_a_drawn_format_without_folium_fails_clearly(seeded_store_path, tmp_path: Path):
    """The html export needs folium: the error says so, nothing is half-written."""
    out = tmp_path / "view.html"
    done = _run(f"""
        from dashboard.cli import main
        raise SystemExit(main(["--store", {str(seeded_store_path)!r}, "export", "html",
                               "--date", "2023-03-13", "--out", {str(out)!r}]))
    """)
    assert done.returncode != 0
    assert "folium" in done.stderr
    assert not out.exists()
