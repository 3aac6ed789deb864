"""Sidebar controls: the date slider, the events window and the world view."""

from __future__ import annotations

from datetime import date

import streamlit as st

from dashboard.state import WINDOW_CHOICES, ViewState


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
    return ViewState(day=day, window_days=int(window), world=world)
