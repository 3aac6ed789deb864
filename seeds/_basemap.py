"""Town labels of the demo theatre map, and the Natural Earth outlines read from geo's
package data (:mod:`geo.data`, one copy; re-exported here for the map's basemap)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib.resources import files

from geo.data import BASEMAP_ATTRIBUTION, BASEMAP_NAMES, basemap_geojson
from geo.errors import SeedError

__all__ = ["BASEMAP_ATTRIBUTION", "BASEMAP_NAMES", "MapLabel", "basemap_geojson", "load_labels"]


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
