"""Zone geometry: areas in an equal-area CRS (EPSG:6933), never in degrees."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo.models import Side, ZoneReport

EQUAL_AREA_CRS = "EPSG:6933"
_TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)


def to_equal_area(geometry: BaseGeometry) -> BaseGeometry:
    """Project a lon/lat geometry to EPSG:6933 (metres)."""
    return shapely.transform(
        geometry, lambda xy: np.column_stack(_TO_EQUAL_AREA.transform(xy[:, 0], xy[:, 1])))


def area_km2(geometry: BaseGeometry) -> float:
    """Area of a lon/lat geometry in km² (equal-area projection)."""
    if geometry.is_empty:
        return 0.0
    return to_equal_area(geometry).area / 1e6


def area_km2_by_side(zones: Iterable[ZoneReport]) -> dict[Side, float]:
    """km² per side over the given zones (sides with no zone are absent)."""
    result: dict[Side, float] = {}
    for zone in zones:
        result[zone.side] = result.get(zone.side, 0.0) + area_km2(zone.geometry)
    return result
