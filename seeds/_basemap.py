"""The bundled Natural Earth basemap (public domain, "Made with Natural Earth")."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from geo.errors import SeedError
from seeds._io import read_json

#: Names accepted by :func:`basemap_geojson`.
#: ``countries``: region country polygons (props ADM0_A3, ISO_A2, NAME, NAME_EN/UK/RU/DE ...);
#: ``admin1_lines``, ``boundary_lines``, ``coastline``: region lines (no properties);
#: ``lakes``: region lake polygons; ``world``: low-res world countries (ISO_A2, NAME).
BASEMAP_NAMES: tuple[str, ...] = (
    "countries", "admin1_lines", "boundary_lines", "coastline", "lakes", "world",
)
BASEMAP_ATTRIBUTION = "Made with Natural Earth (public domain)"


def basemap_geojson(name: str) -> dict[str, Any]:
    """The basemap layer ``name`` as a GeoJSON FeatureCollection dict (lon/lat, EPSG:4326).

    A fresh dict each call, so callers may mutate it. Unknown names raise :class:`SeedError`.
    """
    if name not in BASEMAP_NAMES:
        raise SeedError(f"unknown basemap layer {name!r}; known: {', '.join(BASEMAP_NAMES)}",
                        source="seeds/basemap", item=name, field="name")
    data = read_json("basemap", f"{name}.geojson")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise SeedError("not a GeoJSON FeatureCollection", source=f"seeds/basemap/{name}.geojson",
                        field="type")
    return data


@dataclass(frozen=True)
class MapLabel:
    """A town label for the theatre map: (lat, lon) and a rank (1 city … 3 village)."""

    name: str
    lat: float
    lon: float
    rank: int


def load_labels() -> list[MapLabel]:
    """Town labels (``seeds/basemap/labels.csv``, made by ``tools/make_labels.py``)."""
    src = "seeds/basemap/labels.csv"
    text = files("seeds").joinpath("basemap", "labels.csv").read_text(encoding="utf-8")
    labels = []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=1):
        try:
            labels.append(MapLabel(row["name"], float(row["lat"]), float(row["lon"]),
                                   int(row["rank"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise SeedError(f"bad label row ({exc})", source=src, item=number) from exc
    return labels
