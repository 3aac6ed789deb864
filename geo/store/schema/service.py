"""The service tables: the geocoder cache, the audit trail of writes, live sources' HTTP
validators, runs and locks, the review queue of proposed events, and the store's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from geo.models import Event
from geo.store.schema.columns import Column, Index, Table, Type
from geo.store.schema.content import EVENTS, _event

# -- caches and the audit trail -------------------------------------------------------------


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
