"""The second bundled theatre (the battle of Mosul) in headless Chromium, network blocked:
``?theatre=mosul-2016`` shows its title, its sides in the legend, its zones hatched and
coloured from the theatre, and its town labels; the export of that theatre is titled and
credited for it. Screenshots go to test-output/."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.common import ROOT

pytestmark = pytest.mark.browser

OUT = ROOT / "test-output"


def _map_frame(page):
    """The frame that holds the Leaflet map (whatever component draws it)."""
    for _ in range(120):
        for frame in page.frames:
            try:
                if frame.query_selector(".leaflet-container path"):
                    return frame
            except Exception:  # a frame detached while we looked  # noqa: BLE001
                continue
        page.wait_for_timeout(250)
    raise AssertionError("no map frame with drawn paths")


def test_second_theatre_in_the_browser(app_server, offline_page):
    page = offline_page
    page.goto(f"{app_server.url}/?theatre=mosul-2016&day=2017-03-20")
    page.wait_for_selector("h1", timeout=30_000)
    frame = _map_frame(page)
    # the DOM contract: data-day is set once that day's frame is drawn (zones included);
    # until then the paths found may be another frame's (a loaded CI machine saw that)
    frame.wait_for_selector('.leaflet-container[data-day="2017-03-20"]', state="attached",
                            timeout=60_000)
    frame.wait_for_selector("path.fl-zone-isil", state="attached", timeout=30_000)
    assert "battle of Mosul" in page.inner_text("h1")
    legend = frame.inner_text(".fl-legend")
    assert "Islamic State" in legend and "Iraqi forces and allies" in legend
    assert "Russian-controlled" not in legend
    # zones styled by the theatre's side ids; the contested one hatched with its pattern
    classes = frame.eval_on_selector_all("path.fl-zone", "els => els.map(e => e.className.baseVal)")
    assert any("fl-zone-isil" in c for c in classes)
    assert any("fl-zone-iraqi" in c for c in classes)
    fills = frame.eval_on_selector_all("path.fl-zone-contested",
                                       "els => els.map(e => e.getAttribute('fill'))")
    assert fills and all("frontline-hatch-contested" in (f or "") for f in fills)
    assert frame.query_selector("#frontline-hatch-contested") is not None
    labels = frame.inner_text(".leaflet-container")
    assert "Mosul" in labels
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "theatre-mosul.png"), full_page=False)


def test_second_theatre_export_is_titled_and_credited(seeded_store_path, tmp_path: Path):
    from geo.store import open_store
    from layers.export import ExportRequest, prepare
    from layers.export.draw.html import standalone_html

    with open_store(seeded_store_path) as store:
        view = prepare(store, ExportRequest(day=date(2017, 1, 24), theatre="mosul-2016"))
    assert view.title == "Frontline map — battle of Mosul, 2016–2017"
    assert {str(z.side) for z in view.snapshot.zones} <= {"iraqi", "isil", "contested"}
    html = standalone_html([view])
    assert "battle of Mosul" in html and "Islamic State" in html
    assert "Mosul zone reports and events authored by the Frontline map project" in html
