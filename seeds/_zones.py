"""The bundled zone reports: ``zones/*.geojson`` FeatureCollections of ZoneReports.

Each feature: properties ``zone_id``, ``side`` (russian|ukrainian|contested), ``valid_from``
(ISO date), ``source``, optional ``source_url`` and ``note``; geometry a lon/lat Polygon or
MultiPolygon, or ``null`` meaning the side holds nothing in the sector from that day.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import shapely
from shapely.geometry import Polygon, shape
from shapely.geometry.base import BaseGeometry

from geo.errors import SeedError
from geo.models import ZoneReport
from geo.theatre import DEFAULT_THEATRE
from seeds._io import read_json
from seeds._layer import SEED_LAYER

ZONE_FILES: tuple[str, ...] = ("bakhmut_zones.geojson", "mosul_zones.geojson")
_SIDE_ID = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
_POLYGONAL = ("Polygon", "MultiPolygon")


def _text(props: dict[str, Any], name: str, src: str, index: int, *, required: bool) -> str:
    value = props.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise SeedError("must be a string", source=src, item=index, field=name)
    if required and not value.strip():
        raise SeedError("missing or empty", source=src, item=index, field=name)
    return value.strip()


def _geometry(raw: Any, src: str, index: int) -> BaseGeometry:
    """Shapely geometry of a feature (lon/lat); ``null`` becomes an empty Polygon."""
    if raw is None:
        return Polygon()
    try:
        geom = shape(raw)
    except Exception as exc:  # shapely raises several types for malformed GeoJSON
        raise SeedError(f"unreadable geometry: {exc}", source=src, item=index,
                        field="geometry") from exc
    if geom.geom_type not in _POLYGONAL:
        raise SeedError(f"expected Polygon or MultiPolygon, got {geom.geom_type}", source=src,
                        item=index, field="geometry")
    if not geom.is_valid:
        raise SeedError(f"invalid geometry: {shapely.is_valid_reason(geom)}", source=src,
                        item=index, field="geometry")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise SeedError("coordinates are not lon/lat degrees", source=src, item=index,
                        field="geometry")
    return geom


def _report(feature: Any, src: str, index: int, theatre: str = DEFAULT_THEATRE) -> ZoneReport:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        raise SeedError("not a GeoJSON Feature", source=src, item=index, field="type")
    props = feature.get("properties")
    if not isinstance(props, dict):
        raise SeedError("missing properties", source=src, item=index, field="properties")
    zone_id = _text(props, "zone_id", src, index, required=True)
    side = _text(props, "side", src, index, required=True)
    if not _SIDE_ID.match(side):
        raise SeedError(f"unknown side {side!r}", source=src, item=index, field="side")
    suffix = zone_id.rsplit("/", 1)[-1]
    if suffix != side:
        raise SeedError(f"zone_id {zone_id!r} does not match side {side!r}", source=src,
                        item=index, field="zone_id")
    try:
        valid_from = date.fromisoformat(_text(props, "valid_from", src, index, required=True))
    except ValueError as exc:
        raise SeedError(f"not an ISO date: {props.get('valid_from')!r}", source=src,
                        item=index, field="valid_from") from exc
    return ZoneReport(zone_id=zone_id, side=side, valid_from=valid_from,
                      geometry=_geometry(feature.get("geometry"), src, index),
                      source=_text(props, "source", src, index, required=True),
                      note=_text(props, "note", src, index, required=False),
                      source_url=_text(props, "source_url", src, index, required=False),
                      layer=SEED_LAYER, theatre=theatre)


def parse_zone_reports(data: Any, src: str) -> list[ZoneReport]:
    """Validate a FeatureCollection dict into ZoneReports; errors name ``src`` and the feature."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise SeedError("not a GeoJSON FeatureCollection", source=src, field="type")
    features = data.get("features")
    if not isinstance(features, list):
        raise SeedError("missing features list", source=src, field="features")
    theatre = data.get("theatre", DEFAULT_THEATRE)
    if not isinstance(theatre, str) or not _SIDE_ID.match(theatre):
        raise SeedError(f"not a theatre name: {theatre!r}", source=src, field="theatre")
    reports = [_report(f, src, i, theatre) for i, f in enumerate(features)]
    seen: dict[tuple[str, date], int] = {}
    for i, r in enumerate(reports):
        key = (r.zone_id, r.valid_from)
        if key in seen:
            raise SeedError(f"duplicate report for {r.zone_id} on {r.valid_from} "
                            f"(also feature {seen[key]})", source=src, item=i, field="zone_id")
        seen[key] = i
    return reports


def load_zone_reports() -> list[ZoneReport]:
    """All bundled zone reports, sorted by (valid_from, zone_id)."""
    reports: list[ZoneReport] = []
    for name in ZONE_FILES:
        reports += parse_zone_reports(read_json("zones", name), f"seeds/zones/{name}")
    return sorted(reports, key=lambda r: (r.valid_from, r.zone_id))
