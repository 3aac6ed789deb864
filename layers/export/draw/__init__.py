"""What draws an export: folium pages (``overlay``, ``page``, ``html``) and headless
Chromium through Playwright (``render``, ``png``, ``pdf``, ``timelapse``, ``bundle``).

Playwright and imageio-ffmpeg come with the ``export`` extra (``pip install
'frontline-map[export]'``); :mod:`layers.export.formats` imports these modules only when a
drawn format is asked for.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from geo.errors import ExportError

__all__ = ["EXPORT_EXTRA", "optional_import"]

EXPORT_EXTRA = "pip install 'frontline-map[export]'"


def optional_import(module: str, *, needed_for: str) -> ModuleType:
    """``module`` imported, or an :class:`ExportError` naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ExportError(f"{needed_for} needs the Python package {module.split('.')[0]!r}, "
                          f"which the 'export' extra installs: {EXPORT_EXTRA} ({exc})") from exc
