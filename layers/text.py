"""Escaping of displayed text.

folium does not escape what it displays: popup, tooltip and layer-name text ends up in HTML
(``innerHTML``) and often inside JavaScript template literals, where ``${...}`` runs. Every
string that comes from data (article summaries, sources, notes, place names, actors, layer
names, attributions) goes through :func:`escape_display` exactly once before it reaches folium.
"""

from __future__ import annotations

import html
from datetime import date

__all__ = ["escape_display", "format_day", "safe_http_url"]

# After html.escape: characters that still mean something inside a JS template literal
# (backtick ends it, ``${`` starts an expression, backslash starts an escape), and braces:
# branca compiles each element's *rendered* script as a Jinja template, so ``{{ ... }}`` or
# ``{% ... %}`` from data would run as Jinja (server-side template injection).
_JS_TEMPLATE_TABLE = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;",
                                    "{": "&#123;", "}": "&#125;"})


def escape_display(text: object) -> str:
    """Return ``text`` safe to show as HTML inside a JS template literal.

    HTML-escapes ``& < > " '`` and replaces backtick, ``$``, backslash and braces with the
    numeric entities ``&#96; &#36; &#92; &#123; &#125;``. The browser renders the entities
    as the original characters, so the reader sees the text unchanged. ``None`` becomes ``""``.
    Not idempotent: escape once, at the edge where text meets folium.
    """
    if text is None:
        return ""
    return html.escape(str(text), quote=True).translate(_JS_TEMPLATE_TABLE)


def format_day(day: date | None) -> str:
    """A date as shown on the map, e.g. ``"2023-03-13"`` (ISO: unambiguous, sorts)."""
    return day.isoformat() if day is not None else ""


def safe_http_url(url: str | None) -> str | None:
    """``url`` escaped for an ``href`` attribute if it is a plain http(s) URL, else ``None``.

    Anything else (``javascript:``, ``data:``, relative paths) is refused: a link from data
    must never run code when clicked.
    """
    if not url:
        return None
    candidate = url.strip()
    if not candidate.lower().startswith(("http://", "https://")):
        return None
    if any(ch.isspace() or ord(ch) < 32 for ch in candidate):
        return None
    return escape_display(candidate)
