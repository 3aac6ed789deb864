"""A Ukrainian or Russian text as its lemmas, for rules that must not care about inflection.

:class:`LemmaView` puts each word to its dictionary form (pymorphy3 through the geoparser's
cached :func:`geo.geoparse.cyrillic.info`, in the word's own language when its letters
tell), lower case, apostrophes as ``'``, joined by single spaces; numbers, Latin words and
dashes are kept as tokens ("20–22 березня" is ``20 - 22 березень``). Offsets in the lemma
string map back to the text, so a rule's match points into the original article.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from geo.gazetteer.cyrillic import PERSON_TAGS, WORD, analyser, normalise
from geo.geoparse.cyrillic import info, word_language

VOCABULARY: set[str] = set()
"""The lemmas the rules are written in: a word whose readings include one of them is read
so ("березні" as ``березень``, not pymorphy3's first guess ``березна``)."""
_CYRILLIC_RUN = re.compile("[а-яіїєґё']+")
_TOKEN = re.compile(f"{WORD.pattern}|\\d+|[A-Za-z]+(?:['’][A-Za-z]+)*|[–—-]")
_DASHES = frozenset("–—-")


def add_vocabulary(*texts: str) -> None:
    """Add the Cyrillic words of ``texts`` (rule patterns, word lists) to :data:`VOCABULARY`."""
    before = len(VOCABULARY)
    for text in texts:
        VOCABULARY.update(_CYRILLIC_RUN.findall(text.lower()))
    if len(VOCABULARY) != before:  # the same tables loaded again change nothing
        lemma_of.cache_clear()


@lru_cache(maxsize=200_000)
def lemma_of(word: str, language: str) -> str:
    """The dictionary form of ``word``: the first of its readings the rules know, else the
    analyser's best."""
    found = info(word, language)
    return next((k for k in found.keys if k in VOCABULARY), found.lemma)


@lru_cache(maxsize=100_000)
def is_future(word: str, language: str) -> bool:
    """Whether the analyser's best reading of ``word`` is a verb in the future tense
    ("відвідає", "посетит", "буде")."""
    parses = analyser(word_language(word, language)).parse(normalise(word))
    return bool(parses) and parses[0].tag.tense == "futr"


@lru_cache(maxsize=100_000)
def is_verb(word: str, language: str) -> bool:
    """Whether the analyser's best reading of ``word`` is a finite verb ("обстріляли")."""
    parses = analyser(word_language(word, language)).parse(normalise(word))
    return bool(parses) and parses[0].tag.POS == "VERB"


@lru_cache(maxsize=100_000)
def nominative(word: str, language: str) -> tuple[str, bool, bool]:
    """(``word`` in the nominative, number kept; whether it is a noun; whether it can be a
    person's name). Words the analyser does not decline are returned as they are."""
    if not word or word[0].isdigit() or word[0].isascii():
        return word, False, False
    parses = analyser(word_language(word, language)).parse(normalise(word))
    person = any(p.tag.grammemes & PERSON_TAGS for p in parses)
    if word[:1].isupper():  # "у Києві": the city Київ, not the name Кий
        places = [p for p in parses if not p.tag.grammemes & PERSON_TAGS]
        parses = places if places and places[0].tag.POS == "NOUN" else parses
    if not parses or parses[0].tag.POS not in ("NOUN", "ADJF", "PRTF"):
        return word.lower(), False, person
    best = parses[0]
    found = best.inflect({"nomn"}) if best.tag.case != "nomn" else None
    form = found.word if found is not None else normalise(word)
    return form, best.tag.POS == "NOUN", person


class LemmaView:
    """``text`` as lemmas: ``string`` (space-joined), ``spans`` (each token's span in
    ``text``), ``starts`` (each token's offset in ``string``)."""

    __slots__ = ("language", "spans", "starts", "string", "text", "words")

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.spans: list[tuple[int, int]] = []
        self.words: list[str] = []
        lemmas: list[str] = []
        for found in _TOKEN.finditer(text):
            token = found.group()
            if token in _DASHES:
                lemma = "-"
            elif token[0].isdigit() or token[0].isascii():
                lemma = token.lower()
            else:
                lemma = lemma_of(token, language)
            self.spans.append(found.span())
            self.words.append(token)
            lemmas.append(lemma)
        self.starts: list[int] = []
        pos = 0
        for lemma in lemmas:
            self.starts.append(pos)
            pos += len(lemma) + 1
        self.string = " ".join(lemmas)

    def token_at(self, pos: int) -> int:
        """The index of the token holding offset ``pos`` of ``string`` (-1: none)."""
        return bisect.bisect_right(self.starts, pos) - 1

    def text_start(self, pos: int) -> int:
        """Where in ``text`` the token at ``string`` offset ``pos`` starts."""
        index = self.token_at(pos)
        return self.spans[index][0] if index >= 0 else 0

    def text_end(self, pos: int) -> int:
        """Where in ``text`` the token ending at ``string`` offset ``pos`` ends."""
        index = self.token_at(max(0, pos - 1))
        return self.spans[index][1] if index >= 0 else 0

    def surface(self, a: int, b: int) -> str:
        """The original words of ``string[a:b]`` with the head phrase put in the nominative,
        number and capitals kept, dependents as written ("Повітряних силах ЗСУ" ->
        "Повітряні сили ЗСУ", "в угрупованні військ «Схід»" -> "угруповання військ
        «Схід»"): a claimant's name as a reader would write it."""
        first, last = max(0, self.token_at(a)), self.token_at(max(a, b - 1))
        out = []
        head_done = False
        for index in range(first, last + 1):
            word = self.words[index]
            form, noun, person = nominative(word, self.language)
            if head_done and not (word[:1].isupper() and person):
                end = self.spans[last][1]
                while end < len(self.text) and self.text[end] in "»”\"'’":
                    end += 1  # a closing quote: «Схід»
                return " ".join(out + [self.text[self.spans[index][0]:end].strip()])
            if word.isupper() and len(word) > 1:
                form = word
            elif word[:1].isupper():
                form = form[:1].upper() + form[1:]
            out.append(form)
            head_done = head_done or (noun and not (word[:1].isupper() and person))
        return " ".join(out)

    def has_future(self) -> bool:
        """Whether a word of the text is a verb in the future tense."""
        return any(not w[0].isdigit() and not w[0].isascii() and is_future(w, self.language)
                   for w in self.words if w not in _DASHES)
