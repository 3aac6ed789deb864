"""A snapshot from the in-memory event index is the store query's snapshot."""

from __future__ import annotations

from datetime import date, timedelta

from dashboard.event_index import build_index, indexed_snapshot
from geo.models import EventKind
from geo.store import GeoPackageStore
from geo.store.base import EventFilter
from geo.timeline import snapshot


def test_indexed_snapshots_equal_the_store_query(seeded_store_path):
    with GeoPackageStore(seeded_store_path) as store:
        theatre = store.main_theatre()
        for filters in (EventFilter(), EventFilter(kinds=(EventKind.GROUND_FIGHTING,))):
            index = build_index(store, filters, theatre)
            for offset in range(0, 170, 13):
                day = date(2023, 1, 11) + timedelta(days=offset)
                for window in (1, 7, 30):
                    want = snapshot(store, day, window_days=window, filters=filters,
                                    theatre=theatre)
                    got = indexed_snapshot(store, index, day, window_days=window,
                                           theatre=theatre)
                    assert [e.id for e in got.events] == [e.id for e in want.events]
                    assert [z.id for z in got.zones] == [z.id for z in want.zones]
                    assert got.day == want.day and got.theatre == want.theatre
