"""Cyrillic names: normalising, lemmatising (pymorphy3) and transliterating them.

Ukrainian and Russian decline place names ("у Бахмуті", "під Бахмутом", "в Курской
области"), so a name is matched on its **lemma key**: every word put to its dictionary form
by ``pymorphy3`` with the Ukrainian or Russian dictionary (adjectives to the masculine:
"Донецькій області" and "Донецька область" both give ``донецький область``), lower case,
``ё`` as ``е``, apostrophes unified. Lemmas are cached per word (the analysers cost about
50 µs a word; the cache makes a repeated word free).

Transliteration to Latin follows the Ukrainian national system (KMU resolution 55 of 2010)
for Ukrainian and BGN/PCGN (without diacritics or soft-sign marks) for Russian, so a
Cyrillic mention finds the places our Latin names know (the theatre file, KATOTTG) and a
Latin query finds the places of Cyrillic names.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

UK, RU = "uk", "ru"
LANGUAGES = (UK, RU)

CYRILLIC_LETTERS = "А-Яа-яЁёІіЇїЄєҐґЎў"
HAS_CYRILLIC = re.compile(f"[{CYRILLIC_LETTERS}]")
WORD = re.compile(f"[{CYRILLIC_LETTERS}]+(?:['’ʼ\\-][{CYRILLIC_LETTERS}]+)*")
"""A Cyrillic word, apostrophes and hyphens inside it included ("Мар'їнка", "Ростов-на-Дону")."""
_UK_ONLY = frozenset("іїєґІЇЄҐ")
_RU_ONLY = frozenset("ыэъёЫЭЪЁ")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ʹ": "'", "‘": "'"})
LEMMA_CACHE = 200_000
"""Words whose analysis is kept (a few tens of MB at most; news vocabularies are smaller)."""

PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
FUNCTION_POS = frozenset({"VERB", "INFN", "ADVB", "PREP", "CONJ", "PRCL", "NPRO", "GRND",
                          "PRTF", "PRTS", "ADJS", "COMP", "PRED", "INTJ", "NUMR"})
"""Parts of speech that never start a place name: a capitalised one opens a sentence."""


def normalise(word: str) -> str:
    """Lower case, ``ё`` -> ``е``, apostrophes unified (the form keys are built from)."""
    return word.translate(_APOSTROPHES).lower().replace("ё", "е")


def script_language(text: str) -> str | None:
    """``uk`` or ``ru`` when letters only one of them uses occur (і ї є ґ; ы э ъ ё), else
    None."""
    letters = set(text)
    uk, ru = bool(letters & _UK_ONLY), bool(letters & _RU_ONLY)
    if uk != ru:
        return UK if uk else RU
    return None


# -- morphology -------------------------------------------------------------------------------

_analysers: dict[str, object] = {}
_analyser_lock = threading.Lock()


def analyser(language: str):
    """The process-wide ``pymorphy3.MorphAnalyzer`` of ``uk`` or ``ru`` (loaded on first use,
    about 0.2 s each)."""
    found = _analysers.get(language)
    if found is None:
        with _analyser_lock:
            found = _analysers.get(language)
            if found is None:
                import pymorphy3

                found = pymorphy3.MorphAnalyzer(lang=language)
                _analysers[language] = found
    return found


class WordInfo:
    """What the analyser says about one word: its lemma keys and, from its best analysis,
    what kind of word it is (``person``: every analysis is a name or surname)."""

    __slots__ = ("keys", "lemma", "person", "first_name", "function", "known_noun",
                 "adjective", "plural", "nominal", "name_keys", "name_cases", "cases",
                 "surname")

    def __init__(self, keys: tuple[str, ...], lemma: str, best) -> None:
        self.keys = keys
        self.lemma = lemma
        tag = best.tag if best is not None else None
        grammemes = tag.grammemes if tag is not None else frozenset()
        known = best is not None and best.is_known
        self.person = False
        self.first_name = "Name" in grammemes
        self.function = known and tag.POS in FUNCTION_POS
        self.known_noun = known and tag.POS == "NOUN" and "Geox" not in grammemes
        self.adjective = known and tag.POS == "ADJF"
        self.plural = self.adjective and "plur" in grammemes
        self.nominal = known and tag.POS in ("NOUN", "ADJF")
        self.name_keys: frozenset[str] = frozenset()
        """Keys that only a person's-name analysis gives ("володимир"; not "київ")."""
        self.name_cases: frozenset[str] = frozenset()
        """Grammatical cases of the analyses as a first name ("Владимиру": datv)."""
        self.cases: frozenset[str] = frozenset()
        """Grammatical cases of every analysis."""
        self.surname = "Surn" in grammemes


