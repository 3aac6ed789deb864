"""Every stored table and column, declared once.

Both backends build their fresh schema and their row converters from these declarations:
a column says its name, its portable type, and how its value is read off the model object;
a table says which column is its idempotency key and how a model object is rebuilt from a
row. Schema *migrations* are frozen SQL in each backend (they describe history, not the
present); a test checks that an upgraded store has exactly the columns declared here.

The declaration types and generic SQL helpers are in :mod:`.columns`, the content tables in
:mod:`.content`, the service tables (caches, audit, live sources, review, metadata) in
:mod:`.service`; this package re-exports them all.
"""

from __future__ import annotations

from geo.store.schema.columns import (
    PRIMARY_KEYS,
    STAMP_COLUMNS,
    Column,
    Index,
    Table,
    Type,
    create_statements,
    decode_rows,
    select_list,
)
from geo.store.schema.content import (
    ARTICLES,
    CORRECTIONS,
    EVENT_ACTORS,
    EVENTS,
    LAYERS,
    THEATRES,
    ZONE_REPORTS,
    Correction,
    TheatreRow,
    actor_rows,
)
from geo.store.schema.service import (
    AUDIT,
    GEOCODE_CACHE,
    HTTP_VALIDATORS,
    METADATA,
    REVIEW_ACCEPTED,
    REVIEW_PENDING,
    REVIEW_QUEUE,
    REVIEW_REJECTED,
    RUN_ERROR,
    RUN_OK,
    RUN_RUNNING,
    SOURCE_LOCKS,
    SOURCE_RUNS,
    AuditEntry,
    CacheEntry,
    Proposal,
    Run,
    SourceLock,
    ValidatorEntry,
    Validators,
    event_record,
)

TABLES: tuple[Table, ...] = (ARTICLES, EVENTS, EVENT_ACTORS, ZONE_REPORTS, LAYERS, CORRECTIONS,
                             GEOCODE_CACHE, AUDIT, HTTP_VALIDATORS, SOURCE_RUNS, SOURCE_LOCKS,
                             REVIEW_QUEUE, THEATRES, METADATA)

__all__ = ["ARTICLES", "AUDIT", "CORRECTIONS", "EVENTS", "EVENT_ACTORS", "GEOCODE_CACHE",
           "HTTP_VALIDATORS", "LAYERS", "METADATA", "PRIMARY_KEYS", "REVIEW_ACCEPTED",
           "REVIEW_PENDING", "REVIEW_QUEUE", "REVIEW_REJECTED", "RUN_ERROR", "RUN_OK",
           "RUN_RUNNING", "SOURCE_LOCKS", "SOURCE_RUNS", "STAMP_COLUMNS", "TABLES", "THEATRES",
           "TheatreRow",
           "ZONE_REPORTS", "AuditEntry", "CacheEntry", "Column", "Correction", "Index",
           "Proposal", "Run", "SourceLock", "Table", "Type", "ValidatorEntry", "Validators",
           "actor_rows", "create_statements", "decode_rows", "event_record", "select_list"]
