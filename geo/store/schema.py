"""Every stored table and column, declared once.

Both backends build their fresh schema and their row converters from these declarations:
a column says its name, its portable type, and how its value is read off the model object;
a table says which column is its idempotency key and how a model object is rebuilt from a
row. Schema *migrations* are frozen SQL in each backend (they describe history, not the
present); a test checks that an upgraded store has exactly the columns declared here.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.models import (
    Article,
    ClaimStatus,
    Event,
    EventKind,
    LayerInfo,
    Place,
    Side,
    Stamped,
    ZoneReport,
)
from geo.theatre import DEFAULT_THEATRE, Theatre, theatre_from_json, theatre_to_json


class Type(StrEnum):
    """Portable column types; each backend maps them to its own SQL type and codec."""

    TEXT = "text"
    REAL = "real"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    JSON = "json"
    """A JSON document stored as text (lists of actors, ...)."""
    POINT = "point"
    GEOMETRY = "geometry"


@dataclass(frozen=True)
class Column:
    """One stored column: ``get`` reads its value off the model object being written."""

    name: str
    type: Type
    get: Callable[[Any], Any]
    nullable: bool = True
    stamped: bool = False
    """Filled by the write from the batch (``stamp[name]``) when the item's ``fill``
    attribute is empty: the batch's writer and id, or its theatre."""
    fill: str = "written_by"


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of model objects, keyed by ``key`` (a content hash: adding twice is a no-op).

    ``build`` turns a dict of decoded column values back into the model object. Tables with
    ``fid`` get an auto-increment row id that orders rows by insertion (ties resolve the
    same way in both stores).
    """

    name: str
    key: str
    columns: tuple[Column, ...]
    build: Callable[[dict[str, Any]], Any]
    indexes: tuple[Index, ...] = ()
    fid: bool = True
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def values(self, item: Any) -> tuple:
        """The column values of one model object, in column order (not yet encoded)."""
        return tuple(c.get(item) for c in self.columns)

    def column_values(self, column: Column, items: Sequence[Any],
                      stamp: dict[str, str] | None = None) -> list[Any]:
        """One column's values of ``items``. A stamped column of a new item (one without a
        writer) takes ``stamp[name]``; an item read from another store keeps its own
        writer and batch id (empty for rows stored before the audit trail)."""
        if column.stamped and stamp and column.name in stamp:
            default, fill = stamp[column.name], column.fill
            return [column.get(item) if getattr(item, fill) else default for item in items]
        return [column.get(item) for item in items]


def _stamps() -> tuple[Column, Column]:
    """``written_by`` and ``batch_id`` of a table of :class:`~geo.models.Stamped` items."""
    return (Column("written_by", Type.TEXT, lambda s: s.written_by, nullable=False,
                   stamped=True),
            Column("batch_id", Type.TEXT, lambda s: s.batch_id, stamped=True))


STAMP_COLUMNS = ("written_by", "batch_id")


def _iso(value: Any) -> date | None:
    """A date from a backend value (SQLite gives ISO text, PostgreSQL a date)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


# -- articles --------------------------------------------------------------------------------

ARTICLES = Table(
    "articles", "article_id", (
        Column("article_id", Type.TEXT, lambda a: a.id, nullable=False),
        Column("title", Type.TEXT, lambda a: a.title),
        Column("text", Type.TEXT, lambda a: a.text),
        Column("published", Type.DATE, lambda a: a.published, nullable=False),
        Column("source", Type.TEXT, lambda a: a.source),
        Column("url", Type.TEXT, lambda a: a.url),
        Column("language", Type.TEXT, lambda a: a.language),
        *_stamps(),
    ),
    build=lambda r: Article(title=r["title"], text=r["text"], published=_iso(r["published"]),
                            source=r["source"], url=r["url"], language=r["language"],
                            id=r["article_id"], written_by=r["written_by"],
                            batch_id=r["batch_id"] or ""),
    description="Ingested news articles",
)

# -- events ----------------------------------------------------------------------------------


