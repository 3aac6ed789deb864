"""The filter "reported by at least N independent sources": permalink, controls, map and
table (issue 15)."""

from __future__ import annotations

from datetime import date

from dashboard.frame import shown_snapshot
from dashboard.state import ViewState, from_query
from geo.events import EVENT_LAYER
from geo.models import ClaimStatus, Event, EventKind, Place, Snapshot

DAY = date(2023, 9, 19)
FIRST, LAST = date(2023, 1, 1), date(2023, 12, 31)


def _report(source: str, lat: float = 49.994) -> Event:
    return Event(day=DAY, place=Place("Kharkiv", lat, 36.23, "UA"),
                 kind=EventKind.SHELLING_STRIKE, summary=f"{source} report", source=source,
                 claim_status=ClaimStatus.CLAIMED, claimed_by="officials",
                 quote=f"as {source} wrote", layer=EVENT_LAYER)


def test_min_sources_goes_into_the_permalink_and_back():
    state = ViewState(day=DAY, min_sources=3)
    assert state.to_query()["n"] == "3"
    back, problems = from_query(state.to_query(), first=FIRST, last=LAST)
    assert back == state and problems == []
    assert "n" not in ViewState(day=DAY).to_query()
    bad, problems = from_query({"day": "2023-09-19", "n": "0"}, first=FIRST, last=LAST)
    assert bad.min_sources == 1 and len(problems) == 1 and "independent sources" in problems[0]


def test_shown_snapshot_keeps_events_reported_by_enough_sources():
    snap = Snapshot(day=DAY, window_days=7, zones=(),
                    events=(_report("A"), _report("B"), _report("C", lat=46.48)))
    assert len(shown_snapshot(snap, ViewState(day=DAY)).events) == 3  # no filter: as stored
    (kept,) = shown_snapshot(snap, ViewState(day=DAY, min_sources=2)).events
    assert kept.sources == ("A", "B") and kept.independent_sources == 2


def test_app_sidebar_filter_by_sources_reaches_the_map_and_the_link(seeded_store_path,
                                                                    monkeypatch):
    from tests.common import app_map_frames, run_app

    at = run_app(seeded_store_path, monkeypatch, {"day": "2023-03-20", "window": "30"})
    assert app_map_frames(at)["ev"]["x"]
    at.number_input(key="min_sources").set_value(2).run()
    assert not at.exception
    assert at.query_params["n"] in ("2", ["2"])
    # the seeds are curated rows, each its own source: none is reported twice
    assert app_map_frames(at)["ev"]["x"] == []


def test_export_keeps_events_reported_by_enough_sources(tmp_path, capsys):
    """``frontline export --min-sources N``: the same filter in every export format."""
    import json

    from dashboard.cli import main
    from geo.store import Batch, open_store

    store = tmp_path / "s.gpkg"
    with open_store(store, create=True) as s:
        s.write(Batch(events=[_report("A"), _report("B"), _report("C", lat=46.48)],
                      written_by="test"))

    def exported(*extra: str) -> list[dict]:
        out = tmp_path / "v.geojson"
        assert main(["--store", str(store), "export", "geojson", "--date", DAY.isoformat(),
                     "--out", str(out), *extra]) == 0
        return [f for f in json.loads(out.read_text())["features"]
                if f["properties"]["feature"] == "event"]

    assert len(exported()) == 3
    (kept,) = exported("--min-sources", "2")
    assert kept["properties"]["source"] in {"A", "B"}
    assert exported("--min-sources", "3") == []
    capsys.readouterr()