@lru_cache(maxsize=LEMMA_CACHE)
def word_info(word: str, language: str) -> WordInfo:
    """Lemma keys of ``word`` (its own form first, then each analysis' dictionary form) and
    whether every analysis is a person's name, or the best one a function word."""
    norm = normalise(word)
    parses = analyser(language).parse(norm)[:4]
    keys = [norm]
    for p in parses:
        lemma = normalise(p.normal_form)
        if lemma not in keys:
            keys.append(lemma)
    if "-" in norm and len(keys) == 1:
        head, _, rest = norm.partition("-")
        for p in analyser(language).parse(head)[:2]:
            key = f"{normalise(p.normal_form)}-{rest}"
            if key not in keys:
                keys.append(key)
    best = parses[0] if parses else None
    lemma = normalise(best.normal_form) if best is not None else norm
    info = WordInfo(tuple(keys), lemma, best)
    info.person = bool(parses) and all(p.tag.grammemes & PERSON_TAGS for p in parses)
    info.cases = frozenset(p.tag.case for p in parses if p.tag.case)
    info.name_cases = frozenset(p.tag.case for p in parses
                                if "Name" in p.tag.grammemes and p.tag.case)
    named = {normalise(p.normal_form) for p in parses if p.tag.grammemes & PERSON_TAGS}
    other = {normalise(p.normal_form) for p in parses if not p.tag.grammemes & PERSON_TAGS}
    if named - other:
        only = named - other
        if norm in named and norm not in other:
            only.add(norm)
        info.name_keys = frozenset(only)
    return info


def name_lemma_keys(name: str, languages: tuple[str, ...] = LANGUAGES) -> list[str]:
    """The index keys of a Cyrillic gazetteer name: its own normalised form and, per
    language, every word put to its first analysis' dictionary form."""
    words = WORD.findall(name)
    if not words or len("".join(words)) < 3:
        return []
    keys = [" ".join(normalise(w) for w in words)]
    for language in languages:
        lemma = " ".join(word_info(w, language).lemma for w in words)
        if lemma not in keys:
            keys.append(lemma)
    return keys


def name_languages(name: str) -> tuple[str, ...]:
    """The analysers a name is lemmatised with: its script's language, else both."""
    found = script_language(name)
    return (found,) if found else LANGUAGES


# -- transliteration ----------------------------------------------------------------------------

_UK_PLAIN = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
             "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
             "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
             "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "'": "", "ъ": "", "ы": "y",
             "э": "e", "ё": "io"}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_MEDIAL = {"є": "ie", "ї": "i", "й": "i", "ю": "iu", "я": "ia"}

_RU_PLAIN = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
             "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
             "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
             "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
             "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": ""}
_RU_VOWELS = frozenset("аеёиоуыэюяйъь")


def transliterate_uk(text: str) -> str:
    """Ukrainian Cyrillic -> Latin by the national system of 2010 (KMU resolution 55):
    word-initial є ї й ю я as ye yi y yu ya, elsewhere ie i i iu ia; зг as zgh."""
    out = []
    initial = True
    for index, orig in enumerate(text):
        ch = orig.lower()
        if ch.isalpha() or ch in "'’ʼ":
            ch = "'" if ch in "’ʼ" else ch
            table = _UK_INITIAL if initial else _UK_MEDIAL
            latin = table.get(ch, _UK_PLAIN.get(ch, ch))
            if ch == "г" and index > 0 and text[index - 1].lower() == "з":
                latin = "gh"
            out.append(latin.capitalize() if orig.isupper() else latin)
            initial = False
        else:
            out.append(orig)
            initial = True
    return "".join(out)


def transliterate_ru(text: str) -> str:
    """Russian Cyrillic -> Latin by BGN/PCGN (1947), without its diacritics and soft-sign
    marks: е and ё as ye/yo at the start of a word and after a vowel or sign, else e/ë->e."""
    out = []
    prev = ""
    for orig in text:
        ch = orig.lower()
        if ch in "её":
            after_vowel = not prev or not prev.isalpha() or prev in _RU_VOWELS
            latin = ("ye" if ch == "е" else "yo") if after_vowel else ("e" if ch == "е"
                                                                         else "ë")
            latin = latin.replace("ë", "e")
        elif ch in _RU_PLAIN:
            latin = _RU_PLAIN[ch]
        else:
            latin = orig if not orig.isalpha() else ch
        out.append(latin.capitalize() if orig.isupper() and latin else latin)
        prev = ch
    return "".join(out)


def transliterate(text: str, language: str) -> str:
    """``text`` in Latin letters by the system of ``language`` (``uk`` or ``ru``)."""
    return transliterate_uk(text) if language == UK else transliterate_ru(text)
