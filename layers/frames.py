"""The scrubber's frame format: a range of dates sent to the browser once (pure: no streamlit).

One JSON-able dict, read by ``layers/static/frontline_scrubber.js`` in the app and in the
standalone HTML export alike:

* ``days``: ISO dates of the frames; ``t``: each frame's day offset from ``epoch`` (the
  frames of an export may skip days); ``stamps``: optional per-frame text (set with
  ``textContent``, never parsed as HTML);
* ``zones``: each zone report once (as drawn: display geometry, rounded), with its side,
  layer and escaped tooltip/popup; ``sets``: the zones in force per report date as deltas
  (``a`` added, ``r`` removed zone indices) and the front line of that set; ``z``: the set
  index of each frame;
* ``ev``: events as columnar arrays sorted by day (``x`` lon, ``y`` lat, ``d`` day offset,
  ``k`` kind index, ``st`` status index, ``cf`` confidence in hundredths, ``s`` style
  key) plus the popup's compact text columns as indices into ``str`` (every text escaped
  here; the browser only concatenates);
* ``sides``/``kinds``/``statuses``/``styles``/``opacity``: the theatre's own labels and
  styles, so the script hard-codes none of them.

An event is drawn on the frames whose day falls in its window (``window`` days from its
day), fading with age like the app's layer (``opacity[age]``).
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.events.by_sources import events_by_sources
from geo.models import ClaimStatus, Event, EventKind, ZoneReport
from geo.store.base import BBox, EventFilter, Store
from geo.theatre import Theatre, default_theatre
from geo.timeline import window_start
from geo.zones import ZOOM_BANDS, layered_display_geometries, map_front_line
from layers.datalayer import safe_json
from layers.events import event_properties
from layers.overlays import FRONT_LINE_COLOUR
from layers.style import event_style, side_label, zone_highlight, zone_style
from layers.text import escape_display, format_day
from layers.zones import COORD_DECIMALS, draw_order, rounded_mapping, zone_feature

__all__ = ["FORMAT_VERSION", "FrameDay", "band_decimals", "build_frames", "frame_window",
           "frames_json", "payload_sizes", "store_frame_days", "store_frames"]

log = logging.getLogger(__name__)

FORMAT_VERSION = 1

#: Contested zones last, so their hatch sits on top (as in :func:`layers.zones.zones_layer`).

FRONT_STYLE: dict[str, Any] = {"color": FRONT_LINE_COLOUR, "weight": 3, "opacity": 0.9,
                               "className": "fl-front-line", "interactive": False}

#: The popup's text columns (keys of :func:`layers.events.event_properties`).
_TEXT_COLUMNS = ("p", "cl", "s", "q", "a", "src", "sd", "u")


@dataclass(frozen=True)
class FrameDay:
    """One frame: its day, the zones drawn on it (display geometry), its front line and an
    optional stamp text."""

    day: date
    zones: Sequence[ZoneReport]
    front: BaseGeometry | None = None
    stamp: str = ""


class _Strings:
    """A string table: index 0 is the empty string."""

    def __init__(self) -> None:
        self.values: list[str] = [""]
        self._index: dict[str, int] = {"": 0}

    def add(self, value: str) -> int:
        found = self._index.get(value)
        if found is None:
            found = self._index[value] = len(self.values)
            self.values.append(value)
        return found


def _zone_entry(zone: ZoneReport, decimals: int, theatre: Theatre | None = None
                ) -> dict[str, Any] | None:
    if decimals < COORD_DECIMALS:
        zone = replace(zone, geometry=shapely.transform(
            zone.geometry, lambda xy: np.round(xy, decimals)))
    feature = zone_feature(zone, 0, theatre)
    if feature is None:
        return None
    props = feature["properties"]
    return {"side": props["side"], "layer": escape_display(zone.layer), "g": feature["geometry"],
            "tip": props["tip"], "popup": props["popup"]}


def _zone_sets(days: Sequence[FrameDay], decimals: int, theatre: Theatre | None = None
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[int]]:
    """(zones, delta sets, set index per frame): each drawn zone once, keyed by its report
    id and drawn geometry (a report simplified differently among other zones is another)."""
    zones: list[dict[str, Any]] = []
    zone_index: dict[tuple[str, bytes], int | None] = {}
    sets: list[dict[str, Any]] = []
    per_frame: list[int] = []
    previous_key: tuple[int, ...] | None = None
    previous: set[int] = set()
    order = draw_order(theatre)
    for frame in days:
        members = []
        ranked = sorted((z for z in frame.zones if str(z.side) in order),
                        key=lambda z: order[str(z.side)])
        for zone in ranked:
            key = (zone.id, shapely.to_wkb(zone.geometry))
            if key not in zone_index:
                entry = _zone_entry(zone, decimals, theatre)
                zone_index[key] = None if entry is None else len(zones)
                if entry is not None:
                    zones.append(entry)
            if (found := zone_index[key]) is not None:
                members.append(found)
        set_key = tuple(members)
        if set_key != previous_key:
            current = set(members)
            sets.append({"a": [i for i in members if i not in previous],
                         "r": sorted(previous - current),
                         "f": None if frame.front is None or frame.front.is_empty
                         else rounded_mapping(frame.front, decimals)})
            previous, previous_key = current, set_key
        per_frame.append(len(sets) - 1)
    return zones, sets, per_frame


def _event_columns(events: Iterable[Event], epoch: date, window_days: int, decimals: int
                   ) -> tuple[dict[str, list[Any]], list[str], list[dict[str, Any] | None]]:
    """Columnar events (sorted by day), the string table and the style table (indexed by
    the style key ``k * len(statuses) + st``). Text columns that are empty for every event
    are left out."""
    kinds = list(EventKind)
    statuses = list(ClaimStatus)
    kind_index = {k: i for i, k in enumerate(kinds)} | {k.value: i for i, k in enumerate(kinds)}
    status_index = ({s: i for i, s in enumerate(statuses)}
                    | {s.value: i for i, s in enumerate(statuses)})
    unique = {e.id: e for e in events}
    ordered = sorted(unique.values(), key=lambda e: (e.day, e.place.name, e.id))
    strings = _Strings()
    escape = lru_cache(maxsize=1 << 16)(escape_display)  # names and sources repeat a lot
    styles: list[dict[str, Any] | None] = [None] * (len(kinds) * len(statuses))
    cols: dict[str, list[Any]] = {name: [] for name in
                                  ("x", "y", "d", "k", "st", "cf", *_TEXT_COLUMNS)}
    text_columns = [(name, cols[name]) for name in _TEXT_COLUMNS]
    for event in ordered:
        k, st = kind_index[event.kind], status_index[event.claim_status]
        props = event_properties(event, escape)
        key = k * len(statuses) + st
        if styles[key] is None:
            style = event_style(kinds[k], statuses[st], 0, window_days)
            styles[key] = {"radius": style["radius"], "color": style["color"],
                           "weight": style["weight"], "fillColor": style["fillColor"],
                           "dash": [float(v) for v in style.get("dashArray", "").split()]}
        cols["x"].append(round(event.place.lon, decimals))
        cols["y"].append(round(event.place.lat, decimals))
        cols["d"].append((event.day - epoch).days)
        cols["k"].append(k)
        cols["st"].append(st)
        cols["cf"].append(round(event.confidence * 100))
        for name, column in text_columns:
            column.append(strings.add(props.get(name, "")))
    for name in _TEXT_COLUMNS:
        if not any(cols[name]):
            del cols[name]
    return cols, strings.values, styles


def build_frames(days: Sequence[FrameDay], events: Iterable[Event], *, window_days: int,
                 initial: int = 0, decimals: int = COORD_DECIMALS,
                 theatre: Theatre | None = None) -> dict[str, Any]:
    """The frames of ``days`` (ascending) with ``events`` (the union of every frame's
    window; duplicates by id dropped): see the module docstring. Coordinates are rounded
    to ``decimals`` (at most :data:`~layers.zones.COORD_DECIMALS`); sides, labels and
    styles are the theatre's (default: Bakhmut 2023)."""
    theatre = theatre or default_theatre()
    if not 1 <= decimals <= COORD_DECIMALS:
        raise ValueError(f"decimals must be 1..{COORD_DECIMALS}, got {decimals}")
    if not days:
        raise ValueError("frames need at least one day")
    if window_days < 1:
        raise ValueError(f"window_days must be at least 1, got {window_days}")
    if any(b.day <= a.day for a, b in zip(days, days[1:], strict=False)):
        raise ValueError("frame days must be strictly ascending")
    epoch = days[0].day
    zones, sets, per_frame = _zone_sets(days, decimals, theatre)
    columns, strings, styles = _event_columns(events, epoch, window_days, decimals)
    offsets = columns["d"]
    first = min(offsets, default=0)
    last = max(offsets, default=-1)
    order = draw_order(theatre)
    sides_used = [s.id for s in theatre.sides]
    sides_used += sorted({z["side"] for z in zones} - set(sides_used))
    reference = EventKind.OTHER
    ages = [event_style(reference, ClaimStatus.CONFIRMED, age, window_days)
            for age in range(window_days)]
    frames: dict[str, Any] = {
        "v": FORMAT_VERSION,
        "epoch": epoch.isoformat(),
        "days": [d.day.isoformat() for d in days],
        "t": [(d.day - epoch).days for d in days],
        "initial": max(0, min(len(days) - 1, initial)),
        "window": window_days,
        "zones": zones, "sets": sets, "z": per_frame,
        "ev": columns, "str": strings, "styles": styles,
        # the popup's date text of an event on day offset d is dates[d - d0]
        "d0": first,
        "dates": [escape_display(format_day(epoch + timedelta(days=d)))
                  for d in range(first, last + 1)],
        "opacity": [[a["opacity"], a["fillOpacity"]] for a in ages],
        "order": sorted((s for s in sides_used if s in order),
                        key=lambda s: order[s]),  # draw order: the last on top
        "sides": {side: {"label": escape_display(side_label(side, theatre)),
                         "style": zone_style(side, theatre)} for side in sides_used},
        "highlight": zone_highlight(),
        "front": FRONT_STYLE,
        "kinds": [[k.value, escape_display(k.label), styles_colour(k)] for k in EventKind],
        "statuses": [s.value for s in ClaimStatus],
    }
    if any(d.stamp for d in days):
        frames["stamps"] = [d.stamp for d in days]
    log.debug("frames: %d days, %d zones in %d sets, %d events", len(days), len(zones),
              len(sets), len(columns["x"]))
    return frames


