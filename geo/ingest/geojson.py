"""Generic GeoJSON zone files -> ZoneReports (mapping in :mod:`geo.ingest.zonemap`).

CRS: a 2008-style ``crs`` member (or ``crs=`` here) is honoured and reprojected to
WGS84 lon/lat; without one, coordinates must be degrees (RFC 7946) or the file is refused.
Files above ``max_mb`` are refused before reading so memory stays bounded.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.errors import GeometryError, InputError
from geo.ingest.common import DEFAULT_MAX_MB, Batch, geojson_features, load_json
from geo.ingest.validate import THEATRE, Transform, crs_transform, geojson_crs
from geo.ingest.zonemap import RawFeature, ZoneMapping, map_features
from geo.paths import expand_paths
from geo.store.base import BBox
from geo.zones.repair import Note, OnInvalid, check_policy

SUFFIXES = (".geojson", ".json")


def parse_geometry(raw: Any, *, source: str, item: int | str) -> BaseGeometry | None:
    """A shapely geometry from a GeoJSON geometry object (None for ``null``)."""
    if raw is None:
        return None
    if not isinstance(raw, dict) or "type" not in raw:
        raise GeometryError("geometry is not a GeoJSON geometry object", source=source,
                            item=item, field="geometry")
    try:
        return shape(raw)
    except Exception as exc:  # shapely raises many types for malformed coordinates
        raise GeometryError(f"unreadable {raw.get('type')} geometry ({exc})", source=source,
                            item=item, field="geometry") from exc


def _raw_feature(feature: Any, source: str, index: int) -> RawFeature:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise InputError("not a GeoJSON Feature", source=source, item=index, field="type")
    props = feature.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        raise InputError("properties must be an object", source=source, item=index,
                         field="properties")
    geometry = parse_geometry(feature.get("geometry"), source=source, item=index)
    return RawFeature(source, index, geometry, props)


def read_features(paths: Iterable[str | os.PathLike[str]], batch: Batch, *,
                  on_invalid: OnInvalid, crs: str | None = None,
                  max_mb: float = DEFAULT_MAX_MB) -> tuple[list[RawFeature],
                                                           dict[str, Transform | None]]:
    """Raw features of every file and each file's CRS transform (None for lon/lat)."""
    raws: list[RawFeature] = []
    transforms: dict[str, Transform | None] = {}
    for path in expand_paths(paths, SUFFIXES):
        src = str(path)
        batch.files.append(src)
        doc = load_json(path, max_mb=max_mb)
        features = geojson_features(doc, src)
        declared = crs or geojson_crs(doc, src)
        transforms[src] = crs_transform(declared, source=src)
        if transforms[src] is not None:
            batch.notes.append(Note(src, None, "reprojected", f"from {declared} to WGS84"))
        for index, feature in enumerate(features):
            try:
                raws.append(_raw_feature(feature, src, index))
            except InputError as exc:
                if on_invalid != "skip":
                    raise
                batch.notes.append(Note(src, index, "skipped", exc.message))
    return raws, transforms


def read_geojson(paths: Iterable[str | os.PathLike[str]], mapping: ZoneMapping, *,
                 on_invalid: str = "raise", crs: str | None = None, theatre: BBox = THEATRE,
                 max_mb: float = DEFAULT_MAX_MB) -> Batch:
    """Zone reports from GeoJSON files (folders expand to their .geojson/.json files)."""
    policy = check_policy(on_invalid)
    batch = Batch(layer=mapping.layer_info())
    raws, transforms = read_features(paths, batch, on_invalid=policy, crs=crs, max_mb=max_mb)
    map_features(raws, mapping, batch, on_invalid=policy, theatre=theatre,
                 transforms=transforms)
    return batch
