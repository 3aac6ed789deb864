"""The store: one write path above thin backends (GeoPackage and PostGIS).

Every write is a :class:`Batch` stored by :meth:`Store.write` in ONE transaction: layers,
articles, zone reports, events (with their actors), corrections, cache entries and the data
version together. The algorithm (layer upsert, content-hash dedup in bounded chunks,
counting, dry run, version bump) is written here once; a backend supplies a few primitives
(a transaction with ``rows``/``execute``/``known``/``insert``, and reads) and the reads
that need its own SQL.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from shapely.geometry.base import BaseGeometry

from geo.errors import DryRunRollback, InputError
from geo.models import Article, Event, LayerInfo, ZoneReport
from geo.store.queries import (
    BBox,
    EventFilter,
    in_list,
)
from geo.store.reads import StoreReads
from geo.store.schema import (
    ARTICLES,
    AUDIT,
    CORRECTIONS,
    EVENT_ACTORS,
    EVENTS,
    GEOCODE_CACHE,
    LAYERS,
    PRIMARY_KEYS,
    ZONE_REPORTS,
    AuditEntry,
    CacheEntry,
    Correction,
    Table,
    actor_rows,
)
from geo.store.theatres import TheatreBook
from geo.theatre import DEFAULT_THEATRE, Theatre, normalise_name

log = logging.getLogger(__name__)

SCHEMA_VERSION = 6
"""2: events carry ``time_precision`` and ``geo_precision``; 3: corrections and event actors
in their own tables; 4: who wrote what (``written_by``/``batch_id`` columns, the audit table);
5: live sources (HTTP validators, source runs, source locks, the review queue); 6: theatres
(the ``theatres`` table, a ``theatre`` per zone report and event) and the events' end day,
denial, day precision, quote span and corroborating sources
(GeoPackage version numbers; PostGIS counts its migrations)."""


@dataclass
class Batch:
    """Everything one write stores, in one transaction. Item iterables may be lazy."""

    layers: Sequence[LayerInfo] = ()
    articles: Iterable[Article] = ()
    zone_reports: Iterable[ZoneReport] = ()
    events: Iterable[Event] = ()
    corrections: Iterable[Correction] = ()
    theatres: Sequence[Theatre] = ()
    """Theatres to add or update (stored before the batch's zone reports and events)."""
    cache: Iterable[CacheEntry] = ()
    """Geocoder cache entries: stored with the batch, but not data (no version change)."""
    written_by: str = field(default="", kw_only=True)
    """Who wrote the batch: ``cli:<command> (<os user>)`` for a CLI command, the signed-in
    identity (``dashboard.auth.current_writer()``, e.g. ``user:alice``) for the app. Every
    writer sets it (:meth:`Store.write` refuses a batch without it); it is stamped on the
    new rows and recorded in the audit table."""
    audit: Iterable[AuditEntry] = field(default=(), kw_only=True)
    """Audit rows of another store (``frontline migrate``): kept as they are."""
    theatre: str = field(default="", kw_only=True)
    """The theatre of the batch's zone reports and events that name none (empty: the
    default theatre); it must be stored or among ``theatres``."""


@dataclass(frozen=True)
class ImportResult:
    """What one write did (or, with ``dry_run``, would do)."""

    layer: str
    layer_status: str
    """``"new"``, ``"changed"`` (licence/attribution/source differ) or ``"unchanged"``
    for the batch's first layer (``""`` when it has none)."""
    zones_added: int = 0
    zones_unchanged: int = 0
    events_added: int = 0
    events_unchanged: int = 0
    dry_run: bool = False
    articles_added: int = 0
    articles_unchanged: int = 0
    corrections_written: int = 0
    cache_written: int = 0
    layer_statuses: dict[str, str] = field(default_factory=dict)
    batch_id: str = ""
    """The audit row of this write (empty for a dry run or a cache-only write)."""
    theatre_statuses: dict[str, str] = field(default_factory=dict)
    """``"new"``, ``"changed"`` or ``"unchanged"`` per theatre of the batch."""

    @property
    def changed(self) -> bool:
        """True when the write adds or changes any data."""
        return bool(self.zones_added or self.events_added or self.articles_added
                    or self.corrections_written
                    or any(s != "unchanged" for s in self.layer_statuses.values())
                    or any(s != "unchanged" for s in self.theatre_statuses.values()))


class Transaction(Protocol):
    """What a backend's write transaction offers the write algorithm."""

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]: ...

    def execute(self, sql: str, params: dict[str, Any] | list[dict[str, Any]]) -> None: ...

    def known(self, table: Table, ids: list[str]) -> set[str]:
        """Which of ``ids`` are stored already (``table.key``)."""

    def insert(self, table: Table, items: list[Any], stamp: dict[str, str] | None = None
               ) -> None:
        """Bulk insert of model objects (encoded by the backend from the declaration);
        ``stamp`` fills the stamped columns (writer, batch id) of items without one."""

    def encode(self, table: Table, item: Any, stamp: dict[str, str] | None = None
               ) -> dict[str, Any]:
        """The parameters of one item for ``execute`` (backend encoding)."""

    def touched(self, table: Table, added: int) -> None:
        """Called once per table that got ``added`` new rows (metadata, statistics)."""


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def upsert_sql(table: Table) -> str:
    """Insert or replace by primary key: the same SQL in SQLite (3.24+) and PostgreSQL."""
    keys = PRIMARY_KEYS[table.name]
    names = table.names
    updates = ", ".join(f"{n} = excluded.{n}" for n in names if n not in keys)
    return (f"INSERT INTO {table.name} ({', '.join(names)}) "
            f"VALUES ({', '.join(':' + n for n in names)}) "
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}")


