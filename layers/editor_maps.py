"""The analysts' maps: a map to click a place on, and a map to draw a zone report on.

Both are NEW offline maps on the base map (``st_folium`` mutates the map it gets): the
dashboard only hands them to ``st_folium`` and reads back what was clicked or drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium
import folium.plugins

from geo.models import Place, ZoneReport
from layers.assets import make_offline
from layers.compose import base_map
from layers.text import escape_display
from layers.zones import zones_layer

__all__ = ["CLICK_ZOOM", "click_map", "zone_editor_map"]

CLICK_ZOOM = 8

# Leaflet.draw with only its polygon tool (a zone report is a polygon) and no editing of
# what is already stored: a report replaces the earlier one of the same zone id.
_DRAW_OPTIONS = {"polyline": False, "rectangle": False, "circle": False, "marker": False,
                 "circlemarker": False, "polygon": {"allowIntersection": False}}


def click_map(place: Place) -> folium.Map:
    """A map centred on ``place`` (lat, lon) with it marked, to click the right spot on."""
    m = base_map(center=place.latlon(), zoom=CLICK_ZOOM)
    folium.CircleMarker(location=list(place.latlon()), radius=8,
                        tooltip=escape_display(place.name)).add_to(m)
    return make_offline(m)


def zone_editor_map(zones: Sequence[ZoneReport] = ()) -> folium.Map:
    """A map with ``zones`` (the reports in force that day) and Leaflet.draw's polygon tool.

    Raises :class:`~geo.errors.AssetError` saying how to install Leaflet.draw when it is
    missing (npm's ``leaflet-draw``, installed by ``make setup``).
    """
    m = base_map()
    if zones:
        zones_layer(zones).add_to(m)
    folium.plugins.Draw(export=False, draw_options=_DRAW_OPTIONS,
                        edit_options={"edit": False}).add_to(m)
    return make_offline(m)
