"""folium layers of the frontline map: the only package that imports folium.

Builders return folium objects and never touch streamlit. Every displayed text from data is
escaped (:func:`escape_display`); every JS/CSS asset is inlined (:func:`make_offline`).
"""

from __future__ import annotations

from layers.assets import assert_offline_html, collect_links, make_offline, offline_html
from layers.basemap import outline_layers, tile_layer
from layers.compose import (
    THEATRE_CENTER,
    THEATRE_ZOOM,
    WORLD_CENTER,
    WORLD_ZOOM,
    base_map,
    day_layer,
    full_map,
    map_html,
)
from layers.events import events_layer
from layers.legend import Credits, Legend, MapStyle
from layers.templates import install as _install_template_cache
from layers.text import escape_display
from layers.zones import zones_layer

_install_template_cache()

__all__ = [
    "THEATRE_CENTER",
    "THEATRE_ZOOM",
    "WORLD_CENTER",
    "WORLD_ZOOM",
    "Credits",
    "Legend",
    "MapStyle",
    "assert_offline_html",
    "base_map",
    "collect_links",
    "day_layer",
    "escape_display",
    "events_layer",
    "full_map",
    "make_offline",
    "map_html",
    "offline_html",
    "outline_layers",
    "tile_layer",
    "zones_layer",
]
