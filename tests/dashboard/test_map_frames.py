"""The map's frames as served (dashboard.map_frames): one build per key, and on a first visit
to a big span the quick frames around the day at once, the rest built in the background and
named by a published ticket."""

from __future__ import annotations

import gzip
import json
from datetime import date

import pytest

from dashboard import map_frames
from dashboard.background import wait_for_jobs
from dashboard.components import frontline_map as component
from geo.store import open_store
from geo.zones import zoom_band


@pytest.fixture
def seeded(seeded_store_path):
    with open_store(seeded_store_path) as store:
        yield store


def _key(store, **extra) -> map_frames.FrameKey:
    theatre = store.main_theatre()
    return map_frames.FrameKey(location=f"test-{id(store)}-{sorted(extra.items())}",
                               version=store.data_version(), theatre=theatre,
                               band=zoom_band(10), window_days=7, **extra)


def _served(url: str) -> dict:
    path = component.served_path(url)
    assert path is not None, url
    return json.loads(gzip.decompress(path.read_bytes()))


def _ticket(url: str) -> dict:
    path = component.served_path(url)  # a ticket is published beside the frames
    assert path is not None, url
    return json.loads(path.read_text("utf-8"))


def test_first_visit_to_a_big_span_gets_quick_frames_then_the_ticket_names_the_whole(
        seeded, monkeypatch):
    monkeypatch.setattr(map_frames, "QUICK_EVENTS", 10)  # the seeds count as a big store
    key = _key(seeded)
    span = seeded.date_range(key.theatre.name)
    day = date(2023, 3, 15)
    offer = map_frames.frames_offer(seeded, key, span, day)
    assert offer.ticket is not None and offer.ticket.endswith(component.TICKET_SUFFIX)
    quick = _served(component.publish(offer.frames))
    assert quick["days"][0] == "2023-03-08" and quick["days"][-1] == "2023-03-22"
    assert "2023-03-15" in quick["days"]
    wait_for_jobs()
    ticket = _ticket(offer.ticket)
    whole = _served(ticket["frames"])
    assert whole["days"][0] == span[0].isoformat() and whole["days"][-1] == span[1].isoformat()
    assert len(whole["ev"]["x"]) > len(quick["ev"]["x"])
    # the next rerun finds the whole span built: no ticket, the very file the ticket named
    again = map_frames.frames_offer(seeded, key, span, date(2023, 4, 20))
    assert again.ticket is None
    assert component.publish(again.frames) == ticket["frames"]


def test_a_small_span_is_built_at_once(seeded):
    key = _key(seeded, actors=())
    span = seeded.date_range(key.theatre.name)
    assert seeded.count_events(span[0], span[1]) < map_frames.QUICK_EVENTS
    offer = map_frames.frames_offer(seeded, key, span, date(2023, 3, 15))
    assert offer.ticket is None and offer.window is None
    assert _served(component.publish(offer.frames))["days"][-1] == span[1].isoformat()


def test_frames_are_built_once_per_key(seeded):
    key = _key(seeded, sources=("x",))
    span = (date(2023, 3, 1), date(2023, 3, 31))
    first = map_frames.packed(seeded, key, *span)
    assert map_frames.packed(seeded, key, *span) is first
    assert map_frames.packed(seeded, key, span[0], date(2023, 3, 30)) is not first
