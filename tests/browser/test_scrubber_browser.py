"""The in-map scrubber (layers/static/frontline_scrubber.js over layers.frames) in Chromium,
network-free: the DOM contract, drag, keys, play, filters and side toggles during
scrubbing, zoom and pan kept, aggregation at low zoom."""

from __future__ import annotations

from datetime import date

import pytest

from geo.store import GeoPackageStore
from geo.zones import zoom_band
from layers.compose import map_html
from layers.frames import store_frames
from layers.scrubber import frames_map

START, END, OPEN_AT = date(2023, 2, 20), date(2023, 5, 25), date(2023, 3, 5)
SCRUBBER = "input[type=range][data-role='frontline-scrubber']"
KINDS_DRAWN = ("[...new Set(window.flScrubber.drawn().map(m => "
               "window.flScrubber.F.kinds[window.flScrubber.F.ev.k[m.index]][0]))]")


@pytest.fixture(scope="module")
def scrub_file(seeded_store_path, tmp_path_factory):
    with GeoPackageStore(seeded_store_path) as store:
        frames = store_frames(store, START, END, band=zoom_band(11), window_days=7,
                              initial=OPEN_AT)
    path = tmp_path_factory.mktemp("scrub") / "scrub.html"
    path.write_text(map_html(frames_map(frames, center=(48.59, 38.0), zoom=11)),
                    encoding="utf-8")
    return path, frames


@pytest.fixture
def page(browser, scrub_file):
    path, _ = scrub_file
    context = browser.new_context(viewport={"width": 1300, "height": 850})
    blocked: list[str] = []
    context.route("**/*", lambda route, request: route.continue_() if request.url.startswith(
        ("file:", "data:", "blob:", "about:")) else (blocked.append(request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container[data-day]")
    yield page
    assert errors == [] and blocked == []
    context.close()


def _day(page) -> str:
    return page.get_attribute(".leaflet-container", "data-day")


def _zones(page) -> str:
    return "|".join(page.eval_on_selector_all("path.fl-zone",
                                              "els => els.map(e => e.getAttribute('d'))"))


def test_dom_contract_and_keys(page, scrub_file):
    _, frames = scrub_file
    slider = page.locator(SCRUBBER)
    assert slider.count() == 1
    index = int(slider.input_value())
    assert frames["days"][index] == "2023-03-05" == _day(page)
    assert page.inner_text(".fl-scrub-date") == "2023-03-05"
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("d => document.querySelector('.leaflet-container').dataset.day === d",
                           arg="2023-03-06")
    assert int(slider.input_value()) == index + 1
    page.keyboard.press("Shift+ArrowRight")
    page.wait_for_function("d => document.querySelector('.leaflet-container').dataset.day === d",
                           arg="2023-03-13")
    assert int(slider.input_value()) == index + 8
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("d => document.querySelector('.leaflet-container').dataset.day === d",
                           arg="2023-03-05")


def test_drag_changes_the_day_and_the_zones(page, scrub_file):
    _, frames = scrub_file
    shapes, drawn = _zones(page), page.evaluate("window.flScrubber.drawn().length")
    assert shapes and drawn > 0, "zones and the window's events are drawn"
    box = page.locator(SCRUBBER).bounding_box()
    y = box["y"] + box["height"] / 2
    start_x = box["x"] + box["width"] * int(page.locator(SCRUBBER).input_value()) / (
        len(frames["days"]) - 1)
    page.mouse.move(start_x, y)
    page.mouse.down()
    seen = set()
    for k in range(1, 11):  # drag to the right end, through the report dates
        page.mouse.move(start_x + (box["x"] + box["width"] - start_x) * k / 10, y)
        seen.add(_day(page))
    page.mouse.up()
    assert len(seen) >= 5, seen  # the map followed the handle, frame by frame
    page.wait_for_function("d => document.querySelector('.leaflet-container').dataset.day === d",
                           arg=frames["days"][-1])
    assert _zones(page) != shapes


def test_play_advances_one_day_at_a_time(page, scrub_file):
    _, frames = scrub_file
    page.evaluate("""() => { window.__seen = [];
        new MutationObserver(function () {
            window.__seen.push(document.querySelector('.leaflet-container').dataset.day);
        }).observe(document.querySelector('.leaflet-container'),
                   {attributes: true, attributeFilter: ['data-day']}); }""")
    page.select_option("select.fl-scrub-speed", "30")
    page.click("button.fl-scrub-play")
    assert page.inner_text("button.fl-scrub-play") == "Pause"
    page.wait_for_function("window.__seen.length >= 12", timeout=60_000)
    page.click("button.fl-scrub-play")
    seen = page.evaluate("window.__seen")
    first = frames["days"].index(seen[0])
    assert seen == frames["days"][first:first + len(seen)], "no day skipped"
    assert page.inner_text("button.fl-scrub-play") == "Play"


def test_filters_and_sides_apply_while_scrubbing(page):
    page.evaluate("""k => { var s = window.flScrubber;  // the first day with two kinds drawn
        for (var i = 0; i < s.count; i++) { s.show(i); if (eval(k).length > 1) { return; } }
    }""", KINDS_DRAWN)
    total = page.evaluate("window.flScrubber.drawn().length")
    kinds = page.evaluate(KINDS_DRAWN)
    assert total > 1 and len(kinds) > 1, kinds
    page.evaluate("k => window.flScrubber.setFilter({kinds: [k]})", kinds[0])
    for step in range(3):  # the filter holds frame after frame
        page.evaluate("i => window.flScrubber.show(window.flScrubber.index() + i)", 1 - step)
        shown = page.evaluate(KINDS_DRAWN)
        assert shown in ([], [kinds[0]]), shown
    page.evaluate("window.flScrubber.setFilter({minConfidence: 1.01})")
    assert page.evaluate("window.flScrubber.drawn().length") == 0
    page.evaluate("window.flScrubber.setFilter({})")
    assert page.evaluate("window.flScrubber.drawn().length") == total
    before = page.locator("path.fl-zone-russian").count()
    assert before > 0
    page.evaluate("window.flScrubber.setSides(['ukrainian', 'contested'])")
    page.evaluate("window.flScrubber.show(window.flScrubber.index() + 10)")
    assert page.locator("path.fl-zone-russian").count() == 0
    page.evaluate("window.flScrubber.setSides(null)")
    assert page.locator("path.fl-zone-russian").count() > 0


def test_zoom_and_pan_survive_and_low_zoom_aggregates(page):
    page.evaluate("window.flScrubber.map.setView([48.7, 37.8], 12, {animate: false})")
    page.locator(SCRUBBER).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    view = page.evaluate("[window.flScrubber.map.getZoom(), window.flScrubber.map.getCenter().lat,"
                         " window.flScrubber.map.getCenter().lng]")
    assert view[0] == 12 and abs(view[1] - 48.7) < 1e-6 and abs(view[2] - 37.8) < 1e-6
    page.evaluate("window.flScrubber.map.setView([48.59, 38.0], 6, {animate: false})")
    page.wait_for_timeout(100)
    cells = page.evaluate("window.flScrubber.drawn()")
    assert cells and max(c["count"] for c in cells) > 1, cells
    biggest = max(cells, key=lambda c: c["count"])
    origin = page.locator(".leaflet-container").bounding_box()
    page.mouse.click(origin["x"] + biggest["x"], origin["y"] + biggest["y"])
    page.wait_for_function("window.flScrubber.map.getZoom() === 8")
