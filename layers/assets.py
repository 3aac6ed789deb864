"""Offline JavaScript/CSS for folium maps: every CDN link becomes an inlined data: URI.

folium elements list CDN links in their ``default_js``/``default_css`` class attributes.
Two consumers read them:

* folium's own HTML (``Figure.render``) writes them as ``<script src>``/``<link href>``;
* streamlit-folium's ``st_folium`` walks the map's element tree (including a feature group
  passed as ``feature_group_to_add``) and sends the links to its frontend, which loads them.

:func:`make_offline` rewrites those lists, per element instance, to ``data:`` URIs built by
:mod:`layers.asset_files` (Leaflet with its images, jQuery, Leaflet.markercluster, Font
Awesome when asked for, Leaflet.draw for the zone editor). Links nothing of ours needs
(Bootstrap, Leaflet.awesome-markers) are dropped.
A link we cannot serve offline raises :class:`~geo.errors.AssetError`: no CDN link is ever
left behind silently. :func:`assert_offline_html` (:mod:`layers.offline_check`) checks a
finished page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar
from urllib.parse import urlparse

import branca.colormap
import folium
import folium.elements
import folium.plugins
from branca.element import CssLink, Element, Figure, JavascriptLink

from geo.errors import AssetError
from layers.asset_files import (
    font_awesome_css,
    jquery_js,
    leaflet_css,
    leaflet_draw_css,
    leaflet_draw_js,
    leaflet_js,
    markercluster_css,
    markercluster_default_css,
    markercluster_js,
)
from layers.offline_check import assert_offline_html

__all__ = [
    "assert_offline_html",
    "collect_links",
    "font_awesome_css",
    "jquery_js",
    "leaflet_css",
    "leaflet_draw_css",
    "leaflet_draw_js",
    "leaflet_js",
    "make_offline",
    "markercluster_css",
    "markercluster_default_css",
    "markercluster_js",
    "offline_html",
    "walk",
]

log = logging.getLogger(__name__)

E = TypeVar("E", bound=Element)


def _basename(url: str) -> str:
    return urlparse(url).path.rsplit("/", 1)[-1]


def _is_font_awesome(url: str) -> bool:
    low = url.lower()
    return (("fontawesome" in low or "font-awesome" in low)
            and _basename(low) in {"all.min.css", "all.css", "fontawesome.min.css"})


# (test on the URL, provider); the first match wins.
_JS_RULES: list[tuple[Callable[[str], bool], Callable[[], str]]] = [
    (lambda u: re.fullmatch(r"leaflet(-src)?(\.min)?\.js", _basename(u)) is not None, leaflet_js),
    (lambda u: re.fullmatch(r"jquery(-\d+(\.\d+)*)?(\.min)?\.js", _basename(u)) is not None,
     jquery_js),
    (lambda u: re.fullmatch(r"leaflet\.markercluster(-src)?\.js", _basename(u)) is not None,
     markercluster_js),
    (lambda u: re.fullmatch(r"leaflet\.draw(-src)?\.js", _basename(u)) is not None,
     leaflet_draw_js),
]
_CSS_RULES: list[tuple[Callable[[str], bool], Callable[[], str]]] = [
    (lambda u: _basename(u) in {"leaflet.css", "leaflet.min.css"}, leaflet_css),
    (lambda u: _basename(u) == "MarkerCluster.css", markercluster_css),
    (lambda u: _basename(u) == "MarkerCluster.Default.css", markercluster_default_css),
    (_is_font_awesome, font_awesome_css),
    (lambda u: _basename(u) in {"leaflet.draw.css", "leaflet.draw-src.css"}, leaflet_draw_css),
]

# Links folium.Map asks for that serve only folium.Icon (awesome-markers, glyphicons,
# Bootstrap) or icon fonts. We draw circle markers, so these are dropped from the Map.
_MAP_OPTIONAL_JS = frozenset({"bootstrap", "awesome_markers"})
_MAP_OPTIONAL_CSS = frozenset({"bootstrap_css", "glyphicons_css", "awesome_markers_css",
                               "awesome_rotate_css", "awesome_markers_font_css"})
_FONT_AWESOME_NAMES = frozenset({"awesome_markers_font_css"})


def _describe(element: Element) -> str:
    return f"{type(element).__name__} {element.get_name()!r}"


def walk(element: Element) -> Iterator[Element]:
    """Every element in the tree under ``element`` (itself first), as streamlit-folium walks it.

    Follows ``_children`` and, for a ``DualMap``, its two maps.
    """
    yield element
    for sub in ("m1", "m2"):
        child = getattr(element, sub, None)
        if isinstance(child, folium.Map) and isinstance(element, folium.plugins.DualMap):
            yield from walk(child)
    for child in getattr(element, "_children", {}).values():
        yield from walk(child)


def collect_links(element: Element) -> tuple[list[str], list[str]]:
    """``(js_links, css_links)`` exactly as ``st_folium`` collects them, deduplicated.

    Like streamlit-folium, a branca ``ColorMap`` anywhere in the tree adds d3 from a CDN, and
    only ``JSCSSMixin`` elements (and ColorMaps) contribute their links.
    """
    js: list[str] = []
    css: list[str] = []
    for elem in walk(element):
        if isinstance(elem, branca.colormap.ColorMap):
            js[:0] = ["https://d3js.org/d3.v4.min.js",
                      "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js"]
        elif not isinstance(elem, folium.elements.JSCSSMixin):
            continue
        css.extend(url for _, url in getattr(elem, "default_css", []))
        js.extend(url for _, url in getattr(elem, "default_js", []))
    return list(dict.fromkeys(js)), list(dict.fromkeys(css))


def _offline_links(element: Element, links: list[tuple[str, str]],
                   rules: list[tuple[Callable[[str], bool], Callable[[], str]]],
                   optional: frozenset[str], *, font_awesome: bool) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, url in links:
        if url.startswith("data:"):
            out.append((name, url))
            continue
        if name in optional and not (font_awesome and name in _FONT_AWESOME_NAMES):
            log.debug("dropping %s link %r (%s): nothing we draw needs it",
                      _describe(element), name, url)
            continue
        for matches, provider in rules:
            if matches(url):
                out.append((name, provider()))
                break
        else:
            raise AssetError(f"{_describe(element)} needs {name!r} from {url}, "
                             "which has no offline copy; no CDN links are allowed")
    return out


def make_offline(element: E, *, font_awesome: bool = False) -> E:
    """Rewrite every JS/CSS link in ``element``'s tree to an inlined ``data:`` URI.

    Works on a map, a feature group or any element; returns ``element`` for chaining and is
    idempotent. Bootstrap and awesome-markers links of ``folium.Map`` are dropped (nothing we
    draw uses them); Font Awesome is kept only with ``font_awesome=True`` or when some other
    element asks for it. Raises :class:`AssetError` naming the element and URL when a link
    has no offline copy, or when the tree holds something that needs a CDN regardless
    (``folium.Icon``, a branca ``ColorMap``).
    """
    for elem in walk(element):
        if isinstance(elem, folium.Icon):
            raise AssetError(f"{_describe(elem)} needs Leaflet.awesome-markers, which has no "
                             "offline copy; draw circle markers or a DivIcon instead")
        if isinstance(elem, branca.colormap.ColorMap):
            raise AssetError(f"{_describe(elem)} makes streamlit-folium load d3 from a CDN; "
                             "draw the colour scale in the legend instead")
        is_map = isinstance(elem, folium.Map)
        js = getattr(elem, "default_js", None)
        css = getattr(elem, "default_css", None)
        if js:
            elem.default_js = _offline_links(  # type: ignore[attr-defined]
                elem, list(js), _JS_RULES, _MAP_OPTIONAL_JS if is_map else frozenset(),
                font_awesome=font_awesome)
        if css:
            elem.default_css = _offline_links(  # type: ignore[attr-defined]
                elem, list(css), _CSS_RULES, _MAP_OPTIONAL_CSS if is_map else frozenset(),
                font_awesome=font_awesome)
    _purge_rendered_links(element)
    return element


def _purge_rendered_links(element: Element) -> None:
    """Remove CDN links an earlier render already put into the figure header.

    ``JSCSSMixin.render`` re-adds the (now offline) links by name on the next render.
    """
    root = element.get_root()
    if not isinstance(root, Figure):
        return
    children = root.header._children
    for name in list(children):
        child = children[name]
        if isinstance(child, (JavascriptLink, CssLink)) and not str(child.url).startswith("data:"):
            del children[name]


def offline_html(m: folium.Map, **kwargs: Any) -> str:
    """The complete, self-contained HTML page of ``m`` (all JS/CSS inlined), checked offline.

    ``kwargs`` go to :func:`make_offline` (e.g. ``font_awesome=True``).
    """
    make_offline(m, **kwargs)
    page = m.get_root().render()
    assert_offline_html(page)
    return page
