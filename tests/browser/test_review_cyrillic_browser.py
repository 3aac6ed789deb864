"""Reviewing a Ukrainian article in headless Debian Chromium, network blocked (issue 16):
upload it, see its places and events over the highlighted original text, confirm, and the
events are stored and drawn on the map."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from geo.store import GeoPackageStore
from tests.common import APP_MAP_IFRAME, AppServer, app_map, require_chromium

pytestmark = pytest.mark.browser

ARTICLE = ("Бої за Кліщіївку\n\n"
           "Росія заявила, що її війська захопили Кліщіївку в неділю, що заперечують у Києві. "
           "Сі Цзіньпін відвідає Москву з 20 по 22 березня, повідомили в Кремлі. ЗСУ відбили "
           'атаки біля Бахмута <img src=x onerror="window.__xss=1"> ${window.__xss=2}, '
           "повідомив Генштаб.\n")
SOURCE = "Ukrainian wire <b>"


@pytest.fixture(scope="module")
def review_server(seeded_store_path, tmp_path_factory):
    require_chromium()
    folder = tmp_path_factory.mktemp("review_uk")
    store = folder / "store.gpkg"
    shutil.copy(seeded_store_path, store)
    server = AppServer(store, folder / "streamlit.log", env={"FRONTLINE_LOCAL_ANALYST": "1"})
    server.store = store
    yield server
    server.stop()


def test_review_a_ukrainian_article(review_server, offline_page, tmp_path, output_dir):
    page = offline_page
    page.on("dialog", lambda dialog: dialog.dismiss())
    upload = tmp_path / "klishchiivka.txt"
    upload.write_text(ARTICLE, encoding="utf-8")
    page.goto(f"{review_server.url}/?day=2023-03-13&window=7")
    app_map(page)
    page.get_by_text("Review an article", exact=True).click()
    page.locator("input[type=file]").first.set_input_files(str(upload))
    page.get_by_label("Source (required)").fill(SOURCE)
    page.get_by_label("Source (required)").press("Enter")
    page.wait_for_selector("span.fl-event.fl-disputed", timeout=30_000)
    article = page.locator("div.fl-article").first
    marks = article.locator("mark.fl-place").all_inner_texts()
    assert {"Кліщіївку", "Москву", "Бахмута"} <= set(marks), marks
    disputed = article.locator("span.fl-event.fl-disputed")
    assert disputed.inner_text().startswith("Росія заявила, що її війська захопили Кліщіївку")
    assert "denied by Київ" in disputed.get_attribute("title")
    planned = article.locator("span.fl-event.fl-planned")
    assert "Сі Цзіньпін відвідає Москву" in planned.inner_text()
    assert 'onerror="window.__xss=1"' in article.inner_text()  # shown as text, not run
    claims = page.locator("div.fl-claims").first.inner_text()
    assert "disputed capture_claim at Klishchiivka" in claims and "denied by Київ" in claims
    assert "planned diplomatic at Moscow, 2023-03-20 – 2023-03-22" in claims
    assert f"source: {SOURCE}" in claims
    article.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "review_ukrainian.png"))
    page.get_by_role("button", name="Confirm and save").click()
    page.wait_for_function("() => document.body.innerText.includes('Saved:')", timeout=30_000)
    with GeoPackageStore(review_server.store) as store:
        saved = {(e.place.name, e.kind.value): e for e in store.events_between(
            date(2023, 3, 1), date(2023, 3, 31)) if e.source == SOURCE}
    capture = saved["Klishchiivka", "capture_claim"]
    assert (capture.day, capture.claim_status.value, capture.denied_by) == (
        date(2023, 3, 12), "disputed", "Київ")
    visit = saved["Moscow", "diplomatic"]
    assert (visit.claim_status.value, visit.end_day) == ("planned", date(2023, 3, 22))
    assert saved["Bakhmut", "ground_fighting"].summary.startswith("Bakhmut: ЗСУ відбили атаки")
    page.goto(f"{review_server.url}/?day=2023-03-13&window=7")
    frame = app_map(page)
    frame.wait_for_function("() => flScrubber.drawn().length > 0", timeout=15_000)
    summaries = frame.evaluate("""() => {
        var F = flScrubber.F, out = [];
        for (var i = 0; i < F.ev.x.length; i++) {
            if (F.ev.src && F.str[F.ev.src[i]].indexOf('Ukrainian wire') >= 0) {
                out.push(i);
            }
        }
        return out.length;
    }""")
    assert summaries >= 1, "the saved events are not on the map"
    assert frame.evaluate("window.__xss === undefined")
    assert page.evaluate("window.__xss === undefined")
    assert page.query_selector(APP_MAP_IFRAME) is not None
    assert page.blocked_requests == []
