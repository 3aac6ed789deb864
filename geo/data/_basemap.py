"""The bundled Natural Earth outlines (public domain, "Made with Natural Earth").

Built by ``tools/make_basemap.py``. The core uses the ``countries`` layer for the front
line (:func:`geo.zones.front.ukraine_land`); the map's basemap draws them all.
"""

from __future__ import annotations

from typing import Any

from geo.data._io import label, read_json
from geo.errors import DataError

#: Names accepted by :func:`basemap_geojson`.
#: ``countries``: region country polygons (props ADM0_A3, ISO_A2, NAME, NAME_EN/UK/RU/DE ...);
#: ``admin1_lines``, ``boundary_lines``, ``coastline``: region lines (no properties);
#: ``lakes``: region lake polygons; ``world``: low-res world countries (ISO_A2, NAME).
BASEMAP_NAMES: tuple[str, ...] = (
    "countries", "admin1_lines", "boundary_lines", "coastline", "lakes", "world",
)
BASEMAP_ATTRIBUTION = "Made with Natural Earth (public domain)"


def basemap_geojson(name: str) -> dict[str, Any]:
    """The outline layer ``name`` as a GeoJSON FeatureCollection dict (lon/lat, EPSG:4326).

    A fresh dict each call, so callers may mutate it. Unknown names raise :class:`DataError`.
    """
    if name not in BASEMAP_NAMES:
        raise DataError(f"unknown basemap layer {name!r}; known: {', '.join(BASEMAP_NAMES)}",
                        source=label("basemap"), item=name, field="name")
    data = read_json("basemap", f"{name}.geojson")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise DataError("not a GeoJSON FeatureCollection",
                        source=label("basemap", f"{name}.geojson"), field="type")
    if not isinstance(data.get("features"), list):
        raise DataError("missing or not a list", source=label("basemap", f"{name}.geojson"),
                        field="features")
    return data
