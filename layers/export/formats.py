"""One entry point for every format, used by the CLI and the app's download buttons.

The data formats (GeoJSON, GeoPackage, KML, CSV) need neither folium nor a browser: the
drawn formats (:mod:`layers.export.draw`) are imported only when one is asked for, so
``frontline export geojson`` runs without folium, branca or Playwright.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from geo.errors import ExportError
from geo.store.base import Store
from layers.export.changes import changes_since_previous
from layers.export.data import events_csv, geojson_bytes, gpkg_bytes, kml_bytes
from layers.export.request import (
    DEFAULT_FRAME_MS,
    MAX_FRAME_MS,
    MIN_FRAME_MS,
    ExportRequest,
    date_steps,
)
from layers.export.view import prepare, prepare_range

if TYPE_CHECKING:
    from layers.export.draw.render import Renderer

__all__ = ["FORMATS", "MAX_FRAMES", "ExportResult", "Format", "RangeSpec", "run_export"]

log = logging.getLogger(__name__)

MAX_FRAMES = 400
"""Most dates one time-lapse or standalone HTML may carry."""
DEFAULT_TIMELAPSE_DAYS = 91


@dataclass(frozen=True)
class Format:
    """One export format."""

    name: str
    extension: str
    media_type: str
    label: str
    browser: bool = False
    ranged: bool = False


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("png", ".png", "image/png", "PNG image", browser=True),
    Format("pdf", ".pdf", "application/pdf", "PDF briefing sheet", browser=True),
    Format("html", ".html", "text/html", "Standalone HTML (offline, with a date scrubber)",
           ranged=True),
    Format("geojson", ".geojson", "application/geo+json", "GeoJSON (RFC 7946)"),
    Format("gpkg", ".gpkg", "application/geopackage+sqlite3", "GeoPackage"),
    Format("kml", ".kml", "application/vnd.google-earth.kml+xml", "KML"),
    Format("csv", ".csv", "text/csv", "Events CSV"),
    Format("gif", ".gif", "image/gif", "Time-lapse GIF", browser=True, ranged=True),
    Format("mp4", ".mp4", "video/mp4", "Time-lapse MP4", browser=True, ranged=True),
    Format("bundle", ".zip", "application/zip", "Bundle (PNG, PDF, GeoJSON, manifest)",
           browser=True),
)}


@dataclass(frozen=True)
class RangeSpec:
    """The dates of a ranged export; ``None`` ends are chosen by :meth:`days`."""

    start: date | None = None
    end: date | None = None
    step: str | int = "day"

    def days(self, store: Store, request: ExportRequest, fmt: Format) -> list[date]:
        """The dates: defaults are the theatre's first date (HTML) or the 13 weeks before the
        view's day (time-lapse), up to the view's day."""
        end = self.end or request.day
        if self.start is not None:
            start = self.start
        else:
            theatre = request.theatre or store.main_theatre().name
            first = (store.date_range(theatre) or (end, end))[0]
            start = first if fmt.name == "html" else max(
                first, end - timedelta(days=DEFAULT_TIMELAPSE_DAYS))
        days = date_steps(start, end, self.step)
        if len(days) > MAX_FRAMES:
            raise ExportError(f"{len(days)} dates from {start} to {end} is more than "
                              f"{MAX_FRAMES}: use a shorter range or --step week")
        return days


@dataclass(frozen=True)
class ExportResult:
    """The exported file's bytes, a file name to offer, its media type and warnings."""

    data: bytes
    filename: str
    media_type: str
    warnings: list[str] = field(default_factory=list)


def _name(fmt: Format, request: ExportRequest, days: list[date] | None) -> str:
    span = (f"{days[0].isoformat()}_{days[-1].isoformat()}" if days and len(days) > 1
            else request.day.isoformat())
    return f"frontline_{span}{fmt.extension}"


def run_export(store: Store, request: ExportRequest, fmt: str, *,
               renderer: Renderer | None = None, dates: RangeSpec | None = None,
               permalink: str | None = None, frame_ms: int = DEFAULT_FRAME_MS,
               now: datetime | None = None) -> ExportResult:
    """Export ``request`` as ``fmt`` (a key of :data:`FORMATS`).

    A browser format starts its own :class:`Renderer` unless one is given (pass one to reuse
    the browser across exports).
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    spec = FORMATS[fmt]
    if not MIN_FRAME_MS <= frame_ms <= MAX_FRAME_MS:
        raise ExportError(f"frame duration must be from {MIN_FRAME_MS} to {MAX_FRAME_MS:,} ms, "
                          f"got {frame_ms}")
    if spec.browser and renderer is None:
        from layers.export.draw.render import Renderer

        with Renderer() as own:
            return run_export(store, request, fmt, renderer=own, dates=dates,
                              permalink=permalink, frame_ms=frame_ms, now=now)
    days = (dates or RangeSpec()).days(store, request, spec) if spec.ranged else None
    if days is not None:
        views = prepare_range(store, request, days, now=now)
        warnings = views[0].licences.warnings()
        if fmt == "html":
            from layers.export.draw.html import standalone_html

            data = standalone_html(views, day=request.day).encode("utf-8")
        else:
            from layers.export.draw.timelapse import gif_bytes, mp4_bytes, render_frames

            frames = render_frames(views, renderer)  # type: ignore[arg-type]
            data = (gif_bytes(frames, frame_ms=frame_ms) if fmt == "gif"
                    else mp4_bytes(frames, frame_ms=frame_ms))
    else:
        view = prepare(store, request, now=now)
        warnings = view.licences.warnings()
        if fmt == "png":
            from layers.export.draw.png import render_png

            data = render_png(view, renderer)  # type: ignore[arg-type]
        elif fmt in ("pdf", "bundle"):
            from layers.export.draw.bundle import build_bundle
            from layers.export.draw.pdf import render_pdf

            changes = changes_since_previous(store, request)
            data = (render_pdf(view, renderer, changes, permalink=permalink)  # type: ignore
                    if fmt == "pdf" else
                    build_bundle(view, renderer, changes, permalink=permalink))  # type: ignore
        else:
            data = {"geojson": geojson_bytes, "gpkg": gpkg_bytes, "kml": kml_bytes,
                    "csv": events_csv}[fmt](view)
    log.info("export %s: %d bytes", fmt, len(data))
    return ExportResult(data, _name(spec, request, days), spec.media_type, warnings)
