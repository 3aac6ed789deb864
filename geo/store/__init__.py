"""Stores: where articles, events and zone reports live. ``open_store`` picks one."""

from __future__ import annotations

import os
from pathlib import Path

from geo.errors import StoreError
from geo.store.base import SCHEMA_VERSION, AddResult, BBox, EventFilter, Store
from geo.store.gpkg import GeoPackageStore

DEFAULT_STORE = Path("data/frontline.gpkg")
STORE_ENV = "FRONTLINE_STORE"

__all__ = ["SCHEMA_VERSION", "AddResult", "BBox", "EventFilter", "GeoPackageStore", "Store",
           "DEFAULT_STORE", "STORE_ENV", "open_store", "resolve_target"]


def resolve_target(target: str | os.PathLike[str] | None = None) -> str:
    """The store to use: the explicit target, else ``$FRONTLINE_STORE``, else the default."""
    if target:
        return os.fspath(target)
    return os.environ.get(STORE_ENV) or str(DEFAULT_STORE)


def open_store(target: str | os.PathLike[str] | None = None, *, create: bool = False) -> Store:
    """Open the store named by a path or URL (see :func:`resolve_target`)."""
    location = resolve_target(target)
    if location.startswith(("postgresql:", "postgres:")):
        raise StoreError("the PostGIS store is not available in this version; use a "
                         "GeoPackage path", path=location.split("@")[-1])
    return GeoPackageStore(location, create=create)
