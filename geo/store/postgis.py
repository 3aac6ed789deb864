"""The server store: PostgreSQL + PostGIS, for many viewers and several writers at once.

Open it with a URL: ``open_store("postgresql://user:password@host:5432/frontline")`` (or
``--store URL`` / ``$FRONTLINE_STORE``). The same :class:`~geo.store.base.Store` contract as
the GeoPackage store, with these choices:

* **SQLAlchemy 2 Core + GeoAlchemy2 + psycopg 3.** Every query is built with SQLAlchemy
  (bound parameters only, never string-formatted values); geometry columns are GeoAlchemy2
  ``Geometry`` types and the spatial functions go through ``sqlalchemy.func``.
* **Versioned schema.** ``frontline_migrations`` records each applied migration; opening a
  store applies the missing ones in one transaction under an advisory lock, so two processes
  opening an old store at once upgrade it once. A store newer than this program is refused.
* **Indexes.** GiST on both geometry columns; B-tree on event days, on zone reports by
  (zone, day) for "the latest report per zone" and by day.
* **Bulk loads through COPY** (psycopg 3 ``cursor.copy``) inside the same transaction as the
  rest of an import: the ids already stored are looked up per chunk, only new rows are
  copied, and ``data_version`` is bumped in that transaction.
* **Writers are serialised by a transaction-scoped advisory lock** (``pg_advisory_xact_lock``)
  so concurrent imports of the same data stay idempotent (the check-then-copy cannot race);
  unique constraints are the backstop. Readers never wait: each query sees committed data
  only (a whole import or none of it), and :meth:`PostGISStore.snapshot` gives a block of
  reads one REPEATABLE READ snapshot.

Ordering matches the GeoPackage store exactly (insertion order breaks ties; text is ordered
by code point with ``COLLATE "C"``), so the two stores answer every query identically.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import shapely
import sqlalchemy as sa
from geoalchemy2 import Geometry
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.engine import Connection, make_url

from geo.errors import StoreError, StoreSchemaError
from geo.models import (
    Article,
    ClaimStatus,
    Event,
    EventKind,
    LayerInfo,
    Place,
    Side,
    ZoneReport,
)
from geo.store.base import (
    SCHEMA_VERSION,
    AddResult,
    BBox,
    CacheEntry,
    EventFilter,
    ImportResult,
    Store,
)

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 10
CHUNK = 5000
"""Rows per id lookup + COPY round (bounded memory for any input size)."""
ANALYZE_AFTER = 5000
"""Refresh planner statistics of a table in the same transaction after this many new rows."""
# Advisory lock keys (64-bit): one for writers, one for schema migrations.
WRITE_LOCK = int.from_bytes(hashlib.sha256(b"frontline:write").digest()[:8], "big", signed=True)
MIGRATE_LOCK = int.from_bytes(hashlib.sha256(b"frontline:migrate").digest()[:8], "big",
                              signed=True)
C = "C"  # collation: order text by code point, like SQLite

# -- the schema as SQLAlchemy sees it (the latest migration's shape) --------------------------

metadata = sa.MetaData()

articles_t = sa.Table(
    "articles", metadata,
    sa.Column("fid", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("article_id", sa.Text, nullable=False, unique=True),
    sa.Column("title", sa.Text), sa.Column("text", sa.Text),
    sa.Column("published", sa.Date, nullable=False), sa.Column("source", sa.Text),
    sa.Column("url", sa.Text), sa.Column("language", sa.Text),
)
events_t = sa.Table(
    "events", metadata,
    sa.Column("fid", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("event_id", sa.Text, nullable=False, unique=True),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("place", sa.Text),
    sa.Column("lat", sa.Double, nullable=False), sa.Column("lon", sa.Double, nullable=False),
    sa.Column("geom", Geometry("POINT", srid=4326, spatial_index=False),
              sa.Computed("ST_SetSRID(ST_MakePoint(lon, lat), 4326)", persisted=True)),
    sa.Column("country_code", sa.Text), sa.Column("feature_class", sa.Text),
    sa.Column("place_source_id", sa.Text), sa.Column("place_confidence", sa.Double),
    sa.Column("metonymic", sa.Boolean),
    sa.Column("kind", sa.Text, nullable=False), sa.Column("summary", sa.Text),
    sa.Column("source", sa.Text), sa.Column("source_date", sa.Date),
    sa.Column("source_url", sa.Text), sa.Column("claim_status", sa.Text),
    sa.Column("claimed_by", sa.Text), sa.Column("actors", pg.ARRAY(sa.Text)),
    sa.Column("quote", sa.Text), sa.Column("confidence", sa.Double),
    sa.Column("article_id", sa.Text), sa.Column("layer", sa.Text),
    sa.Column("time_precision", sa.Integer), sa.Column("geo_precision", sa.Integer),
)
zones_t = sa.Table(
    "zone_reports", metadata,
    sa.Column("fid", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("report_id", sa.Text, nullable=False, unique=True),
    sa.Column("zone_id", sa.Text, nullable=False), sa.Column("side", sa.Text, nullable=False),
    sa.Column("valid_from", sa.Date, nullable=False),
    sa.Column("source", sa.Text), sa.Column("note", sa.Text),
    sa.Column("source_url", sa.Text), sa.Column("layer", sa.Text),
    sa.Column("geom", Geometry("GEOMETRY", srid=4326, spatial_index=False), nullable=False),
    sa.Column("empty", sa.Boolean, sa.Computed("ST_IsEmpty(geom)", persisted=True)),
)
layers_t = sa.Table(
    "layers", metadata,
    sa.Column("layer", sa.Text, primary_key=True), sa.Column("source", sa.Text, nullable=False),
    sa.Column("licence", sa.Text), sa.Column("attribution", sa.Text),
    sa.Column("imported_at", sa.Text),
    sa.Column("non_commercial", sa.Boolean, nullable=False, server_default=sa.false()),
)
cache_t = sa.Table(
    "geocode_cache", metadata,
    sa.Column("provider", sa.Text, primary_key=True), sa.Column("query", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False), sa.Column("created_at", sa.Text),
)
meta_t = sa.Table(
    "frontline_metadata", metadata,
    sa.Column("key", sa.Text, primary_key=True), sa.Column("value", sa.Text, nullable=False),
)
migrations_t = sa.Table(
    "frontline_migrations", metadata,
    sa.Column("version", sa.Integer, primary_key=True), sa.Column("name", sa.Text, nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False,
              server_default=sa.func.now()),
)

OUR_TABLES = ("articles", "events", "zone_reports", "layers", "geocode_cache",
              "frontline_metadata", "frontline_migrations")

# -- migrations: frozen DDL, applied in order, each recorded in frontline_migrations ---------

MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "tables", (
        """CREATE TABLE articles (
             fid bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
             article_id text NOT NULL UNIQUE, title text, text text,
             published date NOT NULL, source text, url text, language text)""",
        """CREATE TABLE events (
             fid bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
             event_id text NOT NULL UNIQUE, day date NOT NULL, place text,
             lat double precision NOT NULL, lon double precision NOT NULL,
             geom geometry(Point, 4326)
               GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED,
             country_code text, feature_class text, place_source_id text,
             place_confidence double precision, metonymic boolean, kind text NOT NULL,
             summary text, source text, source_date date, source_url text,
             claim_status text, claimed_by text, actors text[], quote text,
             confidence double precision, article_id text, layer text,
             time_precision integer, geo_precision integer)""",
        """CREATE TABLE zone_reports (
             fid bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
             report_id text NOT NULL UNIQUE, zone_id text NOT NULL, side text NOT NULL,
             valid_from date NOT NULL, source text, note text, source_url text, layer text,
             geom geometry(Geometry, 4326) NOT NULL,
             empty boolean GENERATED ALWAYS AS (ST_IsEmpty(geom)) STORED)""",
        """CREATE TABLE layers (
             layer text PRIMARY KEY, source text NOT NULL, licence text, attribution text,
             imported_at text, non_commercial boolean NOT NULL DEFAULT false)""",
        """CREATE TABLE geocode_cache (
             provider text NOT NULL, query text NOT NULL, value text NOT NULL,
             created_at text, PRIMARY KEY (provider, query))""",
        """CREATE TABLE frontline_metadata (key text PRIMARY KEY, value text NOT NULL)""",
        f"""INSERT INTO frontline_metadata VALUES
             ('schema_version', '{SCHEMA_VERSION}'), ('data_version', '')""",
    )),
    (2, "spatial and date indexes", (
        "CREATE INDEX events_day ON events (day)",
        "CREATE INDEX events_geom ON events USING gist (geom)",
        "CREATE INDEX zone_reports_zone_day ON zone_reports "
        "(zone_id COLLATE \"C\", valid_from DESC, fid DESC)",
        "CREATE INDEX zone_reports_day ON zone_reports (valid_from)",
        "CREATE INDEX zone_reports_geom ON zone_reports USING gist (geom)",
    )),
)
LATEST_MIGRATION = MIGRATIONS[-1][0]

_EVENT_COLUMNS = (
    "event_id", "day", "place", "lat", "lon", "country_code", "feature_class",
    "place_source_id", "place_confidence", "metonymic", "kind", "summary", "source",
    "source_date", "source_url", "claim_status", "claimed_by", "actors", "quote", "confidence",
    "article_id", "layer", "time_precision", "geo_precision",
)
_ZONE_COLUMNS = ("report_id", "zone_id", "side", "valid_from", "source", "note", "source_url",
                 "layer", "geom")
_ARTICLE_COLUMNS = ("article_id", "title", "text", "published", "source", "url", "language")
# COPY column types: fixing the dumpers up front saves a per-value lookup (geometry travels
# as hex EWKB text that PostGIS parses).
_COPY_TYPES = {
    "articles": ("text", "text", "text", "date", "text", "text", "text"),
    "events": ("text", "date", "text", "float8", "float8", "text", "text", "text", "float8",
               "bool", "text", "text", "text", "date", "text", "text", "text", "text[]",
               "text", "float8", "text", "text", "int4", "int4"),
    "zone_reports": ("text", "text", "text", "date", "text", "text", "text", "text", "text"),
}
_EVENT_ATTRIBUTE_COLUMNS = {
    "kind": "kind", "source": "source", "claim_status": "claim_status",
    "claimed_by": "claimed_by", "layer": "layer", "article_id": "article_id",
    "source_url": "source_url", "summary": "summary",
}


def engine_url(url: str) -> sa.URL:
    """The SQLAlchemy URL with the psycopg 3 driver (``postgres://`` accepted too)."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1)
                      if url.startswith("postgres://") else url)
    if parsed.get_backend_name() != "postgresql":
        raise StoreError("not a PostgreSQL URL (expected postgresql://...)",
                         path=parsed.render_as_string(hide_password=True))
    return parsed.set(drivername="postgresql+psycopg")