def _trusted(cls: type) -> Callable[..., Any]:
    """A constructor of a frozen dataclass for values read back from our own store.

    Stored rows were validated when they were written, so reading skips ``__init__`` and
    ``__post_init__`` (the id is stored): about five times cheaper per object, which is
    most of the cost of reading tens of thousands of events for a frame.
    """
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}
    names = {f.name for f in fields(cls)}
    new = object.__new__

    def make(**values: Any) -> Any:
        assert values.keys() <= names
        obj = new(cls)
        obj.__dict__.update(defaults)
        obj.__dict__.update(values)
        return obj

    return make


_new_event = _trusted(Event)
_new_place = _trusted(Place)
_KINDS = {k.value: k for k in EventKind}
_CLAIMS = {c.value: c for c in ClaimStatus}
_SIDES = {s.value: s for s in Side}


def _theatre_column() -> Column:
    """The theatre a zone report or event belongs to (schema 6): the batch's theatre when the
    item names none."""
    return Column("theatre", Type.TEXT, lambda item: item.theatre, nullable=False,
                  stamped=True, fill="theatre")


def _sources(value: Any) -> tuple[str, ...]:
    return tuple(value or ())


def _event(r: dict[str, Any]) -> Event:
    place = _new_place(name=r["place"], lat=r["lat"], lon=r["lon"],
                  country_code=r["country_code"] or "", feature_class=r["feature_class"] or "",
                  source_id=r["place_source_id"] or "",
                  confidence=_or(r["place_confidence"], 1.0), metonymic=bool(r["metonymic"]))
    return _new_event(
        day=_iso(r["day"]), place=place, kind=_KINDS.get(r["kind"]) or EventKind(r["kind"]),
        summary=r["summary"] or "", source=r["source"] or "",
        claim_status=_CLAIMS.get(r["claim_status"]) or ClaimStatus(r["claim_status"]),
        claimed_by=r["claimed_by"] or "", actors=tuple(r["actors"] or ()),
        source_date=_iso(r["source_date"]), source_url=r["source_url"] or "",
        quote=r["quote"] or "", confidence=_or(r["confidence"], 1.0),
        article_id=r["article_id"] or "", layer=r["layer"] or "", id=r["event_id"],
        time_precision=r["time_precision"], geo_precision=r["geo_precision"],
        written_by=r["written_by"], batch_id=r["batch_id"] or "",
        theatre=r.get("theatre") or DEFAULT_THEATRE, end_day=_iso(r.get("end_day")),
        denied_by=r.get("denied_by") or "", day_precision=r.get("day_precision") or "day",
        quote_span=_span(r.get("quote_start"), r.get("quote_end")),
        sources=_sources(r.get("sources")),
        independent_sources=_or(r.get("independent_sources"), 1))


def _span(start: Any, end: Any) -> tuple[int, int] | None:
    return None if start is None or end is None else (int(start), int(end))


EVENTS = Table(
    "events", "event_id", (
        Column("geom", Type.POINT, lambda e: (e.place.lon, e.place.lat)),
        Column("event_id", Type.TEXT, lambda e: e.id, nullable=False),
        Column("day", Type.DATE, lambda e: e.day, nullable=False),
        Column("place", Type.TEXT, lambda e: e.place.name),
        Column("lat", Type.REAL, lambda e: e.place.lat, nullable=False),
        Column("lon", Type.REAL, lambda e: e.place.lon, nullable=False),
        Column("country_code", Type.TEXT, lambda e: e.place.country_code),
        Column("feature_class", Type.TEXT, lambda e: e.place.feature_class),
        Column("place_source_id", Type.TEXT, lambda e: e.place.source_id),
        Column("place_confidence", Type.REAL, lambda e: e.place.confidence),
        Column("metonymic", Type.BOOLEAN, lambda e: bool(e.place.metonymic)),
        Column("kind", Type.TEXT, lambda e: e.kind.value, nullable=False),
        Column("summary", Type.TEXT, lambda e: e.summary),
        Column("source", Type.TEXT, lambda e: e.source),
        Column("source_date", Type.DATE, lambda e: e.source_date),
        Column("source_url", Type.TEXT, lambda e: e.source_url),
        Column("claim_status", Type.TEXT, lambda e: e.claim_status.value),
        Column("claimed_by", Type.TEXT, lambda e: e.claimed_by),
        Column("actors", Type.JSON, lambda e: list(e.actors)),
        Column("quote", Type.TEXT, lambda e: e.quote),
        Column("confidence", Type.REAL, lambda e: e.confidence),
        Column("article_id", Type.TEXT, lambda e: e.article_id),
        Column("layer", Type.TEXT, lambda e: e.layer),
        Column("time_precision", Type.INTEGER, lambda e: e.time_precision),
        Column("geo_precision", Type.INTEGER, lambda e: e.geo_precision),
        *_stamps(),
        _theatre_column(),
        Column("end_day", Type.DATE, lambda e: e.end_day),
        Column("denied_by", Type.TEXT, lambda e: e.denied_by),
        Column("day_precision", Type.TEXT, lambda e: e.day_precision),
        Column("quote_start", Type.INTEGER, lambda e: e.quote_span[0] if e.quote_span else None),
        Column("quote_end", Type.INTEGER, lambda e: e.quote_span[1] if e.quote_span else None),
        Column("sources", Type.JSON, lambda e: list(e.sources)),
        Column("independent_sources", Type.INTEGER, lambda e: e.independent_sources),
    ),
    build=_event,
    indexes=(Index("events_day", ("day",)), Index("events_lonlat", ("lon", "lat")),
             Index("events_theatre_day", ("theatre", "day"))),
    description="Dated, geocoded events",
)

