"""The map: a fixed base map plus the day's layers through ``feature_group_to_add``.

The base map is rebuilt on every run (st_folium mutates the map it gets, so it must not be
cached) with the same content, so streamlit-folium keeps the mounted Leaflet map and only
swaps the day's feature groups: zoom and pan survive a slider move (DESIGN.md §4). Its
centre and zoom are the session's first view (from the permalink); later pans come back
from the component and go into the permalink without re-mounting the map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st
from shapely.geometry.base import BaseGeometry
from streamlit_folium import st_folium

from dashboard.state import DEFAULT_TILE_ATTRIBUTION, ViewState
from geo.models import Place, Snapshot
from layers import base_map, day_layer, layer_control
from layers.overlays import overlay_group

MAP_HEIGHT = 680
MAP_KEY = "frontline_map"
FLY_ZOOM = 12


@dataclass(frozen=True)
class Overlays:
    """What is drawn above the day's zones and events."""

    front: BaseGeometry | None = None
    highlight: BaseGeometry | None = None
    highlight_label: str = ""
    highlight_side: str | None = None
    places: Sequence[Place] = ()


def show(snap: Snapshot, state: ViewState, *, attributions: Sequence[str] = (),
         overlays: Overlays = Overlays(), fly_to: Place | None = None) -> dict | None:
    """Draw the map for ``snap``; returns the component's centre/zoom report (or None)."""
    first_view = st.session_state.setdefault(
        "_first_view", (state.center, state.zoom) if not state.world else (None, None))
    center, zoom = first_view if not state.world else (None, None)
    base = base_map(world=state.world, center=center, zoom=zoom,
                    attributions=tuple(attributions), tile_url=state.tile_url,
                    theatre=snap.theatre,
                    tile_attribution=DEFAULT_TILE_ATTRIBUTION if state.tile_url else "")
    groups = [day_layer(snap),
              overlay_group(front=overlays.front, highlight=overlays.highlight,
                            highlight_label=overlays.highlight_label,
                            highlight_side=overlays.highlight_side, places=overlays.places)]
    return st_folium(
        base, feature_group_to_add=groups, key=MAP_KEY, height=MAP_HEIGHT,
        use_container_width=True, layer_control=layer_control(),
        center=list(fly_to.latlon()) if fly_to else None, zoom=FLY_ZOOM if fly_to else None,
        returned_objects=["center", "zoom"])
