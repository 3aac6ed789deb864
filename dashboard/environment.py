"""Settings the user gives through the environment, read only by the entry points.

The core (:mod:`geo`) never reads the environment: the ``frontline`` CLI's ``main`` and
the app (:func:`dashboard.cache.cached_parser`) call :func:`configure_gazetteer_cache`
before the first gazetteer load, which passes the location on to
:func:`geo.gazetteer.set_cache_dir`.

* ``FRONTLINE_CACHE_DIR``: where the gazetteer index cache lives; else
  ``$XDG_CACHE_HOME/frontline``; else geo's default, ``~/.cache/frontline``.
* ``FRONTLINE_STORE``: the store path or URL when ``--store`` is not given; else
  ``data/frontline.gpkg``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from geo.gazetteer import set_cache_dir
from geo.store import STORE_ENV, resolve_target

CACHE_ENV = "FRONTLINE_CACHE_DIR"


def gazetteer_cache_dir(environ: Mapping[str, str] = os.environ) -> Path | None:
    """``$FRONTLINE_CACHE_DIR``, else ``$XDG_CACHE_HOME/frontline``, else None (geo's
    default, :data:`geo.gazetteer.DEFAULT_CACHE_DIR`)."""
    explicit = environ.get(CACHE_ENV)
    if explicit:
        return Path(explicit)
    base = environ.get("XDG_CACHE_HOME")
    return Path(base) / "frontline" if base else None


def configure_gazetteer_cache(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Point this process's gazetteer cache where the environment says; returns the
    directory (None: geo's default)."""
    directory = gazetteer_cache_dir(environ)
    set_cache_dir(directory)
    return directory


def store_location(explicit: str | None = None,
                   environ: Mapping[str, str] = os.environ) -> str:
    """The store to use: ``explicit`` (``--store``), else ``$FRONTLINE_STORE``, else the
    default file."""
    return resolve_target(explicit or environ.get(STORE_ENV) or None)