EVENT_ACTORS = Table(
    "event_actors", "event_id", (
        Column("event_id", Type.TEXT, lambda pair: pair[0], nullable=False),
        Column("actor", Type.TEXT, lambda pair: pair[1], nullable=False),
    ),
    build=lambda r: (r["event_id"], r["actor"]),
    indexes=(Index("event_actors_actor", ("actor", "event_id")),),
    fid=False,
    description="Actors of each event (what the actor filter searches)",
)
"""One row per (event, actor): filtering by actor is the same SQL in both stores."""


def actor_rows(events: Iterable[Event]) -> list[tuple[str, str]]:
    """The :data:`EVENT_ACTORS` rows of ``events`` (each actor once per event)."""
    return [(e.id, actor) for e in events for actor in dict.fromkeys(e.actors)]


# -- zone reports ----------------------------------------------------------------------------


def _bound(i: int) -> Callable[[ZoneReport], float | None]:
    return lambda r: None if r.geometry.is_empty else r.geometry.bounds[i]


ZONE_REPORTS = Table(
    "zone_reports", "report_id", (
        Column("geom", Type.GEOMETRY, lambda r: r.geometry, nullable=False),
        Column("report_id", Type.TEXT, lambda r: r.id, nullable=False),
        Column("zone_id", Type.TEXT, lambda r: r.zone_id, nullable=False),
        Column("side", Type.TEXT, lambda r: str(r.side), nullable=False),
        Column("valid_from", Type.DATE, lambda r: r.valid_from, nullable=False),
        Column("source", Type.TEXT, lambda r: r.source),
        Column("note", Type.TEXT, lambda r: r.note),
        Column("source_url", Type.TEXT, lambda r: r.source_url),
        Column("layer", Type.TEXT, lambda r: r.layer),
        # the envelope, for bbox queries without spatial SQL functions (NULL when empty)
        Column("min_x", Type.REAL, _bound(0)), Column("min_y", Type.REAL, _bound(1)),
        Column("max_x", Type.REAL, _bound(2)), Column("max_y", Type.REAL, _bound(3)),
        *_stamps(),
        _theatre_column(),
    ),
    build=lambda r: ZoneReport(
        zone_id=r["zone_id"], side=_SIDES.get(r["side"]) or r["side"],
        valid_from=_iso(r["valid_from"]),
        geometry=r["geom"], source=r["source"] or "", note=r["note"] or "",
        source_url=r["source_url"] or "", layer=r["layer"] or "", id=r["report_id"],
        written_by=r["written_by"], batch_id=r["batch_id"] or "",
        theatre=r["theatre"] or DEFAULT_THEATRE),
    indexes=(Index("zone_reports_zone_day", ("zone_id", "valid_from")),
             Index("zone_reports_day", ("valid_from",)),
             Index("zone_reports_theatre_day", ("theatre", "valid_from"))),
    description="Control-zone reports",
)

# -- theatres (schema 6) -------------------------------------------------------------------


