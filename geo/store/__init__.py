"""Stores: where articles, events and zone reports live. ``open_store`` picks one."""

from __future__ import annotations

import os
from pathlib import Path

from geo.errors import StoreError
from geo.store.base import SCHEMA_VERSION, Batch, ImportResult, Store
from geo.store.gpkg import GeoPackageStore
from geo.store.queries import BBox, EventFilter
from geo.store.schema import CacheEntry, Correction

DEFAULT_STORE = Path("data/frontline.gpkg")
STORE_ENV = "FRONTLINE_STORE"

__all__ = ["SCHEMA_VERSION", "BBox", "Batch", "CacheEntry", "Correction", "EventFilter",
           "GeoPackageStore", "ImportResult", "Store", "DEFAULT_STORE", "STORE_ENV",
           "is_server_url", "open_store", "resolve_target"]

_SERVER_SCHEMES = ("postgresql:", "postgres:", "postgresql+psycopg:")


def is_server_url(location: str) -> bool:
    """True for a PostgreSQL URL (the PostGIS store), False for a GeoPackage path."""
    return location.startswith(_SERVER_SCHEMES)


def resolve_target(target: str | os.PathLike[str] | None = None) -> str:
    """The store to use: ``target``, else :data:`DEFAULT_STORE`.

    The core reads no environment: the CLI and the app resolve ``$FRONTLINE_STORE``
    (:data:`STORE_ENV`) themselves (:func:`dashboard.environment.store_location`).
    """
    return os.fspath(target) if target else str(DEFAULT_STORE)


def open_store(target: str | os.PathLike[str] | None = None, *, create: bool = False) -> Store:
    """Open the store named by a path or URL (None: :data:`DEFAULT_STORE`).

    ``postgresql://user:password@host:port/database`` opens the PostGIS store (server);
    anything else is a GeoPackage file path (the default).
    """
    location = resolve_target(target)
    if is_server_url(location):
        try:
            from geo.store.postgis import PostGISStore
        except ImportError as exc:  # the server-store packages are optional at run time
            raise StoreError(f"the PostGIS store needs SQLAlchemy, GeoAlchemy2 and psycopg "
                             f"({exc}); install them: pip install 'frontline-map[server]'",
                             path=location.split("@")[-1]) from exc
        return PostGISStore(location, create=create)
    return GeoPackageStore(location, create=create)