def redact(url: str) -> str:
    """``url`` without its password (for messages and ``Store.location``)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return "postgresql://?"


class PostGISStore(Store):
    """A :class:`Store` in a PostgreSQL database with PostGIS. Thread-safe (connection pool).

    ``create=True`` creates the schema in an empty database (and the ``postgis`` extension
    when it is missing and we may create it); without it an empty database is an error that
    says how to fill it. ``upgrade_to`` stops migrations at a version (tests only).
    """

    def __init__(self, url: str, *, create: bool = False, pool_size: int = 5,
                 upgrade_to: int | None = None) -> None:
        self.url = engine_url(url)
        self.location = self.url.set(drivername="postgresql").render_as_string(
            hide_password=True)
        self._local = threading.local()
        self.engine = sa.create_engine(
            self.url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                          "application_name": "frontline"})
        try:
            self._prepare(create=create, upgrade_to=upgrade_to or LATEST_MIGRATION)
        except BaseException:
            self.engine.dispose()
            raise

    # -- errors, connections, transactions ---------------------------------------------------

    def _translate(self, exc: sa.exc.SQLAlchemyError) -> StoreError:
        original = getattr(exc, "orig", None) or exc
        text = " ".join(str(original).split())
        if isinstance(exc, sa.exc.OperationalError) and any(
                word in text for word in ("connect", "resolve", "timeout", "timed out")):
            return StoreError(f"cannot reach the PostGIS server ({text})", path=self.location)
        return StoreError(f"PostGIS store error ({text})", path=self.location)

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for reading: the current snapshot's, or a pooled one."""
        current = getattr(self._local, "conn", None)
        if current is not None:
            yield current
            return
        try:
            with self.engine.connect() as conn:
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise self._translate(exc) from exc

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction holding the writers' advisory lock (released at the end)."""
        if getattr(self._local, "conn", None) is not None:
            raise StoreError("cannot write inside a read snapshot", path=self.location)
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK)))
                yield conn
        except sa.exc.SQLAlchemyError as exc:
            raise self._translate(exc) from exc

    @contextmanager
    def snapshot(self) -> Iterator[PostGISStore]:
        """Reads inside the block share one REPEATABLE READ, READ ONLY transaction."""
        if getattr(self._local, "conn", None) is not None:
            yield self
            return
        try:
            with self.engine.connect() as conn:
                conn = conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                    self._local.conn = conn
                    try:
                        yield self
                    finally:
                        self._local.conn = None
        except sa.exc.SQLAlchemyError as exc:
            raise self._translate(exc) from exc

    # -- schema ------------------------------------------------------------------------------

    def _prepare(self, *, create: bool, upgrade_to: int) -> None:
        with self._read() as conn:
            current = self._schema_version(conn)
        if current is not None and current > LATEST_MIGRATION:
            raise StoreSchemaError(f"schema version {current}, this program knows up to "
                                   f"{LATEST_MIGRATION}; upgrade the program",
                                   path=self.location)
        if current is not None and current >= upgrade_to:
            return
        if current is None and not create:
            raise StoreError("the database holds no frontline store yet (run `frontline "
                             "--store URL seed`, or `frontline migrate FILE.gpkg URL`)",
                             path=self.location)
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATE_LOCK)))
                current = self._schema_version(conn)  # again, under the lock
                if current is None:
                    self._ensure_postgis(conn)
                    conn.execute(sa.text(
                        "CREATE TABLE frontline_migrations (version integer PRIMARY KEY, "
                        "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"))
                    current = 0
                for version, name, statements in MIGRATIONS:
                    if current < version <= upgrade_to:
                        for statement in statements:
                            conn.execute(sa.text(statement))
                        conn.execute(sa.insert(migrations_t).values(version=version, name=name))
                        log.info("%s: applied migration %d (%s)", self.location, version, name)
        except sa.exc.SQLAlchemyError as exc:
            raise self._translate(exc) from exc

    def _schema_version(self, conn: Connection) -> int | None:
        """The latest applied migration; None for a database without our schema."""
        found = conn.execute(sa.select(sa.func.to_regclass("frontline_migrations"))).scalar()
        if found is None:
            clash = [name for name in OUR_TABLES if conn.execute(
                sa.select(sa.func.to_regclass(name))).scalar() is not None]
            if clash:
                raise StoreSchemaError(
                    f"the database has tables named {', '.join(clash)} but no "
                    "frontline_migrations table: not a frontline store; refusing to touch it",
                    path=self.location)
            return None
        return conn.execute(sa.select(sa.func.max(migrations_t.c.version))).scalar() or 0

    def _ensure_postgis(self, conn: Connection) -> None:
        installed = conn.execute(sa.select(sa.literal(1)).select_from(sa.table("pg_extension"))
                                 .where(sa.column("extname") == "postgis")).first()
        if installed:
            return
        try:
            with conn.begin_nested():
                conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS postgis"))
        except sa.exc.DBAPIError as exc:
            raise StoreError("the PostGIS extension is not installed in this database and "
                             "we may not create it: ask its owner to run "
                             f"`CREATE EXTENSION postgis` ({' '.join(str(exc.orig).split())})",
                             path=self.location) from exc

    def schema_version(self) -> int:
        """The latest migration applied to this database."""
        with self._read() as conn:
            return self._schema_version(conn) or 0

    # -- writing -----------------------------------------------------------------------------

    def _bump_version(self, conn: Connection, change: str) -> None:
        old = conn.execute(sa.select(meta_t.c.value).where(meta_t.c.key == "data_version")
                           .with_for_update()).scalar_one()
        digest = hashlib.sha256((old + "|" + change).encode()).hexdigest()
        conn.execute(sa.update(meta_t).where(meta_t.c.key == "data_version")
                     .values(value=digest[:16]))

    def _copy_new(self, conn: Connection, table: sa.Table, key: str, columns: Sequence[str],
                  rows: Iterable[tuple[str, Any]], encode: Any, digest: Any) -> tuple[int, int]:
        """COPY the rows whose key is not yet stored; returns (added, seen).

        ``rows`` yields (id, item); ``encode(items)`` turns a chunk of new items into COPY
        rows in ``columns`` order. Runs inside the caller's transaction (which holds the
        writers' lock, so nobody else inserts the same ids meanwhile).
        """
        from psycopg import sql

        key_column = table.c[key]
        lookup = sa.select(key_column).where(
            key_column == sa.any_(sa.bindparam("ids", type_=pg.ARRAY(sa.Text))))
        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, columns)))
        raw = conn.connection.driver_connection
        added = seen = 0
        for chunk in _chunks(rows, CHUNK):
            seen += len(chunk)
            unique: dict[str, Any] = {}
            for rid, item in chunk:  # the first of two items with one id wins, as across calls
                unique.setdefault(rid, item)
            known = set(conn.execute(lookup, {"ids": list(unique)}).scalars())
            fresh = [(rid, item) for rid, item in unique.items() if rid not in known]
            if not fresh:
                continue
            with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
                copy.set_types(_COPY_TYPES[table.name])
                for row in encode([item for _, item in fresh]):
                    copy.write_row(row)
            added += len(fresh)
            digest.update("|".join(sorted(rid for rid, _ in fresh)).encode())
        if added >= ANALYZE_AFTER:
            conn.exec_driver_sql(f"ANALYZE {table.name}")  # our own table name, not input
        return added, seen

    def _add(self, table: sa.Table, key: str, columns: Sequence[str], items: list[tuple[str, Any]],
             encode: Any) -> AddResult:
        digest = hashlib.sha256()
        with self._write() as conn:
            added, seen = self._copy_new(conn, table, key, columns, items, encode, digest)
            if added:
                self._bump_version(conn, digest.hexdigest())
        return AddResult(added=added, unchanged=seen - added)

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        return self._add(articles_t, "article_id", _ARTICLE_COLUMNS,
                         [(a.id, a) for a in articles], _article_rows)

    def add_events(self, events: Iterable[Event]) -> AddResult:
        return self._add(events_t, "event_id", _EVENT_COLUMNS, [(e.id, e) for e in events],
                         _event_rows)

    def add_zone_reports(self, reports: Iterable[ZoneReport]) -> AddResult:
        return self._add(zones_t, "report_id", _ZONE_COLUMNS, [(r.id, r) for r in reports],
                         _zone_rows)

    def add_import(self, layer: LayerInfo, zone_reports: Iterable[ZoneReport],
                   events: Iterable[Event], *, dry_run: bool = False,
                   articles: Iterable[Article] = ()) -> ImportResult:
        result: ImportResult | None = None
        try:
            with self._write() as conn:
                status = self._upsert_layer(conn, layer)
                digest = hashlib.sha256(f"layer:{layer.layer}:{status}".encode())
                articles_added, articles_seen = self._copy_new(
                    conn, articles_t, "article_id", _ARTICLE_COLUMNS,
                    ((a.id, a) for a in articles), _article_rows, digest)
                zones_added, zones_seen = self._copy_new(
                    conn, zones_t, "report_id", _ZONE_COLUMNS,
                    ((r.id, r) for r in zone_reports), _zone_rows, digest)
                events_added, events_seen = self._copy_new(
                    conn, events_t, "event_id", _EVENT_COLUMNS, ((e.id, e) for e in events),
                    _event_rows, digest)
                if zones_added or events_added or articles_added or status != "unchanged":
                    self._bump_version(conn, digest.hexdigest())
                result = ImportResult.counted(
                    layer.layer, status, zones=(zones_added, zones_seen),
                    events=(events_added, events_seen),
                    articles=(articles_added, articles_seen), dry_run=dry_run)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            log.info("%s: dry run of layer %s rolled back", self.location, layer.layer)
        assert result is not None
        return result

    @staticmethod
    def _upsert_layer(conn: Connection, info: LayerInfo) -> str:
        """Insert or update a layer row; ``"new"``, ``"changed"`` or ``"unchanged"``."""
        now = info.imported_at or datetime.now(UTC).isoformat(timespec="seconds")
        values = (info.source, info.licence, info.attribution, bool(info.non_commercial))
        row = conn.execute(sa.select(layers_t.c.source, layers_t.c.licence,
                                     layers_t.c.attribution, layers_t.c.non_commercial)
                           .where(layers_t.c.layer == info.layer)).first()
        if row is None:
            conn.execute(sa.insert(layers_t).values(
                layer=info.layer, source=info.source, licence=info.licence,
                attribution=info.attribution, imported_at=now,
                non_commercial=bool(info.non_commercial)))
            return "new"
        if tuple(row) == values:
            return "unchanged"
        conn.execute(sa.update(layers_t).where(layers_t.c.layer == info.layer).values(
            source=info.source, licence=info.licence, attribution=info.attribution,
            non_commercial=bool(info.non_commercial), imported_at=now))
        return "changed"

    def add_layer(self, info: LayerInfo) -> None:
        stmt = pg.insert(layers_t).values(
            layer=info.layer, source=info.source, licence=info.licence,
            attribution=info.attribution,
            imported_at=info.imported_at or datetime.now(UTC).isoformat(timespec="seconds"),
            non_commercial=bool(info.non_commercial))
        stmt = stmt.on_conflict_do_update(index_elements=[layers_t.c.layer], set_={
            "source": stmt.excluded.source, "licence": stmt.excluded.licence,
            "attribution": stmt.excluded.attribution,
            "non_commercial": stmt.excluded.non_commercial})
        with self._write() as conn:
            conn.execute(stmt)

    def _cache_upsert(self, conn: Connection, rows: list[dict]) -> None:
        stmt = pg.insert(cache_t)
        stmt = stmt.on_conflict_do_update(
            index_elements=[cache_t.c.provider, cache_t.c.query],
            set_={"value": stmt.excluded.value, "created_at": stmt.excluded.created_at})
        conn.execute(stmt, rows)

    def cache_put(self, provider: str, query: str, value: str) -> None:
        try:
            with self.engine.begin() as conn:
                self._cache_upsert(conn, [{
                    "provider": provider, "query": query, "value": value,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds")}])
        except sa.exc.SQLAlchemyError as exc:
            raise self._translate(exc) from exc

    def cache_put_many(self, entries: Iterable[CacheEntry]) -> int:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows: dict[tuple[str, str], dict] = {}
        for e in entries:  # the last of duplicate keys wins, like INSERT OR REPLACE
            rows[(e.provider, e.query)] = {"provider": e.provider, "query": e.query,
                                           "value": e.value, "created_at": e.created_at or now}
        if rows:
            try:
                with self.engine.begin() as conn:
                    self._cache_upsert(conn, list(rows.values()))
            except sa.exc.SQLAlchemyError as exc:
                raise self._translate(exc) from exc
        return len(rows)

    # -- reading -----------------------------------------------------------------------------

    def _all(self, stmt: sa.Executable, params: dict | None = None) -> list[sa.Row]:
        with self._read() as conn:
            try:
                return conn.execute(stmt, params or {}).all()
            except sa.exc.SQLAlchemyError as exc:
                raise self._translate(exc) from exc

    def cache_get(self, provider: str, query: str) -> str | None:
        rows = self._all(sa.select(cache_t.c.value).where(cache_t.c.provider == provider,
                                                          cache_t.c.query == query))
        return rows[0][0] if rows else None

    def cache_entries(self, provider: str | None = None) -> list[CacheEntry]:
        stmt = sa.select(cache_t.c.provider, cache_t.c.query, cache_t.c.value,
                         cache_t.c.created_at)
        if provider is not None:
            stmt = stmt.where(cache_t.c.provider == provider)
        stmt = stmt.order_by(cache_t.c.provider.collate(C), cache_t.c.query.collate(C))
        return [CacheEntry(r[0], r[1], r[2], r[3] or "") for r in self._all(stmt)]

    def articles(self) -> list[Article]:
        a = articles_t.c
        rows = self._all(sa.select(a.article_id, a.title, a.text, a.published, a.source, a.url,
                                   a.language).order_by(a.published, a.fid))
        return [Article(title=r[1], text=r[2], published=r[3], source=r[4], url=r[5],
                        language=r[6], id=r[0]) for r in rows]

    def layers(self) -> list[LayerInfo]:
        c = layers_t.c
        rows = self._all(sa.select(c.layer, c.source, c.licence, c.attribution, c.imported_at,
                                   c.non_commercial).order_by(c.layer.collate(C)))
        return [LayerInfo(layer=r[0], source=r[1], licence=r[2] or "", attribution=r[3] or "",
                          imported_at=r[4] or "", non_commercial=bool(r[5])) for r in rows]

    _ZONE_SELECT = (zones_t.c.report_id, zones_t.c.zone_id, zones_t.c.side,
                    zones_t.c.valid_from, zones_t.c.source, zones_t.c.note,
                    zones_t.c.source_url, zones_t.c.layer)

    def zones_at(self, day: date, bbox: BBox | None = None) -> list[ZoneReport]:
        z = zones_t.c
        latest = (sa.select(z.fid).where(z.valid_from <= sa.bindparam("day", type_=sa.Date))
                  .order_by(z.zone_id.collate(C), z.valid_from.desc(), z.fid.desc())
                  .ext(pg.distinct_on(z.zone_id.collate(C))).subquery("latest"))
        stmt = (sa.select(sa.func.ST_AsBinary(z.geom), *self._ZONE_SELECT)
                .join(latest, latest.c.fid == z.fid).where(sa.not_(z.empty)))
        params: dict[str, Any] = {"day": day}
        if bbox is not None:
            stmt = stmt.where(z.geom.op("&&")(_envelope()))
            params.update(zip(("w", "s", "e", "n"), map(float, bbox), strict=True))
        return _zones(self._all(stmt.order_by(z.zone_id.collate(C)), params))

    def zone_reports(self) -> list[ZoneReport]:
        z = zones_t.c
        return _zones(self._all(sa.select(sa.func.ST_AsBinary(z.geom), *self._ZONE_SELECT)
                                .order_by(z.valid_from, z.fid)))

    def events_between(self, start: date, end: date, bbox: BBox | None = None,
                       filters: EventFilter | None = None) -> list[Event]:
        e = events_t.c
        stmt = sa.select(*_EVENT_SELECT).where(
            e.day >= sa.bindparam("start", type_=sa.Date),
            e.day <= sa.bindparam("end", type_=sa.Date))
        params: dict[str, Any] = {"start": start, "end": end}
        if bbox is not None:
            stmt = stmt.where(e.geom.op("&&")(_envelope()))
            params.update(zip(("w", "s", "e", "n"), map(float, bbox), strict=True))
        if filters is not None:
            if filters.kinds:
                stmt = stmt.where(e.kind == sa.any_(sa.bindparam("kinds", type_=pg.ARRAY(sa.Text))))
                params["kinds"] = [k.value for k in filters.kinds]
            if filters.actors:
                stmt = stmt.where(e.actors.overlap(sa.bindparam("actors",
                                                                type_=pg.ARRAY(sa.Text))))
                params["actors"] = list(filters.actors)
            if filters.claim_statuses:
                stmt = stmt.where(e.claim_status == sa.any_(
                    sa.bindparam("claims", type_=pg.ARRAY(sa.Text))))
                params["claims"] = [c.value for c in filters.claim_statuses]
            if filters.sources:
                stmt = stmt.where(e.source == sa.any_(
                    sa.bindparam("sources", type_=pg.ARRAY(sa.Text))))
                params["sources"] = list(filters.sources)
            if filters.min_confidence > 0:
                stmt = stmt.where(e.confidence >= sa.bindparam("min_conf", type_=sa.Double))
                params["min_conf"] = float(filters.min_confidence)
        return [_event(r) for r in self._all(stmt.order_by(e.day, e.fid), params)]

    def zone_report_dates(self, layer: str | None = None) -> list[date]:
        z = zones_t.c
        stmt = sa.select(z.valid_from).distinct()
        if layer is not None:
            stmt = stmt.where(z.layer == layer)
        return [r[0] for r in self._all(stmt.order_by(z.valid_from))]

    def dates(self) -> list[date]:
        stmt = sa.union(sa.select(zones_t.c.valid_from.label("day")),
                        sa.select(events_t.c.day)).order_by("day")
        return [r[0] for r in self._all(stmt)]

    def date_range(self) -> tuple[date, date] | None:
        first = sa.func.least(sa.select(sa.func.min(zones_t.c.valid_from)).scalar_subquery(),
                              sa.select(sa.func.min(events_t.c.day)).scalar_subquery())
        last = sa.func.greatest(sa.select(sa.func.max(zones_t.c.valid_from)).scalar_subquery(),
                                sa.select(sa.func.max(events_t.c.day)).scalar_subquery())
        row = self._all(sa.select(first, last))[0]
        return (row[0], row[1]) if row[0] is not None else None

    def event_values(self, attribute: str) -> Sequence[str]:
        if attribute == "actors":
            stmt = sa.select(sa.func.unnest(events_t.c.actors).label("v")).distinct()
        elif attribute in _EVENT_ATTRIBUTE_COLUMNS:
            column = events_t.c[_EVENT_ATTRIBUTE_COLUMNS[attribute]]
            stmt = sa.select(sa.func.coalesce(column, "").label("v")).distinct()
        else:
            return super().event_values(attribute)
        return sorted(r[0] for r in self._all(stmt))

    def data_version(self) -> str:
        return self._all(sa.select(meta_t.c.value)
                         .where(meta_t.c.key == "data_version"))[0][0]

    def close(self) -> None:
        self.engine.dispose()


class _DryRun(Exception):
    """Raised inside a transaction to roll a dry run back."""


def _envelope() -> sa.ColumnElement:
    return sa.func.ST_MakeEnvelope(sa.bindparam("w", type_=sa.Double),
                                   sa.bindparam("s", type_=sa.Double),
                                   sa.bindparam("e", type_=sa.Double),
                                   sa.bindparam("n", type_=sa.Double), 4326)


def _chunks(rows: Iterable[tuple[str, Any]], size: int) -> Iterator[list[tuple[str, Any]]]:
    chunk: list[tuple[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# -- rows for COPY (in the *_COLUMNS order) and objects from query rows -----------------------

def _article_rows(articles: list[Article]) -> Iterator[tuple]:
    for a in articles:
        yield (a.id, a.title, a.text, a.published, a.source, a.url, a.language)


def _zone_rows(reports: list[ZoneReport]) -> Iterator[tuple]:
    geoms = shapely.set_srid([r.geometry for r in reports], 4326)
    hexes = shapely.to_wkb(geoms, hex=True, include_srid=True)
    for r, wkb in zip(reports, hexes, strict=True):
        yield (r.id, r.zone_id, r.side.value, r.valid_from, r.source, r.note, r.source_url,
               r.layer, wkb)


def _event_rows(events: list[Event]) -> Iterator[tuple]:
    for e in events:
        p = e.place
        yield (e.id, e.day, p.name, p.lat, p.lon, p.country_code, p.feature_class, p.source_id,
               p.confidence, bool(p.metonymic), e.kind.value, e.summary, e.source,
               e.source_date, e.source_url, e.claim_status.value, e.claimed_by, list(e.actors),
               e.quote, e.confidence, e.article_id, e.layer, e.time_precision, e.geo_precision)


# Read actors as psycopg returns them (a list) without SQLAlchemy's per-row array processing.
_EVENT_SELECT = tuple(sa.type_coerce(events_t.c[name], sa.types.NullType()).label(name)
                      if name == "actors" else events_t.c[name] for name in _EVENT_COLUMNS)
_KINDS = {k.value: k for k in EventKind}
_CLAIMS = {c.value: c for c in ClaimStatus}


def _event(r: Sequence[Any]) -> Event:
    (event_id, day, place, lat, lon, cc, fclass, psid, pconf, meto, kind, summary, source,
     source_date, source_url, claim, claimed_by, actors, quote, conf, article_id, layer,
     time_precision, geo_precision) = r
    return Event(
        day=day,
        place=Place(name=place, lat=lat, lon=lon, country_code=cc or "",
                    feature_class=fclass or "", source_id=psid or "",
                    confidence=pconf if pconf is not None else 1.0, metonymic=bool(meto)),
        kind=_KINDS.get(kind) or EventKind(kind), summary=summary or "", source=source or "",
        claim_status=_CLAIMS.get(claim) or ClaimStatus(claim), claimed_by=claimed_by or "",
        actors=tuple(actors or ()), source_date=source_date, source_url=source_url or "",
        quote=quote or "", confidence=conf if conf is not None else 1.0,
        article_id=article_id or "", layer=layer or "", id=event_id,
        time_precision=time_precision, geo_precision=geo_precision)


def _zones(rows: list[sa.Row]) -> list[ZoneReport]:
    geoms = shapely.from_wkb([bytes(r[0]) for r in rows]) if rows else []
    return [ZoneReport(zone_id=r[2], side=Side(r[3]), valid_from=r[4], geometry=g,
                       source=r[5] or "", note=r[6] or "", source_url=r[7] or "",
                       layer=r[8] or "", id=r[1]) for r, g in zip(rows, geoms, strict=True)]
