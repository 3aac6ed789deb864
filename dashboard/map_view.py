"""The map: a fixed base map plus the day's layer through ``feature_group_to_add``.

The base map is rebuilt on every run (st_folium mutates the map it gets, so it must not be
cached) but with the same content, so streamlit-folium keeps the mounted Leaflet map and only
swaps the day's feature group: zoom and pan survive a slider move (DESIGN.md §4).
"""

from __future__ import annotations

from collections.abc import Sequence

from streamlit_folium import st_folium

from dashboard.state import DEFAULT_TILE_ATTRIBUTION, ViewState
from geo.models import Snapshot
from layers import base_map, day_layer

MAP_HEIGHT = 680
MAP_KEY = "frontline_map"


def show(snap: Snapshot, state: ViewState, *, attributions: Sequence[str] = ()) -> None:
    """Draw the map for ``snap``."""
    base = base_map(world=state.world, attributions=tuple(attributions),
                    tile_url=state.tile_url,
                    tile_attribution=DEFAULT_TILE_ATTRIBUTION if state.tile_url else "")
    layer = day_layer(snap)
    st_folium(base, feature_group_to_add=layer, key=MAP_KEY, height=MAP_HEIGHT,
              use_container_width=True, returned_objects=[])
