"""Bundled default data (Battle of Bakhmut, Jan-Jun 2023) and its small loaders.

Everything is read through :mod:`importlib.resources`. The data is the project's own
(authored from public facts) except ``basemap/``, which is Natural Earth (public domain).
Errors in the bundled files raise :class:`geo.errors.SeedError` naming file, item and field.
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
from seeds._gazetteer import (
    CountryPoint,
    Settlement,
    TheatrePlace,
    gazetteer_files_hash,
    load_country_points,
    load_rule_table,
    load_theatre_gazetteer,
    load_ua_settlements,
    load_word_list,
)
from seeds._layer import SEED_LAYER, load_layer_info
from seeds._zones import load_zone_reports

__all__ = [
    "BASEMAP_ATTRIBUTION",
    "BASEMAP_NAMES",
    "SEED_LAYER",
    "CountryPoint",
    "Settlement",
    "TheatrePlace",
    "MapLabel",
    "basemap_geojson",
    "load_labels",
    "gazetteer_files_hash",
    "load_country_points",
    "load_rule_table",
    "load_theatre_gazetteer",
    "load_ua_settlements",
    "load_word_list",
    "load_articles",
    "load_events",
    "load_layer_info",
    "load_zone_reports",
]
