"""What changed between two dates: polygons gained and lost per side, with the reports behind.

For each side S, with ``S@D`` its coverage on day D (:func:`side_coverage`):
``gained = S@D2 − S@D1`` and ``lost = S@D1 − S@D2``, so
``area(S@D2) − area(S@D1) == area(gained) − area(lost)``. Polygons smaller than ``min_km2``
are dropped from the change list but their km² are kept in the totals (``slivers_*``), so the
identity still reconciles. Each change names the reports in force at D1 and at D2 that cover
it (tested at a point inside the change polygon).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.models import ZoneReport
from geo.store.base import Store
from geo.theatre import Theatre
from geo.zones.measure import (
    area_km2,
    precedence_for,
    side_coverage,
    to_equal_area,
)
from geo.zones.repair import polygonal_parts

DEFAULT_MIN_KM2 = 0.01
CONSISTENCY_TOLERANCE = 0.001  # 0.1 %


@dataclass(frozen=True)
class ReportRef:
    """The provenance of one zone report, as cited by a change."""

    report_id: str
    zone_id: str
    side: str
    valid_from: date
    source: str
    layer: str

    @classmethod
    def of(cls, report: ZoneReport) -> ReportRef:
        return cls(report.id, report.zone_id, report.side, report.valid_from, report.source,
                   report.layer)

    def as_dict(self) -> dict[str, str]:
        return {"report_id": self.report_id, "zone_id": self.zone_id, "side": str(self.side),
                "valid_from": self.valid_from.isoformat(), "source": self.source,
                "layer": self.layer}


@dataclass(frozen=True)
class Change:
    """One polygon a side gained or lost between the two dates (lon/lat)."""

    side: str
    kind: str  # "gained" | "lost"
    geometry: BaseGeometry
    km2: float
    before: tuple[ReportRef, ...]
    after: tuple[ReportRef, ...]


@dataclass(frozen=True)
class SideDiff:
    """Per-side totals; ``gained_km2``/``lost_km2`` include the dropped slivers."""

    side: str
    km2_before: float
    km2_after: float
    gained_km2: float
    lost_km2: float
    slivers_gained_km2: float
    slivers_lost_km2: float
    slivers: int

    @property
    def net_km2(self) -> float:
        return self.km2_after - self.km2_before

    @property
    def residual_km2(self) -> float:
        """(area after − area before) − (gained − lost): zero up to rounding."""
        return self.net_km2 - (self.gained_km2 - self.lost_km2)

    def consistent(self, tolerance: float = CONSISTENCY_TOLERANCE) -> bool:
        """True when the residual is within ``tolerance`` of the side's area."""
        scale = max(self.km2_before, self.km2_after, self.gained_km2 + self.lost_km2, 1e-9)
        return abs(self.residual_km2) <= tolerance * scale


@dataclass(frozen=True)
class ZoneDiff:
    """Changes between ``start`` and ``end``: per-side totals and the polygons kept."""

    start: date
    end: date
    min_km2: float
    sides: tuple[SideDiff, ...]
    changes: tuple[Change, ...]

    def consistent(self, tolerance: float = CONSISTENCY_TOLERANCE) -> bool:
        return all(s.consistent(tolerance) for s in self.sides)

    def to_geojson(self, *, precision: int = 6) -> dict[str, Any]:
        """A GeoJSON FeatureCollection of the changes (lon/lat), totals in ``properties``."""
        features = []
        for change in self.changes:
            geometry = shapely.set_precision(change.geometry, 10.0 ** -precision)
            features.append({"type": "Feature", "geometry": mapping(geometry), "properties": {
                "side": str(change.side), "change": change.kind,
                "km2": round(change.km2, 4),
                "from": self.start.isoformat(), "to": self.end.isoformat(),
                "reports_before": [r.as_dict() for r in change.before],
                "reports_after": [r.as_dict() for r in change.after]}})
        totals = [{"side": str(s.side), "km2_before": round(s.km2_before, 3),
                   "km2_after": round(s.km2_after, 3), "gained_km2": round(s.gained_km2, 3),
                   "lost_km2": round(s.lost_km2, 3),
                   "slivers_gained_km2": round(s.slivers_gained_km2, 4),
                   "slivers_lost_km2": round(s.slivers_lost_km2, 4),
                   "slivers": s.slivers} for s in self.sides]
        return {"type": "FeatureCollection", "features": features,
                "properties": {"from": self.start.isoformat(), "to": self.end.isoformat(),
                               "min_km2": self.min_km2, "sides": totals,
                               "consistent": self.consistent()}}


