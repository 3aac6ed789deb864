"""Checks every imported zone geometry goes through, before it can reach the store.

Order: type (Polygon/MultiPolygon; GeometryCollections split into their polygons), z
dropped, finite numbers, CRS (reproject when declared; refuse when undeclared and the numbers
are not degrees), lat/lon swap, theatre, validity (the repair policy of
:mod:`geo.zones.repair`). Axis order said out loud: GeoJSON and shapely are (lon, lat).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo.errors import GeometryError, InputError
from geo.store.base import BBox
from geo.zones.repair import Note, OnInvalid, polygonal_parts, repair_polygonal

THEATRE: BBox = (22.0, 43.5, 41.0, 53.0)
"""Ukraine and its surroundings (west, south, east, north): lon, lat order."""

Transform = Callable[[BaseGeometry], BaseGeometry]


def in_box(x: float, y: float, box: BBox) -> bool:
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def centre(geometry: BaseGeometry) -> tuple[float, float]:
    """Centre of the bounding box (x, y): robust even for invalid geometry."""
    minx, miny, maxx, maxy = geometry.bounds
    return (minx + maxx) / 2, (miny + maxy) / 2


def crs_transform(crs_text: str | None, *, source: str) -> Transform | None:
    """A lon/lat transform from a declared CRS, or None when it already is WGS84 lon/lat.

    EPSG:4326 is taken in GeoJSON's (lon, lat) order, as every GeoJSON writer does.
    """
    if not crs_text:
        return None
    try:
        crs = CRS.from_user_input(crs_text)
    except CRSError as exc:
        raise InputError(f"unknown CRS {crs_text!r} ({exc})", source=source, field="crs") from exc
    if crs.equals(CRS.from_epsg(4326), ignore_axis_order=True) or crs.to_epsg() == 4326:
        return None
    transformer = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)

    def transform(geometry: BaseGeometry) -> BaseGeometry:
        return shapely.transform(
            geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))

    return transform


def geojson_crs(doc: dict, source: str) -> str | None:
    """The CRS named by a (2008-style) GeoJSON ``crs`` member, or None."""
    member = doc.get("crs")
    if member is None:
        return None
    properties = member.get("properties") if isinstance(member, dict) else None
    name = properties.get("name") if isinstance(properties, dict) else None
    if not isinstance(name, str) or not name.strip():
        raise InputError("crs member without properties.name", source=source, field="crs")
    return name.strip()


def _polygonal_input(geometry: BaseGeometry, source: str, item: int | str,
                     notes: list[Note]) -> BaseGeometry:
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    if geometry.geom_type == "GeometryCollection":
        parts = polygonal_parts(geometry)
        dropped = len(shapely.get_parts(geometry)) - len(shapely.get_parts(parts))
        if dropped:
            notes.append(Note(source, item, "dropped",
                              f"{dropped} non-polygon part(s) of a GeometryCollection"))
        if not parts.is_empty:
            return parts
    raise GeometryError(f"expected Polygon or MultiPolygon, got {geometry.geom_type}",
                        source=source, item=item, field="geometry")


def check_zone_geometry(geometry: BaseGeometry | None, *, source: str, item: int | str,
                        on_invalid: OnInvalid, theatre: BBox = THEATRE,
                        transform: Transform | None = None) -> tuple[BaseGeometry | None,
                                                                     list[Note]]:
    """A zone geometry ready to store (lon/lat, 2-D, valid) or None when left out.

    Raises :class:`GeometryError` naming source, item and field for what the policy does
    not allow; under ``skip`` those items are left out and noted instead. Undeclared
    non-degree coordinates are refused under every policy (no guessing a CRS).
    """
    notes: list[Note] = []
    try:
        if geometry is None or geometry.is_empty:
            raise GeometryError("missing or empty geometry", source=source, item=item,
                                field="geometry")
        geometry = _polygonal_input(shapely.force_2d(geometry), source, item, notes)
        coords = shapely.get_coordinates(geometry)
        if not np.isfinite(coords).all():
            raise GeometryError("coordinates are not finite numbers (NaN or infinity)",
                                source=source, item=item, field="geometry")
        if transform is not None:
            geometry = transform(geometry)
        elif (np.abs(coords[:, 0]) > 180).any() or (np.abs(coords[:, 1]) > 90).any():
            raise InputError("coordinates are not degrees (x up to "
                             f"{np.abs(coords[:, 0]).max():.6g}) and no CRS is declared: "
                             "add a GeoJSON crs member or pass --crs EPSG:<code>",
                             source=source, item=item, field="crs")
        geometry = _check_place(geometry, source, item, on_invalid, theatre, notes)
        if geometry is None:
            return None, notes
    except GeometryError as exc:
        if on_invalid != "skip":
            raise
        notes.append(Note(source, item, "skipped", exc.message))
        return None, notes
    repaired, note = repair_polygonal(geometry, on_invalid=on_invalid, source=source, item=item)
    if note is not None:
        notes.append(note)
    return repaired, notes


def _check_place(geometry: BaseGeometry, source: str, item: int | str, on_invalid: OnInvalid,
                 theatre: BBox, notes: list[Note]) -> BaseGeometry | None:
    """Swap detection and the theatre check (raise, swap under fix, or leave out)."""
    x, y = centre(geometry)
    if in_box(x, y, theatre):
        return geometry
    where = f"centre lon {x:.4f}, lat {y:.4f}"
    if in_box(y, x, theatre):
        if on_invalid == "fix":
            notes.append(Note(source, item, "swapped",
                              f"lat/lon looked swapped ({where}); swapped to lon, lat"))
            return shapely.transform(geometry, lambda xy: xy[:, ::-1].copy())
        raise GeometryError(f"coordinates look like lat, lon ({where}); GeoJSON is lon, lat. "
                            "Swap them, or --on-invalid fix swaps them for you",
                            source=source, item=item, field="geometry")
    hint = (f"outside the theatre lon {theatre[0]:g}-{theatre[2]:g}, lat {theatre[1]:g}-"
            f"{theatre[3]:g} ({where}); wrong CRS or coordinates? --theatre widens the box")
    if on_invalid == "fix":
        notes.append(Note(source, item, "dropped", hint))
        return None
    raise GeometryError(hint, source=source, item=item, field="geometry")
