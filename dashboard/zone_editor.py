"""Draw a zone report on a map, validate it like an import, save it in one transaction."""

from __future__ import annotations

import logging
from datetime import date

import streamlit as st
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from streamlit_folium import st_folium

from dashboard.auth.gate import current_writer
from dashboard.safe import md
from geo.errors import AssetError, FrontlineError
from geo.models import LayerInfo, ZoneReport
from geo.store import Batch, Store
from geo.theatre import Theatre, default_theatre
from geo.zones import area_km2, repair_polygonal
from layers import zone_editor_map

log = logging.getLogger(__name__)

EDITOR_KEY = "zone_editor_map"
DRAWN_SOURCE = "drawn in the app"
DRAWN_LAYER = LayerInfo(layer="drawn", source="Zone reports drawn by analysts in the app",
                        licence="as the cited source allows",
                        attribution="Drawn zones: each report names its source")


def check_drawn_zone(geometry_json: dict | None, *, on_invalid: str,
                     others: list[ZoneReport], side: str, theatre: Theatre | None = None
                     ) -> tuple[BaseGeometry, list[str]]:
    """The drawn polygon, repaired per policy, with warnings; raises FrontlineError if unusable.

    Pure (no streamlit), so it is tested directly.
    """
    if not geometry_json:
        raise FrontlineError("draw a polygon on the map first (the pentagon tool)")
    try:
        geometry = shape(geometry_json)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise FrontlineError(f"drawn shape is not a geometry: {exc}") from exc
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise FrontlineError(f"a zone must be a polygon, not a {geometry.geom_type}")
    fixed, note = repair_polygonal(geometry, on_invalid=on_invalid, source=DRAWN_SOURCE,
                                   item="drawing")
    if fixed is None:
        raise FrontlineError(note.reason if note else "the drawn polygon was skipped")
    warnings = [note.reason] if note else []
    west, south, east, north = (theatre or default_theatre()).bbox
    minx, miny, maxx, maxy = fixed.bounds
    if minx < west or maxx > east or miny < south or maxy > north:
        warnings.append("the polygon reaches outside the theatre "
                        f"(lon {west}–{east}, lat {south}–{north})")
    overlap = sum(area_km2(fixed.intersection(z.geometry)) for z in others if z.side != side)
    if overlap > 0.01:
        warnings.append(f"it overlaps zones of other sides in force that day by "
                        f"{overlap:,.2f} km²")
    return fixed, warnings


def zone_editor(store: Store, theatre: Theatre | None = None) -> None:
    """The "Draw a zone" tab: a report of one of the theatre's sides."""
    theatre = theatre or default_theatre()
    st.caption("Draw a polygon with the pentagon tool, then describe and save the report. "
               "A report replaces the earlier report of the same zone id from its date on.")
    left, right = st.columns([3, 2])
    with right:
        side = st.selectbox("Side", theatre.side_ids, key="draw_side",
                            format_func=theatre.label_of)
        valid_from = st.date_input("Valid from", value=date(2023, 5, 20), key="draw_day")
        zone_id = st.text_input("Zone id", value=f"drawn/{side}", key="draw_zone_id",
                                help="Reports with the same id replace each other over time.")
        source = st.text_input("Source (required)", key="draw_source")
        note = st.text_area("Note", key="draw_note", height=80)
        on_invalid = st.radio("If the polygon is invalid", ["fix", "raise"], horizontal=True,
                              key="draw_on_invalid")
    others = store.zones_at(valid_from, theatre=theatre.name)
    with left:
        try:
            editor = zone_editor_map(others)
        except AssetError as exc:  # Leaflet.draw not installed (npm's leaflet-draw)
            log.warning("zone editor unavailable: %s", exc)
            st.warning(f"Zone drawing is unavailable: {md(exc)}")
            return
        drawn = st_folium(editor, key=EDITOR_KEY, height=420,
                          use_container_width=True, returned_objects=["last_active_drawing"])
    drawing = (drawn or {}).get("last_active_drawing") or {}
    with right:
        if st.button("Save zone report", key="draw_save", type="primary"):
            _save(store, drawing.get("geometry"), side=side, valid_from=valid_from,
                  zone_id=zone_id, source=source, note=note, on_invalid=on_invalid,
                  others=others, theatre=theatre)


def _save(store: Store, geometry_json: dict | None, *, side: str, valid_from: date,
          zone_id: str, source: str, note: str, on_invalid: str,
          others: list[ZoneReport], theatre: Theatre | None = None) -> None:
    theatre = theatre or default_theatre()
    try:
        writer = current_writer("save a drawn zone")  # refuses a viewer
        if not source.strip():
            raise FrontlineError("a zone report needs a source")
        if not zone_id.strip():
            raise FrontlineError("a zone report needs a zone id")
        geometry, warnings = check_drawn_zone(geometry_json, on_invalid=on_invalid,
                                              others=others, side=side, theatre=theatre)
        report = ZoneReport(zone_id=zone_id.strip(), side=side, valid_from=valid_from,
                            geometry=geometry, source=source.strip(), note=note.strip(),
                            layer="drawn")
        result = store.write(Batch(layers=[DRAWN_LAYER], zone_reports=[report],
                                   written_by=writer, theatre=theatre.name))
    except FrontlineError as exc:
        st.error(f"Not saved: {md(exc)}")
        return
    for warning in warnings:
        st.warning(warning)
    if result.zones_added:
        st.success(f"Saved: {md(theatre.label_of(side))} zone {md(repr(zone_id))} "
                   f"from {valid_from.isoformat()}, "
                   f"{area_km2(geometry):,.2f} km².")
    else:
        st.info("This exact report was already stored; nothing changed.")
