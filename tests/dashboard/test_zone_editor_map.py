"""The "Draw a zone" panel: its map comes from layers with Leaflet.draw inlined, and without
Leaflet.draw installed (a plain `pip install .`, no npm) the panel says so instead of failing."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from layers import asset_files

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


@pytest.fixture
def fresh_draw_assets():
    asset_files.leaflet_draw_js.cache_clear()
    asset_files.leaflet_draw_css.cache_clear()
    yield
    asset_files.leaflet_draw_js.cache_clear()
    asset_files.leaflet_draw_css.cache_clear()


def _draw_panel(store: Path, monkeypatch) -> AppTest:
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    monkeypatch.setenv("FRONTLINE_LOCAL_ANALYST", "1")  # the panel is an analyst's
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["day"] = "2023-03-13"
    at.run()
    at.session_state["panel"] = "Draw a zone"
    return at.run()


def test_editor_map_carries_leaflet_draw_inlined(seeded_store_path, monkeypatch):
    at = _draw_panel(seeded_store_path, monkeypatch)
    assert not at.exception
    maps = [json.loads(c.proto.json_args) for c in at.get("component_instance")]
    (editor,) = [m for m in maps if "L.Control.Draw" in m.get("script", "")]
    links = editor["js_links"] + editor["css_links"]
    assert links and all(link.startswith("data:") for link in links)
    assert any(b"Leaflet.draw 1.0.4" in base64.b64decode(link.split(",", 1)[1])
               for link in editor["js_links"])


def test_without_leaflet_draw_the_panel_says_how_to_install_it(
        seeded_store_path, monkeypatch, tmp_path, fresh_draw_assets):
    monkeypatch.setenv(asset_files.LEAFLET_DRAW_ENV, str(tmp_path))
    at = _draw_panel(seeded_store_path, monkeypatch)
    assert not at.exception
    assert any("Zone drawing is unavailable" in w.value and "make setup" in w.value
               for w in at.warning)
    maps = [json.loads(c.proto.json_args) for c in at.get("component_instance")]
    assert not [m for m in maps if "L.Control.Draw" in m.get("script", "")]
