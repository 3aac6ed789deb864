"""Briefing exports: PNG, PDF, standalone HTML, data files, time-lapse and bundle.

Every format is made from the same :class:`ExportView` (what the app shows for a view
state, with opsec and the licence guard applied), from a freshly built map, offline, titled,
dated and credited. :func:`run_export` is the one entry point of the CLI and the app.

Three parts, by what they need:

* ``policy/`` — ``opsec`` (coarsen positions, hold back recent events) and ``licence`` (the
  licence guard): pure rules over plain data;
* data formats — ``data`` (GeoJSON, GeoPackage, KML, CSV), with ``request`` (what to
  export), ``view`` (the content), ``changes`` (diff since the previous report) and
  ``formats`` (the dispatcher): no folium, no browser, so the CLI can use them anywhere;
* ``draw/`` — what draws, with folium and headless Chromium (the ``export`` extra):
  ``overlay`` and ``page`` (the map page), ``render`` (Chromium), ``png``, ``pdf``,
  ``html`` (standalone with a scrubber), ``timelapse`` (GIF, MP4), ``bundle`` (ZIP +
  manifest). ``formats`` imports these only when such a format is asked for.

Importing this package does not import folium or branca (``tests/export`` checks it);
:class:`Renderer` is loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from layers.export.formats import FORMATS, ExportResult, Format, RangeSpec, run_export
from layers.export.policy.licence import LicenceReport, check_licences
from layers.export.policy.opsec import Opsec
from layers.export.request import SIZES, ExportRequest, SizePreset, date_steps, parse_bbox
from layers.export.view import ExportView, prepare, prepare_range

if TYPE_CHECKING:
    from layers.export.draw.render import Renderer

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


def __getattr__(name: str) -> Any:
    if name == "Renderer":  # drawing: headless Chromium (imports the overlay's branca parts)
        from layers.export.draw.render import Renderer

        globals()["Renderer"] = Renderer
        return Renderer
    raise AttributeError(f"module 'layers.export' has no attribute {name!r}")
