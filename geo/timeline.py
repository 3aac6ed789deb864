"""The state of the map on a day (pure functions over a store's answers)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from geo.models import Event, Place, Snapshot, ZoneReport
from geo.store.base import BBox, EventFilter, Store
from geo.theatre import Theatre

THEATRE_BBOX: BBox = (36.5, 47.0, 39.5, 49.5)
"""The Bakhmut theatre (west, south, east, north): lon, lat order."""

DEFAULT_WINDOW_DAYS = 7
MAX_WINDOW_DAYS = 366
"""The longest events window (the app's slider, ``?window=``, ``frontline export --window``)."""


def window_start(day: date, window_days: int) -> date:
    """First day of an events window of ``window_days`` days ending on ``day`` (inclusive)."""
    if window_days < 1:
        raise ValueError(f"window_days must be at least 1, got {window_days}")
    return day - timedelta(days=window_days - 1)


def snapshot(store: Store, day: date, *, window_days: int = DEFAULT_WINDOW_DAYS,
             bbox: BBox | None = None, filters: EventFilter | None = None,
             theatre: Theatre | None = None) -> Snapshot:
    """Zones in force on ``day`` and the events of the window ending on it; with
    ``theatre``, that theatre's only (and the snapshot says which theatre it shows)."""
    if theatre is not None:
        filters = replace(filters or EventFilter(), theatre=theatre.name)
    with store.snapshot():  # zones and events of one frame from one state of the store
        zones = store.zones_at(day, bbox, theatre=theatre.name if theatre else None)
        events = store.events_between(window_start(day, window_days), day, bbox, filters)
    return Snapshot(day=day, window_days=window_days, zones=tuple(zones), events=tuple(events),
                    theatre=theatre)


def in_bbox(place: Place, bbox: BBox) -> bool:
    """True when the place lies inside (west, south, east, north)."""
    return bbox[0] <= place.lon <= bbox[2] and bbox[1] <= place.lat <= bbox[3]


@dataclass(frozen=True)
class FarPlace:
    """A place outside the theatre named by events, with how many and the latest day."""

    place: Place
    events: int
    latest: date


def far_places(events: Iterable[Event], theatre: BBox = THEATRE_BBOX) -> list[FarPlace]:
    """Places outside ``theatre`` that events name, most recently named first."""
    found: dict[str, list[Event]] = {}
    for event in events:
        if not in_bbox(event.place, theatre):
            found.setdefault(event.place.name, []).append(event)
    result = [FarPlace(place=evs[-1].place, events=len(evs), latest=max(e.day for e in evs))
              for evs in found.values()]
    return sorted(result, key=lambda f: (-f.latest.toordinal(), f.place.name))


def select_zones(zones: Iterable[ZoneReport], sides: Iterable[str] | None,
                 layers: Iterable[str] = ()) -> tuple[ZoneReport, ...]:
    """Zones of the given sides (None: every side), and of the given layers when any are
    named."""
    wanted_sides = None if sides is None else {str(s) for s in sides}
    wanted_layers = set(layers)
    return tuple(z for z in zones
                 if (wanted_sides is None or str(z.side) in wanted_sides)
                 and (not wanted_layers or z.layer in wanted_layers))
