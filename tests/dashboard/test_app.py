"""Streamlit AppTest: the slider drives the map payload, empty days and bad stores are handled.

AppTest cannot render the map component, but its ``json_args`` carry the frames' URL, the
day and the browser-side filters, and the files it serves (the map page, the frames) are on
disk: that is what we assert on (DESIGN.md §4).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.store import Batch, GeoPackageStore
from tests.common import app_map_args, app_map_element, app_map_frames, app_map_page, run_app

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _run(store: Path, monkeypatch, query: dict[str, str] | None = None) -> AppTest:
    return run_app(store, monkeypatch, query)


def _map_args(at: AppTest) -> dict:
    """The main map's component arguments."""
    return app_map_args(at)


def _side_zones(at: AppTest) -> set[str]:
    return {z["side"] for z in app_map_frames(at)["zones"]}


def test_app_renders_map_with_zones_and_events(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch)
    assert not at.exception
    frames = app_map_frames(at)
    assert frames["zones"] and frames["ev"]["x"]
    assert _map_args(at)["day"] in frames["days"]
    assert "flStartComponent" in app_map_page(at)
    assert "As of" in at.subheader[0].value


def test_slider_changes_the_map_payload(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch)
    before, page = _map_args(at), app_map_element(at).component_name
    at.slider(key="day").set_value(date(2023, 2, 12)).run()
    assert not at.exception
    after = _map_args(at)
    assert after["day"] == "2023-02-12" != before["day"]
    assert "2023-02-12" in at.subheader[0].value or "12 February 2023" in at.subheader[0].value
    # The frames are not sent again, and the base map is the same component: the mounted
    # map (and its zoom) stays.
    assert after["frames"] == before["frames"]
    assert app_map_element(at).component_name == page
    assert len(json.dumps(after)) < 2000
    assert at.query_params["day"] == ["2023-02-12"] or at.query_params["day"] == "2023-02-12"


