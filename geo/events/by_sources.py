"""The "reported by at least N independent sources" filter, shared by the app and exports."""

from __future__ import annotations

from collections.abc import Sequence

from geo.events.corroborate import corroborate
from geo.events.extract import EVENT_LAYER
from geo.models import Event


def corroborated(events: Sequence[Event]) -> list[Event]:
    """``events`` with reports of one event by several articles merged
    (:func:`geo.events.corroborate`); imported datasets are left as they are."""
    articles = [e for e in events if e.layer == EVENT_LAYER]
    if len(articles) < 2:
        return list(events)
    return [e for e in events if e.layer != EVENT_LAYER] + corroborate(articles)


def events_by_sources(events: Sequence[Event], least: int = 1) -> list[Event]:
    """``events`` corroborated (:func:`corroborated`), in day order, keeping those reported
    by at least ``least`` independent sources."""
    merged = sorted(corroborated(events), key=lambda e: e.day)
    return [e for e in merged if e.independent_sources >= least]


__all__ = ["corroborated", "events_by_sources"]
