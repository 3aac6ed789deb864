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

The swap reaches into branca's module globals, so it is made only on the branca release it
was checked against (:data:`CHECKED_BRANCA`): on any other release :func:`install` logs a
warning and leaves branca alone (maps still render, only slower), and
``tests/layers/test_templates.py`` fails until the swap is checked again and the constant
moved.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import branca
import branca.element
import jinja2

__all__ = ["CHECKED_BRANCA", "LiteralTemplate", "cached_template", "install", "installed"]

log = logging.getLogger(__name__)

#: The branca release whose ``Element.__init__``/``__setstate__`` look ``Template`` up as a
#: module global of ``branca.element`` (and nothing else there relies on it being the
#: jinja2 class): the swap is made on this release only.
CHECKED_BRANCA = "0.8.2"

_ORIGINAL = jinja2.Template
_JINJA_MARKS = ("{{", "{%", "{#")
_state = {"warned": False}


class LiteralTemplate:
    """A template without Jinja syntax: renders to its source, like Jinja would (Jinja
    drops a single trailing newline by default)."""

    def __init__(self, source: str) -> None:
        self.source = source[:-1] if source.endswith("\n") else source

    def render(self, *_args: object, **_kwargs: object) -> str:
        return self.source


@lru_cache(maxsize=512)
def _compiled(source: str, options: tuple[tuple[str, object], ...]) -> jinja2.Template:
    return _ORIGINAL(source, **dict(options))


def cached_template(source: str = "", **options: object) -> jinja2.Template | LiteralTemplate:
    """A compiled template, shared by every element with the same source and options."""
    if not any(mark in source for mark in _JINJA_MARKS) and not options:
        return LiteralTemplate(source)
    return _compiled(source, tuple(sorted(options.items())))


def installed() -> bool:
    """True when branca elements use :func:`cached_template`."""
    return branca.element.Template is cached_template


def install() -> bool:
    """Make branca elements use :func:`cached_template` (idempotent); returns whether the
    swap is in place.

    Refused (a warning, once) when branca is not :data:`CHECKED_BRANCA` or its
    ``element.Template`` is no longer jinja2's class.
    """
    if installed():
        return True
    version = getattr(branca, "__version__", "unknown")
    current = getattr(branca.element, "Template", None)
    if version != CHECKED_BRANCA or current is not _ORIGINAL:
        if not _state["warned"]:
            _state["warned"] = True
            log.warning("branca %s is not %s, which layers/templates.py was checked against "
                        "(or branca.element.Template is not jinja2's): the compiled-template "
                        "cache is off and maps render slower; re-check the swap and update "
                        "CHECKED_BRANCA", version, CHECKED_BRANCA)
        return False
    branca.element.Template = cached_template
    return True
