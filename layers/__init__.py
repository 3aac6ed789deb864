"""folium layers of the frontline map: the only package that imports folium.

Builders return folium objects and never touch streamlit. Every displayed text from data is
escaped (:func:`escape_display`); every JS/CSS asset is inlined (:func:`make_offline`).

The names below are imported on first use (PEP 562), so that the folium-free parts of the
package (``layers.text``, ``layers.style``, the export data formats and policy under
``layers.export``) can be used, e.g. by the CLI, without importing folium.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
        layer_control,
        map_html,
    )
    from layers.editor_maps import click_map, zone_editor_map
    from layers.events import events_layer
    from layers.legend import Credits, Legend, MapStyle
    from layers.text import escape_display
    from layers.zones import zones_layer

_WHERE = {
    "assert_offline_html": "layers.assets",
    "collect_links": "layers.assets",
    "make_offline": "layers.assets",
    "offline_html": "layers.assets",
    "outline_layers": "layers.basemap",
    "tile_layer": "layers.basemap",
    "click_map": "layers.editor_maps",
    "zone_editor_map": "layers.editor_maps",
    "THEATRE_CENTER": "layers.compose",
    "THEATRE_ZOOM": "layers.compose",
    "WORLD_CENTER": "layers.compose",
    "WORLD_ZOOM": "layers.compose",
    "base_map": "layers.compose",
    "day_layer": "layers.compose",
    "full_map": "layers.compose",
    "layer_control": "layers.compose",
    "map_html": "layers.compose",
    "events_layer": "layers.events",
    "Credits": "layers.legend",
    "Legend": "layers.legend",
    "MapStyle": "layers.legend",
    "escape_display": "layers.text",
    "zones_layer": "layers.zones",
}

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
    "click_map",
    "collect_links",
    "day_layer",
    "escape_display",
    "events_layer",
    "full_map",
    "layer_control",
    "make_offline",
    "map_html",
    "offline_html",
    "outline_layers",
    "tile_layer",
    "zone_editor_map",
    "zones_layer",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'layers' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
