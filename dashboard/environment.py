"""Settings the user gives through the environment, read only by the entry points.

The core (:mod:`geo`) never reads the environment: the ``frontline`` CLI's ``main`` and
the app (:func:`dashboard.cache.cached_parser`) call :func:`configure_gazetteer_cache`
before the first gazetteer load, which passes the location on to
:func:`geo.gazetteer.set_cache_dir`.

* ``FRONTLINE_CACHE_DIR``: where the gazetteer index cache lives; else
  ``$XDG_CACHE_HOME/frontline``; else geo's default, ``~/.cache/frontline``.
* ``FRONTLINE_STORE``: the store path or URL when ``--store`` is not given; else
  ``data/frontline.gpkg``.
* ``FRONTLINE_READ_ONLY=1`` (``frontline serve --read-only``): the app hides every write
  panel and refuses every write, whatever the sign-in configuration.
* ``FRONTLINE_LOCAL_ANALYST=1`` (``frontline serve --local-analyst``, loopback only): the
  person at this machine writes without signing in.
* ``FRONTLINE_SOURCES``: the live sources file (``sources.toml``) whose cadences the app's
  freshness panel compares against; else ``sources.toml`` in the working folder, if any.
* ``FRONTLINE_USERS_FILE``: the local users file; else ``<store>.users.json`` next to a
  GeoPackage store, or ``$XDG_CONFIG_HOME/frontline/users.json`` (``~/.config/...``) for a
  server store.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from geo.gazetteer import set_cache_dir
from geo.store import STORE_ENV, resolve_target

CACHE_ENV = "FRONTLINE_CACHE_DIR"
READ_ONLY_ENV = "FRONTLINE_READ_ONLY"
LOCAL_ANALYST_ENV = "FRONTLINE_LOCAL_ANALYST"
USERS_FILE_ENV = "FRONTLINE_USERS_FILE"
SOURCES_ENV = "FRONTLINE_SOURCES"
_TRUE = {"1", "true", "yes", "on"}


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


def read_only(environ: Mapping[str, str] = os.environ) -> bool:
    """``$FRONTLINE_READ_ONLY`` is set (``frontline serve --read-only``)."""
    return environ.get(READ_ONLY_ENV, "").strip().lower() in _TRUE


def local_analyst(environ: Mapping[str, str] = os.environ) -> bool:
    """``$FRONTLINE_LOCAL_ANALYST`` is set (``frontline serve --local-analyst``)."""
    return environ.get(LOCAL_ANALYST_ENV, "").strip().lower() in _TRUE


def users_file(location: str, environ: Mapping[str, str] = os.environ) -> Path:
    """The local users file for the store at ``location``: ``$FRONTLINE_USERS_FILE``, else
    ``<store>.users.json`` beside a GeoPackage file, else (a server URL)
    ``$XDG_CONFIG_HOME/frontline/users.json`` or ``~/.config/frontline/users.json``."""
    explicit = environ.get(USERS_FILE_ENV)
    if explicit:
        return Path(explicit)
    if "://" not in location:
        store = Path(location)
        return store.with_name(f"{store.stem}.users.json")
    config = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "frontline" / "users.json"


def sources_file(environ: Mapping[str, str] = os.environ) -> Path | None:
    """``$FRONTLINE_SOURCES``, else ``./sources.toml`` when it exists, else None."""
    explicit = environ.get(SOURCES_ENV)
    if explicit:
        return Path(explicit)
    default = Path("sources.toml")
    return default if default.is_file() else None
