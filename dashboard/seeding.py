"""Build or refresh a store from the bundled seeds (idempotent)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import seeds
from geo.store import Batch, Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SeedSummary:
    """How many seed items were new to the store."""

    articles: int
    events: int
    zone_reports: int

    def __str__(self) -> str:
        return (f"{self.articles} articles, {self.events} events, "
                f"{self.zone_reports} zone reports added")


def seed_store(store: Store, *, written_by: str) -> SeedSummary:
    """Load every seed into ``store`` in one transaction (by ``written_by``); items already
    there stay as they are (with their first writer)."""
    articles = seeds.load_articles()
    events = seeds.load_events(articles)
    zones = seeds.load_zone_reports()
    result = store.write(Batch(theatres=seeds.load_theatres(),
                               layers=[seeds.load_layer_info()], articles=articles,
                               zone_reports=zones, events=events, written_by=written_by))
    summary = SeedSummary(articles=result.articles_added, events=result.events_added,
                          zone_reports=result.zones_added)
    log.info("seeded %s: %s", store.location, summary)
    return summary
