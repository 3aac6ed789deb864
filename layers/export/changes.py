"""Changes since the previous report date, for the briefing sheet.

A thin adapter over :func:`geo.zones.diff.diff_zones`: it picks the report date in force on
the view's day and the report date before it, takes the zones the view shows on each (same
sides, layers and extent) and measures what each side gained and lost, in km² (EPSG:6933).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.store.base import Store
from geo.timeline import select_zones
from geo.zones.diff import ZoneDiff, diff_zones
from layers.export.request import ExportRequest

__all__ = ["ReportChanges", "changes_since_previous", "report_dates"]


@dataclass(frozen=True)
class ReportChanges:
    """The diff between the ``previous`` and ``current`` report dates."""

    previous: date
    current: date
    diff: ZoneDiff


def report_dates(store: Store, request: ExportRequest) -> list[date]:
    """Zone report dates on or before the view's day (of the view's layers), ascending."""
    layers = request.layers or (None,)
    days: set[date] = set()
    for layer in layers:
        days.update(store.zone_report_dates(layer))
    return sorted(d for d in days if d <= request.day)


def changes_since_previous(store: Store, request: ExportRequest) -> ReportChanges | None:
    """What changed between the previous report date and the one in force on the view's day.

    None when fewer than two report dates precede the day, or zones are not shown.
    """
    if not request.show_zones:
        return None
    days = report_dates(store, request)
    if len(days) < 2:
        return None
    previous, current = days[-2], days[-1]

    def zones(day: date) -> list:
        return list(select_zones(store.zones_at(day, request.bbox), request.sides,
                                 request.layers))

    diff = diff_zones(zones(previous), zones(current), start=previous, end=current)
    return ReportChanges(previous, current, diff)
