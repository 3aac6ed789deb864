"""Briefing exports: PNG, PDF, standalone HTML, data files, time-lapse and bundle.

Every format is made from the same :class:`ExportView` (what the app shows for a view
state, with opsec and the licence guard applied), from a freshly built map, offline, titled,
dated and credited. :func:`run_export` is the one entry point of the CLI and the app.

Modules: ``request`` (what to export), ``opsec``, ``licence``, ``view`` (the content),
``overlay`` and ``page`` (the map page), ``render`` (headless Chromium), ``png``, ``pdf``,
``html`` (standalone with a scrubber), ``data`` (GeoJSON, GPKG, KML, CSV), ``timelapse``
(GIF, MP4), ``bundle`` (ZIP + manifest), ``changes`` (diff since the previous report),
``formats`` (the dispatcher).
"""

from layers.export.formats import FORMATS, ExportResult, Format, RangeSpec, run_export
from layers.export.licence import LicenceReport, check_licences
from layers.export.opsec import Opsec
from layers.export.render import Renderer
from layers.export.request import SIZES, ExportRequest, SizePreset, date_steps, parse_bbox
from layers.export.view import ExportView, prepare, prepare_range

__all__ = [
    "FORMATS",
    "SIZES",
    "ExportRequest",
    "ExportResult",
    "ExportView",
    "Format",
    "LicenceReport",
    "Opsec",
    "RangeSpec",
    "Renderer",
    "SizePreset",
    "check_licences",
    "date_steps",
    "parse_bbox",
    "prepare",
    "prepare_range",
    "run_export",
]
