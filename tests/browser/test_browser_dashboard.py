"""The dashboard as a person uses it, in headless Debian Chromium, network blocked.

One app server per module on a private copy of the seeded store (some tests write to it).
Screenshots go to test-output/.
"""

from __future__ import annotations

import shutil
import time
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest

from geo.store import GeoPackageStore
from tests.common import APP_MAP_IFRAME, AppServer, app_map, require_chromium

pytestmark = pytest.mark.browser

HOSTILE = ('Fighting in Bakhmut <img src=x onerror="window.__xss=1"> '
           '</script><script>window.__xss=2</script> ${window.__xss=3} `tick` {{7*7}}')


@pytest.fixture(scope="module")
def writable_server(seeded_store_path, tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("dash")
    store = folder / "store.gpkg"
    shutil.copy(seeded_store_path, store)
    # Review and drawing are an analyst's: the person at this machine (loopback server).
    server = AppServer(store, folder / "streamlit.log", env={"FRONTLINE_LOCAL_ANALYST": "1"})
    server.store = store
    yield server
    server.stop()


EDITOR_IFRAME = "iframe[title='streamlit_folium.st_folium']"
#: The kinds of the single markers the scrubber drew (not the counted cells).
DRAWN_KINDS = """() => flScrubber.drawn().filter(m => m.count === 1)
    .map(m => flScrubber.F.kinds[flScrubber.F.ev.k[m.index]][0])"""


def _map(page):
    frame = app_map(page)
    frame.wait_for_selector("path.fl-zone", timeout=30_000)
    return frame


def _open(page, server, query: str = ""):
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = []
    page.goto(f"{server.url}/?{query}")
    return _map(page)


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def test_map_frame_not_reloaded_and_view_kept_on_slider_moves(writable_server, offline_page):
    frame = _open(offline_page, writable_server, "day=2023-03-05&window=7")
    frame.evaluate("window.__marker = 'same frame'; flMap.setView([48.6, 38.0], 12)")
    offline_page.wait_for_timeout(300)
    offline_page.locator("[data-testid='stSidebar'] input[type='range']").first.focus()
    for _ in range(5):
        offline_page.keyboard.press("ArrowRight")
        offline_page.wait_for_timeout(150)
    offline_page.wait_for_function("() => document.body.innerText.includes('10 March 2023')")
    offline_page.wait_for_timeout(500)
    frame.wait_for_selector(".leaflet-container[data-day='2023-03-10']", timeout=15_000)
    assert frame.evaluate("window.__marker") == "same frame"
    assert frame.inner_text(".fl-scrub-date") == "2023-03-10"
    assert frame.evaluate("flMap.getZoom()") == 12
    center = frame.evaluate("[flMap.getCenter().lat, flMap.getCenter().lng]")
    assert center == pytest.approx([48.6, 38.0], abs=1e-3)


def test_permalink_round_trip(writable_server, offline_page, browser):
    frame = _open(offline_page, writable_server, "day=2023-04-20&window=30&z=11"
                  "&lat=48.6000&lon=38.0000&kinds=ground_fighting,capture_claim")
    assert frame.evaluate("flMap.getZoom()") == 11
    frame.evaluate("flMap.setView([48.62, 37.95], 12)")
    offline_page.wait_for_function("() => location.search.includes('z=12')", timeout=15_000)
    link = offline_page.url
    query = _query(offline_page)
    assert query["day"] == "2023-04-20" and query["kinds"] == "ground_fighting,capture_claim"
    again = browser.new_page()
    try:
        again.goto(link)
        copy = _map(again)
        assert copy.evaluate("flMap.getZoom()") == 12
        assert copy.evaluate("[flMap.getCenter().lat, flMap.getCenter().lng]") == \
            pytest.approx([48.62, 37.95], abs=1e-3)
        assert "20 April 2023" in again.inner_text("body")
        copy.wait_for_function("() => flScrubber.drawn().length > 0", timeout=15_000)
        kinds = set(copy.evaluate(DRAWN_KINDS))
        assert kinds and kinds <= {"ground_fighting", "capture_claim"}
    finally:
        again.close()


def test_side_filter_checkbox_hides_zones(writable_server, offline_page):
    frame = _open(offline_page, writable_server, "day=2023-03-20")
    assert frame.query_selector("path.fl-zone-russian")
    offline_page.locator("[data-testid='stSidebar']").get_by_text(
        "Russian-controlled", exact=True).click()
    frame.wait_for_function("() => !document.querySelector('path.fl-zone-russian')",
                            timeout=15_000)
    assert frame.query_selector("path.fl-zone-ukrainian")
    assert _query(offline_page)["sides"] == "ukrainian,contested"


def test_play_advances_a_day_per_frame(writable_server, offline_page):
    _open(offline_page, writable_server, "day=2023-03-01&window=7")
    offline_page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(
        has_not_text="Theatre").click()  # the other selectbox is the theatre selector
    offline_page.get_by_role("option", name="2 day/s").click()
    offline_page.wait_for_timeout(500)
    offline_page.get_by_text("▶ Play").click()
    seen: list[str] = []
    start = time.monotonic()
    while time.monotonic() - start < 6:
        text = offline_page.inner_text("h3")
        if not seen or seen[-1] != text:
            seen.append(text)
        offline_page.wait_for_timeout(100)
    offline_page.get_by_text("▶ Play").click()
    days = [date.fromisoformat(_iso(t)) for t in seen if _iso(t)]
    steps = [(b - a).days for a, b in zip(days, days[1:], strict=False)]
    print(f"play: {len(days)} frames in 6 s, steps {steps}")
    assert len(days) >= 7, seen  # more than one frame a second (asked: 2 a second)
    assert all(step == 1 for step in steps), steps  # no day skipped


def _iso(heading: str) -> str | None:
    try:
        return time.strftime("%Y-%m-%d", time.strptime(heading.replace("As of ", ""),
                                                       "%A %d %B %Y"))
    except ValueError:
        return None


def test_search_flies_to_and_marks_a_place(writable_server, offline_page):
    frame = _open(offline_page, writable_server, "day=2023-03-20")
    box = offline_page.get_by_label("Search a place")
    box.fill("Artemovsk")
    box.press("Enter")
    frame.wait_for_selector("path.fl-search", timeout=15_000)
    center = frame.evaluate("[flMap.getCenter().lat, flMap.getCenter().lng]")
    assert center == pytest.approx([48.59, 38.0], abs=0.05)
    assert frame.evaluate("flMap.getZoom()") == 12


def test_review_and_save_puts_hostile_text_on_the_map_inert(writable_server, offline_page,
                                                            output_dir):
    page = offline_page
    _open(page, writable_server, "day=2023-03-13&window=7")
    page.get_by_text("Review an article", exact=True).click()
    page.get_by_label("Article text").fill(HOSTILE + " Ukraine said on Monday.")
    page.get_by_label("Article text").press("Control+Enter")
    page.get_by_label("Source (required)").fill("Hostile <b>wire</b>")
    page.get_by_label("Source (required)").press("Enter")
    page.wait_for_selector("mark.fl-place", timeout=20_000)
    page.get_by_role("button", name="Confirm and save").click()
    page.wait_for_function("() => document.body.innerText.includes('Saved:')", timeout=20_000)
    with GeoPackageStore(writable_server.store) as store:
        saved = [e for e in store.events_between(date(2023, 1, 1), date(2023, 12, 31))
                 if e.source == "Hostile <b>wire</b>"]
    assert saved, "the reviewed events were not stored"
    page.goto(f"{writable_server.url}/?day={saved[0].day.isoformat()}&window=7")
    frame = _map(page)
    frame.wait_for_function("() => flScrubber.drawn().length > 0", timeout=15_000)
    # open the popup of the hostile event as a click on it does (a click at its pixel may
    # hit another marker at the same place)
    text = frame.evaluate("""() => {
        var s = flScrubber, F = s.F, found = -1;
        for (var i = 0; i < F.ev.x.length; i++) {
            if (F.ev.src && F.str[F.ev.src[i]].indexOf('wire') >= 0) { found = i; }
        }
        s.openEvent(found);
        return document.querySelector('.leaflet-popup-content').innerText;
    }""")
    assert "<img src=x onerror=" in text and "</script><script>" in text
    assert "${window.__xss=3}" in text and "`tick`" in text and "{{7*7}}" in text
    assert "Hostile <b>wire</b>" in text and "Confidence:" in text
    assert frame.evaluate("window.__xss === undefined")
    assert page.evaluate("window.__xss === undefined")
    assert page.dialogs == []
    page.screenshot(path=str(output_dir / "app_hostile_popup.png"), full_page=True)


def test_draw_a_zone_and_save_it(writable_server, offline_page):
    page = offline_page
    _open(page, writable_server, "day=2023-05-20")
    page.get_by_text("Draw a zone", exact=True).click()
    page.wait_for_selector(EDITOR_IFRAME, timeout=20_000)  # the editor's own map
    editor = page.query_selector(EDITOR_IFRAME)
    frame = editor.content_frame()
    frame.wait_for_selector(".leaflet-draw-draw-polygon", timeout=20_000)
    # Leaflet.draw's own event, as its polygon tool fires it when a shape is finished
    frame.evaluate("""() => {
        var poly = L.polygon([[48.58, 37.95], [48.58, 37.98], [48.60, 37.98], [48.60, 37.95]]);
        map_div.fire('draw:created', {layer: poly, layerType: 'polygon'});
    }""")
    page.get_by_label("Source (required)").fill("Analyst sketch")
    page.get_by_label("Source (required)").press("Enter")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Save zone report").click()
    page.wait_for_function("() => document.body.innerText.includes('Saved:')", timeout=20_000)
    with GeoPackageStore(writable_server.store) as store:
        drawn = [z for z in store.zone_reports() if z.layer == "drawn"]
    assert drawn and drawn[0].source == "Analyst sketch"
    assert drawn[0].geometry.bounds == pytest.approx((37.95, 48.58, 37.98, 48.60), abs=1e-6)


def test_layout_at_390_pixels(writable_server, browser, output_dir):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{writable_server.url}/?day=2023-04-20")
        frame = _map(page)
        box = page.query_selector(APP_MAP_IFRAME).bounding_box()
        assert box["width"] >= 300 and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert frame.query_selector(".fl-legend summary").is_visible()  # legend always there
        legend = frame.query_selector(".fl-legend details")
        assert legend.get_attribute("open") is None  # folded on a phone...
        frame.click(".fl-legend summary")
        assert legend.get_attribute("open") is not None  # ...and one tap opens it
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        page.screenshot(path=str(output_dir / "app_390px.png"), full_page=True)
    finally:
        context.close()
