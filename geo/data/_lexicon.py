"""The English word lists of the geoparser and the event extractor (``lexicon/*.toml``).

Each table of a lexicon file is one list with an ``about`` text and either ``words`` (a
whitespace-separated string) or ``phrases`` (an array of regular-expression alternatives).
Errors raise :class:`geo.errors.DataError` naming the file, the list and the field.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache

from geo.data._io import label, read_text
from geo.errors import DataError

LEXICONS = ("geoparse", "events", "events_cyrillic")


@dataclass(frozen=True)
class Lexicon:
    """One lexicon file: its lists by name, each a tuple in file order."""

    source: str
    lists: dict[str, tuple[str, ...]]

    def _get(self, name: str, field: str) -> tuple[str, ...]:
        found = self.lists.get(f"{name}.{field}")
        if found is None:
            raise DataError(f"no list {name!r} with {field!r}", source=self.source, item=name,
                            field=field)
        return found

    def words(self, name: str) -> frozenset[str]:
        """The ``words`` of list ``name`` as a set."""
        return frozenset(self._get(name, "words"))

    def ordered(self, name: str) -> tuple[str, ...]:
        """The ``words`` of list ``name`` in file order (for regular-expression alternations)."""
        return self._get(name, "words")

    def phrases(self, name: str) -> tuple[str, ...]:
        """The ``phrases`` of list ``name``: regular-expression alternatives, in file order."""
        return self._get(name, "phrases")

    def alternation(self, name: str, *, each: str = "") -> str:
        """``(?:a|b|...)`` of list ``name`` (its phrases, else its words in file order);
        ``each`` is put before every alternative (e.g. ``\\b``)."""
        items = self.lists.get(f"{name}.phrases") or self._get(name, "words")
        return "(?:" + "|".join(each + item for item in items) + ")"


def parse_lexicon(text: str, source: str) -> Lexicon:
    """A lexicon from TOML text, validated (``source`` names the file in errors)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataError(f"invalid TOML: {exc}", source=source) from exc
    lists: dict[str, tuple[str, ...]] = {}
    for name, table in data.items():
        if not isinstance(table, dict):
            raise DataError("expected a table", source=source, item=name)
        if not isinstance(table.get("about"), str) or not table["about"].strip():
            raise DataError("missing or empty", source=source, item=name, field="about")
        words, phrases = table.get("words"), table.get("phrases")
        if (words is None) == (phrases is None):
            raise DataError("needs exactly one of 'words' and 'phrases'", source=source,
                            item=name, field="words")
        if words is not None:
            if not isinstance(words, str) or not words.split():
                raise DataError("must be a non-empty string of words", source=source,
                                item=name, field="words")
            lists[f"{name}.words"] = tuple(words.split())
        else:
            if (not isinstance(phrases, list) or not phrases
                    or not all(isinstance(p, str) and p for p in phrases)):
                raise DataError("must be a non-empty list of strings", source=source,
                                item=name, field="phrases")
            lists[f"{name}.phrases"] = tuple(phrases)
    return Lexicon(source, lists)


@lru_cache(maxsize=len(LEXICONS))
def load_lexicon(name: str) -> Lexicon:
    """The bundled lexicon ``geo/data/lexicon/<name>.toml`` (``geoparse`` or ``events``)."""
    if name not in LEXICONS:
        raise DataError(f"unknown lexicon {name!r}; known: {', '.join(LEXICONS)}",
                        source=label("lexicon"), item=name, field="name")
    parts = ("lexicon", f"{name}.toml")
    return parse_lexicon(read_text(*parts), label(*parts))
