"""Display geometry: coverage-preserving simplification per zoom band, cached per report.

The zones drawn together on a day are first made a proper coverage (``coverage_clean``:
precedence between sides as in :func:`side_coverage`, shared edges made identical), then
simplified with
``GeoSeries.simplify_coverage`` so neighbouring zones keep shared edges (no gaps, no
overlaps), then rounded to 1e-5° (about 1 m). Results are cached by report ids and zoom
band, so moving the slider back to a day already drawn never simplifies again; call
:func:`warm_display_cache` once at start-up to make every slider position a cache hit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.lru import LRUCache
from geo.models import ZoneReport
from geo.store.base import Store
from geo.zones.measure import precedence_for
from geo.zones.repair import polygonal_parts, valid_polygonal

ZOOM_BANDS: tuple[tuple[int, float], ...] = (
    (6, 0.01),     # band 0: zoom <= 6, country view
    (9, 0.002),    # band 1: zoom 7-9, oblast view
    (12, 0.0004),  # band 2: zoom 10-12, town view
    (99, 0.0),     # band 3: street view, rounding only
)
"""(highest zoom of the band, simplification tolerance in degrees)."""

ROUND_DIGITS = 5
GAP_DEG = 0.0005
"""Gaps between zones narrower than this (about 50 m) are closed for display."""
_CACHE_SIZE = 512
_cache: LRUCache[tuple[tuple[str, ...], int], dict[str, BaseGeometry]] = LRUCache(_CACHE_SIZE)


def zoom_band(zoom: float) -> int:
    """The band index for a Leaflet zoom level."""
    for band, (highest, _) in enumerate(ZOOM_BANDS):
        if zoom <= highest:
            return band
    return len(ZOOM_BANDS) - 1


def _round(geometry: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geometry, lambda xy: np.round(xy, ROUND_DIGITS))


def _coverage(reports: Sequence[ZoneReport]) -> list[BaseGeometry]:
    """The reports' geometries as one clean coverage, in the reports' order.

    ``coverage_clean`` with ``min_index`` on the precedence order gives overlaps to the
    side listed first in :data:`~geo.zones.measure.SIDE_PRECEDENCE` (sides it does not
    list after, by id), makes shared edges identical and merges hair-line gaps narrower
    than :data:`GAP_DEG` into a neighbour.
    """
    rank = {side: i for i, side in enumerate(precedence_for({str(r.side) for r in reports}))}
    order = sorted(range(len(reports)),
                   key=lambda i: (rank[str(reports[i].side)], reports[i].zone_id))
    geometries = [valid_polygonal(reports[i].geometry) for i in order]
    filled = [k for k, g in enumerate(geometries) if not g.is_empty]
    if filled:
        cleaned = shapely.coverage_clean(np.array([geometries[k] for k in filled]),
                                         gap_width=GAP_DEG, merge_strategy="min_index")
        for k, geometry in zip(filled, cleaned, strict=True):
            geometries[k] = polygonal_parts(geometry)
    out: list[BaseGeometry] = [shapely.Polygon()] * len(reports)
    for i, geometry in zip(order, geometries, strict=True):
        out[i] = geometry
    return out


def _simplify(reports: Sequence[ZoneReport], band: int) -> dict[str, BaseGeometry]:
    tolerance = ZOOM_BANDS[band][1]
    geometries = _coverage(reports)
    if tolerance > 0:
        series = gpd.GeoSeries(geometries)
        filled = ~series.is_empty
        if filled.any():
            series[filled] = series[filled].simplify_coverage(tolerance)
        geometries = list(series)
    return {r.id: _round(g) for r, g in zip(reports, geometries, strict=True)}


def display_geometries(reports: Iterable[ZoneReport], band: int) -> dict[str, BaseGeometry]:
    """Simplified, rounded geometry per report id for the zones drawn together on a day."""
    if not 0 <= band < len(ZOOM_BANDS):
        raise ValueError(f"zoom band must be 0..{len(ZOOM_BANDS) - 1}, got {band}")
    reports = [r for r in reports if not r.geometry.is_empty]
    key = (tuple(sorted(r.id for r in reports)), band)
    return _cache.get_or_compute(key, lambda: _simplify(reports, band))


def layered_display_geometries(reports: Iterable[ZoneReport],
                               band: int) -> dict[str, BaseGeometry]:
    """:func:`display_geometries` layer by layer.

    Layers are independent sources (our seed sector, DeepState, ...): cleaning them into
    one coverage would carve one source's zones out of another's, leaving holes when a
    layer is shown alone. Within a layer, sides still share edges exactly.
    """
    by_layer: dict[str, list[ZoneReport]] = {}
    for report in reports:
        by_layer.setdefault(report.layer, []).append(report)
    result: dict[str, BaseGeometry] = {}
    for layer in sorted(by_layer):
        result.update(display_geometries(by_layer[layer], band))
    return result


def display_geometry(report: ZoneReport, band: int) -> BaseGeometry:
    """One report on its own, simplified for ``band`` (cached by report id and band).

    Drawing several zones? Use :func:`display_geometries` so shared edges stay shared.
    """
    return display_geometries([report], band)[report.id]


def warm_display_cache(store: Store, bands: Iterable[int] = range(len(ZOOM_BANDS))) -> int:
    """Simplify the zones in force on every report date for ``bands``; returns the count."""
    count = 0
    for day in store.zone_report_dates():
        zones = store.zones_at(day)
        for band in bands:
            layered_display_geometries(zones, band)
            count += 1
    return count


def clear_display_cache() -> None:
    """Forget every cached display geometry (e.g. after the store changed)."""
    _cache.clear()
