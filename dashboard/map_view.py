"""The map: our own Streamlit component around the offline base map and the shared scrubber.

The frames of the theatre's span (or of a window around the day when they exceed
:data:`~dashboard.map_frames.WIRE_BUDGET`) are built once per store version, zoom band,
events window and server-side filter (actors, sources, "N sources"), compressed once and
served as a file (:mod:`dashboard.map_frames`, :mod:`dashboard.components.frontline_map`);
a first visit that would wait for a big build gets a few weeks' frames at once and the
rest when built (no rerun). A rerun sends only small args (the file's
URL, the day, the browser-side filters and overlays). Dragging, keys and play draw in the
browser with no rerun; a release (or pause) sends the day back, which
:func:`take_released_day` puts into the sidebar slider before it is drawn, and the
permalink follows. A pan or zoom is reported once it settles (centre/zoom for the
permalink, and the zoom band of the frames).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st
from shapely.geometry.base import BaseGeometry

from dashboard import map_frames
from dashboard.cache import cached_store
from dashboard.components import frontline_map as component
from dashboard.frame import DEFAULT_ZOOM
from dashboard.state import DEFAULT_TILE_ATTRIBUTION, ViewState, clamp_day
from geo.dates import parse_day
from geo.errors import InputError
from geo.lru import LRUCache
from geo.models import Place, Snapshot
from geo.theatre import Theatre
from geo.zones import zoom_band
from layers import base_map
from layers.frames import band_decimals
from layers.scrubber import ScrubberHost
from layers.style import SIDE_COLOURS
from layers.text import escape_display
from layers.zones import rounded_mapping

log = logging.getLogger(__name__)

MAP_HEIGHT = 680
MAP_KEY = "frontline_map"
FLY_ZOOM = 12

_pages: LRUCache[tuple, str] = LRUCache(16)


@dataclass(frozen=True)
class Overlays:
    """What is drawn above the day's zones and events (the front line is in the frames)."""

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


def _frames_for(location: str, version: str, theatre: Theatre, span: tuple[date, date],
                state: ViewState, band: int) -> map_frames.Offer:
    """The frames to send (:func:`dashboard.map_frames.frames_offer`); the window sent is
    kept per session so that small moves keep it."""
    key = map_frames.FrameKey(location=location, version=version, theatre=theatre, band=band,
                              window_days=state.window_days, actors=state.actors,
                              sources=state.sources, min_sources=state.min_sources)
    offer = map_frames.frames_offer(cached_store(location), key, span, state.day,
                                    st.session_state.get("_frames_window"))
    if offer.ticket is None:
        st.session_state["_frames_window"] = offer.window
    return offer


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
        offer = _frames_for(location, version, theatre, span, state, band)
    args = _args(state, overlays, fly_to, component.publish(offer.frames))
    args["next"] = offer.ticket
    value = component.page_component(page)(key=MAP_KEY, default=None, **args)
    if not isinstance(value, dict):
        return None
    lat, lng, zoom_now = value.get("lat"), value.get("lng"), value.get("zoom")
    if not all(isinstance(v, int | float) for v in (lat, lng, zoom_now)):
        return None
    return {"center": {"lat": float(lat), "lng": float(lng)}, "zoom": int(zoom_now)}
