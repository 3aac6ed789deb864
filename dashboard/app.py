"""The Streamlit dashboard: controls, a fixed base map with per-day layers, and panels."""

from __future__ import annotations

import logging
import time
from dataclasses import replace
from datetime import date
from functools import partial

import streamlit as st

from dashboard import background, controls, map_view, panels
from dashboard.auth.gate import sign_in_panel
from dashboard.cache import cached_store
from dashboard.environment import store_location
from dashboard.event_index import indexed_snapshot, ready_index
from dashboard.frame import shown_snapshot
from dashboard.safe import md
from dashboard.state import from_query
from geo.errors import FrontlineError, InputError
from geo.models import Snapshot
from geo.store import Store
from geo.store.base import EventFilter
from geo.theatre import Theatre
from geo.timeline import snapshot
from geo.zones import warm_display_cache

log = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False, max_entries=512)
def _snapshot(location: str, version: str, day: date, window_days: int,
              event_filter: EventFilter, theatre_name: str = "") -> Snapshot:
    """The day's snapshot of one theatre; ``version`` is the store's data version (cache
    invalidation).

    One shared object per key for every session (a resource, not data: a Snapshot is
    immutable, and copying 2,000 events in and out of pickle was 5% of a step's CPU)."""
    store = cached_store(location)
    theatre = store.theatre(theatre_name or None)
    index = ready_index(store, (location, version, event_filter, theatre.name), event_filter,
                        theatre)
    if index is None:  # being built: this day's window from the store
        return snapshot(store, day, window_days=window_days, filters=event_filter,
                        theatre=theatre)
    return indexed_snapshot(store, index, day, window_days=window_days, theatre=theatre)


@st.cache_data(show_spinner=False, max_entries=64)
def _theatres(location: str, version: str) -> tuple[list[Theatre], str]:
    """The theatres that hold data (the main one first if none does) and the main one."""
    del version
    store = cached_store(location)
    main = store.main_theatre()
    used = {r for r in store.theatres() if store.date_range(r.name) is not None}
    return [t for t in store.theatres() if t in used] or [main], main.name


@st.cache_data(show_spinner=False, max_entries=64)
def _filter_options(location: str, version: str, theatre_name: str = ""
                    ) -> controls.FilterOptions:
    del version
    store = cached_store(location)
    zone_layers = sorted({z.layer for z in store.zone_reports(theatre_name or None)})
    return controls.FilterOptions(actors=store.event_values("actors"),
                                  sources=store.event_values("source"), layers=zone_layers)


@st.cache_resource(show_spinner=False)
def _warm(location: str, version: str) -> str:
    """Simplify every stored zone report once per data version (for the panels' areas; the
    map's frames carry their own display geometry and front lines), after the run
    (:mod:`dashboard.background`), so the first paint does not wait and later slider moves
    find the work done."""
    name = f"warm-{location}-{version}"
    background.after_run(name, partial(warm_display_cache, cached_store(location)),
                         later=True)
    return name


def map_credits(store: Store) -> list[str]:
    """Short credits of imported layers for the map corner (the seed layer is always there;
    full terms are in the credits panel)."""
    from dashboard.live_panels import live_credit

    return [live_credit(store, layer) for layer in store.layers() if layer.layer != "seed"]


