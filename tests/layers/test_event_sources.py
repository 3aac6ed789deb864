"""Corroborated events on the map and in the events table: one marker per event several
articles reported, its sources in the popup; a filter by independent sources (issue 15)."""

from __future__ import annotations

import json
from datetime import date

from geo.events import EVENT_LAYER
from geo.models import ClaimStatus, Event, EventKind, Place
from layers.events import (
    corroborated,
    event_feature,
    events_by_sources,
    events_layer,
    sources_text,
)

DAY = date(2023, 9, 19)


def _report(source: str, lat: float = 49.994, layer: str = EVENT_LAYER) -> Event:
    return Event(day=DAY, place=Place("Kharkiv", lat, 36.23, "UA"),
                 kind=EventKind.SHELLING_STRIKE, summary=f"{source} report", source=source,
                 claim_status=ClaimStatus.CLAIMED, claimed_by="officials",
                 quote=f"as {source} wrote", layer=layer)


def test_one_marker_per_reported_event_with_its_sources_in_the_popup():
    events = [_report("Wire <One>"), _report("Paper Two"), _report("Far", lat=46.48),
              _report("Seed copy", layer="seed")]
    layer = events_layer(events, DAY, 7)
    assert layer.feature_count == 3
    features = json.loads(layer.data_json)["features"]
    assert sum("n" in f["properties"] for f in features) == 1
    merged = corroborated(events)
    assert len(merged) == 3  # two articles of one strike: one event; the seed row apart
    both = next(e for e in merged if len(e.sources) == 2)
    text = sources_text(both)
    assert text.startswith("Reported by 2 independent sources: ")
    assert "&lt;One&gt;" in text and "<One>" not in text
    assert event_feature(both, 0)["properties"]["n"] == text
    assert "n" not in event_feature(events[2], 0)["properties"]


def test_events_table_filter_by_independent_sources():
    events = [_report("A"), _report("B"), _report("C", lat=46.48)]
    assert len(events_by_sources(events)) == 2
    (kept,) = events_by_sources(events, 2)
    assert kept.independent_sources == 2 and kept.sources == ("A", "B")
    assert events_by_sources(events, 3) == []
