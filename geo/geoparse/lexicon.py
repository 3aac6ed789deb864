"""The geoparser's English word lists, read once from ``geo/data/lexicon/geoparse.toml``.

Each list's ``about`` in that file says what it is for; here they become sets and patterns.
"""

from __future__ import annotations

import re

from geo.data import load_lexicon

_LEX = load_lexicon("geoparse")

FUNCTION = _LEX.words("function")
GENERIC = _LEX.words("generic")
PREV_OK = _LEX.words("prev_ok")
NEXT_OK = GENERIC | _LEX.words("next_ok") | PREV_OK
TITLES = _LEX.words("titles")
TITLES_WITH_DOT = _LEX.words("titles_with_dot")
SPEECH = _LEX.words("speech")
METONYMIC_VERBS = SPEECH | _LEX.words("metonymic_verbs")
AUX = _LEX.words("aux")
GOVERNMENT_NOUNS = _LEX.words("government_nouns")
MODALS = _LEX.words("modals")
UPPER_ACRONYMS = _LEX.words("upper_acronyms")
FIRST_NAMES = _LEX.words("first_names")
GIVEN_NAME_PLACES = _LEX.words("given_name_places")
DEMONYM_ENDINGS = _LEX.ordered("demonym_endings")

METONYMIC_BEFORE = re.compile(_LEX.alternation("metonymic_before") + r"\s+$", re.IGNORECASE)
LITERAL_BEFORE = re.compile(_LEX.alternation("literal_before", each=r"\b") + r"\s+$",
                            re.IGNORECASE)
LOCATIVE_CONTEXT = re.compile(
    r"\b" + _LEX.alternation("locative_context") + r"\s+(?:the\s+)?(?:"
    + _LEX.alternation("locative_directions") + r"\s+)?$", re.IGNORECASE)

CYRILLIC_TITLES = _LEX.words("cyrillic_titles")
SURNAME_ENDINGS = tuple(sorted(_LEX.ordered("cyrillic_surname_endings"), key=len, reverse=True))
CYRILLIC_DIRECTION = _LEX.words("cyrillic_direction")
CYRILLIC_RIVER_WORDS = _LEX.words("cyrillic_river_words")
CYRILLIC_NOT_PLACES = frozenset(_LEX.phrases("cyrillic_not_places"))
