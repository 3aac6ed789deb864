"""Control zones as one folium ``GeoJson`` layer, styled by side."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, mapping
from shapely.geometry.base import BaseGeometry

from geo.lru import LRUCache
from geo.models import ZoneReport
from geo.theatre import Theatre, default_theatre
from layers.datalayer import STYLE_KEY, DataLayer, safe_json
from layers.style import side_label, zone_highlight, zone_style
from layers.text import escape_display, format_day, safe_http_url

__all__ = ["COORD_DECIMALS", "ENTERED_BY_LAYERS", "rounded_mapping", "zone_feature",
           "zones_layer"]

log = logging.getLogger(__name__)

#: Coordinates are rounded to 1e-5 degrees (about 1 m): smaller pages, no visible change.
COORD_DECIMALS = 5
#: Layers of zones entered by hand (the app's zone editor): their popup says who.
ENTERED_BY_LAYERS = frozenset({"drawn"})


def rounded_mapping(geom: BaseGeometry, decimals: int = COORD_DECIMALS) -> dict[str, Any]:
    """GeoJSON geometry dict of ``geom`` (lon, lat) with coordinates rounded."""
    rounded = shapely.transform(geom, lambda coords: np.round(coords, decimals))
    return mapping(rounded)


def _polygonal(geom: BaseGeometry | None) -> BaseGeometry | None:
    """``geom`` if it is a non-empty (multi)polygon; polygon parts of a collection; else None."""
    if geom is None or geom.is_empty:
        return None
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [part for part in shapely.get_parts(geom)
             if part.geom_type in ("Polygon", "MultiPolygon") and not part.is_empty]
    if not polys:
        return None
    flat = [p for poly in polys for p in shapely.get_parts(poly)]
    return MultiPolygon(flat)


def _zone_tooltip(zone: ZoneReport, theatre: Theatre | None = None) -> str:
    return (f"{escape_display(side_label(zone.side, theatre))} · "
            f"since {escape_display(format_day(zone.valid_from))}")


def _zone_popup(zone: ZoneReport, theatre: Theatre | None = None) -> str:
    side = str(zone.side)
    parts = [
        f'<div class="fl-title"><span class="fl-swatch fl-side-{escape_display(side)}"></span>'
        f"{escape_display(side_label(side, theatre))}</div>",
        f'<div class="fl-meta">valid from {escape_display(format_day(zone.valid_from))}</div>',
    ]
    source = escape_display(zone.source)
    url = safe_http_url(zone.source_url)
    if url:
        source = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{source or url}</a>'
    if source:
        parts.append(f'<div class="fl-source">Source: {source}</div>')
    if zone.note:
        parts.append(f'<div class="fl-note">{escape_display(zone.note)}</div>')
    if zone.layer in ENTERED_BY_LAYERS and zone.written_by:
        parts.append(f'<div class="fl-meta">Entered by: {escape_display(zone.written_by)}</div>')
    return "".join(parts)


def zone_feature(zone: ZoneReport, index: int, theatre: Theatre | None = None
                 ) -> dict[str, Any] | None:
    """One GeoJSON feature for ``zone`` (escaped tooltip/popup HTML, the labels of
    ``theatre``, default Bakhmut), or None when empty."""
    geom = _polygonal(zone.geometry)
    if geom is None:
        return None
    return {
        "type": "Feature",
        "id": f"z{index}",
        "geometry": rounded_mapping(geom),
        "properties": {
            "side": str(zone.side),
            "tip": _zone_tooltip(zone, theatre),
            "popup": _zone_popup(zone, theatre),
        },
    }


_PAYLOAD_CACHE_SIZE = 64
#: The serialised layer per set of zones as drawn: every session showing the same zones at
#: the same zoom band shares it. A report's id covers its zone, side, day, stored geometry
#: and source; the key adds the drawn (simplified) geometry and the popup's other fields.
_payloads: LRUCache[tuple, tuple[str, int, dict[str, dict[str, Any]]]] = LRUCache(
    _PAYLOAD_CACHE_SIZE)


def draw_order(theatre: Theatre | None = None) -> dict[str, int]:
    """Side id -> drawing rank: filled sides in the theatre's order, hatched ones last (their
    hatch and dashed outline on top); undrawn sides are absent."""
    t = theatre or default_theatre()
    drawn = [spec for spec in t.sides if spec.drawn]
    ranked = [s for s in drawn if not s.hatch] + [s for s in drawn if s.hatch]
    return {spec.id: i for i, spec in enumerate(ranked)}


def _zones_payload(zones: Sequence[ZoneReport], theatre: Theatre | None = None
                   ) -> tuple[str, int, dict[str, dict[str, Any]]]:
    """(FeatureCollection JSON, feature count, style table) of the zones layer."""
    order = draw_order(theatre)
    undrawn = {s.id for s in (theatre or default_theatre()).sides if not s.drawn}
    ranked = sorted((z for z in zones if str(z.side) not in undrawn),
                    key=lambda z: order.get(str(z.side), len(order)))
    features = []
    for index, zone in enumerate(ranked):
        feature = zone_feature(zone, index, theatre)
        if feature is None:
            log.debug("zone %s (%s) has no polygon geometry: skipped", zone.zone_id, zone.side)
            continue
        feature["properties"][STYLE_KEY] = feature["properties"]["side"]
        features.append(feature)
    styles = {f["properties"]["side"]: zone_style(f["properties"]["side"], theatre)
              for f in features}
    return safe_json({"type": "FeatureCollection", "features": features}), len(features), styles


def zones_layer(zones: Sequence[ZoneReport], *, name: str = "Control zones",
                theatre: Theatre | None = None) -> DataLayer:
    """All ``zones`` as one layer, coloured by side; empty geometries skipped.

    Hatched (contested) zones come last so their hatch and dashed outline sit on top of
    neighbours; sides the theatre leaves undrawn are left out (see :func:`draw_order`).
    Tooltip: side and valid-from date. Popup: side, valid from, source (linked when an http(s)
    URL is given), note. All text is escaped. ``name`` is escaped here. The serialised
    features are shared by every caller drawing the same zones.
    """
    key = (theatre.name if theatre is not None else "", *(
        (zone.id, hash(zone.geometry), zone.layer, zone.note, zone.source_url,
         zone.written_by) for zone in zones))
    data_json, count, styles = _payloads.get_or_compute(
        key, lambda: _zones_payload(zones, theatre))
    return DataLayer.prepared(data_json, count, styles, name=escape_display(name),
                              hover=zone_highlight(), smooth_factor=0.5)
