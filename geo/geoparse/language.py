"""Which language a text is in, as far as the geoparser cares: ``en``, ``uk`` or ``ru``.

A text without Cyrillic letters is English (the Latin path reads every Latin-script text).
A Cyrillic text in which only one language's own letters occur (і ї є ґ are Ukrainian, ы э
ъ ё Russian) is in that language: nearly every sentence of either has one, and the check
costs nothing. Otherwise (neither kind, or both, as in a Ukrainian text quoting Russian)
``py3langid`` (a small naive-Bayes identifier, about 0.1-1 ms a text), limited to Ukrainian
and Russian, decides.
"""

from __future__ import annotations

import threading

from geo.errors import LanguageError
from geo.gazetteer.cyrillic import HAS_CYRILLIC, RU, UK, script_language

EN = "en"
LANGUAGES = (EN, UK, RU)
"""The languages a caller may name (``--language``); ``auto`` or None detects."""
AUTO = "auto"
DETECT_CHARS = 2_000
"""Only the text's beginning is given to the identifier: enough for a confident answer."""

__all__ = ["AUTO", "EN", "LANGUAGES", "LanguageError", "check_language", "detect_language"]

_identifier = None
_lock = threading.Lock()


def check_language(language: str | None) -> str | None:
    """``language`` lower-cased if the geoparser reads it (None and ``auto``: detect)."""
    if language is None:
        return None
    low = language.strip().lower()
    if low == AUTO:
        return None
    if low not in LANGUAGES:
        raise LanguageError(f"unknown language {language[:40]!r}: use one of "
                            f"{', '.join(LANGUAGES)} or {AUTO}", field="language")
    return low


def _get_identifier():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                found = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                found.set_languages([UK, RU])
                _identifier = found
    return _identifier


def detect_language(text: str) -> str:
    """``en`` for a text without Cyrillic letters, else ``uk`` or ``ru``."""
    if not isinstance(text, str) or not HAS_CYRILLIC.search(text):
        return EN
    sample = text[:DETECT_CHARS]
    by_letters = script_language(sample)
    if by_letters:  # only one language's own letters occur: no need to ask the model
        return by_letters
    label, _ = _get_identifier().classify(sample)
    return label if label in (UK, RU) else UK
