"""The app's map component, served from folders by Streamlit (no npm build).

Two folders under one per-process runtime directory, each registered with
``streamlit.components.v1.declare_component(path=...)``:

* ``page-<hash>/index.html``: the offline base map (folium, all JS/CSS inlined) with the
  shared scrubber (``layers/static/frontline_scrubber.js``) and ``component.js`` (this
  folder: Streamlit's component protocol). One component per distinct base map (theatre,
  world view, tile layer, credits): a rerun with the same base map keeps the mounted map.
* ``frames/<hash>.json.gz``: frames (:mod:`layers.frames`), gzip-compressed once when
  published and named by their content hash. The component's args carry only the file's
  relative URL, so a rerun never re-sends frames: the browser fetches each file once.
  Streamlit serves ``application/gzip`` as it is (no re-compression per request).
  Beside them, ``<name>.ticket.json`` (:func:`publish_ticket`): the URL of frames still
  being built when a page was sent quick frames (:mod:`dashboard.map_frames`); the page
  polls it (404 until then).

Both folders keep at most a few dozen files (oldest removed first); a file still wanted is
written again by :func:`publish`.
"""

from __future__ import annotations

import atexit
import gzip
import hashlib
import json
import logging
import shutil
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from streamlit.components.v1 import declare_component

from geo.errors import AssetError
from layers.frames import frames_json

__all__ = ["PackedFrames", "glue_js", "pack_frames", "page_component", "publish",
           "publish_ticket", "served_page", "served_path", "ticket_url", "frames_base",
           "write_frames"]

log = logging.getLogger(__name__)

FOLDER = Path(__file__).resolve().parent
MAX_FRAME_FILES = 48
MAX_PAGES = 16
MAX_TICKETS = 64
TICKET_SUFFIX = ".ticket.json"
GZIP_LEVEL = 6

_lock = threading.Lock()
_root: Path | None = None


@dataclass(frozen=True)
class PackedFrames:
    """Frames as served: the gzip bytes, their file name and sizes."""

    name: str
    data: bytes
    raw_bytes: int

    @property
    def wire_bytes(self) -> int:
        """Bytes on the wire (the file is sent as it is)."""
        return len(self.data)


@lru_cache(maxsize=1)
def glue_js() -> str:
    """``component.js``: the Streamlit side of the map page."""
    try:
        return (FOLDER / "component.js").read_text(encoding="utf-8")
    except OSError as exc:
        raise AssetError(f"{FOLDER / 'component.js'}: cannot read it ({exc})") from exc


def _runtime_root() -> Path:
    global _root
    with _lock:
        if _root is None:
            _root = Path(tempfile.mkdtemp(prefix="frontline-map-"))
            (_root / "frames").mkdir()
            atexit.register(shutil.rmtree, _root, True)
        return _root


def _frames_component() -> Any:
    return declare_component("frames", path=str(_runtime_root() / "frames"))


def pack_frames(frames: dict[str, Any]) -> PackedFrames:
    """Compress ``frames`` once and name them by their content."""
    raw = frames_json(frames).encode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()[:24]
    return PackedFrames(name=f"{digest}.json.gz",
                        data=gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0),
                        raw_bytes=len(raw))


def _evict(folder: Path, pattern: str, keep: int) -> None:
    entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime)
    for old in entries[:max(0, len(entries) - keep)]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


def frames_base() -> str:
    """The URL prefix (relative to a map page) of published frames and tickets; declares
    the frames component, so call it from a script run, not a background thread."""
    return f"../{_frames_component().name}/"


def write_frames(packed: PackedFrames) -> None:
    """Write ``packed`` into the served folder (no Streamlit call: any thread)."""
    folder = _runtime_root() / "frames"
    path = folder / packed.name
    if not path.exists():
        with _lock:
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(packed.data)
            tmp.replace(path)
            _evict(folder, "*.json.gz", MAX_FRAME_FILES)


def publish(packed: PackedFrames) -> str:
    """Make ``packed`` servable; returns its URL relative to a map page."""
    base = frames_base()
    write_frames(packed)
    return base + packed.name


def ticket_url(name: str) -> str:
    """The URL (relative to a map page) of the ticket ``name``: 404 until published."""
    return f"{frames_base()}{name}{TICKET_SUFFIX}"


def publish_ticket(name: str, frames_url: str | None) -> None:
    """Publish the ticket ``name``: the URL of the frames it waited for, or that their
    build failed (``frames_url`` None: the page stops waiting)."""
    folder = _runtime_root() / "frames"
    body = {"frames": frames_url} if frames_url else {"failed": True}
    with _lock:
        tmp = folder / f"{name}.tmp"
        tmp.write_text(json.dumps(body), encoding="utf-8")
        tmp.replace(folder / f"{name}{TICKET_SUFFIX}")
        _evict(folder, f"*{TICKET_SUFFIX}", MAX_TICKETS)


def page_component(html: str) -> Any:
    """The component whose ``index.html`` is ``html`` (a map page), declared for this run."""
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]
    root = _runtime_root()
    folder = root / f"page-{digest}"
    if not (folder / "index.html").exists():
        with _lock:
            folder.mkdir(exist_ok=True)
            tmp = folder / "index.tmp"
            tmp.write_text(html, encoding="utf-8")
            tmp.replace(folder / "index.html")
            _evict(root, "page-*", MAX_PAGES)
    return declare_component(f"map_{digest}", path=str(folder))


def served_path(url: str) -> Path | None:
    """The file behind a frames URL from :func:`publish` (tests, benchmarks)."""
    name = url.rsplit("/", 1)[-1]
    path = _runtime_root() / "frames" / name
    return path if path.is_file() else None


def served_page(component_name: str) -> Path | None:
    """The ``index.html`` of a page component, by its full name (tests, benchmarks)."""
    digest = component_name.rsplit(".map_", 1)[-1]
    path = _runtime_root() / f"page-{digest}" / "index.html"
    return path if path.is_file() else None
