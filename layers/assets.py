"""Offline JavaScript/CSS for folium maps, from the installed XStatic packages.

folium elements list CDN links in their ``default_js``/``default_css`` class attributes.
Two consumers read them:

* folium's own HTML (``Figure.render``) writes them as ``<script src>``/``<link href>``;
* streamlit-folium's ``st_folium`` walks the map's element tree (including a feature group
  passed as ``feature_group_to_add``) and sends the links to its frontend, which loads them.

:func:`make_offline` rewrites those lists, per element instance, to ``data:`` URIs built from
the XStatic packages (Leaflet with its images, jQuery, Leaflet.markercluster, Font Awesome
when asked for). Links nothing of ours needs (Bootstrap, Leaflet.awesome-markers) are dropped.
A link we cannot serve offline raises :class:`~geo.errors.AssetError`: no CDN link is ever
left behind silently. :func:`assert_offline_html` checks a finished page.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import importlib.util
import logging
import mimetypes
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import branca.colormap
import folium
import folium.elements
import folium.plugins
from branca.element import CssLink, Element, Figure, JavascriptLink

from geo.errors import AssetError

__all__ = [
    "assert_offline_html",
    "collect_links",
    "font_awesome_css",
    "jquery_js",
    "leaflet_css",
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

# ---------------------------------------------------------------------------------------------
# Building data: URIs from the XStatic packages
# ---------------------------------------------------------------------------------------------

_MIME = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".png": "image/png",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
}
_SOURCE_MAP_RE = re.compile(r"^\s*//[#@] sourceMappingURL=.*$", re.MULTILINE)
_CSS_SOURCE_MAP_RE = re.compile(r"/\*[#@] sourceMappingURL=.*?\*/")
_CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)([^'")]+?)\1\s*\)""")
# Font Awesome lists a .ttf fallback after every .woff2; every browser we target reads woff2.
_FA_TTF_RE = re.compile(
    r""",\s*url\(\s*['"]?[^'")]+\.ttf['"]?\s*\)\s*format\(\s*['"]truetype['"]\s*\)""")


def _package_dir(module: str) -> Path:
    """``BASE_DIR`` of an installed XStatic package, e.g. ``xstatic.pkg.leaflet``."""
    try:
        pkg = importlib.import_module(module)
    except ImportError as exc:
        raise AssetError(f"offline assets need the Python package {module!r}: {exc}") from exc
    return Path(pkg.BASE_DIR)


def _read(module: str, relpath: str) -> bytes:
    path = _package_dir(module) / relpath
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AssetError(f"offline asset missing: {path} ({module}): {exc}") from exc


