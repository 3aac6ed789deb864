"""A first visit to a store whose frames take seconds to build (dashboard.map_frames): the map
draws a few weeks around the day at once, then swaps in the whole span when its background
build is done: no rerun, the day and the drawn frame kept, the scrubber then reaching the
span's ends. Headless Chromium, network blocked; the store is the seeds plus 10,000
synthetic events (more than QUICK_EVENTS)."""

from __future__ import annotations

import pytest

from bench.bigstore import SYNTHETIC, synthetic_events
from dashboard.map_frames import QUICK_DAYS, QUICK_EVENTS
from dashboard.seeding import seed_store
from geo.store import Batch, GeoPackageStore
from tests.common import AppServer, Sent, app_map, require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def busy_server(tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("busy")
    path = folder / "busy.gpkg"
    events = synthetic_events(400)
    assert len(events) > QUICK_EVENTS
    with GeoPackageStore(path, create=True) as store:
        seed_store(store, written_by="test")
        store.write(Batch(layers=[SYNTHETIC], events=events, written_by="test"))
    server = AppServer(path, folder / "streamlit.log")
    yield server
    server.stop()


def test_first_visit_draws_quick_frames_then_the_whole_span_without_a_rerun(busy_server,
                                                                             offline_page):
    page = offline_page
    sent = Sent(page)
    page.goto(f"{busy_server.url}/?day=2023-03-15&window=7")
    frame = app_map(page)
    frame.wait_for_selector('.leaflet-container[data-day="2023-03-15"]', state="attached",
                            timeout=60_000)
    quick = frame.evaluate("flScrubber.count")
    assert quick <= 2 * QUICK_DAYS + 1, "the first frames are the weeks around the day"
    page.wait_for_timeout(800)  # the first run's own messages
    before = sent.count
    frame.wait_for_function(f"flScrubber.count > {2 * QUICK_DAYS + 1}", timeout=90_000)
    assert sent.count == before, "the whole span must arrive without a rerun"
    assert frame.get_attribute(".leaflet-container", "data-day") == "2023-03-15"
    days = frame.evaluate("flScrubber.days")
    assert days[0] <= "2023-01-01" and days[-1] >= "2023-06-30"
    assert frame.evaluate("flScrubber.drawn().length") > 0  # the day's events drawn again
    # the scrubber now reaches the span's first day, drawn
    frame.evaluate("flScrubber.show(0)")
    assert frame.get_attribute(".leaflet-container", "data-day") == days[0]