@dataclass(frozen=True)
class TheatreRow:
    """A stored theatre: its definition as JSON (the TOML file's keys) and who stored it."""

    name: str
    title: str
    definition: str
    written_by: str = ""
    batch_id: str = ""
    added_at: str = ""

    def theatre(self) -> Theatre:
        return theatre_from_json(self.definition, source=f"theatre {self.name!r} in the store")

    @classmethod
    def of(cls, theatre: Theatre) -> TheatreRow:
        return cls(theatre.name, theatre.title, theatre_to_json(theatre))


THEATRES = Table(
    "theatres", "name", (
        Column("name", Type.TEXT, lambda t: t.name, nullable=False),
        Column("title", Type.TEXT, lambda t: t.title, nullable=False),
        Column("definition", Type.JSON, lambda t: json.loads(t.definition), nullable=False),
        Column("added_at", Type.TEXT, lambda t: t.added_at),
        *_stamps(),
    ),
    build=lambda r: TheatreRow(r["name"], r["title"],
                               json.dumps(r["definition"], ensure_ascii=False, sort_keys=True),
                               r["written_by"], r["batch_id"] or "", r["added_at"] or ""),
    fid=False,
    description="Theatres: sides, box, dates and map settings of each conflict area",
)

# -- layers, corrections, caches, metadata ---------------------------------------------------

LAYERS = Table(
    "layers", "layer", (
        Column("layer", Type.TEXT, lambda li: li.layer, nullable=False),
        Column("source", Type.TEXT, lambda li: li.source, nullable=False),
        Column("licence", Type.TEXT, lambda li: li.licence),
        Column("attribution", Type.TEXT, lambda li: li.attribution),
        Column("imported_at", Type.TEXT, lambda li: li.imported_at),
        Column("non_commercial", Type.BOOLEAN, lambda li: bool(li.non_commercial),
               nullable=False),
    ),
    build=lambda r: LayerInfo(layer=r["layer"], source=r["source"], licence=r["licence"] or "",
                              attribution=r["attribution"] or "",
                              imported_at=r["imported_at"] or "",
                              non_commercial=bool(r["non_commercial"])),
    fid=False,
    description="Provenance and licence per layer",
)


@dataclass(frozen=True)
class Correction(Stamped):
    """An analyst's correction: a name as written (folded ``key``) always means ``place``."""

    key: str
    place: Place
    created_at: str = ""


CORRECTIONS = Table(
    "corrections", "key", (
        Column("key", Type.TEXT, lambda c: c.key, nullable=False),
        Column("name", Type.TEXT, lambda c: c.place.name, nullable=False),
        Column("lat", Type.REAL, lambda c: c.place.lat, nullable=False),
        Column("lon", Type.REAL, lambda c: c.place.lon, nullable=False),
        Column("country_code", Type.TEXT, lambda c: c.place.country_code),
        Column("feature_class", Type.TEXT, lambda c: c.place.feature_class),
        Column("source_id", Type.TEXT, lambda c: c.place.source_id),
        Column("confidence", Type.REAL, lambda c: c.place.confidence),
        Column("created_at", Type.TEXT, lambda c: c.created_at),
        *_stamps(),
    ),
    build=lambda r: Correction(
        key=r["key"], created_at=r["created_at"] or "", written_by=r["written_by"],
        batch_id=r["batch_id"] or "",
        place=Place(name=r["name"], lat=r["lat"], lon=r["lon"],
                    country_code=r["country_code"] or "",
                    feature_class=r["feature_class"] or "", source_id=r["source_id"] or "",
                    confidence=_or(r["confidence"], 1.0))),
    fid=False,
    description="Analysts' place corrections (durable data)",
)


@dataclass(frozen=True)
class CacheEntry:
    """One geocoder-cache entry, with the time it was stored."""

    provider: str
    query: str
    value: str
    created_at: str = ""


GEOCODE_CACHE = Table(
    "geocode_cache", "query", (
        Column("provider", Type.TEXT, lambda c: c.provider, nullable=False),
        Column("query", Type.TEXT, lambda c: c.query, nullable=False),
        Column("value", Type.TEXT, lambda c: c.value, nullable=False),
        Column("created_at", Type.TEXT, lambda c: c.created_at),
    ),
    build=lambda r: CacheEntry(r["provider"], r["query"], r["value"], r["created_at"] or ""),
    fid=False,
    description="Online geocoder cache",
)