def main() -> None:
    """Render the whole page."""
    started = time.monotonic()
    location = store_location()
    try:
        store = cached_store(location)
        span = store.date_range()
        version = store.data_version()
        _warm(location, version)
    except FrontlineError as exc:
        st.error(f"Cannot open the store: {md(exc)}")
        st.caption("Build it with `frontline seed` (or `make run`), or point "
                   "`FRONTLINE_STORE` / `--store` at another file.")
        return
    query = st.query_params.to_dict()
    theatre, theatre_problem, several = _chosen_theatre(store, location, version,
                                                        query.get("theatre", ""))
    st.title(theatre.title)
    if span is None:
        st.warning(f"The store {md(store.location)} holds no data yet. Run `frontline seed`.")
        return
    span = store.date_range(theatre.name) or span
    first, last = span
    _follow_theatre(theatre, first, last)
    initial, problems = from_query(query, first=first, last=last)
    initial = replace(initial, theatre=theatre.name if several or query.get("theatre") else "")
    if not initial.layers and theatre.zone_layers and "layers" not in query:
        initial = replace(initial, layers=theatre.zone_layers)  # the theatre's default
    if theatre_problem:
        problems.append(theatre_problem)
    unknown_sides = [s for s in initial.sides or () if not theatre.has_side(s)]
    if unknown_sides:
        problems.append(f"query parameter 'sides': {', '.join(unknown_sides)[:60]!r} are not "
                        f"sides of {theatre.name} ({', '.join(theatre.side_ids)})")
    with st.container():
        for problem in problems:
            st.warning(f"Ignored a bad link parameter: {md(problem)}")
    map_view.take_released_day(first, last)
    if st.session_state.pop("_play_step", False):
        controls.advance_playback(first, last)
    else:
        controls.keep_played_day()

    state = controls.sidebar(initial, first=first, last=last,
                             options=_filter_options(location, version, theatre.name),
                             theatre=theatre)
    with st.sidebar:
        writable = sign_in_panel()
    state = replace(state, center=st.session_state.get("_center", initial.center),
                    zoom=st.session_state.get("_zoom", initial.zoom))

    snap = _snapshot(location, version, state.day, state.window_days, state.event_filter,
                     theatre.name)
    shown = shown_snapshot(snap, state)
    # Messages that come and go live in fixed containers: an element appearing above the
    # map would shift its position in the page and make Streamlit mount a new map frame.
    panels.as_of_banner(shown)
    with st.container():
        panels.freshness(shown, store.layers())
        from dashboard.live_panels import source_freshness

        source_freshness(store)
    map_column, side_column = st.columns([3, 1])
    with side_column:
        search_place = panels.search_box()
        change = panels.changes_panel(store, location, version, state.day, state.layers,
                                      theatre)
        panels.far_places_panel(shown)
        panels.zone_summary(shown, state.zoom)
    with map_column:
        with st.container():
            if shown.is_empty:
                st.info(f"No zone report or event on or before {state.day:%d %B %Y}: "
                        "move the slider later to see the map fill in.")
        overlays = map_view.Overlays(
            highlight=change.geometry if change else None,
            highlight_label=panels.change_label(change, theatre) if change else "",
            highlight_side=str(change.side) if change else None,
            places=(search_place,) if search_place else ())
        reported = map_view.show(shown, state, location=location, version=version,
                                 span=(first, last), attributions=map_credits(store),
                                 overlays=overlays, fly_to=search_place)
        _remember_view(reported)
    st.query_params.from_dict(replace(
        state, center=st.session_state.get("_center", state.center),
        zoom=st.session_state.get("_zoom", state.zoom)).to_query())
    panels.tabs(store, location, version, shown, state, writable=writable)
    _continue_playback(started)


def _chosen_theatre(store: Store, location: str, version: str, asked: str
                    ) -> tuple[Theatre, str, bool]:
    """The theatre to show: the sidebar's choice, else ``?theatre=``, else the store's main
    theatre; with the problem of a bad ``?theatre=`` and whether there are several."""
    theatres, main = _theatres(location, version)
    problem = ""
    name = st.session_state.get("theatre") or asked.strip().lower().replace(" ", "-")
    try:
        current = store.theatre(name or main)
    except InputError:
        problem = (f"query parameter 'theatre': {asked[:40]!r} is not a theatre of this "
                   f"store ({', '.join(t.name for t in theatres)})")
        current = store.theatre(main)
    if current not in theatres:
        theatres = [*theatres, current]
    return controls.theatre_selector(theatres, current), problem, len(theatres) > 1


def _follow_theatre(theatre: Theatre, first: date, last: date) -> None:
    """When the theatre changes: its own default view, and a day inside its span."""
    shown = st.session_state.get("_theatre_shown")
    st.session_state["_theatre_shown"] = theatre.name
    if shown is not None and shown != theatre.name:
        for key in ("_first_view", "_center", "_zoom", "highlight_change", "draw_side"):
            st.session_state.pop(key, None)
    day = st.session_state.get("day")
    if isinstance(day, date) and not first <= day <= last:
        st.session_state["day"] = last


def _remember_view(reported: dict | None) -> None:
    """Keep the map's centre/zoom (reported by the component) for the permalink."""
    if not reported:
        return
    center, zoom = reported.get("center"), reported.get("zoom")
    if center and "lat" in center and "lng" in center:
        st.session_state["_center"] = (round(center["lat"], 4), round(center["lng"], 4))
    if isinstance(zoom, int | float):
        st.session_state["_zoom"] = int(zoom)


def _continue_playback(started: float) -> None:
    """While playing, wait out the frame interval and rerun with the next day."""
    if not st.session_state.get("playing"):
        return
    interval = 1.0 / float(st.session_state.get("speed", 1))
    time.sleep(max(0.0, interval - (time.monotonic() - started)))
    st.session_state["_play_step"] = True
    st.rerun()
