"""Steps 1 and 2: find every gazetteer name in the text, keep those that are places.

1. **find**: every gazetteer name in the folded text (Aho-Corasick), kept only on word
   boundaries and in a plausible case; listed non-places (people, organisations, weapons,
   demonyms, media) hide the names inside them ("Wall Street Journal", "Black Sea Fleet");
   overlapping names give way to the longest.
2. **filter**: capitalisation (ALL-CAPS only in datelines and capitals headlines;
   Title-Case headlines tolerated), common English words only with context, a place glued
   to another capitalised word is part of a longer name ("President Volodymyr Zelenskyy").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from geo.gazetteer import (
    ADMIN1,
    CITY,
    CONTINENT,
    COUNTRY,
    E_CAPITAL,
    E_THEATRE,
    REGION,
    RIVER,
    THEATRE_COUNTRIES,
    Candidate,
    Gazetteer,
    fold,
)
from geo.geoparse.lexicon import (
    DEMONYM_ENDINGS,
    FIRST_NAMES,
    FUNCTION,
    GENERIC,
    GIVEN_NAME_PLACES,
    LOCATIVE_CONTEXT,
    NEXT_OK,
    PREV_OK,
    SPEECH,
    TITLES,
    TITLES_WITH_DOT,
    UPPER_ACRONYMS,
)
from geo.geoparse.text import Lines, capitalised, next_word, prev_word, sentence_initial

COMMON_WORD_MIN_POPULATION = 100_000
"""A name that is also a common English word ("Nice", "Most") is a place only when it names
a city this big and stands mid-sentence in prose: the word is far more frequent than any
smaller namesake (without the bound, "in March" finds the town of March, England)."""
HEADLINE_MIN_POPULATION = 15_000
"""In a Title-Case headline every word is capitalised, so capitals say nothing: only places
of this size (or curated ones) count, as in GeoNames' cities15000 list."""
PROMINENT_POPULATION = 200_000
"""A city this big may be named without a preposition ("Kharkiv was quiet"); smaller places
outside the theatre need a locative context ("in Lancaster"), else "Officials said
Sherman and Lancaster were mentioned" finds Lancaster, USA."""
_BLOCKER_REACH = 200
"""Characters before a match within which a listed non-place may start and still cover it
(the longest listed phrase has 30)."""
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|from|near|of|to|outside)\s+$", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"(?:,\s+[A-Z]|-based|\s+(?:city|town|village|region|area|"
                          r"province|county|state|airport|base|port)\b)")


@dataclass
class Match:
    """A name found in the text, and what the later steps decide about it."""

    start: int
    end: int
    cands: list[Candidate]
    surface: str = ""
    force_kind: int = -1
    chosen: int = -1
    scores: list[tuple[int, float]] | None = None
    metonymic: bool = False


def _blocked(start: int, end: int, blockers: list[tuple[int, int]], starts: list[int]) -> bool:
    """True when a listed non-place overlaps [start, end) without lying inside it."""
    j = bisect.bisect_left(starts, end) - 1
    while j >= 0 and starts[j] > start - _BLOCKER_REACH:
        s, e = blockers[j]
        if s < end and start < e and not (start <= s and e <= end and end - start > e - s):
            return True
        j -= 1
    return False


def find(gaz: Gazetteer, text: str, folded: str, lines: Lines) -> list[Match]:
    """Step 1: gazetteer names on word boundaries, in a plausible case, not inside a listed
    non-place, longest first where they overlap (``folded`` is ``fold(text)``)."""
    n = len(folded)
    raw: list[tuple[int, int, int]] = []
    key_len = gaz.key_len
    for end, value in gaz.automaton.iter(folded):
        start = end - key_len[value] + 1
        if start > 0 and (folded[start - 1].isalnum() or folded[start - 1] == "'"
                          and start > 1 and folded[start - 2].isalpha()):
            continue
        nxt = end + 1
        if nxt < n:
            c = folded[nxt]
            if c.isalnum():
                continue
            if c == "'" and nxt + 1 < n and folded[nxt + 1].isalnum() and not (
                    folded[nxt + 1] == "s" and (nxt + 2 >= n
                                                or not folded[nxt + 2].isalnum())):
                continue
            if c == "." and folded[end] != "." and nxt + 1 < n and folded[nxt + 1].isalpha():
                continue
        raw.append((start, end + 1, value))
    if not raw:
        return []
    accepted = [r for r in raw if gaz.cand_lists[r[2]] == () or case_ok(text, *r[:2], lines)]
    blockers = sorted((s, e) for s, e, v in accepted if gaz.cand_lists[v] == ())
    if blockers:
        starts = [b[0] for b in blockers]
        accepted = [r for r in accepted if gaz.cand_lists[r[2]] == ()
                    or not _blocked(r[0], r[1], blockers, starts)]
    # A leading "the" does not make a name longer: "the Pacific" gives way to "Pacific Ocean".
    def bare_start(r: tuple[int, int, int]) -> int:
        return r[0] + 4 if folded.startswith("the ", r[0]) and r[1] - r[0] > 4 else r[0]

    accepted.sort(key=lambda r: (bare_start(r), -(r[1] - bare_start(r))))
    chosen: list[Match] = []
    last_end = -1
    for start, end, value in accepted:
        if bare_start((start, end, value)) < last_end or start < last_end and gaz.cand_lists[
                value] == ():
            continue
        last_end = end
        if gaz.cand_lists[value] == ():
            continue  # a listed non-place hides what it contains
        chosen.append(Match(start, end, gaz.decode(value), text[start:end]))
    return chosen


def case_ok(text: str, start: int, end: int, lines: Lines) -> bool:
    """Whether ``text[start:end]`` is written like a place name: capitalised words (function
    words and place nouns may be lower case), or ALL-CAPS where capitals are usual."""
    surface = text[start:end]
    letters = [c for c in surface if c.isalpha()]
    if not letters:
        return False
    if all(c.isupper() for c in letters) and len(letters) > 1:
        if fold(surface) in UPPER_ACRONYMS:
            return True
        if lines.mode(start) == "caps":
            return True
        line_start, _ = lines.bounds(start)
        after = text[end:end + 3].lstrip(" ")
        return not text[line_start:start].strip() and after[:1] in (",", "-", "—", "–",
                                                                    "(", "/")
    tokens = [t for t in re.split(r"[\s\-]+", surface) if t]
    if not any(capitalised(t) and fold(t) not in FUNCTION and fold(t) not in GENERIC
               for t in tokens):
        return False
    for token in tokens:
        if capitalised(token) or token.isdigit():
            continue
        low = fold(token)
        if low in FUNCTION or low in GENERIC or low.startswith(("d'", "l'")):
            continue
        return False
    return True


def _area(gaz: Gazetteer, m: Match | None) -> bool:
    """True for a match that may name a country, continent or region."""
    return m is not None and any(gaz.kind[c.index] in (COUNTRY, CONTINENT, ADMIN1, REGION)
                                 for c in m.cands)


def keep(gaz: Gazetteer, text: str, m: Match, spans: dict[int, Match], lines: Lines) -> bool:
    """Step 2: whether match ``m`` is a place here (``spans``: every match by start offset).
    Drops weak candidates from ``m.cands`` on the way."""
    cands = [c for c in m.cands if not c.weak or gaz.kind[c.index] == RIVER]
    if not cands:
        return False
    m.cands = cands
    if m.surface.endswith(".") and len(m.surface) <= 6 and all(
            gaz.kind[c.index] == ADMIN1 for c in cands) and not text[:m.start].rstrip(
            ).endswith(","):
        return False  # "Portland, Ore.": a state's abbreviation only after a comma
    strong_kinds = {COUNTRY, CONTINENT}
    if all(gaz.kind[c.index] in strong_kinds for c in cands):
        return not _given_name(text, m, spans)
    mode = lines.mode(m.start)
    key = fold(m.surface)
    initial = sentence_initial(text, m.start)
    curated = any(c.curated for c in cands)
    biggest = max(gaz.population[c.index] for c in cands)
    if key in gaz.common and not curated:
        if initial or mode != "normal" or biggest < COMMON_WORD_MIN_POPULATION:
            return False
    if mode == "title" and not curated and biggest < HEADLINE_MIN_POPULATION:
        return False
    if mode != "normal":
        return True
    prev, prev_at = prev_word(text, m.start)
    if prev and fold(prev) in FIRST_NAMES and capitalised(prev) and not curated:
        return False  # "Jack London", "Kevin Durant", even opening a sentence
    if _given_name(text, m, spans):
        return False  # "Georgia O'Keeffe", "Jordan Henderson"
    if prev:
        low = fold(prev).rstrip(",")
        if low in TITLES_WITH_DOT or low.rstrip(".") in TITLES:
            return False
        glued = prev_at in spans and _area(gaz, m)  # "Kyiv Ukraine", not "Washington Irving"
        if (capitalised(prev) and not glued and low not in PREV_OK
                and "-" not in prev
                and (not sentence_initial(text, prev_at) or prev_at in spans)
                and low not in gaz.blocked and prev[-1] not in ".:;!?"):
            return False
    nxt = next_word(text, m.end)
    if nxt and text[m.end] == " ":
        low = fold(nxt)
        glued = (m.end + 1) in spans and _area(gaz, spans[m.end + 1])
        if (capitalised(nxt) and not glued and low not in NEXT_OK
                and not (low in gaz.blocked and low.endswith(DEMONYM_ENDINGS))
                and not nxt.isupper()):
            return False
        if (low in SPEECH and " " not in m.surface and not curated
                and not _LOCATIVE_BEFORE.search(text[max(0, m.start - 12):m.start])
                and not any(gaz.flags[c.index] & (E_CAPITAL | E_THEATRE)
                            or gaz.cc[c.index] in THEATRE_COUNTRIES for c in cands)):
            return False
    if not _prominent(gaz, cands) and not _locative(text, m):
        return False
    return True


def _given_name(text: str, m: Match, spans: dict[int, Match]) -> bool:
    """A place name that is also a given name ("Georgia", "Jordan") right before a
    capitalised word that is neither a place nor a place word: a person."""
    if fold(m.surface) not in GIVEN_NAME_PLACES or text[m.end:m.end + 1] != " ":
        return False
    nxt = next_word(text, m.end)
    if not nxt or not capitalised(nxt) or nxt.isupper() or (m.end + 1) in spans:
        return False
    low = fold(nxt)
    return low not in NEXT_OK and not low.startswith(("'", "’")) and not low.endswith(
        ("'s", "’s"))


def _prominent(gaz: Gazetteer, cands: list[Candidate]) -> bool:
    """A place that war news names without a preposition: theatre, capital, big, curated."""
    for c in cands:
        i = c.index
        if (c.curated or gaz.cc[i] in THEATRE_COUNTRIES or gaz.kind[i] != CITY
                or gaz.flags[i] & (E_CAPITAL | E_THEATRE)
                or gaz.population[i] >= PROMINENT_POPULATION):
            return True
    return False


def _locative(text: str, m: Match) -> bool:
    """A preposition or verb before, or a qualifier or place noun after, the mention."""
    before = text[max(0, m.start - 30):m.start]
    if LOCATIVE_CONTEXT.search(before):
        return True
    return bool(_PLACE_AFTER.match(text[m.end:m.end + 30]))
