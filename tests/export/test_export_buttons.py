"""The app's export panel: buttons for every format, nothing built until clicked, licence
warnings shown up front, and the callables build the right file."""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.export_buttons import builder
from dashboard.state import ViewState
from geo.models import EventKind
from geo.store import GeoPackageStore
from layers.export import ExportRequest
from tests.common import RESTRICTED_LAYER, make_hostile_store


def _panel_script() -> None:
    import os
    from datetime import date

    from dashboard.export_buttons import export_panel
    from dashboard.state import ViewState
    from geo.store import open_store

    store = open_store(os.environ["FRONTLINE_STORE"])
    export_panel(store, ViewState(day=date(2023, 5, 21), window_days=7))


@pytest.fixture(scope="module")
def hostile_path(tmp_path_factory):
    return make_hostile_store(tmp_path_factory.mktemp("buttons") / "h.gpkg")


def test_panel_offers_every_format_and_warns_about_licences(hostile_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_STORE", str(hostile_path))
    calls: list[str] = []
    import dashboard.export_buttons as buttons

    monkeypatch.setattr(buttons, "run_export", lambda *a, **k: calls.append(a[2]))
    at = AppTest.from_function(_panel_script, default_timeout=60).run()
    assert not at.exception
    buttons = at.get("download_button")
    labels = {b.proto.label for b in buttons}
    assert {"PNG", "PDF", "Bundle (ZIP)", "GEOJSON", "GPKG", "KML", "CSV", "HTML", "GIF",
            "MP4"} <= labels
    names = {b.proto.label: b.proto for b in buttons}
    assert "As of 2023-05-21" in " ".join(c.value for c in at.caption)
    shown = [w.value.replace("\\", "") for w in at.warning]  # markdown-escaped on screen
    assert any(RESTRICTED_LAYER in text and "non-commercial" in text for text in shown)
    assert calls == [], "nothing is exported before a click"
    assert names["PNG"].label == "PNG" and names["GIF"].help.startswith("Time-lapse GIF")


def test_builder_builds_the_view_the_app_shows(hostile_path):
    state = ViewState(day=date(2023, 3, 13), window_days=14, kinds=(EventKind.JUDICIAL,))
    with GeoPackageStore(hostile_path) as store:
        build = builder(store, ExportRequest.from_view(state), "geojson")
        data = json.loads(build())
    kinds = {f["properties"]["kind"] for f in data["features"]
             if f["properties"]["feature"] == "event"}
    assert kinds == {"judicial"}
    assert data["metadata"]["as_of"] == "2023-03-13"


@pytest.mark.browser
def test_png_button_builds_on_a_worker_thread_like_streamlit(hostile_path):
    """Streamlit runs a download callable on a worker thread (``asyncio.to_thread``): the
    renderer must start and stop there (Playwright objects belong to their thread)."""
    import io
    from concurrent.futures import ThreadPoolExecutor

    from PIL import Image

    from tests.common import require_chromium

    require_chromium()
    with GeoPackageStore(hostile_path) as store:
        build = builder(store, ExportRequest(day=date(2023, 5, 21), size="1920x1080"), "png")
        with ThreadPoolExecutor(max_workers=1) as pool:  # what asyncio.to_thread uses
            first = pool.submit(build).result(timeout=120)
            second = pool.submit(build).result(timeout=120)
    assert Image.open(io.BytesIO(first)).size == (1920, 1080)
    assert Image.open(io.BytesIO(second)).size == (1920, 1080)
