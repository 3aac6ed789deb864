"""Text -> place mentions with character spans -> resolved places (pure, offline).

The steps, one module each:

1. **find** and 2. **filter** (:mod:`geo.geoparse.candidates`): gazetteer names on word
   boundaries, in a plausible case, not inside listed non-places; then capitalisation,
   common words and longer names ("President Volodymyr Zelenskyy") decide what is a place;
3. **resolve** (:mod:`geo.geoparse.resolution`, scores in :mod:`geo.geoparse.scoring`):
   population, a theatre prior, kind, nearness to the text's other places, qualifiers,
   city vs oblast, river vs city;
4. **metonymy** (:mod:`geo.geoparse.resolution`): a capital used for its government is
   kept as a place and flagged ``metonymic``.

Ukrainian and Russian text (:mod:`geo.geoparse.cyrillic`, language from
:mod:`geo.geoparse.language` or given): declined names are lemmatised (pymorphy3) and looked
up in the gazetteer's Cyrillic table or, transliterated, among its Latin names; mentions keep
the original spans and surfaces.

:class:`Geoparser` (:mod:`geo.geoparse.parser`) runs them; the word lists are package
data (``geo/data/lexicon/geoparse.toml``, :mod:`geo.geoparse.lexicon`); text helpers are in
:mod:`geo.geoparse.text` and input normalisation in :mod:`geo.geoparse.normalise`.
"""

from __future__ import annotations

from geo.geoparse.normalise import clean_text, html_to_text
from geo.geoparse.parser import (
    CHUNK_CHARS,
    Geoparser,
    OverrideSource,
    Toponym,
    geoparse,
    override_key,
)
from geo.geoparse.scoring import MAX_CANDIDATES
from geo.geoparse.text import sentence_starts

__all__ = [
    "CHUNK_CHARS",
    "MAX_CANDIDATES",
    "Geoparser",
    "OverrideSource",
    "Toponym",
    "clean_text",
    "geoparse",
    "html_to_text",
    "override_key",
    "sentence_starts",
]
