"""The server store: PostgreSQL + PostGIS, for many viewers and several writers at once.

Open it with a URL: ``open_store("postgresql://user:password@host:5432/frontline")`` (or
``--store URL`` / ``$FRONTLINE_STORE``). The write algorithm and most reads are the shared
ones of :class:`~geo.store.base.Store` (portable SQL); this module supplies the primitives:

* **SQLAlchemy 2 + psycopg 3**: every query is SQL text with bound parameters only (never
  string-formatted values); geometry is read with ``ST_AsBinary`` and written as EWKB.
* **Versioned schema** (:mod:`geo.store.postgis_schema`): ``frontline_migrations`` records
  each migration; opening a store applies the missing ones in one transaction under an
  advisory lock, so two processes opening an old store at once upgrade it once. A store
  newer than this program is refused.
* **Bulk loads through COPY** (psycopg 3 ``cursor.copy``) inside the write transaction.
* **Writers are serialised by a transaction-scoped advisory lock** so concurrent imports of
  the same data stay idempotent; unique constraints are the backstop. Readers never wait;
  :meth:`PostGISStore.snapshot` gives a block of reads one REPEATABLE READ snapshot.

Ordering matches the GeoPackage store exactly (insertion order breaks ties; text is ordered
by code point with ``COLLATE "C"``), so the two stores answer every query identically.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import shapely
import sqlalchemy as sa
from shapely.geometry.base import BaseGeometry
from sqlalchemy.dialects import postgresql as pg
from sqlalchemy.engine import Connection

from geo.errors import StoreError, StoreSchemaError
from geo.models import ZoneReport
from geo.store.base import Store
from geo.store.postgis_schema import (
    COPY_TYPES,
    LATEST_MIGRATION,
    MIGRATIONS,
    MIGRATIONS_TABLE,
    fresh_schema,
    run_step,
)
from geo.store.queries import BBox, bbox_clause
from geo.store.schema import TABLES, ZONE_REPORTS, Table, Type, decode_rows, select_list
from geo.store.theatres import theatre_clause
from geo.store.url import parse_store_url

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
OUR_TABLES = tuple(t.name for t in TABLES) + ("frontline_migrations",)


def engine_url(url: str) -> sa.URL:
    """The SQLAlchemy URL of a store URL (:func:`geo.store.url.parse_store_url`: any
    PostgreSQL spelling, any ``+driver``), always with the psycopg 3 driver."""
    parsed = parse_store_url(url)
    if not parsed.is_server:
        raise StoreError("not a PostgreSQL URL (expected postgresql://...)",
                         path=parsed.masked())
    query: dict[str, str | tuple[str, ...]] = {}
    for key, value in parsed.query:
        previous = query.get(key)
        query[key] = value if previous is None else (
            (*previous, value) if isinstance(previous, tuple) else (previous, value))
    return sa.URL.create("postgresql+psycopg", username=parsed.username,
                         password=parsed.password, host=parsed.host, port=parsed.port,
                         database=parsed.database, query=query)


def _encode_column(kind: Type, values: list[Any]) -> list[Any]:
    """Python values of one column -> COPY/bind values."""
    if kind is Type.JSON:
        return [json.dumps(v, ensure_ascii=False) if v is not None else None for v in values]
    if kind is Type.POINT:
        values = shapely.points(values) if values else []
    if kind in (Type.POINT, Type.GEOMETRY):
        if not len(values):
            return []
        return list(shapely.to_wkb(shapely.set_srid(values, 4326), hex=True, include_srid=True))
    return values


class _Transaction:
    """The write primitives of one PostgreSQL transaction (holding the writers' lock)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        return self.conn.execute(sa.text(sql), params or {}).all()

    def execute(self, sql: str, params: dict[str, Any] | list[dict[str, Any]]) -> None:
        self.conn.execute(sa.text(sql), params)

    def known(self, table: Table, ids: list[str]) -> set[str]:
        stmt = sa.text(f"SELECT {table.key} FROM {table.name} WHERE {table.key} = ANY(:ids)"
                       ).bindparams(sa.bindparam("ids", type_=pg.ARRAY(sa.Text)))
        return set(self.conn.execute(stmt, {"ids": ids}).scalars())

    def encode(self, table: Table, item: Any, stamp: dict[str, str] | None = None
               ) -> dict[str, Any]:
        return {c.name: _encode_column(c.type, table.column_values(c, [item], stamp))[0]
                for c in table.columns}

    def insert(self, table: Table, items: list[Any], stamp: dict[str, str] | None = None
               ) -> None:
        from psycopg import sql

        columns = [_encode_column(c.type, table.column_values(c, items, stamp))
                   for c in table.columns]
        copy_sql = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, table.names)))
        raw = self.conn.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(copy_sql) as copy:
            copy.set_types([COPY_TYPES[c.type] for c in table.columns])
            for row in zip(*columns, strict=True):
                copy.write_row(row)

    def touched(self, table: Table, added: int) -> None:
        if added >= ANALYZE_AFTER:
            self.conn.exec_driver_sql(f"ANALYZE {table.name}")  # our own table name


