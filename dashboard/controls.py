"""Sidebar controls: the date slider, the events window and the world view."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.state import DEFAULT_TILE_URL, WINDOW_CHOICES, ViewState, check_tile_url


def sidebar(initial: ViewState, *, first: date, last: date) -> ViewState:
    """Draw the controls and return the state they now say."""
    with st.sidebar:
        st.header("Time")
        day = st.slider("As of", min_value=first, max_value=last, value=initial.day,
                        format="YYYY-MM-DD", key="day",
                        help="Zones: latest report on or before this day. "
                             "Events: those in the window ending on it.")
        choices = sorted(set(WINDOW_CHOICES) | {initial.window_days})
        window = st.select_slider("Events window (days)", options=choices,
                                  value=initial.window_days, key="window")
        st.header("View")
        world = st.toggle("World view (places far from the front)", value=initial.world,
                          key="world")
        tile_url = _online_tiles()
    return ViewState(day=day, window_days=int(window), world=world, tile_url=tile_url)


def _online_tiles() -> str | None:
    """An optional online tile layer under the offline outlines (off by default)."""
    with st.expander("Online basemap (optional)"):
        use = st.checkbox("Show online map tiles (needs network)", key="tiles_on")
        url = st.text_input("Tile URL template", value=DEFAULT_TILE_URL, key="tile_url")
        if not use:
            return None
        problem = check_tile_url(url)
        if problem:
            st.error(problem)
            return None
        return url
