"""The third-party JS/CSS we inline, read from installed packages and built as data: URIs.

* Leaflet (with its marker images), Leaflet.markercluster, jQuery and Font Awesome come from
  their XStatic packages on PyPI (Python dependencies of this project);
* Leaflet.draw, only used by the zone editor, comes from npm's ``leaflet-draw`` package,
  which ``make setup`` installs into ``vendor/node_modules`` (git-ignored; only
  ``vendor/package.json`` and its lock are committed). Without it everything but the zone
  editor works, and the editor says how to install it.

Every provider is cached (one build per process) and raises :class:`~geo.errors.AssetError`
naming the package and file when something is missing. Nothing here imports folium.
"""

from __future__ import annotations

import base64
import importlib
import json
import mimetypes
import os
import re
from functools import lru_cache
from pathlib import Path

from geo.errors import AssetError

__all__ = [
    "LEAFLET_DRAW_ENV",
    "LEAFLET_DRAW_VERSION",
    "VENDOR_DIR",
    "font_awesome_css",
    "jquery_js",
    "leaflet_css",
    "leaflet_draw_css",
    "leaflet_draw_dir",
    "leaflet_draw_js",
    "leaflet_js",
    "markercluster_css",
    "markercluster_default_css",
    "markercluster_js",
]

#: Where ``make setup`` installs the npm packages (``vendor/package.json``): the checkout's.
VENDOR_DIR = Path(__file__).resolve().parent.parent / "vendor"
LEAFLET_DRAW_ENV = "FRONTLINE_LEAFLET_DRAW"
LEAFLET_DRAW_VERSION = "1.0.4"

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


def leaflet_draw_dir() -> Path:
    """The ``dist`` folder of npm's ``leaflet-draw`` 1.0.4 (zone drawing).

    ``$FRONTLINE_LEAFLET_DRAW`` if set, else ``vendor/node_modules/leaflet-draw/dist`` of the
    project checkout, where ``make setup`` puts it (``npm ci --prefix vendor``). Raises
    :class:`AssetError` saying how to install it when it is missing or not 1.0.4.
    """
    configured = os.environ.get(LEAFLET_DRAW_ENV)
    dist = Path(configured) if configured else VENDOR_DIR / "node_modules" / "leaflet-draw" / "dist"
    how = ("in a checkout of the project run `make setup`; elsewhere run `npm install "
           f"leaflet-draw@{LEAFLET_DRAW_VERSION}` and set {LEAFLET_DRAW_ENV} to its dist folder")
    if not (dist / "leaflet.draw.js").is_file():
        raise AssetError("Leaflet.draw (zone drawing) is not installed: no "
                         f"{dist / 'leaflet.draw.js'}; {how}")
    try:
        version = json.loads((dist.parent / "package.json").read_text("utf-8")).get("version")
    except (OSError, ValueError):
        version = None
    if version != LEAFLET_DRAW_VERSION:
        raise AssetError(f"Leaflet.draw in {dist.parent} is version {version!r}, not "
                         f"{LEAFLET_DRAW_VERSION}: " + how)
    return dist


@lru_cache(maxsize=1)
def leaflet_draw_js() -> str:
    """Leaflet.draw JS (zone drawing) as a data: URI."""
    path = leaflet_draw_dir() / "leaflet.draw.js"
    try:
        text = _SOURCE_MAP_RE.sub("", path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise AssetError(f"offline asset missing: {path}: {exc}") from exc
    return _data_uri("text/javascript", text.encode("utf-8"))


@lru_cache(maxsize=1)
def leaflet_draw_css() -> str:
    """Leaflet.draw CSS with its sprite images inlined, as a data: URI."""
    text = _inline_css_file(leaflet_draw_dir() / "leaflet.draw.css", drop_ttf=False)
    return _data_uri("text/css", text.encode("utf-8"))
