"""What to export: the view (day, window, extent, layers, filters), the size and the options.

An :class:`ExportRequest` is built from the app's view state (:meth:`ExportRequest.from_view`)
or from the command line, so the app and the CLI export exactly the same thing. It is plain
data: every export format reads it through :func:`layers.export.view.prepare`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any

from geo.errors import ExportError
from geo.store.base import BBox, EventFilter
from geo.timeline import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS, window_start
from layers.export.policy.opsec import Opsec

__all__ = [
    "DEFAULT_FRAME_MS",
    "DEFAULT_TITLE",
    "MAX_FRAME_MS",
    "MIN_FRAME_MS",
    "SIZES",
    "STEPS",
    "ExportRequest",
    "SizePreset",
    "date_steps",
    "parse_bbox",
    "size_preset",
]

DEFAULT_TITLE = "Frontline map — battle of Bakhmut"
#: How long a time-lapse shows each date, in milliseconds.
DEFAULT_FRAME_MS = 700
MIN_FRAME_MS, MAX_FRAME_MS = 20, 60_000
"""Time-lapse frame durations accepted (GIF players clamp shorter ones; a minute is a
slide show)."""


@dataclass(frozen=True)
class SizePreset:
    """An output size: CSS viewport ``width`` × ``height`` drawn at ``scale`` device pixels.

    The image is ``width*scale`` × ``height*scale`` pixels.
    """

    name: str
    width: int
    height: int
    scale: float = 1.0
    label: str = ""

    @property
    def pixels(self) -> tuple[int, int]:
        """(width, height) of the image in pixels."""
        return round(self.width * self.scale), round(self.height * self.scale)


#: Named sizes: a screen, full HD, A4 landscape at 150 dpi (297 × 210 mm = 1754 × 1240 px,
#: drawn at 2× so that text prints at a readable size).
SIZES: dict[str, SizePreset] = {
    "screen": SizePreset("screen", 1600, 1000, 1.0, "Screen (1600×1000)"),
    "1920x1080": SizePreset("1920x1080", 1920, 1080, 1.0, "Full HD (1920×1080)"),
    "a4": SizePreset("a4", 877, 620, 2.0, "A4 landscape, 150 dpi (1754×1240)"),
}

#: Steps of a date range (time-lapse, standalone HTML).
STEPS: dict[str, int] = {"day": 1, "week": 7}


def size_preset(name: str) -> SizePreset:
    """The preset called ``name``; ``WIDTHxHEIGHT`` (e.g. ``1280x720``) makes a custom one."""
    if name in SIZES:
        return SIZES[name]
    width, sep, height = name.lower().partition("x")
    if sep and width.isdigit() and height.isdigit():
        w, h = int(width), int(height)
        if 200 <= w <= 8000 and 200 <= h <= 8000:
            return SizePreset(name, w, h)
    raise ExportError(f"unknown size {name!r}: use {', '.join(SIZES)} or WIDTHxHEIGHT "
                      "(200 to 8000 pixels each)")


def parse_bbox(text: str) -> BBox:
    """``"W,S,E,N"`` (lon, lat order, degrees) as a checked bbox tuple."""
    try:
        west, south, east, north = (float(part) for part in text.split(","))
    except ValueError:
        raise ExportError(f"bbox {text!r} is not W,S,E,N (four numbers, lon/lat "
                          "degrees)") from None
    if not (-180 <= west < east <= 180 and -90 <= south < north <= 90):
        raise ExportError(f"bbox {text!r} is not W,S,E,N with west < east and south < north "
                          "inside -180..180, -90..90")
    return (west, south, east, north)


def date_steps(start: date, end: date, step: str | int = "day") -> list[date]:
    """Days from ``start`` to ``end`` every ``step`` (``day``, ``week`` or a number of days).

    ``end`` is always included, so a weekly range ends on the day asked for.
    """
    days = STEPS.get(step) if isinstance(step, str) else step
    if days is None or days < 1:
        raise ExportError(f"step {step!r} is not one of {', '.join(STEPS)} or a positive number")
    if end < start:
        raise ExportError(f"the range ends ({end}) before it starts ({start})")
    # Offsets below the span only: no date arithmetic past ``end``, whatever the step.
    out = [start + timedelta(days=offset) for offset in range(0, (end - start).days, days)]
    out.append(end)
    return out


@dataclass(frozen=True)
class ExportRequest:
    """One export of one view.

    ``bbox`` (west, south, east, north) both frames the map and limits the data to features
    that reach into it; without it the map uses ``center``/``zoom`` (or the default theatre
    view, or the world view) and the data is everything drawn that day. ``layers`` are the
    store layers whose zones are shown (empty: all), as in the app.
    """

    day: date
    window_days: int = DEFAULT_WINDOW_DAYS
    bbox: BBox | None = None
    world: bool = False
    center: tuple[float, float] | None = None  # (lat, lon)
    zoom: int | None = None
    filters: EventFilter = field(default_factory=EventFilter)
    sides: tuple[str, ...] | None = None
    """Side ids shown (None: every side of the theatre)."""
    layers: tuple[str, ...] = ()
    show_zones: bool = True
    show_events: bool = True
    front_line: bool = True
    size: str = "screen"
    opsec: Opsec = field(default_factory=Opsec)
    title: str = DEFAULT_TITLE
    """The export's title; the default one is replaced by the theatre's title."""
    theatre: str = ""
    """The theatre exported (empty: the store's main theatre)."""
    min_sources: int = 1
    """Only events reported by at least this many independent sources (after merging the
    reports of one event, as the app's filter does)."""

    def __post_init__(self) -> None:
        if not 1 <= self.window_days <= MAX_WINDOW_DAYS:
            raise ExportError(f"window must be from 1 to {MAX_WINDOW_DAYS} days, got "
                              f"{self.window_days}")
        if not 0 <= self.filters.min_confidence <= 1:  # NaN too
            raise ExportError(f"minimum confidence must be from 0 to 1, got "
                              f"{self.filters.min_confidence}")
        size_preset(self.size)  # fails early on a bad size

    @classmethod
    def from_view(cls, view: Any, **overrides: Any) -> ExportRequest:
        """A request for what a view state shows (``dashboard.state.ViewState`` or alike).

        Reads ``day``, ``window_days``, ``world``, ``center``, ``zoom``, ``sides``,
        ``layers``, ``front_line`` and the event filter (``event_filter``) when present.
        ``overrides`` set any field (size, bbox, opsec, title...).
        """
        values: dict[str, Any] = {"day": view.day}
        for name in ("window_days", "world", "center", "zoom", "sides", "layers",
                     "front_line", "bbox", "theatre", "min_sources"):
            if getattr(view, name, None) is not None:
                values[name] = getattr(view, name)
        event_filter = getattr(view, "event_filter", None)
        if isinstance(event_filter, EventFilter):
            values["filters"] = event_filter
        values.update(overrides)
        return cls(**values)

    @property
    def size_preset(self) -> SizePreset:
        """The :class:`SizePreset` of :attr:`size`."""
        return size_preset(self.size)

    @property
    def window_start(self) -> date:
        """First day of the events window."""
        return window_start(self.day, self.window_days)

    def on(self, day: date) -> ExportRequest:
        """The same request for another day."""
        return replace(self, day=day)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready description (for manifests and data-file metadata)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "filters":
                value = _filter_dict(value)
            elif f.name == "opsec":
                value = value.as_dict()
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = [v.value if isinstance(v, Enum) else v for v in value]
            out[f.name] = value
        out["window_start"] = self.window_start.isoformat()
        return out

    def filter_text(self) -> str:
        """The restrictions in force, in words ("" when everything is shown)."""
        parts = []
        flt = self.filters
        for label, values in (("kinds", [k.value for k in flt.kinds]), ("actors", flt.actors),
                              ("status", [s.value for s in flt.claim_statuses]),
                              ("sources", flt.sources), ("zone layers", self.layers)):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if flt.min_confidence:
            parts.append(f"confidence ≥ {flt.min_confidence:g}")
        if self.sides is not None:
            parts.append("sides: " + (", ".join(self.sides) or "none"))
        if self.min_sources > 1:
            parts.append(f"reported by ≥ {self.min_sources} independent sources")
        if self.bbox:
            parts.append("extent: " + ",".join(f"{v:g}" for v in self.bbox))
        if not self.show_zones:
            parts.append("zones hidden")
        if not self.show_events:
            parts.append("events hidden")
        return "; ".join(parts)


def _filter_dict(flt: EventFilter) -> dict[str, Any]:
    return {"kinds": [k.value for k in flt.kinds], "actors": list(flt.actors),
            "claim_statuses": [s.value for s in flt.claim_statuses],
            "sources": list(flt.sources), "min_confidence": flt.min_confidence}

