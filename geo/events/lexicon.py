"""The event extractor's English word lists, read once from ``geo/data/lexicon/events.toml``.

Each list's ``about`` in that file says what it is for; here they become patterns.
"""

from __future__ import annotations

import re

from geo.data import load_lexicon

_LEX = load_lexicon("events")

SPEECH = _LEX.alternation("speech")
"""Verbs of attribution as a regular-expression group (not compiled: patterns embed it)."""
INSTITUTION_WORDS = re.compile(r"\b" + _LEX.alternation("institution_words") + r"\b",
                               re.IGNORECASE)
SPEAKS = re.compile(r"(?:\s+" + _LEX.alternation("speaking_aux") + r")*\s+"
                    + _LEX.alternation("speaking_verbs") + r"\b")
ANAPHOR = re.compile(r"\b(?:the " + _LEX.alternation("anaphor_nouns") + r"|there)\b",
                     re.IGNORECASE)
REPORTEDLY = re.compile(r"\b" + _LEX.alternation("reportedly") + r"\b", re.IGNORECASE)
HYPOTHETICAL = re.compile(r"\b" + _LEX.alternation("hypothetical") + r"\b", re.IGNORECASE)
