"""Data files of exactly what a view shows: GeoJSON, GeoPackage, KML and an events CSV.

* **GeoJSON** follows RFC 7946 (WGS84 lon/lat, exterior rings counter-clockwise, no ``crs``)
  and is deterministic: features sorted (zones by zone id, the front line, events by date,
  place and id), ids from the stored content hashes, ISO dates, coordinates rounded to 1e-6°,
  keys sorted. The generation time is left out on purpose so that the same view of the same
  data gives byte-identical files; the data version identifies the data.
* **GeoPackage** (pyogrio): layers ``zones``, ``front_line``, ``events``; the view, credits
  and licences go into the layer metadata.
* **KML** (pyogrio, LIBKML when GDAL has it): styled zones and events; descriptions and
  extended data are HTML-escaped because KML viewers render them as HTML.
* **CSV**: one row per event; cells a spreadsheet would run as a formula are quoted with a
  leading apostrophe.

Text is written as stored (not HTML-escaped) except where the format displays it as HTML.
"""

from __future__ import annotations

import csv
import html
import io
import json
import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.models import Event, ZoneReport
from geo.theatre import Theatre
from layers.export.view import ExportView
from layers.style import KIND_COLOURS, side_colour, side_label

__all__ = ["CSV_COLUMNS", "events_csv", "geojson_bytes", "geojson_dict", "gpkg_bytes",
           "kml_bytes"]

log = logging.getLogger(__name__)

DECIMALS = 6

CSV_COLUMNS = ("id", "date", "place", "lat", "lon", "kind", "claim_status", "claimed_by",
               "actors", "summary", "quote", "source", "source_date", "source_url",
               "confidence", "layer")


def _rounded(geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.round(xy, DECIMALS))


def _rfc7946(geom: BaseGeometry) -> dict[str, Any]:
    """GeoJSON geometry: rounded, exterior rings counter-clockwise (RFC 7946 §3.1.6)."""
    return mapping(shapely.orient_polygons(_rounded(geom), exterior_cw=False))


def _zones(view: ExportView) -> list[ZoneReport]:
    return sorted((z for z in view.snapshot.zones if not z.geometry.is_empty),
                  key=lambda z: (z.zone_id, z.valid_from, z.id))


def _events(view: ExportView) -> list[Event]:
    return sorted(view.snapshot.events, key=lambda e: (e.day, e.place.name, e.id))


def _zone_properties(zone: ZoneReport, theatre: Theatre | None = None) -> dict[str, Any]:
    return {"feature": "zone", "zone_id": zone.zone_id, "side": str(zone.side),
            "side_label": side_label(zone.side, theatre),
            "valid_from": zone.valid_from.isoformat(),
            "source": zone.source, "source_url": zone.source_url, "note": zone.note,
            "layer": zone.layer, "report_id": zone.id}


def _event_properties(event: Event) -> dict[str, Any]:
    return {"feature": "event", "event_id": event.id, "date": event.day.isoformat(),
            "kind": event.kind.value, "kind_label": event.kind.label,
            "place": event.place.name, "country_code": event.place.country_code,
            "summary": event.summary, "quote": event.quote, "source": event.source,
            "source_date": event.source_date.isoformat() if event.source_date else "",
            "source_url": event.source_url, "claim_status": event.claim_status.value,
            "claimed_by": event.claimed_by, "denied_by": event.denied_by,
            "end_date": event.end_day.isoformat() if event.end_day else "",
            "sources": list(event.sources or (event.source,)),
            "independent_sources": event.independent_sources,
            "actors": list(event.actors), "confidence": event.confidence,
            "layer": event.layer}


def metadata(view: ExportView) -> dict[str, Any]:
    """What the file shows and on what terms (deterministic: no generation time)."""
    return {"title": view.title, "theatre": view.theatre.name, "as_of": view.day.isoformat(),
            "window_days": view.request.window_days,
            "window_start": view.request.window_start.isoformat(),
            "data_version": view.data_version, "view": view.request.as_dict(),
            "licences": view.licences.as_dict(), "notes": view.notes()}


def geojson_dict(view: ExportView) -> dict[str, Any]:
    """The view as an RFC 7946 FeatureCollection (plus a ``metadata`` foreign member)."""
    features: list[dict[str, Any]] = []
    for zone in _zones(view):
        features.append({"type": "Feature", "id": f"zone-{zone.id}",
                         "geometry": _rfc7946(zone.geometry),
                         "properties": _zone_properties(zone, view.theatre)})
    if view.front is not None:
        features.append({"type": "Feature", "id": f"front-line-{view.day.isoformat()}",
                         "geometry": _rfc7946(view.front),
                         "properties": {"feature": "front_line", "as_of": view.day.isoformat()}})
    for event in _events(view):
        features.append({"type": "Feature", "id": f"event-{event.id}",
                         "geometry": _rfc7946(shapely.Point(event.place.lon, event.place.lat)),
                         "properties": _event_properties(event)})
    out: dict[str, Any] = {"type": "FeatureCollection", "features": features,
                           "metadata": metadata(view)}
    geoms = [shapely.geometry.shape(f["geometry"]) for f in features]
    if geoms:
        out["bbox"] = [round(float(v), DECIMALS)
                       for v in shapely.total_bounds(np.array(geoms, dtype=object))]
    return out


