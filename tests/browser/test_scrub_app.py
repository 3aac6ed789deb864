"""The scrubber inside the app's map (issue 14), in headless Debian Chromium, network blocked.

Drag, keys and play draw in the browser with no rerun (no message from the browser to the
server while they run); a release sends the day back: the sidebar slider, the heading and
the link follow, and the map keeps its view.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from tests.common import Sent, app_map

pytestmark = pytest.mark.browser

SCRUBBER = "input[type=range][data-role='frontline-scrubber']"
SIDEBAR_SLIDER = "[data-testid='stSidebar'] [data-testid='stSlider']"

#: Drag the scrubber from its value to ``target`` one step per animation frame, as a
#: person's drag fires ``input`` events; returns the drawn day and zone paths per step.
DRAG_JS = """
target => new Promise(function (resolve) {
    var slider = document.querySelector("SCRUBBER"), seen = [];
    var step = Number(slider.value) < target ? 1 : -1;
    function next() {
        if (Number(slider.value) === target) { resolve(seen); return; }
        slider.value = String(Number(slider.value) + step);
        slider.dispatchEvent(new Event("input", {bubbles: true}));
        seen.push([document.querySelector(".leaflet-container").dataset.day,
                   Array.from(document.querySelectorAll("path.fl-zone"))
                       .map(function (p) { return p.getAttribute("d"); }).join("|").length,
                   flScrubber.drawn().length]);
        requestAnimationFrame(next);
    }
    requestAnimationFrame(next);
})
""".replace("SCRUBBER", SCRUBBER)


def _open(page, server, query: str):
    sent = Sent(page)
    page.goto(f"{server.url}/?{query}")
    frame = app_map(page)
    frame.wait_for_selector("path.fl-zone", timeout=30_000)
    page.wait_for_timeout(800)  # let the first run's messages settle
    return frame, sent


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def _sidebar_day(page) -> str:
    return page.locator(SIDEBAR_SLIDER).first.inner_text().split("\n")[2].strip()


def _wait_sidebar_day(page, day: str) -> None:
    """The sidebar slider shows ``day`` (its label may update after the link does)."""
    page.wait_for_function("d => document.querySelector(\"[data-testid='stSidebar'] "
                           "[data-testid='stSlider']\").innerText.includes(d)", arg=day,
                           timeout=15_000)
    assert _sidebar_day(page) == day


def _index_of(frame, day: str) -> int:
    return frame.evaluate("d => flScrubber.days.indexOf(d)", day)


def test_dom_contract_and_drag_draws_every_day_without_a_rerun(app_server, offline_page):
    page = offline_page
    frame, sent = _open(page, app_server, "day=2023-03-01&window=7")
    slider = frame.query_selector(SCRUBBER)
    assert slider.get_attribute("type") == "range"
    start = _index_of(frame, "2023-03-01")
    assert int(slider.input_value()) == start
    assert frame.get_attribute(".leaflet-container", "data-day") == "2023-03-01"
    before = sent.count
    seen = frame.evaluate(DRAG_JS, start + 14)  # across the 2023-03-10 report
    assert sent.count == before, "a drag must not make the server run the script"
    days = [d for d, _, _ in seen]
    expected = [(date(2023, 3, 1) + timedelta(days=i + 1)).isoformat() for i in range(14)]
    assert days == expected  # every day drawn, in order
    zone_sizes = {size for _, size, _ in seen}
    assert len(zone_sizes) > 1, "the zones must change across a report date"
    assert int(slider.input_value()) == start + 14
    # the DOM contract: value = frame index, data-day = that frame's day
    assert frame.evaluate("flScrubber.days[Number(document.querySelector(\"" + SCRUBBER
                          + "\").value)]") == "2023-03-15"


def test_release_updates_the_sidebar_and_the_link_and_keeps_the_view(app_server,
                                                                     offline_page):
    page = offline_page
    frame, sent = _open(page, app_server, "day=2023-03-01&window=7")
    frame.evaluate("flMap.setView([48.6, 38.0], 12)")
    page.wait_for_function("() => location.search.includes('z=12')", timeout=15_000)
    page.wait_for_timeout(500)
    start = _index_of(frame, "2023-03-01")
    before = sent.count
    frame.evaluate(DRAG_JS, start + 20)
    assert sent.count == before
    frame.dispatch_event(SCRUBBER, "change")  # the release
    page.wait_for_function("() => location.search.includes('day=2023-03-21')", timeout=15_000)
    _wait_sidebar_day(page, "2023-03-21")
    assert "21 March 2023" in page.inner_text("h3")
    assert sent.count > before
    page.wait_for_timeout(500)
    assert frame.evaluate("flMap.getZoom()") == 12  # zoom and pan survive the rerun
    assert frame.evaluate("[flMap.getCenter().lat, flMap.getCenter().lng]") == \
        pytest.approx([48.6, 38.0], abs=1e-3)
    assert frame.get_attribute(".leaflet-container", "data-day") == "2023-03-21"
    # and back: the sidebar's slider moves the scrubber
    page.locator(f"{SIDEBAR_SLIDER} input[type='range']").first.focus()
    page.keyboard.press("ArrowLeft")
    frame.wait_for_selector(".leaflet-container[data-day='2023-03-20']", timeout=15_000)
    assert int(frame.query_selector(SCRUBBER).input_value()) == _index_of(frame, "2023-03-20")


def test_keys_move_one_day_and_shift_seven(app_server, offline_page):
    page = offline_page
    frame, _ = _open(page, app_server, "day=2023-04-01&window=7")
    frame.focus(SCRUBBER)
    page.keyboard.press("ArrowRight")
    frame.wait_for_selector(".leaflet-container[data-day='2023-04-02']", timeout=5_000)
    page.keyboard.press("Shift+ArrowRight")
    frame.wait_for_selector(".leaflet-container[data-day='2023-04-09']", timeout=5_000)
    page.keyboard.press("Shift+ArrowLeft")
    page.keyboard.press("ArrowLeft")
    frame.wait_for_selector(".leaflet-container[data-day='2023-04-01']", timeout=5_000)
    page.wait_for_function("() => location.search.includes('day=2023-04-01')", timeout=15_000)


def test_play_advances_without_skipping_then_pause_releases(app_server, offline_page):
    page = offline_page
    frame, sent = _open(page, app_server, "day=2023-02-01&window=7")
    frame.evaluate("""() => { window.__days = [];
        new MutationObserver(function () {
            window.__days.push(document.querySelector('.leaflet-container').dataset.day);
        }).observe(document.querySelector('.leaflet-container'),
                   {attributes: true, attributeFilter: ['data-day']}); }""")
    frame.select_option("select.fl-scrub-speed", "10")
    before = sent.count
    frame.click("button.fl-scrub-play")
    page.wait_for_timeout(2000)
    assert sent.count == before, "playback must not make the server run the script"
    frame.click("button.fl-scrub-play")  # pause
    days = [date.fromisoformat(d) for d in frame.evaluate("window.__days")]
    steps = {(b - a).days for a, b in zip(days, days[1:], strict=False)}
    assert len(days) >= 10 and steps == {1}, days  # 10 a second asked; no day skipped
    last = days[-1].isoformat()
    page.wait_for_function(f"() => location.search.includes('day={last}')", timeout=15_000)
    _wait_sidebar_day(page, last)


def test_filters_apply_while_scrubbing(app_server, offline_page):
    page = offline_page
    frame, _ = _open(page, app_server, "day=2023-03-20&window=30&kinds=capture_claim&z=10"
                     "&lat=48.6&lon=38.0")
    frame.wait_for_function("() => flScrubber.drawn().length > 0", timeout=15_000)
    start = _index_of(frame, "2023-03-20")
    kinds = frame.evaluate("""async ([start, n]) => {
        var s = flScrubber, out = [];
        for (var i = start; i < start + n; i++) {
            s.show(i);
            s.drawn().forEach(function (m) {
                if (m.count === 1) { out.push(s.F.kinds[s.F.ev.k[m.index]][0]); }
            });
            await new Promise(requestAnimationFrame);
        }
        return out;
    }""", [start, 10])
    assert kinds and set(kinds) == {"capture_claim"}
    # without the filter the same frames draw other kinds too (applied in the browser)
    frame.evaluate("flScrubber.setFilter({})")
    frame.evaluate(f"flScrubber.show({start})")
    every = frame.evaluate("""() => flScrubber.drawn().filter(m => m.count === 1)
        .map(m => flScrubber.F.kinds[flScrubber.F.ev.k[m.index]][0])""")
    assert set(every) - {"capture_claim"}


def test_low_zoom_cells_follow_the_frame_and_expand_on_click(app_server, offline_page):
    page = offline_page
    frame, _ = _open(page, app_server, "day=2023-03-13&window=30&z=7&lat=48.6&lon=38.0")
    frame.wait_for_function("() => flScrubber.drawn().some(m => m.count > 1)",
                            timeout=15_000)
    cell = frame.evaluate("flScrubber.drawn().filter(m => m.count > 1)[0]")
    box = page.query_selector("iframe[title^='dashboard.components.frontline_map']")
    origin = box.bounding_box()
    page.mouse.click(origin["x"] + cell["x"], origin["y"] + cell["y"])
    frame.wait_for_function("() => flMap.getZoom() >= 9", timeout=10_000)
    frame.wait_for_function("() => flScrubber.drawn().every(m => m.count === 1)",
                            timeout=10_000)