def styles_colour(kind: EventKind) -> str:
    """The fill colour of an event of ``kind`` (the app's marker style)."""
    return str(event_style(kind, ClaimStatus.CONFIRMED, 0, 1)["fillColor"])


def frames_json(frames: dict[str, Any]) -> str:
    """The frames as compact JSON, safe inside an HTML ``<script>``."""
    return safe_json(frames)


def payload_sizes(frames: dict[str, Any]) -> tuple[int, int]:
    """(raw bytes, gzip bytes) of the frames' JSON: the latter is what a compressed
    transfer puts on the wire."""
    data = frames_json(frames).encode("utf-8")
    return len(data), len(gzip.compress(data, compresslevel=6))


def _drawn(zones: Sequence[ZoneReport], band: int) -> list[ZoneReport]:
    simplified = layered_display_geometries(zones, band)
    return [replace(z, geometry=simplified.get(z.id, z.geometry)) for z in zones]


def store_frame_days(store: Store, start: date, end: date, *, band: int,
                     bbox: BBox | None = None, front: bool = True,
                     theatre: Theatre | None = None) -> list[FrameDay]:
    """One frame per day from ``start`` to ``end``: the zones in force (display geometry of
    ``band``) and their front line, queried once per report date (of one theatre)."""
    if end < start:
        raise ValueError(f"frame range ends ({end}) before it starts ({start})")
    name = theatre.name if theatre is not None else None
    changes = [d for d in store.zone_report_dates(theatre=name) if start < d <= end]
    out: list[FrameDay] = []
    zones: list[ZoneReport] = []
    line: BaseGeometry | None = None
    day = start
    while day <= end:
        if day == start or day in changes:
            zones = _drawn(store.zones_at(day, bbox, theatre=name), band)
            line = map_front_line(zones, theatre) if front and zones else None
        out.append(FrameDay(day=day, zones=zones, front=line))
        day += timedelta(days=1)
    return out


