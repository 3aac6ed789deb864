"""Steps 1 and 2 for Ukrainian and Russian text: find declined place names, keep the places.

1. **find**: Cyrillic words are lemmatised (:func:`geo.gazetteer.cyrillic.word_info`,
   cached) and runs of up to :data:`MAX_WORDS` words starting with a capital are looked up
   by lemma key in the gazetteer's Cyrillic table ("у Донецькій області" -> ``донецький
   область``), longest first; a run the table lacks is transliterated (Ukrainian national
   system, BGN/PCGN for Russian) and looked up among the Latin names, which holds our
   theatre file's spellings and KATOTTG's villages ("Роботине" -> Robotyne, "Работино" ->
   Rabotino). Spans are the original text's.
2. **filter**: a capitalised function word or adjective opens a sentence, not a place; a
   word every analysis of which is a person's name ("Путін", "Шойгу") is not a place; a
   dictionary noun opening a sentence needs a curated or theatre reading; a name right
   after a first name is a surname.

A few forms decide the kind: "берега Дніпра" / "на Дніпрі" with a river word is the river;
an adjective before "напрямок/направление" ("на Покровському напрямку") names its town.
"""

from __future__ import annotations

import re
from functools import lru_cache

from geo.gazetteer import (
    ADMIN1,
    CITY,
    CONTINENT,
    COUNTRY,
    E_CAPITAL,
    E_THEATRE,
    RIVER,
    THEATRE_COUNTRIES,
    Candidate,
    Gazetteer,
    name_keys,
)
from geo.gazetteer.cyrillic import WORD, WordInfo, script_language, transliterate, word_info
from geo.geoparse.candidates import Match
from geo.geoparse.lexicon import (
    CYRILLIC_DIRECTION,
    CYRILLIC_NOT_PLACES,
    CYRILLIC_RIVER_WORDS,
    CYRILLIC_TITLES,
    SURNAME_ENDINGS,
)
from geo.geoparse.text import sentence_initial

MAX_WORDS = 4
"""The longest name looked up, in words ("Кам'янка-Дніпровська" is one word)."""
TRANSLIT_MIN_POPULATION = 100_000
"""A transliterated lookup outside the theatre countries keeps only places this big: the
Latin table's small foreign places collide with transliterated Slavic words."""
_GAP = re.compile(r"^[ \u00a0]+$")
_DIRECTION = CYRILLIC_DIRECTION
_RIVER_WORDS = CYRILLIC_RIVER_WORDS


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _lookup(gaz: Gazetteer, key: str) -> list[Candidate]:
    value = gaz.cyr.get(key, -1)
    return gaz.decode(value) if value >= 0 else []


@lru_cache(maxsize=100_000)
def _latin_keys(form: str, language: str) -> tuple[str, ...]:
    """The Latin index keys of a Cyrillic word form, transliterated (cached)."""
    return tuple(name_keys(transliterate(form, language)))


def _translit_lookup(gaz: Gazetteer, forms: list[str], language: str) -> list[Candidate]:
    found: dict[int, Candidate] = {}
    for form in forms:
        for key in _latin_keys(form, language):
            value = gaz.automaton.get(key, -1)
            if value < 0:
                continue
            for c in gaz.decode(value):
                i = c.index
                if (gaz.cc[i] in THEATRE_COUNTRIES or gaz.kind[i] in (COUNTRY, CONTINENT)
                        or gaz.population[i] >= TRANSLIT_MIN_POPULATION):
                    found.setdefault(i, c)
        if found:
            break
    return list(found.values())


def _tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


def word_language(word: str, language: str) -> str:
    """The analyser for ``word``: its own script's language (і ї є ґ are Ukrainian only,
    ы э ъ ё Russian only), else the text's."""
    return script_language(word) or language


@lru_cache(maxsize=200_000)
def info(word: str, language: str) -> WordInfo:
    """:func:`word_info` with the word's own language (see :func:`word_language`)."""
    return word_info(word, word_language(word, language))


