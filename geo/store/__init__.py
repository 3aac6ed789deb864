"""Stores: where articles, events and zone reports live. ``open_store`` picks one."""

from __future__ import annotations

import os
from pathlib import Path

from geo.errors import StoreError
from geo.store.base import SCHEMA_VERSION, Batch, ImportResult, Store
from geo.store.gpkg import GeoPackageStore
from geo.store.queries import BBox, EventFilter
from geo.store.schema import AuditEntry, CacheEntry, Correction
from geo.store.url import is_server_url, looks_like_url, masked

DEFAULT_STORE = Path("data/frontline.gpkg")
STORE_ENV = "FRONTLINE_STORE"

__all__ = ["SCHEMA_VERSION", "AuditEntry", "BBox", "Batch", "CacheEntry", "Correction",
           "EventFilter",
           "GeoPackageStore", "ImportResult", "Store", "DEFAULT_STORE", "STORE_ENV",
           "is_server_url", "masked", "open_store", "resolve_target"]


def resolve_target(target: str | os.PathLike[str] | None = None) -> str:
    """The store to use: ``target``, else :data:`DEFAULT_STORE`.

    The core reads no environment: the CLI and the app resolve ``$FRONTLINE_STORE``
    (:data:`STORE_ENV`) themselves (:func:`dashboard.environment.store_location`).
    """
    return os.fspath(target) if target else str(DEFAULT_STORE)


def open_store(target: str | os.PathLike[str] | None = None, *, create: bool = False) -> Store:
    """Open the store named by a path or URL (None: :data:`DEFAULT_STORE`).

    ``postgresql://user:password@host:port/database`` (any spelling: :mod:`geo.store.url`)
    opens the PostGIS store (server); another ``scheme://`` is refused (never made into a
    file or directory); anything else is a GeoPackage file path (the default).
    """
    location = resolve_target(target)
    if looks_like_url(location) and not is_server_url(location):
        raise StoreError("not a supported store URL: a server store is postgresql://... "
                         "(PostGIS), a GeoPackage store is a file path", path=masked(location))
    if is_server_url(location):
        try:
            from geo.store.postgis import PostGISStore
        except ImportError as exc:  # the server-store packages are optional at run time
            raise StoreError(f"the PostGIS store needs SQLAlchemy, GeoAlchemy2 and psycopg "
                             f"({exc}); install them: pip install 'frontline-map[server]'",
                             path=masked(location)) from exc
        return PostGISStore(location, create=create)
    return GeoPackageStore(location, create=create)
