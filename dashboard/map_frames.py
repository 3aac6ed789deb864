"""The map's frames as served: built and compressed once per key, and a quick first look.

A key is (store, data version, theatre, date range, zoom band, events window, server-side
filters). Every session shares one build per key (others wait for it). The whole span's
frames of a big store take seconds to build (about 6 s for 50,000 events), so a first
visit that finds them unbuilt is not made to wait: it gets the frames of a few weeks around
its day at once (:data:`QUICK_DAYS`), the whole span is built after the run in a
background thread (:mod:`dashboard.background`), and
a small *ticket* file published beside the frames names them when they are ready. The
map's page polls the ticket and swaps the frames in place (no rerun); later reruns find
them built. Stores with few events in the span (:data:`QUICK_EVENTS`) are built at once.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from dashboard import background
from dashboard.components import frontline_map as component
from geo.lru import LRUCache
from geo.store.base import EventFilter, Store
from geo.theatre import Theatre
from geo.timeline import window_start
from layers.frames import frame_window, store_frames

__all__ = ["QUICK_DAYS", "QUICK_EVENTS", "WIRE_BUDGET", "FrameKey", "Offer", "frames_offer",
           "packed"]

log = logging.getLogger(__name__)

WIRE_BUDGET = 6_000_000
"""Largest frames file sent at once (bytes on the wire); beyond it, a window of days."""
QUICK_DAYS = 7
"""Days either side of the viewer's day in the quick first frames (two weeks to drag
through while the whole span is built; 5,000 events of the big store, about 0.3 s)."""
QUICK_EVENTS = 8_000
"""Events in the span above which a first visit gets the quick frames (building 8,000
events' frames takes about a second here)."""

_frames: LRUCache[tuple, component.PackedFrames] = LRUCache(24)
_builders: dict[tuple, threading.Lock] = {}
_builders_lock = threading.Lock()
_failed: set[tuple] = set()


@dataclass(frozen=True)
class FrameKey:
    """What a frames file depends on."""

    location: str
    version: str
    theatre: Theatre
    band: int
    window_days: int
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    min_sources: int = 1

    def of(self, start: date, end: date) -> tuple:
        return (self.location, self.version, self.theatre.name, start, end, self.band,
                self.window_days, self.actors, self.sources, self.min_sources)


@dataclass(frozen=True)
class Offer:
    """The frames to send now and, while better ones are being built, the ticket's URL."""

    frames: component.PackedFrames
    window: tuple[date, date] | None = None
    ticket: str | None = None


def packed(store: Store, key: FrameKey, start: date, end: date) -> component.PackedFrames:
    """The frames of [start, end], built and compressed once per key (every session)."""
    full_key = key.of(start, end)
    found = _frames.get(full_key)
    if found is not None:
        return found
    with _builder(full_key):  # one build per key: other sessions wait for it
        return _frames.get_or_compute(full_key, lambda: _build(store, key, start, end))


def _builder(key: tuple) -> threading.Lock:
    with _builders_lock:
        if len(_builders) > 64:
            _builders.clear()
        return _builders.setdefault(key, threading.Lock())


def _build(store: Store, key: FrameKey, start: date, end: date) -> component.PackedFrames:
    started = time.perf_counter()
    frames = store_frames(store, start, end, band=key.band, window_days=key.window_days,
                          theatre=key.theatre,
                          filters=EventFilter(actors=key.actors, sources=key.sources),
                          min_sources=key.min_sources)
    result = component.pack_frames(frames)
    log.info("frames %s..%s (band %d): %d days, %d events, %.2f MB raw, %.2f MB gzip, "
             "built in %.1f s", start, end, key.band, len(frames["days"]),
             len(frames["ev"]["x"]), result.raw_bytes / 1e6, result.wire_bytes / 1e6,
             time.perf_counter() - started)
    return result


def _chosen(store: Store, key: FrameKey, span: tuple[date, date], day: date,
            current: tuple[date, date] | None) -> Offer:
    """The whole span's frames, or a window around ``day`` when they exceed the budget."""
    whole = packed(store, key, *span)
    if whole.wire_bytes <= WIRE_BUDGET:
        return Offer(whole)
    window = frame_window(*span, day, span_bytes=whole.wire_bytes, budget=WIRE_BUDGET,
                          current=current)
    return Offer(packed(store, key, *window), window=window)


def _events_in(store: Store, key: FrameKey, span: tuple[date, date]) -> int:
    filters = EventFilter(actors=key.actors, sources=key.sources, theatre=key.theatre.name)
    return store.count_events(window_start(span[0], key.window_days), span[1], None, filters)


def frames_offer(store: Store, key: FrameKey, span: tuple[date, date], day: date,
                 current: tuple[date, date] | None = None) -> Offer:
    """What to send a session at ``day``: the chosen frames when built (or cheap to build);
    else quick frames around ``day`` and the ticket of the chosen ones, built meanwhile."""
    first, last = span
    whole_key = key.of(first, last)
    quick = (max(first, day - timedelta(days=QUICK_DAYS)),
             min(last, day + timedelta(days=QUICK_DAYS)))
    if (whole_key in _frames or whole_key in _failed or quick == span
            or _events_in(store, key, span) <= QUICK_EVENTS):
        return _chosen(store, key, span, day, current)
    ticket = _ticket_name(whole_key, day)
    quick_frames = packed(store, key, *quick)
    background.after_run(f"frames-{ticket}", partial(
        _background_build, ticket, component.frames_base(), store, key, span, day))
    return Offer(quick_frames, window=quick, ticket=component.ticket_url(ticket))


def _ticket_name(whole_key: tuple, day: date) -> str:
    return hashlib.sha256(repr((whole_key, day)).encode("utf-8")).hexdigest()[:24]


def _background_build(ticket: str, base: str, store: Store, key: FrameKey,
                      span: tuple[date, date], day: date) -> None:
    """A deferred job (:mod:`dashboard.background`): no Streamlit call here (``base`` is the
    frames' URL prefix)."""
    try:
        offer = _chosen(store, key, span, day, None)
        component.write_frames(offer.frames)
        component.publish_ticket(ticket, base + offer.frames.name)
    except Exception:  # a failed build is retried in a session, where its error shows
        _failed.add(key.of(*span))
        component.publish_ticket(ticket, None)
        raise