def store_frames(store: Store, start: date, end: date, *, band: int, window_days: int,
                 bbox: BBox | None = None, filters: EventFilter | None = None,
                 initial: date | None = None, front: bool = True,
                 theatre: Theatre | None = None, min_sources: int = 1) -> dict[str, Any]:
    """The frames of every day from ``start`` to ``end`` from ``store`` (one events query
    for the whole range), of one theatre if given; with ``min_sources`` > 1 only events
    reported by that many independent sources (merged, as the app's filter does)."""
    theatre = theatre or store.main_theatre()
    days = store_frame_days(store, start, end, band=band, bbox=bbox, front=front,
                            theatre=theatre)
    filters = replace(filters or EventFilter(), theatre=theatre.name)
    with store.snapshot():
        events = store.events_between(window_start(start, window_days), end, bbox, filters)
    if min_sources > 1:
        events = events_by_sources(events, min_sources)
    at = (initial - start).days if initial is not None else len(days) - 1
    return build_frames(days, events, window_days=window_days, initial=at,
                        decimals=band_decimals(band), theatre=theatre)


def band_decimals(band: int) -> int:
    """Coordinate decimals sent for a zoom band: 1e-4° (about 10 m, under a pixel up to zoom
    12) for the simplified bands, 1e-5° for the street band."""
    return COORD_DECIMALS - 1 if band < len(ZOOM_BANDS) - 1 else COORD_DECIMALS


def frame_window(first: date, last: date, day: date, *, span_bytes: int, budget: int,
                 current: tuple[date, date] | None = None) -> tuple[date, date]:
    """The range of frames to send for ``day``: the whole span [first, last] when its
    frames (``span_bytes`` on the wire) fit ``budget``, else a window of about the
    budget's share of the span, aligned on half-window steps from ``first`` (so sessions
    share windows) with ``day`` in its middle half. ``current`` (the window sent before)
    is kept while ``day`` is not within a quarter window of its edges."""
    if span_bytes <= budget or last <= first:
        return first, last
    span_days = (last - first).days + 1
    length = max(14, int(span_days * budget / span_bytes * 0.8))
    quarter = length // 4
    if current is not None:
        start, end = current
        if (start + timedelta(days=quarter) <= day <= end - timedelta(days=quarter)
                or (start == first and day <= end - timedelta(days=quarter))
                or (end == last and day >= start + timedelta(days=quarter))):
            return current
    step = max(1, length // 2)
    k = max(0, ((day - first).days - length // 4) // step)
    start = first + timedelta(days=k * step)
    end = min(last, start + timedelta(days=length - 1))
    return start, end