@dataclass(frozen=True)
class AuditEntry:
    """One stored write: who, when (UTC), what (kinds of items, layers) and how many."""

    batch_id: str
    written_by: str
    written_at: str
    kinds: tuple[str, ...] = ()
    """Kinds of items the batch carried: ``articles``, ``events``, ``zone reports``,
    ``corrections``, ``layers`` (in that order)."""
    layers: tuple[str, ...] = ()
    """The batch's layers, then the layers of its events and zone reports."""
    articles: int = 0
    events: int = 0
    zones: int = 0
    corrections: int = 0
    """Items added (corrections: written) by this write."""
    unchanged: int = 0
    """Items of the batch that were stored already."""


AUDIT = Table(
    "audit", "batch_id", (
        Column("batch_id", Type.TEXT, lambda a: a.batch_id, nullable=False),
        Column("written_by", Type.TEXT, lambda a: a.written_by, nullable=False),
        Column("written_at", Type.TEXT, lambda a: a.written_at, nullable=False),
        Column("kinds", Type.JSON, lambda a: list(a.kinds)),
        Column("layers", Type.JSON, lambda a: list(a.layers)),
        Column("articles", Type.INTEGER, lambda a: a.articles, nullable=False),
        Column("events", Type.INTEGER, lambda a: a.events, nullable=False),
        Column("zones", Type.INTEGER, lambda a: a.zones, nullable=False),
        Column("corrections", Type.INTEGER, lambda a: a.corrections, nullable=False),
        Column("unchanged", Type.INTEGER, lambda a: a.unchanged, nullable=False),
    ),
    build=lambda r: AuditEntry(
        batch_id=r["batch_id"], written_by=r["written_by"], written_at=r["written_at"],
        kinds=tuple(r["kinds"] or ()), layers=tuple(r["layers"] or ()),
        articles=r["articles"], events=r["events"], zones=r["zones"],
        corrections=r["corrections"], unchanged=r["unchanged"]),
    indexes=(Index("audit_written_at", ("written_at",)),),
    description="Every write: who, when, what, batch id, counts",
)

# -- live sources (schema 5): runs, HTTP validators, a lock per source, the review queue --


@dataclass(frozen=True)
class Validators:
    """What a server said identifies a URL's current content (``ETag``, ``Last-Modified``)."""

    etag: str = ""
    last_modified: str = ""

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)

    def headers(self) -> dict[str, str]:
        """The conditional request headers that send them back."""
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


@dataclass(frozen=True)
class ValidatorEntry:
    """The validators remembered for one URL (only once its content was stored)."""

    url: str
    validators: Validators
    updated_at: str = ""


HTTP_VALIDATORS = Table(
    "http_validators", "url", (
        Column("url", Type.TEXT, lambda v: v.url, nullable=False),
        Column("etag", Type.TEXT, lambda v: v.validators.etag),
        Column("last_modified", Type.TEXT, lambda v: v.validators.last_modified),
        Column("updated_at", Type.TEXT, lambda v: v.updated_at),
    ),
    build=lambda r: ValidatorEntry(r["url"], Validators(r["etag"] or "",
                                                        r["last_modified"] or ""),
                                   r["updated_at"] or ""),
    fid=False,
    description="HTTP validators (ETag, Last-Modified) per fetched URL",
)

RUN_OK, RUN_ERROR, RUN_RUNNING = "ok", "error", "running"


@dataclass(frozen=True)
class Run:
    """One run of a live source: ``result`` is ``ok``, ``error`` or ``running`` (a run whose
    process died stays ``running``). Times are ISO 8601 UTC text."""

    run_id: str
    source: str
    started: str
    finished: str = ""
    result: str = RUN_RUNNING
    counts: dict[str, int] = field(default_factory=dict)
    error: str = ""
    written_by: str = ""


