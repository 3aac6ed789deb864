"""The store interface shared by the GeoPackage store and the PostGIS store."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from geo.models import Article, ClaimStatus, Event, EventKind, LayerInfo, ZoneReport

SCHEMA_VERSION = 2
"""2: events carry ``time_precision`` and ``geo_precision`` (version-1 stores are migrated)."""

BBox = tuple[float, float, float, float]
"""(west, south, east, north) in degrees: lon, lat order like shapely bounds."""


@dataclass(frozen=True)
class EventFilter:
    """Which events to keep. Empty tuples mean "no restriction"."""

    kinds: tuple[EventKind, ...] = ()
    actors: tuple[str, ...] = ()
    claim_statuses: tuple[ClaimStatus, ...] = ()
    sources: tuple[str, ...] = ()
    min_confidence: float = 0.0

    def accepts(self, event: Event) -> bool:
        """True when ``event`` passes every restriction."""
        if self.kinds and event.kind not in self.kinds:
            return False
        if self.actors and not set(self.actors) & set(event.actors):
            return False
        if self.claim_statuses and event.claim_status not in self.claim_statuses:
            return False
        if self.sources and event.source not in self.sources:
            return False
        return event.confidence >= self.min_confidence


@dataclass(frozen=True)
class AddResult:
    """What one add call did: how many items were new and how many were already stored."""

    added: int
    unchanged: int


@dataclass(frozen=True)
class ImportResult:
    """What one import did (or, with ``dry_run``, would do), all in one transaction."""

    layer: str
    layer_status: str
    """``"new"``, ``"changed"`` (licence/attribution/source differ) or ``"unchanged"``."""
    zones_added: int
    zones_unchanged: int
    events_added: int
    events_unchanged: int
    dry_run: bool = False
    articles_added: int = 0
    articles_unchanged: int = 0

    @classmethod
    def counted(cls, layer: str, status: str, *, zones: tuple[int, int],
                events: tuple[int, int], articles: tuple[int, int],
                dry_run: bool) -> ImportResult:
        """From ``(added, seen)`` counts per kind of item, as the stores keep them."""
        return cls(layer=layer, layer_status=status, zones_added=zones[0],
                   zones_unchanged=zones[1] - zones[0], events_added=events[0],
                   events_unchanged=events[1] - events[0], dry_run=dry_run,
                   articles_added=articles[0], articles_unchanged=articles[1] - articles[0])

    @property
    def changed(self) -> bool:
        """True when the import adds or changes anything."""
        return bool(self.zones_added or self.events_added or self.articles_added
                    or self.layer_status != "unchanged")


@dataclass(frozen=True)
class CacheEntry:
    """One geocoder-cache (or correction) entry, with the time it was stored."""

    provider: str
    query: str
    value: str
    created_at: str = ""


class Store(ABC):
    """Where articles, events, zone reports and caches live.

    Every ``add_*`` call is one transaction and idempotent by content hash: adding the same
    items again changes nothing and reports them as unchanged.
    """

    location: str

    @abstractmethod
    def add_articles(self, articles: Iterable[Article]) -> AddResult: ...

    @abstractmethod
    def add_events(self, events: Iterable[Event]) -> AddResult: ...

    @abstractmethod
    def add_zone_reports(self, reports: Iterable[ZoneReport]) -> AddResult: ...

    @abstractmethod
    def add_layer(self, info: LayerInfo) -> None: ...

    @abstractmethod
    def add_import(self, layer: LayerInfo, zone_reports: Iterable[ZoneReport],
                   events: Iterable[Event], *, dry_run: bool = False,
                   articles: Iterable[Article] = ()) -> ImportResult:
        """Store a layer's provenance, zone reports, events (and articles) in ONE transaction.

        Idempotent like the ``add_*`` calls; the layer's first import time is kept. On any
        error (including one raised while iterating ``zone_reports``, ``events`` or
        ``articles``) nothing of the import is stored. ``dry_run`` counts what would change,
        then rolls back. A batch of ingested articles and their events is one such import.
        """

    @abstractmethod
    def articles(self) -> list[Article]: ...

    @abstractmethod
    def layers(self) -> list[LayerInfo]: ...

    @abstractmethod
    def zones_at(self, day: date, bbox: BBox | None = None) -> list[ZoneReport]:
        """The latest report per zone on or before ``day`` (empty geometries left out)."""

    @abstractmethod
    def zone_reports(self) -> list[ZoneReport]:
        """Every stored zone report, oldest first."""

    @abstractmethod
    def events_between(self, start: date, end: date, bbox: BBox | None = None,
                       filters: EventFilter | None = None) -> list[Event]:
        """Events with ``start <= day <= end``, inside ``bbox`` and passing ``filters``."""

    @abstractmethod
    def dates(self) -> list[date]:
        """Every distinct day with a zone report or an event, ascending."""

    @abstractmethod
    def data_version(self) -> str:
        """A hash that changes whenever stored data changes (for cache invalidation)."""

    @abstractmethod
    def cache_get(self, provider: str, query: str) -> str | None: ...

    @abstractmethod
    def cache_put(self, provider: str, query: str, value: str) -> None: ...

    @abstractmethod
    def cache_entries(self, provider: str | None = None) -> list[CacheEntry]:
        """Every cache entry (of one provider if given), ordered by provider and query."""

    @abstractmethod
    def cache_put_many(self, entries: Iterable[CacheEntry]) -> int:
        """Store entries (replacing same provider+query) in one transaction, keeping their
        ``created_at`` when set; returns how many were written."""

    @abstractmethod
    def close(self) -> None: ...

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Reads inside this block see one consistent state of the store.

        Every single read is consistent in every store (an import is one transaction, so it
        is seen whole or not at all); a snapshot makes several reads agree with each other
        (e.g. the data version, the zones and the events of one map frame). The default
        does nothing special; the PostGIS store runs the block in one REPEATABLE READ,
        READ ONLY transaction.
        """
        yield self

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def zone_report_dates(self, layer: str | None = None) -> list[date]:
        """Distinct ``valid_from`` days of zone reports (of one layer if given), ascending."""
        return sorted({r.valid_from for r in self.zone_reports()
                       if layer is None or r.layer == layer})

    def date_range(self) -> tuple[date, date] | None:
        """(first, last) day with data, or None for an empty store."""
        days = self.dates()
        return (days[0], days[-1]) if days else None

    def event_values(self, attribute: str) -> Sequence[str]:
        """Distinct values of an event attribute over the whole store (for filter widgets)."""
        first, last = self.date_range() or (date.min, date.min)
        values: set[str] = set()
        for event in self.events_between(first, last):
            value = getattr(event, attribute)
            if isinstance(value, tuple):
                values.update(value)
            else:
                values.add(str(value))
        return sorted(values)
