"""Reference data of the core, shipped inside the package and read on demand through
:mod:`importlib.resources` (so it works from a wheel or a zip; model: xyzservices' and
morecantile's ``data/``). Everything here is generated or curated by the project:

* ``gazetteer/``: our theatre gazetteer, country points, Ukrainian KATOTTG settlements
  (``tools/make_ua_settlements.py``), not-place and common-word lists
  (``tools/make_common_words.py``); see ``gazetteer/README.md``;
* ``rules/``: the event-kind and actor rule tables of :mod:`geo.events`;
* ``lexicon/``: the English word lists of :mod:`geo.geoparse` and :mod:`geo.events`;
* ``basemap/``: Natural Earth outlines (``tools/make_basemap.py``; the front line uses
  Ukraine's land outline, the map's basemap draws them).

Loaders validate what they read; errors raise :class:`geo.errors.DataError` naming the
file, the row or list, and the field. The demo content (articles, events, zone reports)
lives in ``seeds/``, which the core never imports.
"""

from __future__ import annotations

from geo.data._basemap import BASEMAP_ATTRIBUTION, BASEMAP_NAMES, basemap_geojson
from geo.data._gazetteer import (
    GAZETTEER_FILES,
    CountryPoint,
    Settlement,
    TheatrePlace,
    WorldRegion,
    csv_rows,
    gazetteer_files_hash,
    load_country_points,
    load_rule_table,
    load_theatre_gazetteer,
    load_ua_settlements,
    load_word_list,
    load_world_regions,
    parse_world_regions,
    theatre_row,
)
from geo.data._io import label, read_json, read_text, resource
from geo.data._lexicon import Lexicon, load_lexicon, parse_lexicon

__all__ = [
    "BASEMAP_ATTRIBUTION",
    "BASEMAP_NAMES",
    "GAZETTEER_FILES",
    "CountryPoint",
    "Lexicon",
    "Settlement",
    "TheatrePlace",
    "WorldRegion",
    "basemap_geojson",
    "csv_rows",
    "gazetteer_files_hash",
    "label",
    "load_country_points",
    "load_lexicon",
    "load_rule_table",
    "load_theatre_gazetteer",
    "load_ua_settlements",
    "load_word_list",
    "load_world_regions",
    "parse_lexicon",
    "parse_world_regions",
    "read_json",
    "read_text",
    "resource",
    "theatre_row",
]
