"""Small overlays drawn over the day's zones: the front line, a highlighted change and a
searched place. All text escaped; geometry in lon/lat (GeoJSON), locations in [lat, lon]."""

from __future__ import annotations

from collections.abc import Sequence

import folium
from shapely.geometry.base import BaseGeometry

from geo.models import Place
from layers.assets import make_offline
from layers.style import SIDE_COLOURS
from layers.text import escape_display
from layers.zones import rounded_mapping

FRONT_LINE_COLOUR = "#222222"
HIGHLIGHT_COLOUR = "#CC00CC"


def front_line_layer(line: BaseGeometry, *, label: str) -> folium.GeoJson | None:
    """The front line as a heavy dark line (None when there is no line)."""
    if line.is_empty:
        return None
    feature = {"type": "Feature", "geometry": rounded_mapping(line), "properties": {}}
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": [feature]}, name=escape_display(label),
        style_function=lambda _: {"color": FRONT_LINE_COLOUR, "weight": 3, "opacity": 0.9,
                                  "className": "fl-front-line"},
        tooltip=escape_display(label))


def highlight_layer(geometry: BaseGeometry, *, label: str,
                    side_colour: str | None = None) -> folium.GeoJson | None:
    """One change (gained/lost polygon) outlined in a loud colour."""
    if geometry.is_empty:
        return None
    feature = {"type": "Feature", "geometry": rounded_mapping(geometry), "properties": {}}
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": [feature]}, name=escape_display(label),
        style_function=lambda _: {"color": HIGHLIGHT_COLOUR, "weight": 4, "opacity": 1.0,
                                  "fillColor": side_colour or HIGHLIGHT_COLOUR,
                                  "fillOpacity": 0.35, "className": "fl-highlight"},
        tooltip=escape_display(label))


def place_marker(place: Place) -> folium.CircleMarker:
    """A searched place: a ring at (lat, lon) with its name."""
    return folium.CircleMarker(
        location=[place.lat, place.lon], radius=10, color=HIGHLIGHT_COLOUR, weight=3,
        fill=False, class_name="fl-search",
        tooltip=folium.Tooltip(escape_display(place.name), permanent=True))


def overlay_group(*, front: BaseGeometry | None = None, front_label: str = "Front line",
                  highlight: BaseGeometry | None = None, highlight_label: str = "",
                  highlight_side: str | None = None,
                  places: Sequence[Place] = ()) -> folium.FeatureGroup:
    """Everything above the zones, in one feature group named "Overlays"."""
    group = folium.FeatureGroup(name="Front line and highlights", overlay=True, control=True)
    parts = [
        front_line_layer(front, label=front_label) if front is not None else None,
        highlight_layer(highlight, label=highlight_label,
                        side_colour=SIDE_COLOURS.get(highlight_side) if highlight_side else None)
        if highlight is not None else None,
        *(place_marker(p) for p in places),
    ]
    for part in parts:
        if part is not None:
            part.add_to(group)
    return make_offline(group)
