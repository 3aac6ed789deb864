"""The map: our own Streamlit component around the offline base map and the shared scrubber.

The frames of the theatre's span (or of a window around the day when they exceed
:data:`WIRE_BUDGET`) are built once per store version, zoom band, events window and
server-side filter (actors, sources, "N sources"), compressed once and served as a file
(:mod:`dashboard.components.frontline_map`): a rerun sends only small args (the file's
URL, the day, the browser-side filters and overlays). Dragging, keys and play draw in the
browser with no rerun; a release (or pause) sends the day back, which
:func:`take_released_day` puts into the sidebar slider before it is drawn, and the
permalink follows. A pan or zoom is reported once it settles (centre/zoom for the
permalink, and the zoom band of the frames).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st
from shapely.geometry.base import BaseGeometry

from dashboard.cache import cached_store
from dashboard.components import frontline_map as component
from dashboard.frame import DEFAULT_ZOOM
from dashboard.state import DEFAULT_TILE_ATTRIBUTION, ViewState, clamp_day
from geo.dates import parse_day
from geo.errors import InputError
from geo.lru import LRUCache
from geo.models import Place, Snapshot
from geo.store.base import EventFilter
from geo.theatre import Theatre
from geo.zones import zoom_band
from layers import base_map
from layers.frames import band_decimals, frame_window, store_frames
from layers.scrubber import ScrubberHost
from layers.style import SIDE_COLOURS
from layers.text import escape_display
from layers.zones import rounded_mapping

log = logging.getLogger(__name__)

MAP_HEIGHT = 680
MAP_KEY = "frontline_map"
FLY_ZOOM = 12
WIRE_BUDGET = 6_000_000
"""Largest frames file sent at once (bytes on the wire); beyond it, a window of days."""

_pages: LRUCache[tuple, str] = LRUCache(16)
_frames: LRUCache[tuple, component.PackedFrames] = LRUCache(24)
_builders: dict[tuple, threading.Lock] = {}
_builders_lock = threading.Lock()


@dataclass(frozen=True)
class Overlays:
    """What is drawn above the day's zones and events (the front line is in the frames)."""

    front: BaseGeometry | None = None
    highlight: BaseGeometry | None = None
    highlight_label: str = ""
    highlight_side: str | None = None
    places: Sequence[Place] = ()


def _page(theatre: Theatre, world: bool, center: Any, zoom: int | None,
          attributions: tuple[str, ...], tile_url: str | None) -> str:
    key = (theatre.name, world, center, zoom, attributions, tile_url)

    def build() -> str:
        m = base_map(world=world, center=center, zoom=zoom, attributions=attributions,
                     tile_url=tile_url, theatre=theatre,
                     tile_attribution=DEFAULT_TILE_ATTRIBUTION if tile_url else "")
        ScrubberHost(component.glue_js(), starter="flStartComponent").add_to(m)
        from layers.compose import map_html

        return map_html(m)

    return _pages.get_or_compute(key, build)


def packed_frames(location: str, version: str, theatre: Theatre, start: date, end: date, *,
                  band: int, window_days: int, actors: tuple[str, ...] = (),
                  sources: tuple[str, ...] = (), min_sources: int = 1
                  ) -> component.PackedFrames:
    """The frames of [start, end], built and compressed once per key (every session)."""
    key = (location, version, theatre.name, start, end, band, window_days, actors, sources,
           min_sources)
    found = _frames.get(key)
    if found is not None:
        return found
    with _builder(key):  # one build per key: other sessions wait for it, not build again
        return _frames.get_or_compute(key, lambda: _build_frames(
            location, theatre, start, end, band=band, window_days=window_days,
            actors=actors, sources=sources, min_sources=min_sources))


def _builder(key: tuple) -> threading.Lock:
    with _builders_lock:
        if len(_builders) > 64:
            _builders.clear()
        return _builders.setdefault(key, threading.Lock())


def _build_frames(location: str, theatre: Theatre, start: date, end: date, *, band: int,
                  window_days: int, actors: tuple[str, ...], sources: tuple[str, ...],
                  min_sources: int) -> component.PackedFrames:
    """Build and compress the frames (seconds on a big store: once per key)."""
    started = time.perf_counter()
    frames = store_frames(cached_store(location), start, end, band=band,
                          window_days=window_days, theatre=theatre,
                          filters=EventFilter(actors=actors, sources=sources),
                          min_sources=min_sources)
    packed = component.pack_frames(frames)
    log.info("frames %s..%s (band %d): %d days, %d events, %.2f MB raw, %.2f MB gzip, "
             "built in %.1f s", start, end, band, len(frames["days"]),
             len(frames["ev"]["x"]), packed.raw_bytes / 1e6, packed.wire_bytes / 1e6,
             time.perf_counter() - started)
    return packed