def _covering(reports: Sequence[ZoneReport], point: BaseGeometry) -> tuple[ReportRef, ...]:
    return tuple(ReportRef.of(r) for r in reports if r.geometry.covers(point))


def _split(geometry: BaseGeometry, min_km2: float) -> tuple[list[tuple[BaseGeometry, float]],
                                                            float, int]:
    """Parts at or above ``min_km2`` with their km², plus the km² and count of the rest."""
    parts = shapely.get_parts(polygonal_parts(geometry))
    parts = parts[~shapely.is_empty(parts)]
    if len(parts) == 0:
        return [], 0.0, 0
    areas = shapely.area(to_equal_area(parts)) / 1e6
    keep = areas >= min_km2
    kept = [(part, float(a)) for part, a, k in zip(parts, areas, keep, strict=True) if k]
    return kept, float(np.sum(areas[~keep])), int(np.count_nonzero(~keep))


def diff_zones(before: Sequence[ZoneReport], after: Sequence[ZoneReport], *, start: date,
               end: date, min_km2: float = DEFAULT_MIN_KM2,
               precedence: Sequence[str] | None = None) -> ZoneDiff:
    """Gains and losses per side between two sets of zones in force (pure); ``precedence``
    is the theatre's (default :data:`SIDE_PRECEDENCE`)."""
    if min_km2 < 0:
        raise ValueError(f"min_km2 must not be negative, got {min_km2}")
    cov1, cov2 = side_coverage(before, precedence), side_coverage(after, precedence)
    for report in (*before, *after):
        shapely.prepare(report.geometry)
    sides, changes = [], []
    order = precedence_for({*cov1, *cov2}, precedence)
    for side in order:
        g1, g2 = cov1.get(side), cov2.get(side)
        empty = shapely.Polygon()
        g1 = empty if g1 is None else g1
        g2 = empty if g2 is None else g2
        totals = {}
        for kind, geometry in (("gained", g2.difference(g1)), ("lost", g1.difference(g2))):
            kept, sliver_km2, count = _split(geometry, min_km2)
            totals[kind] = (sum(a for _, a in kept) + sliver_km2, sliver_km2, count)
            for part, km2 in kept:
                point = part.representative_point()
                changes.append(Change(side, kind, part, km2, _covering(before, point),
                                      _covering(after, point)))
        sides.append(SideDiff(
            side=side, km2_before=area_km2(g1), km2_after=area_km2(g2),
            gained_km2=totals["gained"][0], lost_km2=totals["lost"][0],
            slivers_gained_km2=totals["gained"][1], slivers_lost_km2=totals["lost"][1],
            slivers=totals["gained"][2] + totals["lost"][2]))
    changes.sort(key=lambda c: (order.index(c.side), c.kind, -c.km2))
    return ZoneDiff(start, end, min_km2, tuple(sides), tuple(changes))


def diff_store(store: Store, start: date, end: date, *, min_km2: float = DEFAULT_MIN_KM2,
               layer: str | None = None, theatre: Theatre | None = None) -> ZoneDiff:
    """:func:`diff_zones` over the zones the store has in force on ``start`` and ``end``
    (of one theatre if given)."""
    name = theatre.name if theatre is not None else None

    def zones(day: date) -> list[ZoneReport]:
        return [z for z in store.zones_at(day, theatre=name)
                if layer is None or z.layer == layer]

    return diff_zones(zones(start), zones(end), start=start, end=end, min_km2=min_km2,
                      precedence=theatre.side_precedence if theatre is not None else None)