def test_a_day_released_in_the_map_moves_the_slider_and_the_link(seeded_store_path,
                                                                 monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-03-13"})
    at.session_state["frontline_map"] = {"day": "2023-04-02", "lat": 48.6, "lng": 38.0,
                                         "zoom": 11, "n": 1, "why": "release"}
    at.run()
    assert not at.exception
    assert at.slider(key="day").value == date(2023, 4, 2)
    assert at.query_params["day"] in ("2023-04-02", ["2023-04-02"])
    assert at.query_params["z"] in ("11", ["11"])
    assert _map_args(at)["day"] == "2023-04-02" and _map_args(at)["n_seen"] == 1
    # a pan report (or the same value again) does not take the day back
    at.slider(key="day").set_value(date(2023, 3, 1)).run()
    at.session_state["frontline_map"] = {"day": "2023-04-02", "lat": 48.6, "lng": 38.0,
                                         "zoom": 11, "n": 2, "why": "view"}
    at.run()
    assert at.slider(key="day").value == date(2023, 3, 1)
    # a value from the browser is hostile: garbage is ignored
    at.session_state["frontline_map"] = {"day": "<script>", "n": 3, "why": "release"}
    at.run()
    assert not at.exception and at.slider(key="day").value == date(2023, 3, 1)


def test_map_payload_has_no_remote_assets(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch)
    page = app_map_page(at)
    assert "data:text/javascript" in page, "Leaflet must be inlined in the map page"
    assert not re.search(r"""(src|href)=["']https?://""", page)
    assert not re.search(r"https?://", _map_args(at)["frames"])


def test_day_before_any_data_shows_a_message_not_an_error(tmp_path, monkeypatch):
    from geo.models import Event, EventKind, Place

    path = tmp_path / "late.gpkg"
    with GeoPackageStore(path, create=True) as store:
        store.write(Batch(events=[
            Event(date(2023, 3, 1), Place("Bakhmut", 48.6, 38.0, "UA"),
                  EventKind.GROUND_FIGHTING, "first", "wire"),
            Event(date(2023, 3, 30), Place("Bakhmut", 48.6, 38.0, "UA"),
                  EventKind.GROUND_FIGHTING, "second", "wire"),
        ], written_by="test"))
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
    assert any("broken\\.gpkg" in error.value for error in at.error)  # markdown-escaped
    assert path.read_bytes() == content


def test_online_tiles_are_off_by_default_and_an_option(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch)
    assert "L.tileLayer" not in app_map_page(at)
    at.checkbox(key="tiles_on").check().run()
    assert "tile.openstreetmap.org" in app_map_page(at)
    at.text_input(key="tile_url").input("javascript:alert(1)").run()
    assert "L.tileLayer" not in app_map_page(at)
    assert any("must start with" in error.value for error in at.error)


def test_step_buttons_move_the_day(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-03-13"})
    at.button(key="step_7").click().run()
    assert at.slider(key="day").value == date(2023, 3, 20)
    at.button(key="step_-1").click().run()
    assert at.slider(key="day").value == date(2023, 3, 19)
    at.button(key="step_-7").click().run()
    assert at.slider(key="day").value == date(2023, 3, 12)


def test_play_advances_one_day_per_frame_and_stops_at_the_end(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-06-28"})
    at.session_state["speed"] = 4
    at.toggle(key="playing").set_value(True).run()
    # AppTest follows st.rerun(): the run ends when playback stops at the last day.
    assert at.slider(key="day").value == date(2023, 6, 30)
    assert at.session_state["playing"] is False
    assert not at.exception


def test_filters_reduce_events_and_go_into_the_permalink(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-03-20", "window": "30"})
    everything = _map_args(at)
    assert everything["filter"]["kinds"] is None
    at.multiselect(key="kinds").select("judicial").run()
    judicial = _map_args(at)
    # applied in the browser: the same frames, a filter in the args
    assert judicial["filter"]["kinds"] == ["judicial"]
    assert judicial["frames"] == everything["frames"]
    assert at.query_params["kinds"] in ("judicial", ["judicial"])


def test_side_toggles_hide_zones(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-03-20"})
    assert _map_args(at)["sides"] is None and "russian" in _side_zones(at)
    at.checkbox(key="side_russian").uncheck().run()
    assert _map_args(at)["sides"] == ["ukrainian", "contested"]
    assert at.query_params["sides"] in ("ukrainian,contested", ["ukrainian,contested"])


def test_permalink_restores_filters_and_view(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {
        "day": "2023-04-20", "window": "45", "kinds": "judicial,diplomatic", "sides": "russian",
        "front": "off", "lat": "48.6000", "lon": "38.0000", "z": "12"})
    assert at.radio(key="window_choice").value == "custom"
    assert at.number_input(key="window_custom").value == 45
    assert at.multiselect(key="kinds").value == ["judicial", "diplomatic"]
    assert at.checkbox(key="side_ukrainian").value is False
    assert at.checkbox(key="front_line").value is False
    page = app_map_page(at)
    assert "48.6" in page and '"zoom": 12' in page
    assert _map_args(at)["sides"] == ["russian"] and _map_args(at)["front"] is False


def test_front_line_drawn_and_switchable(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-03-20"})
    frames = app_map_frames(at)
    assert frames["front"]["className"] == "fl-front-line"
    assert any(s["f"] for s in frames["sets"])
    assert _map_args(at)["front"] is True
    at.checkbox(key="front_line").uncheck().run()
    assert _map_args(at)["front"] is False


def test_changes_panel_lists_and_highlights_a_change(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-03-10"})
    assert any("2023-03-01 → 2023-03-10" in c.value for c in at.caption)
    box = at.selectbox(key="highlight_change")
    assert len(box.options) > 1
    box.select_index(1).run()
    highlight = _map_args(at)["highlight"]
    assert highlight and highlight["g"]["coordinates"] and highlight["label"]


def test_stale_zones_warn(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-03-09"})
    assert not any("days old" in w.value for w in at.warning)
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-01-31"})
    assert any("days old" in w.value for w in at.warning)


def test_panels_switch(seeded_store_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_LOCAL_ANALYST", "1")  # "Draw a zone" is an analyst's
    at = _run(seeded_store_path, monkeypatch, {"day": "2023-03-13"})
    assert not any("Natural Earth" in t.value for t in at.text)  # not built until chosen
    for panel in ("Charts", "Export", "Draw a zone", "Events", "Credits"):
        at.session_state["panel"] = panel
        at.run()
        assert not at.exception, panel
    assert any("Natural Earth" in t.value for t in at.text)
    assert any("CC BY 4.0" in t.value for t in at.text)


def test_markdown_in_link_parameters_is_shown_not_rendered(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"day": "[click](https://evil.example)"})
    (warning,) = [w for w in at.warning if "'day'" in w.value]
    assert "\\[click\\]\\(https" in warning.value  # escaped: shows as text, not a link


def test_md_escapes_markdown_and_html():
    from dashboard.safe import md

    assert md("[a](javascript:x) *b* <i>") == "\\[a\\]\\(javascript\\:x\\) \\*b\\* \\<i\\>"
