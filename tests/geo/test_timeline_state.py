"""Pure functions: the day's snapshot, far places, areas, view state from query parameters."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import box

from dashboard.state import ViewState, from_query
from geo.models import Event, EventKind, Place, Side, ZoneReport
from geo.store import Batch, GeoPackageStore
from geo.timeline import far_places, snapshot, window_start
from geo.zones import area_km2, area_km2_by_side

BAKHMUT = Place("Bakhmut", 48.6, 38.0, "UA")
HAGUE = Place("The Hague", 52.08, 4.31, "NL")
FIRST, LAST = date(2023, 1, 16), date(2023, 6, 30)


def test_window_start_is_inclusive():
    assert window_start(date(2023, 3, 13), 7) == date(2023, 3, 7)
    assert window_start(date(2023, 3, 13), 1) == date(2023, 3, 13)
    with pytest.raises(ValueError):
        window_start(date(2023, 3, 13), 0)


def test_snapshot_combines_zones_in_force_and_window_events(tmp_path):
    with GeoPackageStore(tmp_path / "s.gpkg", create=True) as store:
        store.write(Batch(zone_reports=[ZoneReport("b/russian", Side.RUSSIAN, date(2023, 3, 10),
                                           box(38.0, 48.5, 38.1, 48.6), "ISW")], written_by="test"))
        store.write(Batch(events=[
            Event(date(2023, 3, 13), BAKHMUT, EventKind.GROUND_FIGHTING, "a", "wire"),
            Event(date(2023, 3, 6), BAKHMUT, EventKind.GROUND_FIGHTING, "old", "wire"),
        ], written_by="test"))
        snap = snapshot(store, date(2023, 3, 13), window_days=7)
        assert [e.summary for e in snap.events] == ["a"]
        assert len(snap.zones) == 1 and not snap.is_empty
        assert snapshot(store, date(2023, 3, 1), window_days=7).is_empty


def test_far_places_lists_places_outside_the_theatre_latest_first():
    events = [Event(date(2023, 3, 13), HAGUE, EventKind.JUDICIAL, "icc", "wire"),
              Event(date(2023, 3, 13), BAKHMUT, EventKind.GROUND_FIGHTING, "f", "wire"),
              Event(date(2023, 3, 20), Place("Moscow", 55.76, 37.62, "RU"),
                    EventKind.DIPLOMATIC, "xi", "wire")]
    assert [f.place.name for f in far_places(events)] == ["Moscow", "The Hague"]


def test_area_is_equal_area_not_degrees():
    one_degree = box(38.0, 48.0, 39.0, 49.0)
    assert area_km2(one_degree) == pytest.approx(111.2 * 74.0, rel=0.01)
    zones = [ZoneReport("a", Side.RUSSIAN, FIRST, one_degree, "s"),
             ZoneReport("b", Side.RUSSIAN, FIRST, box(39.0, 48.0, 40.0, 49.0), "s")]
    assert area_km2_by_side(zones)[Side.RUSSIAN] == pytest.approx(2 * 8217.7, rel=0.01)


def test_view_state_round_trips_through_query():
    state = ViewState(day=date(2023, 4, 20), window_days=30, world=True)
    back, problems = from_query(state.to_query(), first=FIRST, last=LAST)
    assert back == state and problems == []


@pytest.mark.parametrize("query, field", [
    ({"day": "<script>alert(1)</script>"}, "day"),
    ({"window": "0"}, "window"),
    ({"window": "lots"}, "window"),
])
def test_bad_query_falls_back_and_names_the_parameter(query, field):
    state, problems = from_query(query, first=FIRST, last=LAST)
    assert state == ViewState(day=LAST)
    assert len(problems) == 1 and f"'{field}'" in problems[0]


def test_query_day_is_clamped_to_the_data_range():
    state, _ = from_query({"day": "2022-01-01"}, first=FIRST, last=LAST)
    assert state.day == FIRST