def _frames_for(location: str, version: str, theatre: Theatre, span: tuple[date, date],
                state: ViewState, band: int) -> component.PackedFrames:
    """The whole span's frames, or a window around the day when they exceed the budget."""
    first, last = span
    common = dict(band=band, window_days=state.window_days, actors=state.actors,
                  sources=state.sources, min_sources=state.min_sources)
    whole = packed_frames(location, version, theatre, first, last, **common)
    if whole.wire_bytes <= WIRE_BUDGET:
        return whole
    current = st.session_state.get("_frames_window")
    window = frame_window(first, last, state.day, span_bytes=whole.wire_bytes,
                          budget=WIRE_BUDGET, current=current)
    st.session_state["_frames_window"] = window
    return packed_frames(location, version, theatre, *window, **common)


def take_released_day(first: date, last: date) -> None:
    """A day the viewer let go of in the map (the component's value) becomes the sidebar's
    day; called before the slider is drawn. Each value is taken once (its counter ``n``);
    the value comes from the browser, so anything unparsable is ignored. A pan or zoom
    report only counts for the view (its day is whatever the map showed then)."""
    value = st.session_state.get(MAP_KEY)
    if not isinstance(value, dict):
        return
    n = value.get("n")
    if not isinstance(n, int) or n == st.session_state.get("_map_n"):
        return
    st.session_state["_map_n"] = n
    if value.get("why") != "release":  # a pan or zoom: its day may be older than the slider's
        return
    try:
        day = parse_day(str(value.get("day", ""))[:10], field="map day")
    except InputError:
        return
    st.session_state["day"] = clamp_day(day, first, last)
    st.session_state["playing"] = False


def _args(state: ViewState, overlays: Overlays, fly_to: Place | None, url: str) -> dict:
    highlight = None
    if overlays.highlight is not None and not overlays.highlight.is_empty:
        highlight = {"g": rounded_mapping(overlays.highlight, band_decimals(0)),
                     "label": escape_display(overlays.highlight_label),
                     "colour": SIDE_COLOURS.get(overlays.highlight_side or "")}
    return {
        "frames": url, "day": state.day.isoformat(), "height": MAP_HEIGHT,
        "n_seen": st.session_state.get("_map_n", 0),
        "filter": {"kinds": [k.value for k in state.kinds] or None,
                   "statuses": [s.value for s in state.statuses] or None,
                   "minConfidence": state.min_confidence},
        "sides": list(state.sides) if state.sides is not None else None,
        "layers": [escape_display(layer) for layer in state.layers] or None,
        "front": state.front_line, "highlight": highlight,
        "places": [[p.lat, p.lon, escape_display(p.name)] for p in overlays.places],
        "fly": [fly_to.lat, fly_to.lon, FLY_ZOOM] if fly_to else None,
    }


def show(snap: Snapshot, state: ViewState, *, location: str, version: str,
         span: tuple[date, date], attributions: Sequence[str] = (),
         overlays: Overlays = Overlays(), fly_to: Place | None = None) -> dict | None:
    """Draw the map; returns the component's centre/zoom report (or None)."""
    first_view = st.session_state.setdefault(
        "_first_view", (state.center, state.zoom) if not state.world else (None, None))
    center, zoom = first_view if not state.world else (None, None)
    theatre = snap.theatre or cached_store(location).main_theatre()
    page = _page(theatre, state.world, center, zoom, tuple(attributions), state.tile_url)
    band = zoom_band(state.zoom if state.zoom is not None else DEFAULT_ZOOM)
    with st.spinner("Preparing the map's frames…"):
        packed = _frames_for(location, version, theatre, span, state, band)
    url = component.publish(packed)
    value = component.page_component(page)(key=MAP_KEY, default=None,
                                           **_args(state, overlays, fly_to, url))
    if not isinstance(value, dict):
        return None
    lat, lng, zoom_now = value.get("lat"), value.get("lng"), value.get("zoom")
    if not all(isinstance(v, int | float) for v in (lat, lng, zoom_now)):
        return None
    return {"center": {"lat": float(lat), "lng": float(lng)}, "zoom": int(zoom_now)}
