"""Compile each Jinja template source once, and rendered output not at all.

branca's ``Element.__init__`` compiles its template string for every element instance
(folium's Popup, Html and Figure parts are such elements), which cost ~60 ms per slider move
on a day with a few thousand events. Compiled Jinja templates are immutable, so sharing one
per (source, options) is safe; we swap branca's ``Template`` name for a memoising factory.

branca's ``MacroElement.render`` also wraps each element's *rendered* script in a new
``Element``, i.e. compiles output (with all its data) as a template. Output without any
Jinja syntax renders to itself, so it gets a :class:`LiteralTemplate` instead of a lexer
pass over a megabyte of GeoJSON. (Data text never carries Jinja syntax: ``escape_display``
turns braces into entities.)
"""

from __future__ import annotations

from functools import lru_cache

import branca.element
import jinja2

_ORIGINAL = jinja2.Template
_JINJA_MARKS = ("{{", "{%", "{#")


class LiteralTemplate:
    """A template without Jinja syntax: renders to its source, like Jinja would (Jinja
    drops a single trailing newline by default)."""

    def __init__(self, source: str) -> None:
        self.source = source[:-1] if source.endswith("\n") else source

    def render(self, *args: object, **kwargs: object) -> str:
        return self.source


@lru_cache(maxsize=512)
def _compiled(source: str, options: tuple[tuple[str, object], ...]) -> jinja2.Template:
    return _ORIGINAL(source, **dict(options))


def cached_template(source: str = "", **options: object) -> jinja2.Template | LiteralTemplate:
    """A compiled template, shared by every element with the same source and options."""
    if not any(mark in source for mark in _JINJA_MARKS) and not options:
        return LiteralTemplate(source)
    return _compiled(source, tuple(sorted(options.items())))


def install() -> None:
    """Make branca elements use :func:`cached_template` (idempotent)."""
    branca.element.Template = cached_template
