"""The analysts' maps (built in layers, shown by the dashboard): the click map and the zone
editor with Leaflet.draw from npm's leaflet-draw, every asset inlined."""

from __future__ import annotations

import base64
import re
from datetime import date

import pytest
from shapely.geometry import box

from geo.errors import AssetError
from geo.models import Place, Side, ZoneReport
from layers import asset_files, click_map, collect_links, zone_editor_map
from layers.assets import assert_offline_html

HOSTILE = "<img src=x onerror=alert(1)> ${alert(2)} {{ 7*7 }}"


@pytest.fixture
def fresh_draw_assets():
    asset_files.leaflet_draw_js.cache_clear()
    asset_files.leaflet_draw_css.cache_clear()
    yield
    asset_files.leaflet_draw_js.cache_clear()
    asset_files.leaflet_draw_css.cache_clear()


def _decoded(uri: str) -> str:
    return base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")


def test_zone_editor_assets_are_inlined_leaflet_draw_1_0_4():
    m = zone_editor_map()
    js, css = collect_links(m)  # what st_folium sends its frontend
    assert js and css and all(link.startswith("data:") for link in js + css)
    draw_js = [_decoded(u) for u in js if "L.Draw" in _decoded(u)]
    assert draw_js and "Leaflet.draw 1.0.4" in draw_js[0]
    draw_css = [_decoded(u) for u in css if "leaflet-draw" in _decoded(u)]
    assert draw_css and "url(\"data:image/png;base64," in draw_css[0]  # sprites inlined
    page = m.get_root().render()
    assert_offline_html(page)
    assert "L.Control.Draw" in page


def test_zone_editor_draws_only_polygons_over_the_zones_in_force():
    zone = ZoneReport(zone_id="z", side=Side.RUSSIAN, valid_from=date(2023, 3, 1),
                      geometry=box(37.9, 48.5, 38.1, 48.7), source="test")
    page = zone_editor_map([zone]).get_root().render()
    assert '"polyline": false' in page and '"allowIntersection": false' in page
    assert '"edit": false' in page
    assert "fl-zone-russian" in page


def test_missing_leaflet_draw_says_how_to_install_it(fresh_draw_assets, tmp_path, monkeypatch):
    monkeypatch.setenv(asset_files.LEAFLET_DRAW_ENV, str(tmp_path))
    with pytest.raises(AssetError, match=r"Leaflet.draw .*not installed.*make setup"):
        zone_editor_map()
    click_map(Place("Bakhmut", 48.6, 38.0))  # the other maps do not need it


def test_wrong_leaflet_draw_version_is_refused(fresh_draw_assets, tmp_path, monkeypatch):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "leaflet.draw.js").write_text("// 0.4\n")
    (tmp_path / "package.json").write_text('{"version": "0.4.14"}')
    monkeypatch.setenv(asset_files.LEAFLET_DRAW_ENV, str(dist))
    with pytest.raises(AssetError, match="'0.4.14', not 1.0.4"):
        asset_files.leaflet_draw_js()


def test_click_map_marks_the_place_lat_lon_and_escapes_its_name():
    page = click_map(Place(HOSTILE, 48.6, 38.0)).get_root().render()
    assert re.search(r"L\.circleMarker\(\s*\[48\.6, 38\.0\]", page)
    assert "<img src=x" not in page and "${alert" not in page and "{{ 7*7 }}" not in page
    assert_offline_html(page)
