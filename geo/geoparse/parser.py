"""The geoparser: text in, resolved place mentions out, the steps run in order.

Every :class:`Toponym` keeps the candidates considered; a correction (an override keyed by
:func:`override_key`) replaces the resolution wherever the same name appears again.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace
from typing import Protocol

from geo.gazetteer import THEATRE_COUNTRIES, Gazetteer, fold, load_gazetteer
from geo.gazetteer.cyrillic import HAS_CYRILLIC
from geo.geoparse.candidates import Match, find, keep
from geo.geoparse.cyrillic import (
    find_cyrillic,
    keep_cyrillic,
    river_forms,
)
from geo.geoparse.language import EN, check_language, detect_language
from geo.geoparse.resolution import metonymic, resolve, special_forms
from geo.geoparse.scoring import CANDIDATE_SHIFT, confidence, sigmoid
from geo.geoparse.text import Lines, sentence_starts
from geo.models import Mention, Place
from geo.theatre import Theatre

CHUNK_CHARS = 500_000
"""Longer texts are parsed in pieces of about this size, cut at a line or sentence end,
so memory stays bounded on a pasted book; no news article comes near it."""
LISTED_CANDIDATES = 10
"""Candidates kept on a Toponym (and alternatives on its Place) for review screens."""


class OverrideSource(Protocol):
    """Where corrections come from: ``get(override_key(name))`` -> a Place or None."""

    def get(self, key: str, /) -> Place | None: ...


def override_key(name: str) -> str:
    """The key a correction is stored under: the folded name, whitespace collapsed."""
    return " ".join(fold(name).split())


@dataclass(frozen=True)
class Toponym:
    """A place mention and its resolution. ``candidates`` are the places considered, best
    first (the chosen one first unless an override replaced it), with their scores."""

    mention: Mention
    place: Place
    kind: str
    candidates: tuple[tuple[Place, float], ...] = ()
    overridden: bool = False


class Geoparser:
    """Find and resolve place mentions in English, Ukrainian and Russian text with an
    offline gazetteer (default: the process-wide one, :func:`geo.gazetteer.load_gazetteer`).

    ``language`` (``en``, ``uk``, ``ru``; None or ``auto``: detected per text, see
    :func:`geo.geoparse.language.detect_language`) decides how Cyrillic words are
    lemmatised and transliterated; Latin-script names are read in every language.
    Mentions keep the original text's spans and surfaces ("Бахмуті"), the place its
    gazetteer name ("Bakhmut"), so an event extractor can quote the text and map it."""

    def __init__(self, gazetteer: Gazetteer | None = None, *,
                 overrides: OverrideSource | None = None, language: str | None = None,
                 focus: tuple[str, ...] = ()) -> None:
        self.gaz = gazetteer or load_gazetteer()
        self.overrides = overrides
        self.language = check_language(language)
        self.focus = frozenset(code.upper() for code in focus)
        """A theatre's countries (ISO alpha-2), tried first for an ambiguous name."""

    def language_of(self, text: str) -> str:
        """The language ``text`` is read in: the one given, else detected."""
        return self.language or detect_language(text)

    def parse(self, text: str, *, language: str | None = None) -> list[Toponym]:
        """Every resolved place mention of ``text``, in text order. Never raises on text
        (``language``: as the constructor's, for this text only; a bad name raises
        :class:`geo.geoparse.language.LanguageError`)."""
        if not isinstance(text, str) or not text:
            return []
        lang = check_language(language) or self.language_of(text)
        if len(text) <= CHUNK_CHARS:
            return self._parse_chunk(text, 0, lang)
        result: list[Toponym] = []
        pos = 0
        while pos < len(text):
            end = min(len(text), pos + CHUNK_CHARS)
            if end < len(text):
                cut = max(text.rfind("\n", pos, end), text.rfind(". ", pos, end))
                end = cut + 1 if cut > pos else end
            result.extend(self._parse_chunk(text[pos:end], pos, lang))
            pos = end
        return result

    def places(self, text: str, *, language: str | None = None) -> list[Place]:
        """Just the places, one per mention."""
        return [t.place for t in self.parse(text, language=language)]

    def _parse_chunk(self, text: str, offset: int, language: str = EN) -> list[Toponym]:
        gaz = self.gaz
        lines = Lines(text)
        matches = find(gaz, text, fold(text), lines)
        spans = {m.start: m for m in matches}
        matches = [m for m in matches if keep(gaz, text, m, spans, lines)]
        for m in matches:
            if m.surface[:4] == "the " and len(m.surface) > 4:
                m.start += 4
                m.surface = m.surface[4:]
        cyrillic: list[Match] = []
        if HAS_CYRILLIC.search(text):
            lang = language if language != EN else detect_language(text)
            found = find_cyrillic(gaz, text, lang)
            by_end = {m.end: m for m in found}
            cyrillic = [m for m in found if keep_cyrillic(gaz, text, m, lang, by_end)]
            matches = sorted(matches + cyrillic, key=lambda m: m.start)
        if not matches:
            return []
        special_forms(gaz, text, matches)
        for m in cyrillic:
            river_forms(gaz, text, m, lang)
        resolve(gaz, matches)
        starts = sentence_starts(text)
        result = []
        for m in matches:
            m.metonymic = metonymic(gaz, text, m)
            result.append(self._toponym(m, offset, bisect.bisect_right(starts, m.start) - 1))
        return result

    def _focused(self, m: Match) -> None:
        """Prefer a candidate in the theatre's countries when the name is ambiguous: one
        scoring within :data:`FOCUS_MARGIN` of the best (a real tie of namesakes; a clear
        winner elsewhere, such as a capital named in passing, stays)."""
        if not self.focus or not m.scores or self.gaz.cc[m.chosen] in self.focus:
            return
        best = m.scores[0][1]
        for index, score in m.scores:
            if score < best - FOCUS_MARGIN:
                break
            if self.gaz.cc[index] in self.focus:
                m.chosen = index
                m.scores = [(index, score)] + [p for p in m.scores if p[0] != index]
                return

    def _toponym(self, m: Match, offset: int, sentence: int) -> Toponym:
        gaz = self.gaz
        self._focused(m)
        scores = m.scores or [(m.chosen, 0.0)]
        best = scores[0][1]
        candidates = tuple(
            (gaz.place(i, confidence=round(sigmoid(s - best + CANDIDATE_SHIFT), 3)), s)
            for i, s in scores[:LISTED_CANDIDATES])
        alternatives = tuple(gaz.source_id[i] for i, _ in scores[1:LISTED_CANDIDATES])
        place = gaz.place(m.chosen, confidence=confidence(scores), alternatives=alternatives,
                          metonymic=m.metonymic)
        mention = Mention(surface=m.surface, start=m.start + offset, end=m.end + offset,
                          sentence=sentence)
        override = self.overrides.get(override_key(m.surface)) if self.overrides else None
        if override is not None:
            place = replace(override, alternatives=(place.source_id, *alternatives),
                            metonymic=m.metonymic, confidence=1.0)
            return Toponym(mention, place, gaz.kind_name(m.chosen), candidates, overridden=True)
        return Toponym(mention, place, gaz.kind_name(m.chosen), candidates)


FOCUS_MARGIN = 1.5
"""Score points (log-odds) within which namesakes count as ambiguous for a theatre's focus:
about the weight of one context clue (a nearby place in the same country), so focus decides
only what the text itself leaves open."""


def theatre_focus(theatre: Theatre) -> tuple[str, ...]:
    """The countries a theatre asks the geoparser to try first for ambiguous names: its
    ``countries`` beyond the ones the gazetteer always favours (Ukraine and its neighbours,
    so the default theatre reads as it always has)."""
    return tuple(c for c in theatre.countries if c not in THEATRE_COUNTRIES)


def geoparse(text: str, *, overrides: OverrideSource | None = None) -> list[Toponym]:
    """Resolved place mentions of ``text`` with the process-wide gazetteer."""
    return Geoparser(overrides=overrides).parse(text)
