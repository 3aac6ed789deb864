"""The front line: where Russian-controlled or contested ground meets the rest.

Method: take ``held = Russian ∪ contested`` (after :func:`side_coverage`), its boundary is
every edge of that ground. Parts of that boundary are not a front: the coast (Crimea, the
Azov shore) and the state border with Russia and Belarus, i.e. the outer edge of the land
the data covers. When ``land`` (Ukraine's land outline, e.g. Natural Earth admin-0 UKR) is
given, only the boundary lying at least ``tolerance_deg`` inside that outline is kept; the
tolerance absorbs the difference between the two digitisations of the coast and border.
Without ``land`` the whole boundary is returned (coast and border included).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import shapely
from shapely.geometry import LineString, MultiLineString
from shapely.geometry.base import BaseGeometry

from geo.models import Side, ZoneReport
from geo.zones.measure import side_coverage

DEFAULT_TOLERANCE_DEG = 0.02  # about 2 km north-south, 1.5 km east-west at 48° N


@lru_cache(maxsize=8)
def _inner(land_wkb: bytes, tolerance_deg: float) -> BaseGeometry:
    inner = shapely.from_wkb(land_wkb).buffer(-tolerance_deg)
    shapely.prepare(inner)
    return inner


def _lines(geometry: BaseGeometry) -> LineString | MultiLineString:
    parts = [p for p in shapely.get_parts(geometry)
             if isinstance(p, LineString | MultiLineString) and not p.is_empty]
    if not parts:
        return MultiLineString()
    merged = shapely.line_merge(shapely.union_all(parts))
    return merged if isinstance(merged, LineString | MultiLineString) else MultiLineString(
        [p for p in shapely.get_parts(merged) if isinstance(p, LineString)])


def front_line(zones: Iterable[ZoneReport], *, land: BaseGeometry | None = None,
               tolerance_deg: float = DEFAULT_TOLERANCE_DEG) -> LineString | MultiLineString:
    """The front line on the day ``zones`` are in force, as a (Multi)LineString (lon/lat)."""
    coverage = side_coverage(zones)
    held = shapely.union_all([g for side, g in coverage.items()
                              if side in (Side.RUSSIAN, Side.CONTESTED) and not g.is_empty])
    if held.is_empty:
        return MultiLineString()
    boundary = held.boundary
    if land is not None:
        boundary = boundary.intersection(_inner(shapely.to_wkb(land), tolerance_deg))
    return _lines(boundary)
