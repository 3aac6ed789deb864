"""What an export shows: the store's answer for a request, with opsec and licences applied.

Every format is made from an :class:`ExportView` (or a sequence of them for a date range), so
a PNG, its PDF and its GeoJSON always show the same zones and events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from shapely.geometry.base import BaseGeometry

from geo.errors import ExportError
from geo.events.by_sources import events_by_sources
from geo.models import Snapshot, ZoneReport
from geo.store.base import Store
from geo.theatre import DEFAULT_THEATRE, Theatre, default_theatre
from geo.timeline import select_zones, snapshot
from geo.zones.front import front_line
from layers.export.policy.licence import LicenceReport, check_licences
from layers.export.request import DEFAULT_TITLE, ExportRequest
from layers.text import format_day

__all__ = ["ExportView", "prepare", "prepare_range"]


@dataclass(frozen=True)
class ExportView:
    """The content of one exported day and everything the credits and stamps need."""

    request: ExportRequest
    snapshot: Snapshot
    front: BaseGeometry | None
    licences: LicenceReport
    data_version: str
    generated_at: datetime

    @property
    def day(self) -> date:
        """The "as of" day."""
        return self.request.day

    @property
    def theatre(self) -> Theatre:
        """The theatre exported."""
        return self.snapshot.theatre or default_theatre()

    @property
    def title(self) -> str:
        """The export's title (plain text: escape before display): the one asked for, or the
        theatre's own when the request kept the default title."""
        if self.request.title == DEFAULT_TITLE and self.snapshot.theatre is not None \
                and self.snapshot.theatre.name != DEFAULT_THEATRE:
            return self.snapshot.theatre.title
        return self.request.title

    def stamp(self) -> str:
        """The date stamp, e.g. "As of 2023-05-21 · events 2023-05-15 to 2023-05-21 (7 days)"."""
        req = self.request
        if req.window_days == 1:
            window = f"events of that day ({len(self.snapshot.events)})"
        else:
            window = (f"events {format_day(req.window_start)} to {format_day(req.day)} "
                      f"({req.window_days} days, {len(self.snapshot.events)} shown)")
        return f"As of {format_day(req.day)} · {window}"

    def generated_text(self) -> str:
        """"Generated 2025-01-02 03:04 UTC · data version abc123"."""
        return (f"Generated {self.generated_at:%Y-%m-%d %H:%M} UTC · data version "
                f"{self.data_version}")

    def notes(self) -> list[str]:
        """Filters, opsec measures and licence warnings, in words (plain text)."""
        out = []
        if text := self.request.filter_text():
            out.append(f"Filters: {text}")
        if text := self.request.opsec.describe():
            out.append(f"OPSEC: {text}")
        out += [f"Licence: {w}" for w in self.licences.warnings()]
        return out


def view_credits(view: ExportView) -> tuple[str, ...]:
    """The credits of an export: its layers' terms, then the theatre's own credit line."""
    credits = list(view.licences.credits())
    if view.theatre.credits:
        credits.append(view.theatre.credits)
    return tuple(dict.fromkeys(credits))


def _layers_used(snap: Snapshot) -> set[str]:
    return {z.layer for z in snap.zones} | {e.layer for e in snap.events}


class _Content:
    """Builds per-day content; front lines cached per set of zones (they change rarely)."""

    def __init__(self, store: Store, request: ExportRequest, as_of: date) -> None:
        self.store, self.request, self.as_of = store, request, as_of
        self.theatre = store.theatre(request.theatre) if request.theatre \
            else store.main_theatre()
        unknown = [s for s in request.sides or () if not self.theatre.has_side(s)]
        if unknown:
            raise ExportError(f"--sides: {', '.join(unknown)} not a side of theatre "
                              f"{self.theatre.name!r} ({', '.join(self.theatre.side_ids)})")
        self._fronts: dict[tuple[str, ...], BaseGeometry | None] = {}

    def front(self, zones: Sequence[ZoneReport]) -> BaseGeometry | None:
        if not self.request.front_line or not zones:
            return None
        key = tuple(sorted(z.id for z in zones))
        if key not in self._fronts:
            line = front_line(zones, theatre=self.theatre)
            self._fronts[key] = None if line.is_empty else line
        return self._fronts[key]

    def day(self, day: date) -> tuple[Snapshot, BaseGeometry | None]:
        req = self.request
        snap = snapshot(self.store, day, window_days=req.window_days, bbox=req.bbox,
                        filters=req.filters, theatre=self.theatre)
        zones = select_zones(snap.zones, req.sides, req.layers) if req.show_zones else ()
        events = snap.events
        if req.min_sources > 1:
            events = tuple(events_by_sources(events, req.min_sources))
        events = req.opsec.apply(events, self.as_of) if req.show_events else ()
        return replace(snap, zones=tuple(zones), events=events), self.front(zones)


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)


def prepare(store: Store, request: ExportRequest, *, now: datetime | None = None) -> ExportView:
    """The view of ``request.day``: zones, events (filtered, opsec applied), front, licences."""
    snap, front = _Content(store, request, request.day).day(request.day)
    licences = check_licences(store.layers(), _layers_used(snap))
    return ExportView(request, snap, front, licences, store.data_version(), _now(now))


def prepare_range(store: Store, request: ExportRequest, days: Sequence[date], *,
                  now: datetime | None = None) -> list[ExportView]:
    """One view per day of ``days`` (ascending), sharing one licence report and time stamp.

    Opsec holds back relative to the last day of the range.
    """
    if not days:
        return []
    content = _Content(store, request, max(days))
    parts = [(day, *content.day(day)) for day in days]
    used = set().union(*(_layers_used(snap) for _, snap, _ in parts))
    licences = check_licences(store.layers(), used)
    version, when = store.data_version(), _now(now)
    return [ExportView(request.on(day), snap, front, licences, version, when)
            for day, snap, front in parts]
