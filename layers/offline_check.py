"""Checking a finished page: no remote resource may be loaded (offline by default)."""

from __future__ import annotations

import base64
import binascii
import re

from geo.errors import AssetError

__all__ = ["assert_offline_html"]

_REMOTE = r"(?:https?:)?//"
_SRC_RE = re.compile(
    r"<(?:script|img|iframe|source|video|audio|embed|input|track)\b[^>]*?\bsrc\s*=\s*"
    rf"""["']?\s*({_REMOTE}[^"'\s>]*)""", re.IGNORECASE)
_LINK_RE = re.compile(rf"""<link\b[^>]*?\bhref\s*=\s*["']?\s*({_REMOTE}[^"'\s>]*)""",
                      re.IGNORECASE)
_STYLE_BLOCK_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_STYLE_ATTR_RE = re.compile(r"""\bstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CSS_REMOTE_RE = re.compile(rf"""(?:url\(\s*["']?\s*|@import\s+["'])({_REMOTE}[^"')\s]*)""",
                            re.IGNORECASE)
_CSS_DATA_RE = re.compile(r"data:text/css;base64,([A-Za-z0-9+/=]+)")
_JS_UNESCAPES = (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&"), ("\\u0027", "'"),
                 ('\\"', '"'), ("\\/", "/"))


def _remote_refs(page: str) -> list[str]:
    found: list[str] = []
    found += _SRC_RE.findall(page)
    found += _LINK_RE.findall(page)
    css_chunks = list(_STYLE_BLOCK_RE.findall(page))
    css_chunks += [a or b for a, b in _STYLE_ATTR_RE.findall(page)]
    for encoded in _CSS_DATA_RE.findall(page):
        try:
            css_chunks.append(base64.b64decode(encoded).decode("utf-8", "replace"))
        except (binascii.Error, ValueError):
            continue
    for chunk in css_chunks:
        found += _CSS_REMOTE_RE.findall(chunk)
    return found


def assert_offline_html(html: str) -> None:
    """Raise :class:`AssetError` listing every remote resource the page would load.

    Looks at ``src`` of script/img/iframe/media tags, ``<link href>``, and ``url(...)`` /
    ``@import`` in ``<style>`` blocks, ``style`` attributes and inlined ``data:text/css``
    (decoded). HTML that sits JS-escaped inside scripts (``\\u003cimg src=...``) is checked too.
    Plain text and ``<a href>`` links (attribution) are fine. A tile layer's URL template is
    an explicit online option and is not flagged.
    """
    unescaped = html
    for escaped, plain in _JS_UNESCAPES:
        unescaped = unescaped.replace(escaped, plain)
    refs = list(dict.fromkeys(_remote_refs(html) + _remote_refs(unescaped)))
    if refs:
        shown = "\n  ".join(refs[:20])
        more = f"\n  ... and {len(refs) - 20} more" if len(refs) > 20 else ""
        raise AssetError(f"page loads {len(refs)} remote resource(s):\n  {shown}{more}")
