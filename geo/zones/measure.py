"""Areas in an equal-area CRS (EPSG:6933, never degrees) and who holds what on a day.

Sides can overlap in the sources (DeepState draws grey zones over occupied land). Before
measuring, :func:`side_coverage` unions each side and makes the sides disjoint by the
theatre's precedence (:attr:`geo.theatre.Theatre.side_precedence`); for the default theatre
Russian first, then contested, then Ukrainian. This is the method of the DeepState manifest
("grey zone = unknown minus the Russian-controlled union"). Sides are plain ids: a side no
precedence lists comes after the listed ones, in id order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geo.models import Side, ZoneReport
from geo.store.base import Store
from geo.theatre import Theatre
from geo.zones.repair import polygonal_parts, valid_polygonal

EQUAL_AREA_CRS = "EPSG:6933"
_TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", EQUAL_AREA_CRS, always_xy=True)

SIDE_PRECEDENCE: tuple[str, ...] = (Side.RUSSIAN, Side.CONTESTED, Side.UKRAINIAN)
"""Where sides overlap, the first one listed holds the ground (the default theatre's)."""


def precedence_for(sides: Iterable[str], precedence: Sequence[str] | None = None
                   ) -> list[str]:
    """``sides`` ordered by ``precedence`` (default :data:`SIDE_PRECEDENCE`), the unlisted
    ones after, in id order."""
    order = SIDE_PRECEDENCE if precedence is None else tuple(precedence)
    present = set(sides)
    return [s for s in order if s in present] + sorted(present - set(order))


def to_equal_area(geometry: Any) -> Any:
    """Project lon/lat geometry (or a numpy array of geometries) to EPSG:6933 (metres)."""
    return shapely.transform(
        geometry, lambda xy: np.column_stack(_TO_EQUAL_AREA.transform(xy[:, 0], xy[:, 1])))


def area_km2(geometry: BaseGeometry) -> float:
    """Area of a lon/lat geometry in km² (equal-area projection)."""
    if geometry.is_empty:
        return 0.0
    return to_equal_area(geometry).area / 1e6


def area_km2_by_side(zones: Iterable[ZoneReport]) -> dict[str, float]:
    """km² per side, summed report by report (sides with no zone are absent).

    Fast and fine for reports that do not overlap; use :func:`side_areas_km2` for the
    truthful figure when they may.
    """
    result: dict[str, float] = {}
    for zone in zones:
        result[zone.side] = result.get(zone.side, 0.0) + area_km2(zone.geometry)
    return result


def side_coverage(zones: Iterable[ZoneReport], precedence: Sequence[str] | None = None
                  ) -> dict[str, BaseGeometry]:
    """Union per side, sides made disjoint by ``precedence`` (lon/lat; default
    :data:`SIDE_PRECEDENCE`, see :func:`precedence_for`).

    Every side that has a report among ``zones`` is a key, even when its area is empty.
    """
    by_side: dict[str, list[BaseGeometry]] = {}
    for zone in zones:
        parts = by_side.setdefault(zone.side, [])
        if not zone.geometry.is_empty:
            parts.append(valid_polygonal(zone.geometry))
    result: dict[str, BaseGeometry] = {}
    taken: BaseGeometry | None = None
    for side in precedence_for(by_side, precedence):
        geometry = polygonal_parts(shapely.union_all(by_side[side])) if by_side[side] \
            else Polygon()
        if taken is not None and not geometry.is_empty:
            geometry = polygonal_parts(geometry.difference(taken))
        result[side] = geometry
        if not geometry.is_empty:
            taken = geometry if taken is None else shapely.union(taken, geometry)
    return result


def side_areas_km2(zones: Iterable[ZoneReport], precedence: Sequence[str] | None = None
                   ) -> dict[str, float]:
    """km² per side after union and precedence (see :func:`side_coverage`)."""
    return {side: area_km2(geom) for side, geom in side_coverage(zones, precedence).items()}


def zones_in_force(reports: Sequence[ZoneReport], day: date) -> list[ZoneReport]:
    """The latest report per zone on or before ``day`` (a pure twin of ``Store.zones_at``).

    A zone is ``(layer, zone_id)``; the result is ordered by zone id, then layer, as the
    stores order it. ``reports`` must be in store order (oldest first, ties in insertion
    order).
    """
    latest: dict[tuple[str, str], ZoneReport] = {}
    for report in reports:
        if report.valid_from <= day:
            latest[(report.zone_id, report.layer)] = report
    return [r for _, r in sorted(latest.items()) if not r.geometry.is_empty]


@dataclass(frozen=True)
class AreaRow:
    """km² one side holds on one report date."""

    day: date
    side: str
    km2: float

    def as_dict(self) -> dict[str, object]:
        """``{"date", "side", "km2"}`` for JSON output."""
        return {"date": self.day.isoformat(), "side": str(self.side),
                "km2": round(self.km2, 3)}


def areas_by_date(store: Store, *, start: date | None = None, end: date | None = None,
                  layer: str | None = None, theatre: Theatre | None = None) -> list[AreaRow]:
    """km² per side on each distinct report date in ``[start, end]`` (zones in force then).

    With ``layer`` only that layer's reports count; with ``theatre`` only that theatre's,
    its precedence deciding overlaps. Sides that ever appear in the range get a row on every
    date (0.0 when they hold nothing).
    """
    name = theatre.name if theatre is not None else None
    precedence = theatre.side_precedence if theatre is not None else None
    days = [d for d in store.zone_report_dates(layer, theatre=name)
            if (start is None or d >= start) and (end is None or d <= end)]
    per_day: list[tuple[date, dict[str, float]]] = []
    for day in days:
        zones = [z for z in store.zones_at(day, theatre=name)
                 if layer is None or z.layer == layer]
        per_day.append((day, side_areas_km2(zones, precedence)))
    sides = precedence_for({s for _, areas in per_day for s in areas}, precedence)
    return [AreaRow(day, side, areas.get(side, 0.0)) for day, areas in per_day for side in sides]
