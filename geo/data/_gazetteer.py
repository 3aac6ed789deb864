"""Our theatre gazetteer (``gazetteer/*``) and rule tables (``rules/*``), read and validated.

* ``gazetteer/theatre.csv``: places GeoNames' population lists lack or rank badly (oblasts,
  regions, rivers and seas, islands, facilities, frontline villages) and extra spellings
  (``kind=alias`` rows whose ``ref`` names a GeoNames place as ``name|country|admin1``).
* ``gazetteer/countries.csv``: one point per country and the country's other names.
* ``gazetteer/ua_settlements.csv``: Ukrainian settlements from the official KATOTTG codifier
  that GeoNames' lists lack, placed at their community's centre (approximate); built by
  ``tools/make_ua_settlements.py``.
* ``gazetteer/world_regions.csv``: general news beyond the theatre: first-level regions of
  other countries (provinces, states, UK nations, Länder), English counties, seas, oceans and
  straits, former states, and countries' other names (``kind=country_alias``).
* ``gazetteer/not_places.txt`` and ``common_words.txt`` (built by
  ``tools/make_common_words.py``): word lists for the gazetteer and the geoparser.
* ``rules/event_kinds.csv`` and ``rules/actors.csv``: rule tables (see :mod:`geo.events`).

Errors raise :class:`geo.errors.DataError` naming the file, the 1-based row and the field.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

from geo.data._io import label, read_text
from geo.errors import DataError

THEATRE_KINDS = frozenset({"oblast", "krai", "region", "river", "sea", "island", "facility",
                           "village", "city", "alias"})
GAZETTEER_FILES = (("gazetteer", "theatre.csv"), ("gazetteer", "countries.csv"),
                   ("gazetteer", "not_places.txt"), ("gazetteer", "common_words.txt"),
                   ("gazetteer", "ua_settlements.csv"), ("gazetteer", "world_regions.csv"))
WORLD_REGION_KINDS = frozenset({"admin1", "region", "sea", "facility", "former",
                                "country_alias", "admin1_alias"})
"""The files the gazetteer index is built from (:func:`gazetteer_files_hash` covers them)."""
RULE_TABLES = ("event_kinds", "actors", "event_kinds_cyrillic", "actors_cyrillic")


@dataclass(frozen=True)
class TheatrePlace:
    """One row of ``theatre.csv``; ``ref`` is set (and lat/lon are NaN) for alias rows."""

    id: str
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    country_code: str
    kind: str
    population: int
    ref: str = ""


@dataclass(frozen=True)
class CountryPoint:
    """One row of ``countries.csv``: a country's point (lat, lon) and other names."""

    country_code: str
    lat: float
    lon: float
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Settlement:
    """One row of ``ua_settlements.csv``: an approximately placed Ukrainian settlement."""

    id: str
    name: str
    name_uk: str
    lat: float
    lon: float
    admin1: str
    precision: str


