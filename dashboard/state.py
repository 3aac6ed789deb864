"""The view state (day, window, world view) and its round trip through URL query parameters.

Pure: no streamlit here, so it is tested like any other function. Query values are hostile
input: anything unparsable falls back to the default and is reported, never raised.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from geo.timeline import DEFAULT_WINDOW_DAYS

log = logging.getLogger(__name__)

WINDOW_CHOICES = (1, 7, 14, 30, 90)
MAX_WINDOW_DAYS = 366


@dataclass(frozen=True)
class ViewState:
    """What the viewer is looking at."""

    day: date
    window_days: int = DEFAULT_WINDOW_DAYS
    world: bool = False
    tile_url: str | None = None  # an online option; not put in links


    def to_query(self) -> dict[str, str]:
        """Query parameters that reopen this view."""
        query = {"day": self.day.isoformat(), "window": str(self.window_days)}
        if self.world:
            query["view"] = "world"
        return query


DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "© OpenStreetMap contributors"


def check_tile_url(url: str) -> str | None:
    """The problem with a tile URL template, or None when it is usable."""
    if not url.startswith(("https://", "http://")):
        return "a tile URL must start with https:// or http://"
    if not all(part in url for part in ("{z}", "{x}", "{y}")):
        return "a tile URL must contain {z}, {x} and {y}"
    return None


def clamp_day(day: date, first: date, last: date) -> date:
    """``day`` moved into [first, last]."""
    return min(max(day, first), last)


def from_query(query: Mapping[str, str], *, first: date, last: date,
               default_day: date | None = None) -> tuple[ViewState, list[str]]:
    """Parse query parameters into a view state; returns it with the problems found."""
    problems: list[str] = []
    state = ViewState(day=clamp_day(default_day or last, first, last))
    raw_day = query.get("day")
    if raw_day:
        try:
            state = replace(state, day=clamp_day(date.fromisoformat(raw_day), first, last))
        except ValueError:
            problems.append(f"query parameter 'day': {raw_day[:40]!r} is not a YYYY-MM-DD date")
    raw_window = query.get("window")
    if raw_window:
        try:
            window = int(raw_window)
            if not 1 <= window <= MAX_WINDOW_DAYS:
                raise ValueError
            state = replace(state, window_days=window)
        except ValueError:
            problems.append(f"query parameter 'window': {raw_window[:40]!r} is not a number "
                            f"of days between 1 and {MAX_WINDOW_DAYS}")
    if query.get("view") == "world":
        state = replace(state, world=True)
    for problem in problems:
        log.warning(problem)
    return state, problems
