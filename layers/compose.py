"""Putting maps together: a fixed base map, and a per-day layer to put on it.

In the app, the base map is built once per view and the day layer goes to ``st_folium`` as
``feature_group_to_add`` (a full re-mount costs seconds). ``st_folium`` mutates the map it is
given, so :func:`base_map` always returns a NEW map: never cache the object. Exports and
benchmarks use :func:`full_map`. Everything here is pure (no streamlit).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import folium

from geo.ingest.validate import THEATRE as UKRAINE_BOX
from geo.models import Snapshot
from geo.theatre import Theatre, default_theatre
from layers.assets import make_offline, offline_html
from layers.basemap import outline_layers, tile_layer
from layers.events import events_layer
from layers.labels import TownLabels
from layers.legend import Credits, Legend, MapStyle
from layers.templates import install as install_template_cache
from layers.text import escape_display, format_day
from layers.zones import zones_layer

__all__ = [
    "MAX_ZOOM",
    "THEATRE_CENTER",
    "THEATRE_ZOOM",
    "WORLD_CENTER",
    "WORLD_ZOOM",
    "base_map",
    "day_layer",
    "full_map",
    "layer_control",
    "map_html",
]

log = logging.getLogger(__name__)

# Every map is built through here: branca compiles each template source once from now on
# (checked against one branca release, see layers.templates).
install_template_cache()

#: Centre of the default theatre view, (lat, lon): Bakhmut.
THEATRE_CENTER: tuple[float, float] = (48.59, 38.0)
THEATRE_ZOOM = 10
#: World view (places far from the front: The Hague, Moscow, Beijing, Washington), (lat, lon).
WORLD_CENTER: tuple[float, float] = (35.0, 20.0)
WORLD_ZOOM = 2
MAX_ZOOM = 18
MIN_ZOOM = 2


def _regional(theatre: Theatre) -> bool:
    """True when the detailed regional outlines (Ukraine and neighbours) cover the theatre."""
    west, south, east, north = theatre.bbox
    r_west, r_south, r_east, r_north = UKRAINE_BOX
    return r_west <= west and east <= r_east and r_south <= south and north <= r_north


def base_map(*, world: bool = False, center: Sequence[float] | None = None,
             zoom: int | None = None, tile_url: str | None = None,
             tile_attribution: str = "", attributions: Sequence[str] = (),
             legend_title: str | None = None, theatre: Theatre | None = None) -> folium.Map:
    """A NEW offline base map: Natural Earth outlines, legend, credits, scale bar.

    ``theatre`` (default: Bakhmut 2023) gives the default view, the town labels, the legend's
    sides and the hatch patterns; a theatre outside the regional outlines gets the world's.
    ``center`` is (lat, lon). ``world=True`` shows the world outlines and the world view.
    ``tile_url`` (off by default) adds an online raster tile layer under the outlines;
    ``tile_attribution`` is its credit (escaped), shown by Leaflet with the layer.
    ``attributions`` are extra credits (e.g. of imported layers), escaped. All JS/CSS is
    inlined (:func:`make_offline`).
    """
    theatre = theatre or default_theatre()
    if center is None:
        center = WORLD_CENTER if world else theatre.view_center
    if zoom is None:
        zoom = WORLD_ZOOM if world else theatre.view_zoom
    m = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        max_zoom=MAX_ZOOM,
        control_scale=True,
        prefer_canvas=False,  # SVG: the contested hatch pattern needs it
    )
    # folium passes min/max_zoom only to a TileLayer; with tiles=None put them on the map
    # itself (Leaflet.markercluster needs the map's maxZoom).
    m.options["max_zoom"] = MAX_ZOOM
    m.options["min_zoom"] = MIN_ZOOM
    MapStyle(theatre).add_to(m)
    if tile_url:
        tile_layer(tile_url, attribution=escape_display(tile_attribution)).add_to(m)
    outline_layers(world=world or not _regional(theatre)).add_to(m)
    if not world and theatre.labels:
        TownLabels(theatre.labels).add_to(m)
    Legend(title=legend_title, theatre=theatre).add_to(m)
    Credits(attributions).add_to(m)
    return make_offline(m)


def day_layer(snapshot: Snapshot, *, name: str | None = None) -> folium.FeatureGroup:
    """The zones, then the events, of ``snapshot`` in one feature group.

    ``name`` (default ``"As of <day>"``) is escaped. Empty parts are left out, so an empty
    snapshot gives an empty group.
    """
    label = name if name is not None else f"As of {format_day(snapshot.day)}"
    group = folium.FeatureGroup(name=escape_display(label), overlay=True, control=True)
    if snapshot.zones:
        zones_layer(snapshot.zones, theatre=snapshot.theatre).add_to(group)
    if snapshot.events:
        events_layer(snapshot.events, snapshot.day, snapshot.window_days).add_to(group)
    log.debug("day layer %s: %d zones, %d events", snapshot.day, len(snapshot.zones),
              len(snapshot.events))
    return make_offline(group)


def full_map(snapshot: Snapshot, **base_kwargs: Any) -> folium.Map:
    """A new base map with the day layer of ``snapshot`` added (for exports and benchmarks)."""
    base_kwargs.setdefault("theatre", snapshot.theatre)
    m = base_map(**base_kwargs)
    day_layer(snapshot).add_to(m)
    return make_offline(m)


def layer_control() -> folium.LayerControl:
    """The layer switcher of the app's map, folded until asked for (room on phones)."""
    return folium.LayerControl(collapsed=True)


def map_html(m: folium.Map) -> str:
    """The self-contained, checked-offline HTML page of ``m`` (see :func:`offline_html`)."""
    return offline_html(m)
