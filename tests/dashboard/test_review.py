"""Article review: places highlighted (escaped), corrections, proposed events, confirm-to-save."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.review import (
    apply_corrections,
    events_frame,
    events_from_frame,
    highlighted_html,
    read_upload,
)
from geo.errors import FrontlineError
from geo.geoparse import geoparse
from geo.models import Place
from geo.store import GeoPackageStore
from seeds import load_articles

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
HOSTILE = ("Fighting in Bakhmut <img src=x onerror=alert(1)> </script><script>alert(2)"
           "</script> ${alert(3)} `tick` as Wagner advanced, Ukraine said on Monday.")


def test_highlighted_html_marks_places_and_escapes_everything_else():
    toponyms = geoparse(HOSTILE)
    page = highlighted_html(HOSTILE, toponyms)
    assert '<mark class="fl-place"' in page and ">Bakhmut</mark>" in page
    assert "<img" not in page and "<script>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_corrections_replace_the_place_and_are_flagged():
    toponyms = geoparse("Shelling hit Bakhmut overnight.")
    moved = Place("Bakhmut", 48.0, 37.0, "UA")
    corrected = apply_corrections(toponyms, {"bakhmut": moved})
    assert corrected[0].overridden and corrected[0].place.lat == 48.0


def test_events_table_round_trip_and_bad_row_named():
    (article,) = load_articles()
    from geo.events import extract_events

    events = extract_events(article)
    frame = events_frame(events)
    back = events_from_frame(frame, article)
    assert [e.day for e in back] == [e.day for e in events]
    assert all(e.article_id == article.id for e in back)
    frame["lat"] = frame["lat"].astype(object)
    frame.loc[1, "lat"] = "north"
    with pytest.raises(FrontlineError, match="row 2"):
        events_from_frame(frame, article)
    frame.loc[1, "keep"] = False
    assert len(events_from_frame(frame, article)) == len(events) - 1


def test_events_table_shows_disputed_and_planned_with_who_says_so():
    text = ("Russia's defence ministry claimed its troops had taken Marinka on Tuesday, a claim "
            "Kyiv denied. Vladimir Putin will visit Minsk next week, the Kremlin said. Xi "
            "arrived in Moscow on Monday for a visit from 18 to 20 September.")
    from geo.events import extract_events
    from geo.models import Article, ClaimStatus

    article = Article(title="t", text=text, published=date(2023, 9, 20), source="wire")
    events = extract_events(article)
    frame = events_frame(events)
    rows = {r["place"]: r for r in frame.to_dict("records")}
    marinka, minsk = rows["Mar'yinka"], rows["Minsk"]
    assert (marinka["claim_status"], marinka["denied_by"]) == ("disputed", "Kyiv")
    assert "defence ministry" in marinka["claimed_by"]
    assert (minsk["claim_status"], minsk["claimed_by"], minsk["precision"]) == (
        "planned", "Kremlin", "week")
    assert rows["Moscow"]["end_date"] == date(2023, 9, 20)
    back = {e.place.name: e for e in events_from_frame(frame, article)}
    assert back["Mar'yinka"].claim_status is ClaimStatus.DISPUTED
    assert back["Mar'yinka"].denied_by == "Kyiv"
    assert back["Minsk"].claim_status is ClaimStatus.PLANNED
    assert back["Minsk"].day_precision == "week" and back["Minsk"].time_precision == 2
    assert back["Moscow"].end_day == date(2023, 9, 20)
    frame.loc[0, "end_date"] = date(2023, 9, 1)  # before its start
    with pytest.raises(FrontlineError, match="row 1.*end"):
        events_from_frame(frame, article)


def test_uploads_decoded_or_refused():
    title, text = read_upload("a.html", b"<html><title>T</title><script>x()</script>"
                                        b"<p>Bakhmut</p></html>")
    assert title == "T" and "Bakhmut" in text and "x()" not in text
    with pytest.raises(FrontlineError, match="not UTF-8"):
        read_upload("b.txt", b"\xff\xfe\x00bad")


def test_review_flow_stores_nothing_until_confirmed(seeded_store_path, tmp_path, monkeypatch):
    store_path = tmp_path / "copy.gpkg"
    shutil.copy(seeded_store_path, store_path)
    monkeypatch.setenv("FRONTLINE_STORE", str(store_path))
    monkeypatch.setenv("FRONTLINE_LOCAL_ANALYST", "1")  # writing needs an analyst
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.session_state["panel"] = "Review an article"
    at.run()
    at.text_area(key="review_text").input(HOSTILE).run()
    at.date_input(key="review_date").set_value(date(2023, 3, 13)).run()
    assert not at.exception
    assert any("fl-place" in str(h.proto) for h in at.get("html"))
    with GeoPackageStore(store_path) as store:
        before = len(store.events_between(date(2023, 1, 1), date(2023, 12, 31)))
    at.button(key="review_save").click().run()
    assert any("source" in e.value for e in at.error)  # no source yet: refused
    at.text_input(key="review_source").input("Test wire").run()
    at.button(key="review_save").click().run()
    assert not at.exception
    assert any("Saved" in s.value for s in at.success)
    with GeoPackageStore(store_path) as store:
        events = store.events_between(date(2023, 1, 1), date(2023, 12, 31))
        assert len(events) > before
        saved = [e for e in events if e.source == "Test wire"]
        assert saved and saved[0].day == date(2023, 3, 13)
        assert "<img src=x" in saved[0].quote  # stored verbatim, escaped only on display


def test_search_flies_to_a_place(seeded_store_path, monkeypatch):
    monkeypatch.setenv("FRONTLINE_STORE", str(seeded_store_path))
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.text_input(key="search").input("Artemovsk").run()
    assert not at.exception

    from tests.common import app_map_args

    main = app_map_args(at)
    ((lat, lon, name),) = main["places"]  # drawn as a ring (fl-search) with its name
    assert "Bakhmut" in name or "Artem" in name
    assert lat == pytest.approx(48.59, abs=0.05) and lon == pytest.approx(38.0, abs=0.05)
    assert main["fly"][:2] == [lat, lon]


def test_empty_events_frame_has_the_editable_columns():
    frame = events_frame([])
    assert isinstance(frame, pd.DataFrame) and frame.empty
    assert {"keep", "date", "kind", "claim_status", "lat", "lon"} <= set(frame.columns)
