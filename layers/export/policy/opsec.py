"""Operational security: coarsen where events of chosen kinds happened, hold back recent ones.

Applied once, in :func:`layers.export.view.prepare`, so every format (image, PDF, HTML, data
files, time-lapse, bundle) carries the same coarsened, held-back events.

* Coarsening snaps an event's latitude and longitude to the centre of its grid cell of
  ``precision_deg`` degrees. The event's id is recomputed from the coarse position: the
  original id is a hash of the exact coordinates and could be brute-forced back to them.
* Holding back drops every event later than ``as_of - holdback_days`` (``as_of`` is the
  export's date, the end of a range for a time-lapse).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from geo.dates import MAX_SPAN_DAYS
from geo.errors import ExportError
from geo.models import Event, EventKind

__all__ = ["MAX_PRECISION_DEG", "MIN_PRECISION_DEG", "Opsec", "coarsen"]

MIN_PRECISION_DEG = 1e-5
"""Finer cells than the 1e-5° positions are rounded to would hide nothing (and a tiny cell
size overflows the cell number)."""
MAX_PRECISION_DEG = 10.0


def coarsen(value: float, precision_deg: float) -> float:
    """``value`` moved to the centre of its cell of ``precision_deg`` degrees."""
    cell = math.floor(value / precision_deg)
    return round((cell + 0.5) * precision_deg, 6)


@dataclass(frozen=True)
class Opsec:
    """What to blur. ``kinds`` empty with a precision set means every kind."""

    kinds: tuple[EventKind, ...] = ()
    precision_deg: float | None = None
    holdback_days: int = 0

    def __post_init__(self) -> None:
        if self.precision_deg is not None and not (
                MIN_PRECISION_DEG <= self.precision_deg <= MAX_PRECISION_DEG):  # NaN too
            raise ExportError(f"opsec precision must be between {MIN_PRECISION_DEG:g} and "
                              f"{MAX_PRECISION_DEG:g} degrees, got {self.precision_deg}")
        if not 0 <= self.holdback_days <= MAX_SPAN_DAYS:
            raise ExportError(f"holdback days must be from 0 to {MAX_SPAN_DAYS:,}, got "
                              f"{self.holdback_days}")

    def cutoff(self, as_of: date) -> date | None:
        """The last day whose events may be shown, or None when nothing is held back."""
        return as_of - timedelta(days=self.holdback_days) if self.holdback_days else None

    def coarsens(self, event: Event) -> bool:
        """True when ``event``'s position is to be coarsened."""
        return self.precision_deg is not None and (not self.kinds or event.kind in self.kinds)

    def apply(self, events: Iterable[Event], as_of: date) -> tuple[Event, ...]:
        """``events`` with recent ones dropped and chosen kinds coarsened."""
        cutoff = self.cutoff(as_of)
        out = []
        for event in events:
            if cutoff is not None and event.day > cutoff:
                continue
            if self.coarsens(event):
                precision = float(self.precision_deg)  # type: ignore[arg-type]
                place = replace(event.place, lat=coarsen(event.place.lat, precision),
                                lon=coarsen(event.place.lon, precision), source_id="")
                event = replace(event, place=place, id="")  # id recomputed from the coarse place
            out.append(event)
        return tuple(out)

    def describe(self) -> str:
        """The measures in force, in words ("" when none)."""
        parts = []
        if self.precision_deg is not None:
            which = ", ".join(k.label.lower() for k in self.kinds) if self.kinds else "all"
            parts.append(f"positions of {which} events coarsened to {self.precision_deg:g}°")
        if self.holdback_days:
            parts.append(f"events of the last {self.holdback_days} day(s) held back")
        return "; ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready description for manifests."""
        return {"kinds": [k.value for k in self.kinds], "precision_deg": self.precision_deg,
                "holdback_days": self.holdback_days, "description": self.describe()}
