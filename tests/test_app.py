"""Streamlit AppTest: the slider drives the map payload, empty days and bad stores are handled.

AppTest cannot render st_folium, but the component's ``json_args`` carry the map script, the
day's feature group and the asset links, which is what we assert on (DESIGN.md §4).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import GeoPackageStore

APP = str(Path(__file__).resolve().parent.parent / "streamlit_app.py")


def _run(store: Path, monkeypatch, query: dict[str, str] | None = None) -> AppTest:
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _map_args(at: AppTest) -> dict:
    """The main map's component arguments (the one carrying the day's feature groups)."""
    maps = [json.loads(c.proto.json_args) for c in at.get("component_instance")]
    (main_map,) = [args for args in maps if args.get("feature_group")]
    return main_map


def test_app_renders_map_with_zones_and_events(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch)
    assert not at.exception
    args = _map_args(at)
    assert "feature_group" in args and args["feature_group"]
    assert "map_div" in args["script"]
    assert "As of" in at.subheader[0].value


def test_slider_changes_the_map_payload(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch)
    before = _map_args(at)
    at.slider(key="day").set_value(date(2023, 2, 12)).run()
    assert not at.exception
    after = _map_args(at)
    assert after["feature_group"] != before["feature_group"]
    assert "2023-02-12" in at.subheader[0].value or "12 February 2023" in at.subheader[0].value
    # The base map (script) is the same, so st_folium keeps the mounted map and its zoom.
    assert after["script"] == before["script"]
    assert at.query_params["day"] == ["2023-02-12"] or at.query_params["day"] == "2023-02-12"


def test_map_payload_has_no_remote_assets(seeded_store_path, monkeypatch):
    args = _map_args(_run(seeded_store_path, monkeypatch))
    links = args["js_links"] + args["css_links"]
    assert links, "Leaflet must be loaded through the component's links"
    assert all(link.startswith("data:") for link in links), [link[:60] for link in links]
    for key in ("script", "header", "html", "feature_group"):
        assert not re.search(r"""(src|href)=["']https?://""", args.get(key) or ""), key


def test_day_before_any_data_shows_a_message_not_an_error(tmp_path, monkeypatch):
    from geo.models import Event, EventKind, Place

    path = tmp_path / "late.gpkg"
    with GeoPackageStore(path, create=True) as store:
        store.add_events([
            Event(date(2023, 3, 1), Place("Bakhmut", 48.6, 38.0, "UA"),
                  EventKind.GROUND_FIGHTING, "first", "wire"),
            Event(date(2023, 3, 30), Place("Bakhmut", 48.6, 38.0, "UA"),
                  EventKind.GROUND_FIGHTING, "second", "wire"),
        ])
    at = _run(path, monkeypatch, {"day": "2023-03-15"})
    assert not at.exception
    assert any("No zone report or event" in info.value for info in at.info)


def test_permalink_query_restores_day_and_window(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-03-13", "window": "30"})
    assert at.slider(key="day").value == date(2023, 3, 13)
    assert at.radio(key="window_choice").value == "30"


def test_bad_query_parameter_warns_and_falls_back(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "<img src=x onerror=alert(1)>"})
    assert not at.exception
    assert any("'day'" in warning.value for warning in at.warning)


@pytest.mark.parametrize("content", [b"garbage" * 500, b""])
def test_bad_store_file_gives_a_clear_error(tmp_path, monkeypatch, content):
    path = tmp_path / "broken.gpkg"
    path.write_bytes(content)
    at = _run(path, monkeypatch)
    assert not at.exception
    assert any("broken.gpkg" in error.value for error in at.error)
    assert path.read_bytes() == content


def test_online_tiles_are_off_by_default_and_an_option(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch)
    assert "L.tileLayer" not in _map_args(at)["script"]
    at.checkbox(key="tiles_on").check().run()
    assert "tile.openstreetmap.org" in _map_args(at)["script"]
    at.text_input(key="tile_url").input("javascript:alert(1)").run()
    assert "L.tileLayer" not in _map_args(at)["script"]
    assert any("must start with" in error.value for error in at.error)