SOURCE_RUNS = Table(
    "source_runs", "run_id", (
        Column("run_id", Type.TEXT, lambda r: r.run_id, nullable=False),
        Column("source", Type.TEXT, lambda r: r.source, nullable=False),
        Column("started", Type.TEXT, lambda r: r.started, nullable=False),
        Column("finished", Type.TEXT, lambda r: r.finished or None),
        Column("result", Type.TEXT, lambda r: r.result, nullable=False),
        Column("counts", Type.JSON, lambda r: dict(r.counts)),
        Column("error", Type.TEXT, lambda r: r.error),
        Column("written_by", Type.TEXT, lambda r: r.written_by, nullable=False),
    ),
    build=lambda r: Run(run_id=r["run_id"], source=r["source"], started=r["started"],
                        finished=r["finished"] or "", result=r["result"],
                        counts=dict(r["counts"] or {}), error=r["error"] or "",
                        written_by=r["written_by"]),
    indexes=(Index("source_runs_source", ("source", "started")),),
    description="Runs of live sources: started, finished, result, counts, error",
)


@dataclass(frozen=True)
class SourceLock:
    """Who runs a source now, until when (ISO 8601 UTC text)."""

    source: str
    holder: str
    acquired_at: str
    expires_at: str


SOURCE_LOCKS = Table(
    "source_locks", "source", (
        Column("source", Type.TEXT, lambda lock: lock.source, nullable=False),
        Column("holder", Type.TEXT, lambda lock: lock.holder, nullable=False),
        Column("acquired_at", Type.TEXT, lambda lock: lock.acquired_at, nullable=False),
        Column("expires_at", Type.TEXT, lambda lock: lock.expires_at, nullable=False),
    ),
    build=lambda r: SourceLock(r["source"], r["holder"], r["acquired_at"], r["expires_at"]),
    fid=False,
    description="One lock per live source: two watch processes never run it at once",
)

REVIEW_PENDING, REVIEW_ACCEPTED, REVIEW_REJECTED = "pending", "accepted", "rejected"


def event_record(event: Event) -> dict[str, Any]:
    """An event as the JSON object of its ``events`` columns (dates as ISO text)."""
    return {c.name: (v.isoformat() if isinstance(v := c.get(event), date) else v)
            for c in EVENTS.columns if c.type is not Type.POINT}


@dataclass(frozen=True)
class Proposal:
    """An event proposed from a fetched article, waiting for an analyst's decision."""

    event: Event
    source: str
    proposed_at: str
    status: str = REVIEW_PENDING
    written_by: str = ""
    """Who proposed it (the run's writer); ``decided_by`` who accepted or rejected it."""
    decided_by: str = ""
    decided_at: str = ""


REVIEW_QUEUE = Table(
    "review_queue", "event_id", (
        Column("event_id", Type.TEXT, lambda p: p.event.id, nullable=False),
        Column("source", Type.TEXT, lambda p: p.source, nullable=False),
        Column("day", Type.DATE, lambda p: p.event.day, nullable=False),
        Column("source_date", Type.DATE, lambda p: p.event.source_date),
        Column("proposed_at", Type.TEXT, lambda p: p.proposed_at, nullable=False),
        Column("status", Type.TEXT, lambda p: p.status, nullable=False),
        Column("event", Type.JSON, lambda p: event_record(p.event), nullable=False),
        Column("written_by", Type.TEXT, lambda p: p.written_by, nullable=False),
        Column("decided_by", Type.TEXT, lambda p: p.decided_by),
        Column("decided_at", Type.TEXT, lambda p: p.decided_at),
    ),
    build=lambda r: Proposal(event=_event(r["event"]), source=r["source"],
                             proposed_at=r["proposed_at"], status=r["status"],
                             written_by=r["written_by"], decided_by=r["decided_by"] or "",
                             decided_at=r["decided_at"] or ""),
    indexes=(Index("review_queue_status", ("status", "source_date", "proposed_at")),),
    description="Events proposed from live feeds, waiting for review",
)

METADATA = Table(
    "frontline_metadata", "key", (
        Column("key", Type.TEXT, lambda kv: kv[0], nullable=False),
        Column("value", Type.TEXT, lambda kv: kv[1], nullable=False),
    ),
    build=lambda r: (r["key"], r["value"]),
    fid=False,
    description="Schema and data version",
)

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "event_actors": ("event_id", "actor"), "layers": ("layer",), "corrections": ("key",),
    "geocode_cache": ("provider", "query"), "frontline_metadata": ("key",),
    "http_validators": ("url",), "source_locks": ("source",), "theatres": ("name",),
}
"""Tables without ``fid``: their primary key. Tables with ``fid``: ``key`` is UNIQUE."""

