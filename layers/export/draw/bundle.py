"""One-click bundle: a ZIP with the PNG, the PDF, the GeoJSON, a manifest and the permalink.

The manifest says what the files show and on what terms: the view state and filters, the
"as of" date and window, opsec measures, data version, generation time, every source with
its licence (restricted ones flagged, with their terms), warnings, the permalink, and each
file's size and SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from importlib import metadata as importlib_metadata
from typing import Any

from layers.export.changes import ReportChanges
from layers.export.data import geojson_bytes
from layers.export.draw.pdf import render_pdf
from layers.export.draw.png import render_png
from layers.export.draw.render import Renderer
from layers.export.view import ExportView

__all__ = ["MANIFEST_NAME", "build_bundle", "manifest"]

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = "frontline-bundle/1"

_MEDIA_TYPES = {".png": "image/png", ".pdf": "application/pdf",
                ".geojson": "application/geo+json", ".txt": "text/plain",
                ".json": "application/json"}


def _version() -> str:
    try:
        return importlib_metadata.version("frontline-map")
    except importlib_metadata.PackageNotFoundError:
        return "unknown"


def manifest(view: ExportView, files: dict[str, bytes], *, permalink: str | None) -> dict[str, Any]:
    """The manifest of a bundle holding ``files`` (name -> content)."""
    req = view.request
    view_state = req.as_dict()
    return {
        "format": FORMAT_VERSION,
        "title": view.title,
        "generated_at": view.generated_at.isoformat(),
        "data_version": view.data_version,
        "as_of": view.day.isoformat(),
        "window": {"days": req.window_days, "start": req.window_start.isoformat(),
                   "end": view.day.isoformat()},
        "view": view_state,
        "filters": view_state["filters"],
        "opsec": req.opsec.as_dict(),
        "counts": {"zones": len(view.snapshot.zones), "events": len(view.snapshot.events),
                   "front_line": view.front is not None},
        "sources": view.licences.as_dict(),
        "credits": view.licences.terms(),
        "warnings": view.licences.warnings(),
        "notes": view.notes(),
        "permalink": permalink,
        "files": [{"name": name, "bytes": len(data),
                   "sha256": hashlib.sha256(data).hexdigest(),
                   "media_type": _MEDIA_TYPES.get(name[name.rfind("."):], "")}
                  for name, data in files.items()],
        "software": {"name": "frontline-map", "version": _version()},
    }


def build_bundle(view: ExportView, renderer: Renderer, changes: ReportChanges | None, *,
                 permalink: str | None = None) -> bytes:
    """The ZIP bytes: ``map.png``, ``briefing.pdf``, ``data.geojson``, ``permalink.txt``,
    ``CREDITS.txt`` and ``manifest.json``."""
    stem = f"frontline_{view.day.isoformat()}"
    files: dict[str, bytes] = {
        f"{stem}.png": render_png(view, renderer),
        f"{stem}.pdf": render_pdf(view, renderer, changes, permalink=permalink),
        f"{stem}.geojson": geojson_bytes(view),
        "permalink.txt": ((permalink or "(no permalink: no app address given)") + "\n"
                          ).encode("utf-8"),
        "CREDITS.txt": ("\n".join([*view.licences.terms(), *view.licences.warnings()])
                        + "\n").encode("utf-8"),
    }
    files[MANIFEST_NAME] = json.dumps(manifest(view, files, permalink=permalink), indent=2,
                                      ensure_ascii=False, sort_keys=True).encode("utf-8")
    stamp = view.generated_at.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()