class Store(StoreReads, ABC):
    """Where articles, events, zone reports, corrections and caches live."""

    location: str
    chunk_size: int = 1000
    """Items per id lookup + bulk insert (bounded memory for any input size)."""
    collate: str = ""
    """Appended to text ORDER BY terms so both stores order text by code point."""

    # -- backend primitives -------------------------------------------------------------------

    @abstractmethod
    def _transaction(self) -> AbstractContextManager[Transaction]:
        """One write transaction (writers serialised); rolls back on any exception."""

    @abstractmethod
    def _rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        """Run a read query (inside the current snapshot, if any)."""

    @abstractmethod
    def _geometry_sql(self, column: str) -> str:
        """The SELECT expression that returns ``column`` as this backend's geometry value."""

    @abstractmethod
    def _decode_geometries(self, values: list[Any]) -> list[BaseGeometry]: ...

    @abstractmethod
    def close(self) -> None: ...

    # -- the one write path -------------------------------------------------------------------

    def write(self, batch: Batch, *, dry_run: bool = False) -> ImportResult:
        """Store ``batch`` in ONE transaction, idempotently (see the module docstring).

        Items already stored (same content-hash id) are counted as unchanged; the first of
        two items with one id wins. On any error, including one raised while iterating the
        batch's items, nothing of it is stored. ``dry_run`` counts, then rolls back.
        """
        writer = batch.written_by.strip()
        if not writer:
            raise InputError("a write must say who wrote it (Batch.written_by is empty)",
                             field="written_by")
        batch_id = uuid.uuid4().hex
        theatre = normalise_name(batch.theatre or DEFAULT_THEATRE)
        stamp = {"written_by": writer, "batch_id": batch_id, "theatre": theatre}
        layers: dict[str, None] = {layer.layer: None for layer in batch.layers}
        result: ImportResult | None = None
        try:
            with self._transaction() as tx:
                digest = hashlib.sha256()
                book = TheatreBook(tx.rows)
                theatres = {spec.name: book.upsert(tx, spec, stamp) for spec in batch.theatres}
                for name, status in theatres.items():
                    digest.update(f"theatre:{name}:{status}".encode())
                book.get(theatre)
                statuses = {layer.layer: self._upsert_layer(tx, layer)
                            for layer in batch.layers}
                for name, status in statuses.items():
                    digest.update(f"layer:{name}:{status}".encode())
                articles = self._insert_new(tx, ARTICLES, batch.articles, digest, stamp)
                zones = self._insert_new(tx, ZONE_REPORTS, batch.zone_reports, digest, stamp,
                                         layers, book)
                events = self._insert_new(tx, EVENTS, batch.events, digest, stamp, layers)
                corrections = self._upsert(tx, CORRECTIONS, batch.corrections, digest, stamp)
                cache = self._upsert(tx, GEOCODE_CACHE, batch.cache, None)
                self._insert_new(tx, AUDIT, batch.audit, None)
                first = next(iter(statuses.items()), ("", ""))
                seen = {"articles": articles[1], "events": events[1],
                        "zone reports": zones[1], "corrections": corrections,
                        "layers": len(statuses),
                        "theatres": sum(s != "unchanged" for s in theatres.values())}
                audited = not dry_run and any(seen.values())
                result = ImportResult(
                    layer=first[0], layer_status=first[1], zones_added=zones[0],
                    zones_unchanged=zones[1] - zones[0], events_added=events[0],
                    events_unchanged=events[1] - events[0], dry_run=dry_run,
                    articles_added=articles[0], articles_unchanged=articles[1] - articles[0],
                    corrections_written=corrections, cache_written=cache,
                    layer_statuses=statuses, batch_id=batch_id if audited else "",
                    theatre_statuses=theatres)
                if audited:  # one row: a plain INSERT (bulk COPY is for the data)
                    self._insert_one(tx, AUDIT, AuditEntry(
                        batch_id=batch_id, written_by=writer, written_at=_now(),
                        kinds=tuple(kind for kind, n in seen.items() if n),
                        layers=tuple(name for name in layers if name),
                        articles=articles[0], events=events[0], zones=zones[0],
                        corrections=corrections,
                        unchanged=sum(n[1] - n[0] for n in (articles, events, zones))))
                if result.changed:
                    self._bump_version(tx, digest.hexdigest())
                if dry_run:
                    raise DryRunRollback
        except DryRunRollback:
            log.info("%s: dry run rolled back", self.location)
        assert result is not None
        return result

    def _insert_new(self, tx: Transaction, table: Table, items: Iterable[Any],
                    digest: Any | None, stamp: dict[str, str] | None = None,
                    layers: dict[str, None] | None = None, book: TheatreBook | None = None
                    ) -> tuple[int, int]:
        """Insert the items whose key is not stored yet, chunk by chunk: (added, seen).

        ``stamp`` fills their writer and batch id; ``layers`` collects the items' layers."""
        key_of = table.column(table.key).get
        added = seen = 0
        for chunk in _chunks(items, self.chunk_size):
            seen += len(chunk)
            if layers is not None:
                layers.update(dict.fromkeys(item.layer for item in chunk))
            unique: dict[str, Any] = {}
            for item in chunk:
                first = unique.setdefault(key_of(item), item)
                if table is ZONE_REPORTS and first.layer != item.layer:
                    raise _same_report_elsewhere(item, first.layer)
            known = tx.known(table, list(unique))
            if table is ZONE_REPORTS:
                if book is not None:
                    book.check_zones(unique.values(), stamp["theatre"] if stamp else "")
                if known:
                    self._check_zone_layers(tx, [unique[k] for k in known])
            fresh = [item for key, item in unique.items() if key not in known]
            if not fresh:
                continue
            tx.insert(table, fresh, stamp)
            if table is EVENTS:
                pairs = actor_rows(fresh)
                if pairs:
                    tx.insert(EVENT_ACTORS, pairs)
            added += len(fresh)
            if digest is not None:
                digest.update("|".join(sorted(key_of(item) for item in fresh)).encode())
        if added:
            tx.touched(table, added)
        return added, seen

    @staticmethod
    def _insert_one(tx: Transaction, table: Table, item: Any) -> None:
        names = table.names
        tx.execute(f"INSERT INTO {table.name} ({', '.join(names)}) "
                   f"VALUES ({', '.join(':' + n for n in names)})", tx.encode(table, item))

    @staticmethod
    def _check_zone_layers(tx: Transaction, reports: list[ZoneReport]) -> None:
        """Refuse a report whose id (a content hash without the layer) is stored under
        another layer: counting it "unchanged" would leave it out of its own layer."""
        params: dict[str, Any] = {}
        where = in_list("report_id", "rid", [r.id for r in reports], params)
        stored = dict(tx.rows(f"SELECT report_id, layer FROM zone_reports WHERE {where}",
                              params))
        for report in reports:
            if stored.get(report.id, report.layer) != report.layer:
                raise _same_report_elsewhere(report, stored[report.id])

    def _upsert(self, tx: Transaction, table: Table, items: Iterable[Any],
                digest: Any | None, stamp: dict[str, str] | None = None) -> int:
        """Insert or replace by primary key (the last of two items with one key wins)."""
        now = _now()
        rows: dict[tuple, dict[str, Any]] = {}
        keys = PRIMARY_KEYS[table.name]
        for item in items:
            row = tx.encode(table, item, stamp)
            if not row.get("created_at"):
                row["created_at"] = now
            rows[tuple(row[k] for k in keys)] = row
        if not rows:
            return 0
        tx.execute(upsert_sql(table), list(rows.values()))
        if digest is not None:
            digest.update(repr(sorted(rows)).encode())
            tx.touched(table, len(rows))
        return len(rows)

    def _upsert_layer(self, tx: Transaction, info: LayerInfo) -> str:
        """Insert or update a layer row; ``"new"``, ``"changed"`` or ``"unchanged"``."""
        found = tx.rows("SELECT source, licence, attribution, non_commercial FROM layers "
                        "WHERE layer = :layer", {"layer": info.layer})
        values = (info.source, info.licence, info.attribution, bool(info.non_commercial))
        if found and (*found[0][:3], bool(found[0][3])) == values:
            return "unchanged"
        stamped = LayerInfo(info.layer, info.source, info.licence, info.attribution,
                            imported_at=info.imported_at or _now(),
                            non_commercial=info.non_commercial)
        if not found:
            tx.insert(LAYERS, [stamped])
            return "new"
        tx.execute(upsert_sql(LAYERS), [tx.encode(LAYERS, stamped)])
        return "changed"

    @staticmethod
    def _bump_version(tx: Transaction, change: str) -> None:
        """New data version: hash of the old one and ``change`` (a digest of what changed)."""
        old = tx.rows("SELECT value FROM frontline_metadata WHERE key = 'data_version'")[0][0]
        new = hashlib.sha256((old + "|" + change).encode()).hexdigest()[:16]
        tx.execute("UPDATE frontline_metadata SET value = :value WHERE key = 'data_version'",
                   {"value": new})

    def cache_put(self, provider: str, query: str, value: str) -> None:
        """One geocoder-cache entry (a write of its own: not data, no version change, not
        audited)."""
        self.write(Batch(cache=[CacheEntry(provider, query, value)],
                         written_by=f"geocoder cache ({provider})"))

    # -- conveniences -------------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """Reads inside this block see one consistent state of the store.

        Every single read is consistent (a write is one transaction, seen whole or not at
        all); a snapshot makes several reads agree (e.g. data version, zones and events of
        one map frame). The PostGIS store runs the block in one REPEATABLE READ, READ ONLY
        transaction.
        """
        yield self

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _same_report_elsewhere(report: ZoneReport, layer: str) -> InputError:
    return InputError(
        f"zone report {report.zone_id!r} of {report.valid_from.isoformat()} has the same "
        f"content (zone id, side, date, geometry, source) as a report of layer {layer!r}: "
        "give it its own source (--source) to store it in its own layer", item=report.zone_id,
        field="layer")




__all__ = ["SCHEMA_VERSION", "AuditEntry", "Batch", "BBox", "CacheEntry", "Correction",
           "EventFilter",
           "ImportResult", "Store", "Transaction", "upsert_sql"]