class PostGISStore(Store):
    """A :class:`Store` in a PostgreSQL database with PostGIS. Thread-safe (connection pool).

    ``create=True`` creates the schema in an empty database (and the ``postgis`` extension
    when it is missing and we may create it); without it an empty database is an error that
    says how to fill it. An older schema is upgraded by the missing migrations.
    """

    collate = ' COLLATE "C"'  # order text by code point, like SQLite
    chunk_size = CHUNK

    def __init__(self, url: str, *, create: bool = False, pool_size: int = 5) -> None:
        self.url = engine_url(url)
        self.location = parse_store_url(url).masked()
        self._local = threading.local()
        self.engine = sa.create_engine(
            self.url, pool_size=pool_size, max_overflow=10, pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                          "application_name": "frontline"})
        try:
            self._prepare(create=create)
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
    def _transaction(self) -> Iterator[_Transaction]:
        """One write transaction holding the writers' advisory lock (released at the end)."""
        if getattr(self._local, "conn", None) is not None:
            raise StoreError("cannot write inside a read snapshot", path=self.location)
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(WRITE_LOCK)))
                yield _Transaction(conn)
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

    def _prepare(self, *, create: bool) -> None:
        with self._read() as conn:
            current = self._schema_version(conn)
        if current is not None and current > LATEST_MIGRATION:
            raise StoreSchemaError(f"schema version {current}, this program knows up to "
                                   f"{LATEST_MIGRATION}; upgrade the program",
                                   path=self.location)
        if current == LATEST_MIGRATION:
            return
        if current is None and not create:
            raise StoreError("the database holds no frontline store yet (run `frontline "
                             "--store URL seed`, or `frontline migrate FILE.gpkg URL`)",
                             path=self.location)
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(MIGRATE_LOCK)))
                current = self._schema_version(conn)  # again, under the lock
                if current is None:  # a new store: the declared schema, every version noted
                    self._ensure_postgis(conn)
                    conn.exec_driver_sql(MIGRATIONS_TABLE)
                    for statement in fresh_schema():
                        conn.exec_driver_sql(statement)
                    for version, name, _ in MIGRATIONS:
                        self._note_migration(conn, version, name)
                    log.info("%s: created store schema", self.location)
                    return
                for version, name, steps in MIGRATIONS:  # one transaction for all of them
                    if current < version:
                        for step in steps:
                            run_step(conn, step)
                        self._note_migration(conn, version, name)
                        log.info("%s: applied migration %d (%s)", self.location, version, name)
        except sa.exc.SQLAlchemyError as exc:
            raise self._translate(exc) from exc

    @staticmethod
    def _note_migration(conn: Connection, version: int, name: str) -> None:
        conn.execute(sa.text("INSERT INTO frontline_migrations (version, name) "
                             "VALUES (:version, :name)"), {"version": version, "name": name})

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
        return conn.execute(sa.text("SELECT max(version) FROM frontline_migrations")
                            ).scalar() or 0

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


    # -- reads -------------------------------------------------------------------------------

    def _rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        with self._read() as conn:
            try:
                return conn.execute(sa.text(sql), params or {}).all()
            except sa.exc.SQLAlchemyError as exc:
                raise self._translate(exc) from exc

    def _geometry_sql(self, column: str) -> str:
        return f"ST_AsBinary({column})"

    def _decode_geometries(self, values: list[Any]) -> list[BaseGeometry]:
        return list(shapely.from_wkb([bytes(v) for v in values])) if values else []

    def zones_at(self, day: date, bbox: BBox | None = None, theatre: str | None = None
                 ) -> list[ZoneReport]:
        """As the shared query (latest per ``(layer, zone_id)``), but through DISTINCT ON,
        which walks the (zone, day) index by zone id."""
        params: dict[str, Any] = {"day": day}
        where = "min_x IS NOT NULL"
        if bbox is not None:
            where += " AND " + bbox_clause(bbox, params, point=False)
        sql = (f"SELECT {select_list(ZONE_REPORTS, self._geometry_sql)} FROM zone_reports "
               "JOIN (SELECT DISTINCT ON (zone_id COLLATE \"C\", layer COLLATE \"C\") fid "
               f"FROM zone_reports WHERE valid_from <= :day AND {theatre_clause(theatre, params)} "
               "ORDER BY zone_id COLLATE \"C\", "
               "layer COLLATE \"C\", valid_from DESC, fid DESC) AS latest USING (fid) "
               f"WHERE {where} ORDER BY zone_id{self.collate}, layer{self.collate}")
        return decode_rows(ZONE_REPORTS, self._rows(sql, params), self._decode_geometries)

    def close(self) -> None:
        self.engine.dispose()


__all__ = ["LATEST_MIGRATION", "MIGRATIONS", "PostGISStore", "engine_url"]
