"""A day's snapshot from events held in memory: one store query per filter and data
version, then any day's window is a slice (bisect), not a query.

On the big store (2,000 events a week) a window's query cost about 35-40 ms of server CPU,
most of a slider step or map release once the map's frames are sent only once; the slice
costs microseconds. Events are in the store's order (day, then insertion), as
:meth:`~geo.store.base.Store.events_between` returns them, so a snapshot is the same as
:func:`geo.timeline.snapshot`'s. The index is built after the run that first needs it
(:func:`ready_index`); that run queries its window directly.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from datetime import date

from dashboard import background
from geo.dates import FIRST_YEAR, LAST_YEAR
from geo.lru import LRUCache
from geo.models import Event, Snapshot
from geo.store import Store
from geo.store.base import EventFilter
from geo.theatre import Theatre
from geo.timeline import window_start

__all__ = ["EventIndex", "build_index", "indexed_snapshot", "ready_index"]

#: Built indexes by key (store location, data version, filter, theatre): shared by sessions.
_indexes: LRUCache[tuple, EventIndex] = LRUCache(8)


@dataclass(frozen=True)
class EventIndex:
    """Events sorted by day, with their days as ordinals for bisecting."""

    days: tuple[int, ...]
    events: tuple[Event, ...]

    def between(self, start: date, end: date) -> tuple[Event, ...]:
        """The events with ``start <= day <= end``, in store order."""
        lo = bisect_left(self.days, start.toordinal())
        hi = bisect_right(self.days, end.toordinal())
        return self.events[lo:hi]


def build_index(store: Store, filters: EventFilter, theatre: Theatre | None) -> EventIndex:
    """Every event passing ``filters`` (of ``theatre``), read once."""
    if theatre is not None:
        filters = replace(filters, theatre=theatre.name)
    events = tuple(store.events_between(date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31),
                                        None, filters))
    return EventIndex(days=tuple(e.day.toordinal() for e in events), events=events)


def ready_index(store: Store, key: tuple, filters: EventFilter, theatre: Theatre | None
                ) -> EventIndex | None:
    """The index of ``key`` if built; else None, and its build is asked for after this run
    (:mod:`dashboard.background`: a big store's index costs seconds, the first viewer's
    window a direct query of a few ms meanwhile)."""
    found = _indexes.get(key)
    if found is None:
        def build() -> None:
            _indexes.put(key, build_index(store, filters, theatre))
        background.after_run(f"events-{hash(key):x}", build)
    return found


def indexed_snapshot(store: Store, index: EventIndex, day: date, *, window_days: int,
                     theatre: Theatre | None) -> Snapshot:
    """Zones in force on ``day`` (a store query, a few ms) and the window's events from
    ``index``."""
    zones = store.zones_at(day, None, theatre=theatre.name if theatre else None)
    events = index.between(window_start(day, window_days), day)
    return Snapshot(day=day, window_days=window_days, zones=tuple(zones), events=events,
                    theatre=theatre)