_NOT_PLACE_WORDS = max(len(p.split(" ")) for p in CYRILLIC_NOT_PLACES)


def _not_place_length(tokens: list[tuple[int, int, str]], i: int, language: str) -> int:
    """How many words from token ``i`` a listed non-place covers (0: none)."""
    options = [""]
    longest = 0
    for j in range(i, min(len(tokens), i + _NOT_PLACE_WORDS)):
        options = [f"{o} {k}".strip() for o in options for k in info(tokens[j][2],
                                                                       language).keys]
        if any(o in CYRILLIC_NOT_PLACES for o in options):
            longest = j - i + 1
    return longest


def find_cyrillic(gaz: Gazetteer, text: str, language: str) -> list[Match]:
    """Step 1: Cyrillic place names of ``text`` as matches with candidates (spans into
    ``text``), longest first where they overlap."""
    tokens = _tokens(text)
    out: list[Match] = []
    i = 0
    n = len(tokens)
    while i < n:
        start, end, word = tokens[i]
        if not _capitalised(word):
            i += 1
            continue
        blocked = _not_place_length(tokens, i, language)
        if blocked:
            i += blocked
            continue
        if i + 1 < n and info(tokens[i + 1][2], language).lemma in _DIRECTION:
            town = _direction_town(gaz, info(word, language)) or _direction_region(
                gaz, info(word, language))
            if town:
                out.append(Match(start, end, town, word, force_kind=CITY))
                i += 2
                continue
        infos: list[WordInfo] = []
        lang = word_language(word, language)
        best: tuple[int, list[Candidate]] | None = None
        prefixes = [""]
        for j in range(i, min(n, i + MAX_WORDS)):
            if j > i and not _GAP.match(text[tokens[j - 1][1]:tokens[j][0]]):
                break
            word_at = info(tokens[j][2], language)
            infos.append(word_at)
            grown = []
            for prefix in prefixes:
                for key in word_at.keys:
                    full = f"{prefix} {key}" if prefix else key
                    cands = _lookup(gaz, full)
                    if cands:
                        merged = {c.index: c for c in (best[1] if best and best[0] == j
                                                       else ())}
                        for c in cands:
                            merged.setdefault(c.index, c)
                        best = (j, list(merged.values()))
                    if full in gaz.cyr_prefixes:
                        grown.append(full)
            prefixes = grown
            if not prefixes:
                break
        if best is None or best[0] == i:  # one word: its transliterations may add places
            first = infos[0] if infos else info(word, language)
            cands = _translit_lookup(gaz, list(first.keys), lang)
            if cands:
                merged = {c.index: c for c in (best[1] if best else ())}
                for c in cands:
                    merged.setdefault(c.index, c)
                best = (i, list(merged.values()))
        if best is None:
            i += 1
            continue
        j, cands = best
        m_end = tokens[j][1]
        out.append(Match(start, m_end, cands, text[start:m_end]))
        i = j + 1
    return out


def _direction_town(gaz: Gazetteer, info: WordInfo) -> list[Candidate]:
    """The town an adjective names ("покровський" -> Покровськ) via the Cyrillic table."""
    lemma = info.lemma
    for ending, town in (("ський", "ськ"), ("ский", "ск"), ("ський", ""), ("ский", ""),
                         ("івський", "ів"), ("овский", "ов"), ("ський", "ське"),
                         ("ский", "ское"), ("ський", "ськ"), ("ецький", "ецьк"),
                         ("ецкий", "ецк"), ("янський", "янськ"), ("анский", "анск")):
        if lemma.endswith(ending):
            cands = [c for c in _lookup(gaz, lemma[: -len(ending)] + town)
                     if gaz.kind[c.index] == CITY]
            if cands:
                return cands
    return []


def _direction_region(gaz: Gazetteer, word: WordInfo) -> list[Candidate]:
    """The oblast an adjective names when no town does ("на Запорізькому напрямку": the
    town is Запоріжжя, the adjective's oblast "Запорізька область")."""
    for noun in ("область", "край"):
        cands = [c for c in _lookup(gaz, f"{word.lemma} {noun}") if gaz.kind[c.index] == ADMIN1]
        if cands:
            return cands
    return []


