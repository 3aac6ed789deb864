"""Move everything from one store to another (GeoPackage -> PostGIS and back), losing nothing.

What moves: layers (with their first import time and licence), articles, zone reports (empty
ones too), events (every field), the analysts' place corrections and the geocoder cache
(with their times), and who wrote what: every item keeps its ``written_by`` and
``batch_id``, and the audit table moves whole; then, in a second transaction as idempotent,
the live sources' HTTP validators, runs and review queue (not their locks). The migration is
itself a write of the destination, audited as written by its ``written_by``. Items keep
their content-hash ids, so a migration is idempotent: running it again, or after an
interruption, adds only what is missing. Items are written in the source's order, so ties
(two reports of a zone on one day, events of one day) resolve the same way in the
destination.

The data are one batch written in ONE transaction of the destination: an interrupted
migration leaves the destination as it was. The source is read lazily (events in windows of
:data:`EVENT_WINDOW_DAYS` days), so memory stays bounded for big stores. The destination
may already hold data: the migration merges into it, and :func:`verify` then checks that
every item of the source is in the destination.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from geo.errors import StoreError
from geo.models import Event
from geo.store.base import Batch, Store

log = logging.getLogger(__name__)

EVENT_WINDOW_DAYS = 92


@dataclass
class MigrationReport:
    """Per kind of item: how many the source holds and how many were new in the target."""

    seen: dict[str, int] = field(default_factory=dict)
    added: dict[str, int] = field(default_factory=dict)

    def note(self, kind: str, seen: int, added: int) -> None:
        self.seen[kind] = self.seen.get(kind, 0) + seen
        self.added[kind] = self.added.get(kind, 0) + added

    def lines(self) -> list[str]:
        return [f"{kind}: {self.seen[kind]} in source, {self.added.get(kind, 0)} added"
                for kind in self.seen]


def _events(source: Store) -> Iterator[Event]:
    """Every event of ``source`` in order, read window by window."""
    span = source.date_range()
    if span is None:
        return
    start = span[0]
    while start <= span[1]:
        end = min(span[1], start + timedelta(days=EVENT_WINDOW_DAYS - 1))
        yield from source.events_between(start, end)
        start = end + timedelta(days=1)


def _counted(items: Iterable[Any], counts: dict[str, int], kind: str) -> Iterator[Any]:
    counts[kind] = 0
    for item in items:
        counts[kind] += 1
        yield item


def migrate(source: Store, target: Store, *, written_by: str,
            progress: Callable[[str], None] | None = None) -> MigrationReport:
    """Copy every item of ``source`` into ``target`` (see the module docstring)."""
    if _same(source, target):
        raise StoreError("source and destination are the same store", path=source.location)
    say = progress or (lambda message: None)
    report = MigrationReport()
    target_layers = {layer.layer for layer in target.layers()}
    before_cache = {(e.provider, e.query, e.value) for e in target.cache_entries()}
    before_corrections = {(c.key, c.place) for c in target.corrections()}
    before_audit = {entry.batch_id for entry in target.audit()}
    audit = source.audit()[::-1]  # oldest first: the destination keeps their order
    layers = source.layers()
    corrections = source.corrections()
    cache = source.cache_entries()
    seen: dict[str, int] = {}
    theatres = source.theatres()
    result = target.write(Batch(
        theatres=theatres, layers=layers, articles=_counted(source.articles(), seen, "articles"),
        zone_reports=_counted(source.zone_reports(), seen, "zone reports"),
        events=_counted(_events(source), seen, "events"), corrections=corrections,
        cache=cache, audit=audit, written_by=written_by))
    report.note("theatres", len(theatres),
                sum(1 for status in result.theatre_statuses.values() if status == "new"))
    report.note("layers", len(layers), sum(1 for li in layers if li.layer not in target_layers))
    report.note("articles", seen["articles"], result.articles_added)
    report.note("zone reports", seen["zone reports"], result.zones_added)
    report.note("events", seen["events"], result.events_added)
    report.note("corrections", len(corrections),
                sum(1 for c in corrections if (c.key, c.place) not in before_corrections))
    report.note("cache entries", len(cache),
                sum(1 for e in cache if (e.provider, e.query, e.value) not in before_cache))
    report.note("audit entries", len(audit),
                sum(1 for e in audit if e.batch_id not in before_audit))
    # live sources' state (validators, runs, review queue): a second transaction of the
    # target, keyed and idempotent like the first (a rerun completes an interrupted one)
    from geo.store.ledger import copy_live_state

    for name, (count, added) in copy_live_state(source, target).items():
        report.note(name.replace("_", " "), count, added)
    for line in report.lines():
        say(line)
    log.info("migrated %s -> %s: %s", source.location, target.location, report.lines())
    return report


def verify(source: Store, target: Store) -> list[str]:
    """What of ``source`` is missing or different in ``target`` (empty: nothing)."""
    problems: list[str] = []

    def compare(kind: str, ours: dict, theirs: dict) -> None:
        # who wrote an item and its theatre are not part of its content (equality):
        # compare them as well
        def stamped(items: dict) -> dict:
            return {k: (v, getattr(v, "written_by", None), getattr(v, "batch_id", None),
                        getattr(v, "theatre", None)) for k, v in items.items()}

        ours, theirs = stamped(ours), stamped(theirs)
        missing = [key for key in ours if key not in theirs]
        different = [key for key in ours if key in theirs and theirs[key] != ours[key]]
        if missing:
            problems.append(f"{kind}: {len(missing)} missing (e.g. {missing[0]})")
        if different:
            problems.append(f"{kind}: {len(different)} different (e.g. {different[0]})")

    compare("theatres", {t.name: t for t in source.theatres()},
            {t.name: t for t in target.theatres()})
    compare("layers", {li.layer: li for li in source.layers()},
            {li.layer: li for li in target.layers()})
    compare("articles", {a.id: a for a in source.articles()},
            {a.id: a for a in target.articles()})
    compare("zone reports", {r.id: r for r in source.zone_reports()},
            {r.id: r for r in target.zone_reports()})
    span = source.date_range()
    if span is not None:
        first, last = span
        other = target.date_range()
        if other is not None:
            first, last = min(first, other[0]), max(last, other[1])
        compare("events", {e.id: e for e in source.events_between(*span)},
                {e.id: e for e in target.events_between(first, last)})
    compare("corrections", {c.key: c for c in source.corrections()},
            {c.key: c for c in target.corrections()})
    compare("cache entries", {(e.provider, e.query): e for e in source.cache_entries()},
            {(e.provider, e.query): e for e in target.cache_entries()})
    compare("audit entries", {e.batch_id: e for e in source.audit()},
            {e.batch_id: e for e in target.audit()})
    from geo.store.ledger import live_state

    theirs = live_state(target)
    for name, rows in live_state(source).items():
        compare(name.replace("_", " "), rows, theirs[name])
    return problems


def _same(a: Store, b: Store) -> bool:
    from pathlib import Path

    if a.location == b.location:
        return True
    try:
        return Path(a.location).resolve() == Path(b.location).resolve()
    except (OSError, ValueError):
        return False


__all__ = ["EVENT_WINDOW_DAYS", "MigrationReport", "migrate", "verify"]