def csv_rows(text: str, src: str, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """The data rows of a CSV text as (1-based row number, stripped cells), comment rows
    (first cell starting with ``#``) and blank rows left out. A missing column or a row
    with more cells than the header is a :class:`DataError` naming ``src``."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise DataError(f"missing columns: {', '.join(missing)}", source=src, item=0,
                        field=missing[0])
    rows = []
    for number, row in enumerate(reader, start=1):
        first = next(iter(row.values()), "") or ""
        if first.startswith("#") or not any((v or "").strip() for v in row.values()
                                            if isinstance(v, str)):
            continue
        if None in row:
            raise DataError("row has more cells than the header", source=src, item=number)
        rows.append((number, {k: (v or "").strip() for k, v in row.items()}))
    return rows


def _number(row: dict[str, str], field: str, src: str, item: int, low: float,
            high: float) -> float:
    try:
        value = float(row[field])
    except (KeyError, ValueError) as exc:
        raise DataError(f"not a number: {row.get(field)!r}", source=src, item=item,
                        field=field) from exc
    if not math.isfinite(value) or not low <= value <= high:
        raise DataError(f"{value} is outside [{low}, {high}]", source=src, item=item, field=field)
    return value


def _country_code(row: dict[str, str], src: str, item: int, *, required: bool) -> str:
    code = row.get("cc", "").upper()
    if (code or required) and (len(code) != 2 or not code.isalpha()):
        raise DataError(f"not a country code: {code!r}", source=src, item=item, field="cc")
    return code


def theatre_row(row: dict[str, str], src: str, item: int) -> TheatrePlace:
    """One validated row of the theatre file (``item``: its row number, for errors)."""
    kind = row.get("kind", "")
    if kind not in THEATRE_KINDS:
        raise DataError(f"unknown kind {kind!r}", source=src, item=item, field="kind")
    alternates = tuple(a.strip() for a in row.get("alternates", "").split("|") if a.strip())
    code = _country_code(row, src, item, required=False)
    if kind == "alias":
        ref = row.get("ref", "")
        if ref.count("|") != 2 or not alternates:
            raise DataError("an alias needs ref 'name|country|admin1' and alternates",
                            source=src, item=item, field="ref")
        return TheatrePlace(id="", name="", alternates=alternates, lat=math.nan, lon=math.nan,
                            country_code=code, kind=kind, population=0, ref=ref)
    for field in ("id", "name"):
        if not row.get(field):
            raise DataError("missing or empty", source=src, item=item, field=field)
    population = int(_number(row, "population", src, item, 0, 2e9)) if row.get("population") \
        else 0
    return TheatrePlace(id=row["id"], name=row["name"], alternates=alternates,
                        lat=_number(row, "lat", src, item, -90, 90),
                        lon=_number(row, "lon", src, item, -180, 180), country_code=code,
                        kind=kind, population=population)


def load_theatre_gazetteer() -> list[TheatrePlace]:
    """Every row of ``geo/data/gazetteer/theatre.csv``, validated (ids unique)."""
    parts = ("gazetteer", "theatre.csv")
    src = label(*parts)
    rows = csv_rows(read_text(*parts), src, ("id", "name", "alternates", "lat", "lon", "cc",
                                              "kind", "population", "ref"))
    places = [theatre_row(row, src, item) for item, row in rows]
    seen: set[str] = set()
    for (item, _), place in zip(rows, places, strict=True):
        if place.id and place.id in seen:
            raise DataError(f"duplicate id {place.id!r}", source=src, item=item, field="id")
        seen.add(place.id)
    return places


def load_country_points() -> list[CountryPoint]:
    """Every row of ``geo/data/gazetteer/countries.csv``, validated."""
    parts = ("gazetteer", "countries.csv")
    src = label(*parts)
    points = []
    for item, row in csv_rows(read_text(*parts), src, ("cc", "lat", "lon", "aliases")):
        points.append(CountryPoint(
            country_code=_country_code(row, src, item, required=True),
            lat=_number(row, "lat", src, item, -90, 90),
            lon=_number(row, "lon", src, item, -180, 180),
            aliases=tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip())))
    return points


def load_ua_settlements() -> list[Settlement]:
    """Every row of ``geo/data/gazetteer/ua_settlements.csv``, validated."""
    parts = ("gazetteer", "ua_settlements.csv")
    src = label(*parts)
    out = []
    for item, row in csv_rows(read_text(*parts), src, ("id", "name", "lat", "lon")):
        for field in ("id", "name"):
            if not row.get(field):
                raise DataError("missing or empty", source=src, item=item, field=field)
        out.append(Settlement(row["id"], row["name"], row.get("name_uk", ""),
                              _number(row, "lat", src, item, 44, 53),
                              _number(row, "lon", src, item, 22, 41),
                              row.get("admin1", ""), row.get("precision", "")))
    return out


@dataclass(frozen=True)
class WorldRegion:
    """One row of ``world_regions.csv`` (lat/lon NaN for a ``country_alias`` row)."""

    id: str
    name: str
    alternates: tuple[str, ...]
    lat: float
    lon: float
    country_code: str
    kind: str
    population: int
    admin1: str


def load_world_regions() -> list[WorldRegion]:
    """Every row of ``geo/data/gazetteer/world_regions.csv``, validated (ids unique)."""
    parts = ("gazetteer", "world_regions.csv")
    return parse_world_regions(read_text(*parts), label(*parts))


def parse_world_regions(text: str, src: str) -> list[WorldRegion]:
    """The rows of a ``world_regions.csv`` text, validated; a bad row is a
    :class:`DataError` naming ``src``, the row and the field."""
    out: list[WorldRegion] = []
    seen: set[str] = set()
    for item, row in csv_rows(text, src, ("id", "name", "alternates", "lat", "lon",
                                          "cc", "kind", "population", "admin1")):
        kind = row.get("kind", "")
        if kind not in WORLD_REGION_KINDS:
            raise DataError(f"unknown kind {kind!r}", source=src, item=item, field="kind")
        if not row.get("id"):
            raise DataError("missing or empty", source=src, item=item, field="id")
        if row["id"] in seen:
            raise DataError(f"duplicate id {row['id']!r}", source=src, item=item, field="id")
        seen.add(row["id"])
        alternates = tuple(a.strip() for a in row.get("alternates", "").split("|") if a.strip())
        code = _country_code(row, src, item, required=kind in ("country_alias", "former",
                                                              "admin1", "admin1_alias"))
        if kind in ("country_alias", "admin1_alias"):
            if not alternates:
                raise DataError("an alias needs alternates", source=src, item=item,
                                field="alternates")
            if kind == "admin1_alias" and not row.get("admin1"):
                raise DataError("an admin1 alias needs the region's admin1 code", source=src,
                                item=item, field="admin1")
            out.append(WorldRegion(row["id"], "", alternates, math.nan, math.nan, code, kind,
                                   0, row.get("admin1", "")))
            continue
        if not row.get("name"):
            raise DataError("missing or empty", source=src, item=item, field="name")
        population = int(_number(row, "population", src, item, 0, 2e9)) if row.get(
            "population") else 0
        out.append(WorldRegion(row["id"], row["name"], alternates,
                               _number(row, "lat", src, item, -90, 90),
                               _number(row, "lon", src, item, -180, 180), code, kind,
                               population, row.get("admin1", "")))
    return out


def load_word_list(name: str) -> list[str]:
    """A bundled word list (``not_places`` or ``common_words``): one entry a line, no comments."""
    text = read_text("gazetteer", f"{name}.txt")
    return [line.strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def load_rule_table(name: str) -> str:
    """The raw text of ``geo/data/rules/<name>.csv`` (``event_kinds``, ``actors``), parsed
    and validated by :mod:`geo.events`, which reports errors by file, row and field."""
    if name not in RULE_TABLES:
        raise DataError(f"unknown rule table {name!r}; known: {', '.join(RULE_TABLES)}",
                        source=label("rules"), item=name, field="name")
    return read_text("rules", f"{name}.csv")


def gazetteer_files_hash() -> str:
    """SHA-256 over the bundled gazetteer files: a cache key that changes when they do."""
    digest = hashlib.sha256()
    for parts in GAZETTEER_FILES:
        digest.update(read_text(*parts).encode("utf-8"))
    return digest.hexdigest()[:16]