TABLES: tuple[Table, ...] = (ARTICLES, EVENTS, EVENT_ACTORS, ZONE_REPORTS, LAYERS, CORRECTIONS,
                             GEOCODE_CACHE, AUDIT, HTTP_VALIDATORS, SOURCE_RUNS, SOURCE_LOCKS,
                             REVIEW_QUEUE, THEATRES, METADATA)


def create_statements(table: Table, *, types: dict[Type, str], fid: str,
                      index_target: Callable[[Index], str] | None = None) -> list[str]:
    """CREATE TABLE and CREATE INDEX statements of one declared table in a backend's SQL
    types; ``fid`` is the backend's auto-increment key column, ``index_target`` may give an
    index a backend-specific ``table (columns)`` part."""
    columns = [fid] if table.fid else []
    for c in table.columns:
        spec = f"{c.name} {types[c.type]}"
        if not c.nullable:
            spec += " NOT NULL"
        if table.fid and c.name == table.key:
            spec += " UNIQUE"
        columns.append(spec)
    if not table.fid:
        columns.append(f"PRIMARY KEY ({', '.join(PRIMARY_KEYS[table.name])})")
    statements = [f"CREATE TABLE {table.name} ({', '.join(columns)})"]
    for index in table.indexes:
        target = (index_target(index) if index_target else None) or \
            f"{table.name} ({', '.join(index.columns)})"
        statements.append(f"CREATE INDEX {index.name} ON {target}")
    return statements


def select_list(table: Table, geometry: Callable[[str], str] = lambda name: name) -> str:
    """``col, col, ...`` of ``table`` for a SELECT (``geometry`` wraps geometry columns;
    point columns are rebuilt from lat/lon, so they are not read)."""
    return ", ".join("NULL" if c.type is Type.POINT else
                     geometry(c.name) if c.type is Type.GEOMETRY else c.name
                     for c in table.columns)


def decode_rows(table: Table, rows: Sequence[Sequence[Any]],
                geometries: Callable[[list[Any]], list[BaseGeometry]]) -> list[Any]:
    """Model objects from raw rows in :func:`select_list` order.

    ``geometries`` decodes a whole column of geometry values at once (vectorised); JSON and
    boolean values are decoded here, dates by the table's ``build``.
    """
    if not rows:
        return []
    names = table.names
    columns = list(zip(*rows, strict=True))
    for i, column in enumerate(table.columns):
        if column.type is Type.GEOMETRY:
            columns[i] = geometries(list(columns[i]))
        elif column.type is Type.POINT:
            columns[i] = (None,) * len(rows)  # rebuilt from lat/lon
        elif column.type is Type.JSON:
            parsed: dict[str, Any] = {}  # few distinct values (actor lists): parse each once
            columns[i] = [None if v is None else parsed[v] if v in parsed
                          else parsed.setdefault(v, json.loads(v)) for v in columns[i]]
    return [table.build(dict(zip(names, values, strict=True)))
            for values in zip(*columns, strict=True)]


__all__ = ["ARTICLES", "AUDIT", "CORRECTIONS", "EVENTS", "EVENT_ACTORS", "GEOCODE_CACHE",
           "HTTP_VALIDATORS", "LAYERS", "METADATA", "PRIMARY_KEYS", "REVIEW_ACCEPTED",
           "REVIEW_PENDING", "REVIEW_QUEUE", "REVIEW_REJECTED", "RUN_ERROR", "RUN_OK",
           "RUN_RUNNING", "SOURCE_LOCKS", "SOURCE_RUNS", "STAMP_COLUMNS", "TABLES", "THEATRES",
           "TheatreRow",
           "ZONE_REPORTS", "AuditEntry", "CacheEntry", "Column", "Correction", "Index",
           "Proposal", "Run", "SourceLock", "Table", "Type", "ValidatorEntry", "Validators",
           "actor_rows", "create_statements", "decode_rows", "event_record", "select_list"]