def keep_cyrillic(gaz: Gazetteer, text: str, m: Match, language: str,
                  matches_by_end: dict[int, Match]) -> bool:
    """Step 2: whether Cyrillic match ``m`` is a place here."""
    words = WORD.findall(m.surface)
    if not words:
        return False
    first = info(words[0], language)
    curated = any(c.curated for c in m.cands)
    theatre = any(gaz.flags[c.index] & (E_THEATRE | E_CAPITAL) for c in m.cands)
    if len(words) == 1 and first.person and not curated:
        return False
    if (len(words[0]) < 3 or m.surface.isupper()) and not curated:
        return False  # "КТО", "ВС": abbreviations are places only when curated ("США")
    initial = sentence_initial(text, m.start)
    if initial and len(words) == 1 and first.function and not curated:
        return False
    if initial and len(words) == 1 and first.known_noun and not (curated or theatre) \
            and not any(gaz.kind[c.index] in (COUNTRY, ADMIN1) for c in m.cands):
        return False
    if len(words) == 1 and first.adjective and not curated and m.force_kind != CITY:
        if first.plural:
            return False  # "Українські війська": a plural adjective is no town here
        after = WORD.match(text, m.end + 1) if text[m.end:m.end + 1] == " " else None
        if after and not _capitalised(after.group()) and info(
                after.group(), language).nominal:
            return False  # "Донецька обласна адміністрація": an adjective of a noun
    nxt = WORD.match(text, m.end + 1) if text[m.end:m.end + 1] == " " else None
    if len(words) == 1 and nxt and _capitalised(nxt.group()):
        found = {k for k in first.keys if k in gaz.cyr}
        if first.name_keys and found and found <= first.name_keys:
            return False  # "Володимир Зеленський": a first name before a surname
        follower = nxt.group()
        after = info(follower, language)
        surname_like = (after.person or after.surname
                        or follower.lower().endswith(SURNAME_ENDINGS))
        if (found and surname_like and not follower.isupper() and after.lemma not in gaz.cyr
                and (first.keys[0] in found and "nomn" in after.cases
                     or first.name_cases & after.cases)):
            return False  # a first name before its surname: "Вячеслав Гладков", "Владимиру
            # Путину", "Володимиром Зеленським" (the same case; "у Києві Зеленський" is not)
    prev_words = WORD.findall(text[max(0, m.start - 40):m.start])
    if (prev_words and info(prev_words[-1], language).lemma in CYRILLIC_TITLES
            and not any(gaz.kind[c.index] in (COUNTRY, ADMIN1) for c in m.cands)):
        return False  # "Президент Володимир ...", "губернатор Гладков"
    if first.known_noun and not (curated or theatre) and not any(
            gaz.cc[c.index] in THEATRE_COUNTRIES or gaz.kind[c.index] in (COUNTRY, ADMIN1)
            or gaz.population[c.index] >= TRANSLIT_MIN_POPULATION for c in m.cands):
        return False  # "у Раді": a common noun naming only a small foreign place
    before = text[max(0, m.start - 40):m.start]
    prev = WORD.findall(before)
    if prev and not initial:
        last = prev[-1]
        gap = before[before.rfind(last) + len(last):]
        if _capitalised(last) and _GAP.match(gap or "x") and (m.start - len(gap)) not in \
                matches_by_end and info(last, language).person:
            return False  # "Олександр Сирський": a first name, then a surname
    return True


def river_forms(gaz: Gazetteer, text: str, m: Match, language: str) -> None:
    """A river word just before a name that is also a river ("берега Дніпра") forces it."""
    if not any(gaz.kind[c.index] == RIVER for c in m.cands):
        return
    prev = WORD.findall(text[max(0, m.start - 30):m.start])
    if prev and (prev[-1].lower() in _RIVER_WORDS
                 or info(prev[-1], language).lemma in _RIVER_WORDS):
        m.force_kind = RIVER
