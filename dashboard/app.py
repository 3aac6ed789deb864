"""The Streamlit dashboard: a fixed base map, a per-day layer, a date slider and panels."""

from __future__ import annotations

import logging
from datetime import date

import streamlit as st

from dashboard import controls, map_view, panels
from dashboard.state import ViewState, from_query
from geo.errors import FrontlineError
from geo.models import Snapshot
from geo.store import Store, open_store, resolve_target
from geo.timeline import snapshot

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def _store(location: str) -> Store:
    return open_store(location)


@st.cache_data(show_spinner=False, max_entries=256)
def _snapshot(location: str, version: str, day: date, window_days: int) -> Snapshot:
    """The day's snapshot; ``version`` is the store's data version (cache invalidation)."""
    del version
    return snapshot(_store(location), day, window_days=window_days)


def map_credits(store: Store) -> list[str]:
    """Short credits of imported layers for the map corner (the seed layer is always there;
    full terms are in the credits panel)."""
    return [f"{layer.source} ({layer.licence})" for layer in store.layers()
            if layer.layer != "seed"]


def main() -> None:
    """Render the whole page."""
    location = resolve_target(None)
    try:
        store = _store(location)
        span = store.date_range()
    except FrontlineError as exc:
        st.error(f"Cannot open the store: {exc}")
        st.caption("Build it with `frontline seed` (or `make run`), or point "
                   "`FRONTLINE_STORE` / `--store` at another file.")
        return
    st.title("Frontline map — battle of Bakhmut, 2023")
    if span is None:
        st.warning(f"The store {location} holds no data yet. Run `frontline seed`.")
        return
    first, last = span
    initial, problems = from_query(st.query_params.to_dict(), first=first, last=last)
    for problem in problems:
        st.warning(f"Ignored a bad link parameter: {problem}")

    state: ViewState = controls.sidebar(initial, first=first, last=last)
    st.query_params.from_dict(state.to_query())

    snap = _snapshot(location, store.data_version(), state.day, state.window_days)
    panels.as_of_banner(snap)
    map_column, side_column = st.columns([3, 1])
    with map_column:
        if snap.is_empty:
            st.info(f"No zone report or event on or before {state.day:%d %B %Y}: "
                    "move the slider later to see the map fill in.")
        map_view.show(snap, state, attributions=map_credits(store))
    with side_column:
        panels.far_places_panel(snap)
        panels.zone_summary(snap)
    panels.events_table(snap)
    panels.credits(store.layers())
