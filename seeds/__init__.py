"""Bundled demo content (Battle of Bakhmut, Jan-Jun 2023) and its small loaders.

Articles, curated events, zone reports, the seed layer's info and the theatre map's town
labels, all the project's own (authored from public facts), read through
:mod:`importlib.resources`. Errors in the bundled files raise :class:`geo.errors.SeedError`
naming file, item and field. The reference data the core needs (gazetteer, rules,
lexicons, Natural Earth outlines) is :mod:`geo.data`; the outlines are re-exported here.
"""

from __future__ import annotations

from seeds._articles import load_articles
from seeds._basemap import (
    BASEMAP_ATTRIBUTION,
    BASEMAP_NAMES,
    MapLabel,
    basemap_geojson,
    load_labels,
)
from seeds._events import load_events
from seeds._layer import SEED_LAYER, load_layer_info
from seeds._theatres import load_theatres
from seeds._zones import load_zone_reports

__all__ = [
    "BASEMAP_ATTRIBUTION",
    "BASEMAP_NAMES",
    "SEED_LAYER",
    "MapLabel",
    "basemap_geojson",
    "load_labels",
    "load_articles",
    "load_events",
    "load_layer_info",
    "load_theatres",
    "load_zone_reports",
]
