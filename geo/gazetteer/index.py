"""The gazetteer index: entry kinds and flags, name folding, candidates, the index itself.

Entries live in columns (lists and arrays) to keep memory small; :meth:`Gazetteer.place`
turns one into a :class:`geo.models.Place` (lat, lon order). Latin names are matched on a
folded form (:func:`fold`: lower case, accents stripped, apostrophes unified) that keeps
every character at its offset, so spans found in folded text are spans of the original
text. Cyrillic names live in a second table keyed by lemma keys
(:mod:`geo.gazetteer.cyrillic`), whose values index the same candidate lists.
"""

from __future__ import annotations

import math
import re
import sys
import unicodedata
from array import array
from dataclasses import dataclass

import ahocorasick

from geo.models import Place

# Entry kinds and their GeoNames feature class.
CITY, COUNTRY, CONTINENT, ADMIN1, REGION, RIVER, SEA, ISLAND, FACILITY = range(9)
KIND_NAMES = ("city", "country", "continent", "admin1", "region", "river", "sea", "island",
              "facility")
FEATURE_CLASS = ("P", "A", "L", "A", "L", "H", "H", "T", "S")

# Entry flags.
E_THEATRE, E_CAPITAL = 1, 2
# Name flags (low 3 bits of a candidate code; the entry index is code >> 3).
N_PRIMARY, N_CURATED, N_WEAK = 1, 2, 4

THEATRE_COUNTRIES = frozenset({"UA", "RU", "BY", "MD"})


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
        self.by_source: dict[str, int] = {}
        self.common: frozenset[str] = frozenset()
        self.blocked: frozenset[str] = frozenset()
        self.unresolved_refs: tuple[str, ...] = ()
        self.cyr: dict[str, int] = {}
        """Cyrillic lemma key ("донецький область") -> candidate list (as automaton values)."""
        self.cyr_prefixes: frozenset[str] = frozenset()
        """Every proper word prefix of a multi-word Cyrillic key ("донецький")."""

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
        """Entries a name may mean (empty when unknown or a listed non-place). A Cyrillic
        name is looked up by its lemma keys, then by its transliterations."""
        from geo.gazetteer.cyrillic import HAS_CYRILLIC

        if HAS_CYRILLIC.search(name):
            return self.cyrillic_candidates(name)
        keys = name_keys(name)
        if not keys:
            return []
        value = self.automaton.get(keys[0], -1)
        return self.decode(value) if value >= 0 else []

    def cyrillic_candidates(self, name: str) -> list[Candidate]:
        """Entries a Cyrillic name may mean, in any grammatical case ("Бахмуті"): its lemma
        keys in the Cyrillic table, else its Ukrainian and Russian transliterations."""
        from geo.gazetteer.cyrillic import WORD, name_lemma_keys, transliterate, word_info

        words = WORD.findall(name)
        if not words:
            return []
        found: dict[int, Candidate] = {}
        for language in ("uk", "ru"):
            infos = [word_info(w, language) for w in words]
            options = [info.keys for info in infos]
            keys = {" ".join(k[0] for k in options)}
            keys.update(name_lemma_keys(name, (language,)))
            for key in list(keys) + [" ".join(o[-1] for o in options)]:
                value = self.cyr.get(key, -1)
                for c in self.decode(value) if value >= 0 else ():
                    found.setdefault(c.index, c)
        if not found:
            for language in ("uk", "ru"):
                infos = [word_info(w, language) for w in words]
                forms = {" ".join(i.keys[0] for i in infos), " ".join(i.lemma for i in infos)}
                if len(infos) == 1:
                    forms.update(infos[0].keys)
                for key in (k for form in forms for k in name_keys(transliterate(form,
                                                                                 language))):
                    value = self.automaton.get(key, -1)
                    for c in self.decode(value) if value >= 0 else ():
                        found.setdefault(c.index, c)
        return list(found.values())

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


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))
