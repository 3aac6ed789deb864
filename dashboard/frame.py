"""What one slider position draws, as plain functions (no streamlit): used by the app, the
benchmarks and the exports' tests alike."""

from __future__ import annotations

from dataclasses import replace

from shapely.geometry.base import BaseGeometry

from dashboard.state import ViewState
from geo.lru import LRUCache
from geo.models import Snapshot
from geo.store import Store
from geo.timeline import select_zones
from geo.zones import (
    layered_display_geometries,
    map_front_line,
    side_areas_km2,
    warm_display_cache,
    zoom_band,
)
from layers.events import events_by_sources

DEFAULT_ZOOM = 10


def shown_snapshot(snap: Snapshot, state: ViewState) -> Snapshot:
    """The snapshot as drawn: side/layer toggles applied, zones simplified for the zoom
    (layer by layer, from the cache that the app warms once per data version), and with a
    "reported by at least N independent sources" filter the events corroborated and kept
    when enough sources report them."""
    band = zoom_band(state.zoom if state.zoom is not None else DEFAULT_ZOOM)
    selected = select_zones(snap.zones, state.sides, state.layers)
    simplified = layered_display_geometries(snap.zones, band)
    zones = tuple(replace(z, geometry=simplified.get(z.id, z.geometry)) for z in selected)
    if state.min_sources > 1:  # reports of one event merged, then counted
        return replace(snap, zones=zones, events=tuple(events_by_sources(snap.events,
                                                                         state.min_sources)))
    return replace(snap, zones=zones)


_FRONT_CACHE_SIZE = 256
_front_cache: LRUCache[tuple, BaseGeometry] = LRUCache(_FRONT_CACHE_SIZE)


def shown_front_line(shown: Snapshot, zoom: int | None) -> BaseGeometry:
    """The front line of the zones as drawn (display geometry, so it matches the polygons
    and is cheap), cached by the zones' report ids and the zoom band."""
    band = zoom_band(zoom if zoom is not None else DEFAULT_ZOOM)
    theatre = shown.theatre
    key = (theatre.name if theatre else "", tuple(sorted(z.id for z in shown.zones)), band)
    return _front_cache.get_or_compute(key, lambda: map_front_line(shown.zones, theatre))


_AREAS_CACHE_SIZE = 256
_areas_cache: LRUCache[tuple, dict[str, float]] = LRUCache(_AREAS_CACHE_SIZE)


def shown_side_areas(shown: Snapshot, zoom: int | None) -> dict[str, float]:
    """km² per side of the zones as drawn, cached (for every session) by the zones' report
    ids and the zoom band, like :func:`shown_front_line`."""
    band = zoom_band(zoom if zoom is not None else DEFAULT_ZOOM)
    theatre = shown.theatre
    key = (theatre.name if theatre else "", tuple(sorted(z.id for z in shown.zones)), band)
    return _areas_cache.get_or_compute(key, lambda: side_areas_km2(
        shown.zones, theatre.side_precedence if theatre else None))


def warm_frames(store: Store, zooms: tuple[int, ...] = (DEFAULT_ZOOM,)) -> int:
    """Simplify every report and draw every default front line once (the app runs this in
    the background per data version), so slider moves find the work done."""
    count = warm_display_cache(store)
    for theatre in store.theatres():
        for day in store.zone_report_dates(theatre=theatre.name):
            zones = tuple(store.zones_at(day, theatre=theatre.name))
            for zoom in zooms:
                state = ViewState(day=day, zoom=zoom)
                shown_front_line(shown_snapshot(Snapshot(day, 1, zones, (), theatre=theatre),
                                                state), zoom)
                count += 1
    return count
