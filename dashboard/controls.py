"""Sidebar controls: time (slider, steps, play), events window, filters, layers, view.

Widgets keep their values in ``st.session_state`` under fixed keys; the first run of a
session fills those keys from the permalink, so widgets are never given a second default.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import streamlit as st

from dashboard.state import DEFAULT_TILE_URL, MAX_SOURCES, ViewState, check_tile_url
from geo.models import ClaimStatus, EventKind
from geo.theatre import Theatre, default_theatre

WINDOW_PRESETS = ("1", "7", "30")
CUSTOM = "custom"
PLAY_SPEEDS = (1, 2, 4)  # frames (days) a second


@dataclass(frozen=True)
class FilterOptions:
    """What the store offers to filter on."""

    actors: Sequence[str] = ()
    sources: Sequence[str] = ()
    layers: Sequence[str] = ()


def init_session(initial: ViewState) -> None:
    """Fill widget keys from the permalink, once per session."""
    if st.session_state.get("_initialised"):
        return
    window = str(initial.window_days)
    defaults = {
        "day": initial.day,
        "window_choice": window if window in WINDOW_PRESETS else CUSTOM,
        "window_custom": initial.window_days,
        "world": initial.world,
        "kinds": [k.value for k in initial.kinds],
        "actors": list(initial.actors),
        "statuses": [s.value for s in initial.statuses],
        "sources": list(initial.sources),
        "min_confidence": initial.min_confidence,
        "min_sources": initial.min_sources,
        "front_line": initial.front_line,
        "zone_layers": list(initial.layers),
        "playing": False,
        "speed": 1,
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    st.session_state["_initialised"] = True


def shift_day(days: int, first: date, last: date) -> None:
    """Move the day by ``days`` within [first, last] (a button callback)."""
    moved = st.session_state["day"] + timedelta(days=days)
    st.session_state["day"] = min(max(moved, first), last)


def advance_playback(first: date, last: date) -> bool:
    """One play step: the next day, or stop at the end. Returns whether still playing."""
    if not st.session_state.get("playing"):
        st.session_state.pop("_played_day", None)
        return False
    if st.session_state["day"] >= last:
        st.session_state["playing"] = False
        return False
    shift_day(1, first, last)
    st.session_state["_played_day"] = st.session_state["day"]
    return True


def keep_played_day() -> None:
    """While playing, a rerun sent by the browser in between two play steps (the map
    component reporting its new bounds) may carry the slider's previous value: do not let
    it take the day back. Called before the slider is drawn."""
    played = st.session_state.get("_played_day")
    if st.session_state.get("playing") and played and st.session_state.get("day", played) < played:
        st.session_state["day"] = played


def theatre_selector(theatres: Sequence[Theatre], current: Theatre) -> Theatre:
    """A theatre selector at the top of the sidebar when there are several; the chosen one.

    Its value lives under the key ``theatre`` (filled from ``?theatre=``); changing it resets
    the map's view to the new theatre's default."""
    if len(theatres) < 2:
        return current
    names = [t.name for t in theatres]
    if st.session_state.get("theatre") not in names:
        st.session_state["theatre"] = current.name
    titles = {t.name: t.title for t in theatres}
    with st.sidebar:
        chosen = st.selectbox("Theatre", names, key="theatre",
                              format_func=lambda name: titles.get(name, name))
    return next(t for t in theatres if t.name == chosen)


def _side_checkboxes(initial: ViewState, theatre: Theatre) -> tuple[str, ...] | None:
    """One checkbox per side of the theatre; None when every side is shown."""
    for spec in theatre.sides:
        key = f"side_{spec.id}"
        if key not in st.session_state:
            st.session_state[key] = initial.sides is None or spec.id in initial.sides
    shown = tuple(spec.id for spec in theatre.sides
                  if st.checkbox(spec.label, key=f"side_{spec.id}"))
    return None if len(shown) == len(theatre.sides) else shown


def sidebar(initial: ViewState, *, first: date, last: date,
            options: FilterOptions, theatre: Theatre | None = None) -> ViewState:
    """Draw the controls and return the state they now say."""
    init_session(initial)
    theatre = theatre or default_theatre()
    with st.sidebar:
        st.header("Time")
        day = st.slider("As of", min_value=first, max_value=last, format="YYYY-MM-DD",
                        key="day", help="Zones: latest report on or before this day. "
                                        "Events: those in the window ending on it.")
        _step_buttons(first, last)
        _play_controls()
        window = _window_control()
        st.header("Filters")
        kinds, statuses, actors, sources, confidence, min_sources = _event_filters(options)
        sides, front_line, layers = _zone_filters(options, initial, theatre)
        st.header("View")
        world = st.toggle("World view (places far from the front)", key="world")
        tile_url = _online_tiles()
    return ViewState(day=day, window_days=window, world=world, center=initial.center,
                     zoom=initial.zoom, kinds=kinds, actors=actors, statuses=statuses,
                     sources=sources, min_confidence=confidence, min_sources=min_sources,
                     sides=sides, layers=layers, theatre=initial.theatre,
                     front_line=front_line, tile_url=tile_url)


def _step_buttons(first: date, last: date) -> None:
    for column, (label, days) in zip(st.columns(4), (("−7", -7), ("−1", -1), ("+1", 1),
                                                     ("+7", 7)), strict=True):
        column.button(label, key=f"step_{days}", on_click=shift_day, args=(days, first, last),
                      help=f"{'Back' if days < 0 else 'Forward'} {abs(days)} day(s)",
                      width="stretch")


def _play_controls() -> None:
    left, right = st.columns([1, 1])
    left.toggle("▶ Play", key="playing", help="Step one day at a time up to the last day")
    right.selectbox("Days / second", PLAY_SPEEDS, key="speed", label_visibility="collapsed",
                    format_func=lambda s: f"{s} day/s")


def _window_control() -> int:
    choice = st.radio("Events window (days)", [*WINDOW_PRESETS, CUSTOM], key="window_choice",
                      horizontal=True, help="Events shown: those in this many days ending on "
                                            "the day; older ones fade.")
    if choice == CUSTOM:
        return int(st.number_input("Custom window (days)", min_value=1, max_value=366, step=1,
                                   key="window_custom"))
    return int(choice)


def _event_filters(options: FilterOptions) -> tuple:
    kinds = st.multiselect("Event kinds", [k.value for k in EventKind], key="kinds",
                           format_func=lambda v: EventKind(v).label, placeholder="All kinds")
    statuses = st.multiselect("Claim status", [s.value for s in ClaimStatus], key="statuses",
                              placeholder="Any status")
    actors = st.multiselect("Actors", _with_selected(options.actors, "actors"), key="actors",
                            placeholder="Any actor")
    sources = st.multiselect("Sources", _with_selected(options.sources, "sources"),
                             key="sources", placeholder="Any source")
    confidence = st.slider("Minimum confidence", 0.0, 1.0, step=0.05, key="min_confidence")
    min_sources = st.number_input(
        "Reported by at least N independent sources", min_value=1, max_value=MAX_SOURCES,
        step=1, key="min_sources",
        help="Reports of one event by several articles are merged; one wire story printed "
             "by several outlets counts once.")
    return (tuple(EventKind(k) for k in kinds), tuple(ClaimStatus(s) for s in statuses),
            tuple(actors), tuple(sources), float(confidence), int(min_sources))


def _zone_filters(options: FilterOptions, initial: ViewState, theatre: Theatre) -> tuple:
    st.caption("Zones")
    sides = _side_checkboxes(initial, theatre)
    front_line = st.checkbox("Front line", key="front_line")
    layers: tuple[str, ...] = ()
    if len(options.layers) > 1:
        layers = tuple(st.multiselect("Zone layers", _with_selected(options.layers,
                                                                    "zone_layers"),
                                      key="zone_layers", placeholder="All layers"))
    return sides, front_line, layers


def _with_selected(values: Sequence[str], key: str) -> list[str]:
    """Options plus anything a permalink selected that the store no longer has."""
    return list(dict.fromkeys([*values, *st.session_state.get(key, [])]))


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
