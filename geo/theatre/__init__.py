"""Theatres of war as data (:class:`Theatre`), their TOML files, and the default theatre.

The default theatre, ``bakhmut-2023``, ships as package data
(``geo/data/theatres/bakhmut-2023.toml``): stores written before theatres were data
(schema < 6) hold its zone reports and events, and a store without any theatre row shows it.
"""

from __future__ import annotations

from functools import lru_cache

from geo.data._io import label, read_text
from geo.theatre.model import OKABE_ITO, BBox, MapLabel, PlaceOfInterest, SideSpec, Theatre
from geo.theatre.toml_file import (
    load_theatre,
    normalise_name,
    parse_theatre,
    theatre_from_json,
    theatre_from_mapping,
    theatre_to_json,
)

DEFAULT_THEATRE = "bakhmut-2023"
"""The theatre of rows that name none (everything stored before schema 6)."""


@lru_cache(maxsize=1)
def default_theatre() -> Theatre:
    """The bundled Bakhmut 2023 theatre."""
    parts = ("theatres", f"{DEFAULT_THEATRE}.toml")
    return parse_theatre(read_text(*parts), source=label(*parts))


__all__ = ["BBox", "DEFAULT_THEATRE", "MapLabel", "OKABE_ITO", "PlaceOfInterest", "SideSpec",
           "Theatre", "default_theatre", "load_theatre", "normalise_name", "parse_theatre",
           "theatre_from_json", "theatre_from_mapping", "theatre_to_json"]