def geojson_bytes(view: ExportView) -> bytes:
    """:func:`geojson_dict` as UTF-8 JSON: sorted keys, compact, one trailing newline."""
    text = json.dumps(geojson_dict(view), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# GeoPackage and KML (through pyogrio)
# ---------------------------------------------------------------------------------------------


def _kml_safe(row: dict[str, Any]) -> dict[str, Any]:
    """String values with ``& < >`` escaped: KML viewers may show extended data as HTML."""
    return {k: html.escape(v, quote=False) if isinstance(v, str) else v for k, v in row.items()}


def _frames(view: ExportView, *, kml: bool = False) -> dict[str, gpd.GeoDataFrame]:
    zones, events = _zones(view), _events(view)
    zone_rows = []
    for z in zones:
        row = _zone_properties(z, view.theatre)
        if kml:
            row = {"Name": html.escape(f"{side_label(z.side, view.theatre)} "
                                       f"(since {z.valid_from})"),
                   "Description": _kml_description(row),
                   "OGR_STYLE": _zone_style(z.side, view.theatre),
                   **_kml_safe(row)}
        zone_rows.append(row)
    event_rows = []
    for e in events:
        row = _event_properties(e)
        row["actors"] = "; ".join(e.actors)
        if kml:
            row = {"Name": html.escape(f"{e.day} {e.place.name}: {e.kind.label}", quote=False),
                   "Description": _kml_description(row),
                   "OGR_STYLE": f"SYMBOL(c:{KIND_COLOURS[e.kind]},s:1.2)", **_kml_safe(row)}
        event_rows.append(row)
    front_rows = [{"feature": "front_line", "as_of": view.day.isoformat()}] if view.front else []
    crs = "EPSG:4326"
    return {
        "zones": gpd.GeoDataFrame(zone_rows, geometry=[_rounded(z.geometry) for z in zones],
                                  crs=crs),
        "front_line": gpd.GeoDataFrame(front_rows, geometry=[view.front] if view.front else [],
                                       crs=crs),
        "events": gpd.GeoDataFrame(
            event_rows, geometry=[shapely.Point(round(e.place.lon, DECIMALS),
                                                round(e.place.lat, DECIMALS)) for e in events],
            crs=crs),
    }


_GEOMETRY_TYPES = {"zones": "MultiPolygon", "front_line": "MultiLineString", "events": "Point"}


def _write_layers(view: ExportView, path: Path, driver: str, *, kml: bool,
                  layer_metadata: dict[str, str] | None = None) -> None:
    first = True
    for name, frame in _frames(view, kml=kml).items():
        if frame.empty and name == "front_line":
            continue
        pyogrio.write_dataframe(
            frame, path, layer=name, driver=driver, append=not first,
            geometry_type=_GEOMETRY_TYPES[name], promote_to_multi=name != "events",
            layer_metadata=layer_metadata if driver == "GPKG" else None)
        first = False


def _metadata_strings(view: ExportView) -> dict[str, str]:
    meta = metadata(view)
    return {"TITLE": view.title, "AS_OF": meta["as_of"], "DATA_VERSION": view.data_version,
            "GENERATED": view.generated_at.isoformat(),
            "CREDITS": "; ".join(view.licences.terms()),
            "NOTES": "; ".join(view.notes()),
            "VIEW": json.dumps(meta["view"], sort_keys=True, ensure_ascii=False)}


def gpkg_bytes(view: ExportView) -> bytes:
    """A GeoPackage with layers ``zones``, ``front_line`` (when drawn) and ``events``."""
    with tempfile.TemporaryDirectory(prefix="frontline-export-") as tmp:
        path = Path(tmp) / "export.gpkg"
        _write_layers(view, path, "GPKG", kml=False, layer_metadata=_metadata_strings(view))
        return path.read_bytes()


def _kml_driver() -> str:
    return "LIBKML" if "LIBKML" in pyogrio.list_drivers(write=True) else "KML"


def _kml_description(row: dict[str, Any]) -> str:
    """An HTML table of a feature's properties, every value escaped (viewers render HTML)."""
    cells = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                    for k, v in row.items() if v not in ("", None, []))
    return f"<table>{cells}</table>"


def _zone_style(side: str, theatre: Theatre | None = None) -> str:
    colour = side_colour(side, theatre)
    return f"BRUSH(fc:{colour}66);PEN(c:{colour},w:2px)"


def kml_bytes(view: ExportView) -> bytes:
    """A KML document with folders ``zones``, ``front_line`` and ``events``, styled by side
    and kind. KML has no metadata slot pyogrio writes, so credits travel in descriptions
    of the document's first zone and in the bundle manifest."""
    with tempfile.TemporaryDirectory(prefix="frontline-export-") as tmp:
        path = Path(tmp) / "export.kml"
        _write_layers(view, path, _kml_driver(), kml=True)
        return path.read_bytes()


# ---------------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def events_csv(view: ExportView, columns: Sequence[str] = CSV_COLUMNS) -> bytes:
    """The view's events as UTF-8 CSV (header row, ISO dates, lat/lon as numbers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for e in _events(view):
        row = {"id": e.id, "date": e.day.isoformat(), "place": e.place.name,
               "lat": f"{e.place.lat:.{DECIMALS}f}", "lon": f"{e.place.lon:.{DECIMALS}f}",
               "kind": e.kind.value, "claim_status": e.claim_status.value,
               "claimed_by": e.claimed_by, "actors": "; ".join(e.actors), "summary": e.summary,
               "quote": e.quote, "source": e.source,
               "source_date": e.source_date.isoformat() if e.source_date else "",
               "source_url": e.source_url, "confidence": f"{e.confidence:g}", "layer": e.layer}
        writer.writerow([row[c] if c in ("lat", "lon", "confidence") else _cell(row[c])
                         for c in columns])
    return buffer.getvalue().encode("utf-8")