def _data_uri(mime: str, payload: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def _file_uri(path: Path) -> str:
    mime = _MIME.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    if mime is None:
        raise AssetError(f"unknown media type of offline asset {path}")
    try:
        return _data_uri(mime, path.read_bytes())
    except OSError as exc:
        raise AssetError(f"offline asset missing: {path}: {exc}") from exc


def _js_uri(module: str, relpath: str, suffix: str = "") -> str:
    text = _read(module, relpath).decode("utf-8")
    text = _SOURCE_MAP_RE.sub("", text) + suffix
    return _data_uri("text/javascript", text.encode("utf-8"))


def _inline_css_file(css_path: Path, *, drop_ttf: bool) -> str:
    """The text of one CSS file with every relative ``url(...)`` replaced by a data: URI."""
    try:
        text = css_path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AssetError(f"offline asset missing: {css_path}: {exc}") from exc
    text = _CSS_SOURCE_MAP_RE.sub("", text)
    if drop_ttf:
        text = _FA_TTF_RE.sub("", text)

    def replace(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if ref.startswith(("data:", "#")):
            return match.group(0)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", ref, re.IGNORECASE):
            raise AssetError(f"{css_path} refers to a remote resource {ref!r}")
        target = (css_path.parent / ref.split("?", 1)[0].split("#", 1)[0]).resolve()
        return f'url("{_file_uri(target)}")'

    return _CSS_URL_RE.sub(replace, text)


def _inline_css(module: str, *relpaths: str, drop_ttf: bool = False) -> str:
    """The CSS files (concatenated) with their resources inlined, as one data: URI."""
    base = _package_dir(module)
    text = "\n".join(_inline_css_file(base / rel, drop_ttf=drop_ttf) for rel in relpaths)
    return _data_uri("text/css", text.encode("utf-8"))


@lru_cache(maxsize=1)
def leaflet_js() -> str:
    """Leaflet 1.9.3 as a data: URI; the default marker icon points at inlined images.

    Leaflet finds its marker images through the CSS URL of ``leaflet.css``, which a data: URI
    breaks; the appended snippet sets the image URLs directly so that a plain ``L.marker``
    still shows its icon offline.
    """
    images = _package_dir("xstatic.pkg.leaflet") / "images"
    icons = {
        "iconUrl": _file_uri(images / "marker-icon.png"),
        "iconRetinaUrl": _file_uri(images / "marker-icon-2x.png"),
        "shadowUrl": _file_uri(images / "marker-shadow.png"),
    }
    opts = ",".join(f'{key}:"{value}"' for key, value in icons.items())
    fix = ("\n;(function(){if(window.L&&L.Icon&&L.Icon.Default){L.Icon.Default.imagePath=\"\";"
           f"L.Icon.Default.mergeOptions({{{opts}}});}}}})();\n")
    return _js_uri("xstatic.pkg.leaflet", "leaflet.js", fix)


@lru_cache(maxsize=1)
def leaflet_css() -> str:
    """Leaflet's CSS with its images inlined, as a data: URI."""
    return _inline_css("xstatic.pkg.leaflet", "leaflet.css")


@lru_cache(maxsize=1)
def jquery_js() -> str:
    """jQuery 3.7.1 (folium's ``Popup`` uses ``$``), as a data: URI."""
    return _js_uri("xstatic.pkg.jquery", "jquery.min.js")


@lru_cache(maxsize=1)
def markercluster_js() -> str:
    """Leaflet.markercluster JS as a data: URI."""
    return _js_uri("xstatic.pkg.leaflet_markercluster", "leaflet.markercluster.js")


@lru_cache(maxsize=1)
def markercluster_css() -> str:
    """Leaflet.markercluster base CSS as a data: URI."""
    return _inline_css("xstatic.pkg.leaflet_markercluster", "MarkerCluster.css")


@lru_cache(maxsize=1)
def markercluster_default_css() -> str:
    """Leaflet.markercluster default theme CSS as a data: URI."""
    return _inline_css("xstatic.pkg.leaflet_markercluster", "MarkerCluster.Default.css")


@lru_cache(maxsize=1)
def font_awesome_css() -> str:
    """Font Awesome 6 (solid, regular, brands) with woff2 webfonts inlined, as a data: URI.

    About 0.5 MB, so it is only served when asked for. Built from the per-style files rather
    than ``all.min.css``, which declares every webfont three times (v4/v5 compatibility).
    """
    return _inline_css("xstatic.pkg.font_awesome", "css/fontawesome.min.css",
                       "css/solid.min.css", "css/regular.min.css", "css/brands.min.css",
                       drop_ttf=True)


def _leaflet_draw_dir() -> Path:
    """Leaflet.draw 1.0.4 as shipped in django-leaflet's static files (found, not imported:
    importing that package would start Django)."""
    spec = importlib.util.find_spec("leaflet")
    if spec is None or not spec.submodule_search_locations:
        raise AssetError("offline Leaflet.draw needs the Python package 'django-leaflet'")
    return Path(list(spec.submodule_search_locations)[0]) / "static" / "leaflet" / "draw"


@lru_cache(maxsize=1)
def leaflet_draw_js() -> str:
    """Leaflet.draw JS (zone drawing) as a data: URI."""
    path = _leaflet_draw_dir() / "leaflet.draw.js"
    try:
        text = _SOURCE_MAP_RE.sub("", path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AssetError(f"offline asset missing: {path}: {exc}") from exc
    return _data_uri("text/javascript", text.encode("utf-8"))


@lru_cache(maxsize=1)
def leaflet_draw_css() -> str:
    """Leaflet.draw CSS with its sprite images inlined, as a data: URI."""
    text = _inline_css_file(_leaflet_draw_dir() / "leaflet.draw.css", drop_ttf=False)
    return _data_uri("text/css", text.encode("utf-8"))


# ---------------------------------------------------------------------------------------------
# Which link is served by what
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Checking a finished page
# ---------------------------------------------------------------------------------------------

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


def offline_html(m: folium.Map, **kwargs: Any) -> str:
    """The complete, self-contained HTML page of ``m`` (all JS/CSS inlined), checked offline.

    ``kwargs`` go to :func:`make_offline` (e.g. ``font_awesome=True``).
    """
    make_offline(m, **kwargs)
    page = m.get_root().render()
    assert_offline_html(page)
    return page
