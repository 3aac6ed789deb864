"""The view state and its round trip through URL query parameters (permalinks).

Pure: no streamlit here, so it is tested like any other function. Query values are hostile
input: anything unparsable falls back to the default and is reported, never raised.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from geo.dates import FIRST_YEAR, LAST_YEAR, parse_day
from geo.errors import InputError
from geo.models import ClaimStatus, EventKind
from geo.store.base import EventFilter
from geo.timeline import DEFAULT_WINDOW_DAYS, MAX_WINDOW_DAYS

log = logging.getLogger(__name__)

LIST_SEPARATOR = ","
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "© OpenStreetMap contributors"
MAX_SOURCES = 100
"""The largest "reported by at least N independent sources" filter."""


@dataclass(frozen=True)
class ViewState:
    """What the viewer is looking at. Empty filter tuples mean "everything"."""

    day: date
    window_days: int = DEFAULT_WINDOW_DAYS
    world: bool = False
    center: tuple[float, float] | None = None  # (lat, lon), as folium wants it
    zoom: int | None = None
    kinds: tuple[EventKind, ...] = ()
    actors: tuple[str, ...] = ()
    statuses: tuple[ClaimStatus, ...] = ()
    sources: tuple[str, ...] = ()
    min_confidence: float = 0.0
    min_sources: int = 1
    """Events reported by at least this many independent sources (after corroboration)."""
    sides: tuple[str, ...] | None = None
    """Side ids shown (None: every side of the theatre; () none)."""
    layers: tuple[str, ...] = ()  # zone layers shown; empty = all
    theatre: str = ""
    """The theatre shown (``?theatre=``; empty: the store's main theatre)."""
    front_line: bool = True
    tile_url: str | None = field(default=None, compare=False)  # online option, not in links

    @property
    def event_filter(self) -> EventFilter:
        """The store filter these settings say."""
        return EventFilter(kinds=self.kinds, actors=self.actors, claim_statuses=self.statuses,
                           sources=self.sources, min_confidence=self.min_confidence)

    def to_query(self) -> dict[str, str]:
        """Query parameters that reopen this view (defaults left out to keep links short)."""
        query = {"day": self.day.isoformat(), "window": str(self.window_days)}
        if self.theatre:
            query["theatre"] = self.theatre
        if self.world:
            query["view"] = "world"
        if self.center is not None:
            query["lat"], query["lon"] = f"{self.center[0]:.4f}", f"{self.center[1]:.4f}"
        if self.zoom is not None:
            query["z"] = str(self.zoom)
        for key, values in (("kinds", [k.value for k in self.kinds]), ("actors", self.actors),
                            ("status", [s.value for s in self.statuses]),
                            ("sources", self.sources), ("layers", self.layers)):
            if values:
                query[key] = LIST_SEPARATOR.join(values)
        if self.min_confidence:
            query["conf"] = f"{self.min_confidence:g}"
        if self.min_sources > 1:
            query["n"] = str(self.min_sources)
        if self.sides is not None:
            query["sides"] = LIST_SEPARATOR.join(self.sides) or "none"
        if not self.front_line:
            query["front"] = "off"
        return query


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


def _number(low: float, high: float, kind: Callable[[str], Any] = float) -> Callable[[str], Any]:
    def parse(raw: str) -> Any:
        value = kind(raw)
        if not low <= value <= high:
            raise ValueError
        return value
    return parse


def _day(raw: str) -> date:
    return parse_day(raw, field="day")


def _enum_list(enum: type) -> Callable[[str], tuple]:
    def parse(raw: str) -> tuple:
        if raw == "none":
            return ()
        return tuple(dict.fromkeys(enum(part) for part in raw.split(LIST_SEPARATOR) if part))
    return parse


_ID = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")


def _id(raw: str) -> str:
    value = re.sub(r"[\s_]+", "-", raw.strip().lower())
    if not _ID.match(value):
        raise ValueError
    return value


def _id_list(raw: str) -> tuple[str, ...]:
    if raw == "none":
        return ()
    return tuple(dict.fromkeys(_id(part) for part in raw.split(LIST_SEPARATOR) if part))


def _text_list(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.strip()[:200] for p in raw.split(LIST_SEPARATOR) if p.strip()))


_PARSERS: dict[str, tuple[str, Callable[[str], Any], str]] = {
    # query key: (ViewState field, parser, what a good value looks like)
    "day": ("day", _day, f"a YYYY-MM-DD date in the years {FIRST_YEAR}-{LAST_YEAR}"),
    "window": ("window_days", _number(1, MAX_WINDOW_DAYS, int),
               f"a number of days between 1 and {MAX_WINDOW_DAYS}"),
    "z": ("zoom", _number(1, 18, int), "a zoom level between 1 and 18"),
    "kinds": ("kinds", _enum_list(EventKind),
              "event kinds among " + ", ".join(k.value for k in EventKind)),
    "status": ("statuses", _enum_list(ClaimStatus),
               "claim statuses among " + ", ".join(s.value for s in ClaimStatus)),
    "sides": ("sides", _id_list, "comma-separated side ids of the theatre (or none)"),
    "theatre": ("theatre", _id, "a theatre name (see `frontline theatre list`)"),
    "actors": ("actors", _text_list, "comma-separated actor names"),
    "sources": ("sources", _text_list, "comma-separated source names"),
    "layers": ("layers", _text_list, "comma-separated layer names"),
    "conf": ("min_confidence", _number(0.0, 1.0), "a confidence between 0 and 1"),
    "n": ("min_sources", _number(1, MAX_SOURCES, int),
          f"a number of independent sources between 1 and {MAX_SOURCES}"),
}


def from_query(query: Mapping[str, str], *, first: date, last: date,
               default_day: date | None = None) -> tuple[ViewState, list[str]]:
    """Parse query parameters into a view state; returns it with the problems found."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, (name, parse, expected) in _PARSERS.items():
        raw = query.get(key)
        if not raw:
            continue
        try:
            values[name] = parse(raw)
        except (ValueError, InputError):
            problems.append(f"query parameter {key!r}: {raw[:40]!r} is not {expected}")
    center = _center(query, problems)
    values.setdefault("day", default_day or last)
    state = ViewState(**values, center=center,
                      world=query.get("view") == "world", front_line=query.get("front") != "off")
    state = replace(state, day=clamp_day(state.day, first, last))
    for problem in problems:
        log.warning(problem)
    return state, problems


def _center(query: Mapping[str, str], problems: list[str]) -> tuple[float, float] | None:
    raw_lat, raw_lon = query.get("lat"), query.get("lon")
    if not raw_lat and not raw_lon:
        return None
    try:
        return (_number(-90, 90)(raw_lat or ""), _number(-180, 180)(raw_lon or ""))
    except ValueError:
        problems.append(f"query parameters 'lat'/'lon': {str(raw_lat)[:20]!r}, "
                        f"{str(raw_lon)[:20]!r} are not a latitude and longitude")
        return None
