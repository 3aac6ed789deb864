"""Article review: paste or upload, see the places found, edit proposed events, then save."""

from __future__ import annotations

import streamlit as st

from geo.store import Store


def review_panel(store: Store) -> None:
    """The "Review an article" tab (filled in with the geoparser's API)."""
    del store
    st.caption("Paste an article to find its places and propose dated events.")
