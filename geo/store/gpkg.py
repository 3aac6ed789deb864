"""The default store: one GeoPackage file (SQLite, WAL journal) that QGIS can open.

The tables are written with the standard library's sqlite3 so that each write is exactly one
transaction. Spatial filtering uses indexed envelope columns instead of GDAL's R-tree
triggers (which need GDAL's SQL functions inside the writer). The schema of a new file comes
from :mod:`geo.store.schema`; older files are upgraded by the frozen statements in
:data:`MIGRATIONS`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geo.errors import StoreCorruptError, StoreError, StoreLockedError, StoreSchemaError
from geo.store import gpkg_blob
from geo.store.base import SCHEMA_VERSION, Store
from geo.store.schema import TABLES, Table, Type, create_statements

log = logging.getLogger(__name__)

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300
LOCK_TIMEOUT_S = 10.0

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
    'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]'
)
_GPKG_TABLES = f"""
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
INSERT INTO gpkg_spatial_ref_sys VALUES
  ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', NULL),
  ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', NULL),
  ('WGS 84 geodetic', 4326, 'EPSG', 4326, '{_WGS84_WKT}', 'longitude/latitude WGS84');
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL
    DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER);
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name));
"""
_SQL_TYPES = {Type.TEXT: "TEXT", Type.REAL: "REAL", Type.INTEGER: "INTEGER",
              Type.BOOLEAN: "INTEGER", Type.DATE: "TEXT", Type.JSON: "TEXT",
              Type.POINT: "POINT", Type.GEOMETRY: "GEOMETRY"}


def table_ddl(table: Table) -> list[str]:
    """CREATE TABLE/INDEX statements and GeoPackage registration of one declared table."""
    statements = create_statements(table, types=_SQL_TYPES,
                                   fid="fid INTEGER PRIMARY KEY AUTOINCREMENT")
    geometry = [c for c in table.columns if c.type in (Type.POINT, Type.GEOMETRY)]
    kind = "features" if geometry else "attributes"
    description = table.description.replace("'", "''")
    statements.append(
        f"INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        f"VALUES ('{table.name}', '{kind}', '{table.name}', '{description}', "
        f"{4326 if geometry else 0})")
    statements += [f"INSERT INTO gpkg_geometry_columns VALUES ('{table.name}', '{c.name}', "
                   f"'{_SQL_TYPES[c.type]}', 4326, 0, 0)" for c in geometry]
    return statements


def schema_script() -> str:
    """The whole schema of a new store, from the declarations."""
    statements = [s for table in TABLES for s in table_ddl(table)]
    return (_GPKG_TABLES + ";\n".join(statements) + ";\n"
            f"INSERT INTO frontline_metadata VALUES ('schema_version', '{SCHEMA_VERSION}'), "
            "('data_version', '');\n"
            f"PRAGMA application_id = {GPKG_APPLICATION_ID};\n"
            f"PRAGMA user_version = {GPKG_USER_VERSION};\n")


# Frozen: from version -> statements bringing a store to the next version. Never edit one;
# add the next. (A fresh store is made from the declarations; tests check both agree.)
MIGRATIONS: dict[str, tuple[str, ...]] = {
    "1": ("ALTER TABLE events ADD COLUMN time_precision INTEGER",
          "ALTER TABLE events ADD COLUMN geo_precision INTEGER"),
    "2": (
        "CREATE TABLE event_actors (event_id TEXT NOT NULL, actor TEXT NOT NULL, "
        "PRIMARY KEY (event_id, actor))",
        "CREATE INDEX event_actors_actor ON event_actors(actor, event_id)",
        "INSERT OR IGNORE INTO event_actors SELECT e.event_id, j.value FROM events AS e, "
        "json_each(CASE WHEN json_valid(e.actors) THEN e.actors ELSE '[]' END) AS j "
        "WHERE j.type = 'text' ORDER BY e.fid",
        "CREATE TABLE corrections (key TEXT NOT NULL, name TEXT NOT NULL, lat REAL NOT NULL, "
        "lon REAL NOT NULL, country_code TEXT, feature_class TEXT, source_id TEXT, "
        "confidence REAL, created_at TEXT, PRIMARY KEY (key))",
        "INSERT INTO corrections SELECT query, COALESCE(json_extract(value, '$.name'), query), "
        "json_extract(value, '$.lat'), json_extract(value, '$.lon'), "
        "json_extract(value, '$.country_code'), json_extract(value, '$.feature_class'), "
        "json_extract(value, '$.source_id'), json_extract(value, '$.confidence'), created_at "
        "FROM geocode_cache WHERE provider = 'override' AND json_valid(value) "
        "AND json_type(value, '$.lat') IN ('real', 'integer') "
        "AND json_type(value, '$.lon') IN ('real', 'integer')",
        # moved ones leave the cache; an unreadable one stays there (nothing is lost)
        "DELETE FROM geocode_cache WHERE provider = 'override' "
        "AND query IN (SELECT key FROM corrections)",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES ('event_actors', 'attributes', 'event_actors', "
        "'Actors of each event (what the actor filter searches)', 0), "
        "('corrections', 'attributes', 'corrections', "
        "'Analysts'' place corrections (durable data)', 0)",
        "UPDATE gpkg_contents SET description = 'Online geocoder cache' "
        "WHERE table_name = 'geocode_cache'",
    ),
    # 3 -> 4: who wrote what. Rows stored before keep an explicit unknown writer (SQLite
    # cannot add a NOT NULL column without a default; our writes always give the value).
    "3": (
        *(f"ALTER TABLE {table} ADD COLUMN written_by TEXT NOT NULL "
          "DEFAULT 'unknown (before v4)'"
          for table in ("articles", "events", "zone_reports", "corrections")),
        *(f"ALTER TABLE {table} ADD COLUMN batch_id TEXT"
          for table in ("articles", "events", "zone_reports", "corrections")),
        "CREATE TABLE audit (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
        "batch_id TEXT NOT NULL UNIQUE, written_by TEXT NOT NULL, written_at TEXT NOT NULL, "
        "kinds TEXT, layers TEXT, articles INTEGER NOT NULL, events INTEGER NOT NULL, "
        "zones INTEGER NOT NULL, corrections INTEGER NOT NULL, unchanged INTEGER NOT NULL)",
        "CREATE INDEX audit_written_at ON audit (written_at)",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES ('audit', 'attributes', 'audit', "
        "'Every write: who, when, what, batch id, counts', 0)",
    ),
    # 4 -> 5: live sources (HTTP validators per URL, runs, a lock per source, review queue)
    "4": (
        "CREATE TABLE http_validators (url TEXT NOT NULL, etag TEXT, last_modified TEXT, "
        "updated_at TEXT, PRIMARY KEY (url))",
        "CREATE TABLE source_runs (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
        "run_id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, started TEXT NOT NULL, "
        "finished TEXT, result TEXT NOT NULL, counts TEXT, error TEXT, "
        "written_by TEXT NOT NULL)",
        "CREATE INDEX source_runs_source ON source_runs (source, started)",
        "CREATE TABLE source_locks (source TEXT NOT NULL, holder TEXT NOT NULL, "
        "acquired_at TEXT NOT NULL, expires_at TEXT NOT NULL, PRIMARY KEY (source))",
        "CREATE TABLE review_queue (fid INTEGER PRIMARY KEY AUTOINCREMENT, "
        "event_id TEXT NOT NULL UNIQUE, source TEXT NOT NULL, day TEXT NOT NULL, "
        "source_date TEXT, proposed_at TEXT NOT NULL, status TEXT NOT NULL, "
        "event TEXT NOT NULL, written_by TEXT NOT NULL, decided_by TEXT, decided_at TEXT)",
        "CREATE INDEX review_queue_status ON review_queue (status, source_date, proposed_at)",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES ('http_validators', 'attributes', 'http_validators', "
        "'HTTP validators (ETag, Last-Modified) per fetched URL', 0), "
        "('source_runs', 'attributes', 'source_runs', "
        "'Runs of live sources: started, finished, result, counts, error', 0), "
        "('source_locks', 'attributes', 'source_locks', "
        "'One lock per live source: two watch processes never run it at once', 0), "
        "('review_queue', 'attributes', 'review_queue', "
        "'Events proposed from live feeds, waiting for review', 0)",
    ),
    # 5 -> 6: theatres. Every stored zone report and event belongs to the default theatre
    # (bakhmut-2023, bundled: a store without a theatres row for it reads the bundled one);
    # events gain their end day, denial, day precision, quote span and sources.
    "5": (
        "CREATE TABLE theatres (name TEXT NOT NULL, title TEXT NOT NULL, "
        "definition TEXT NOT NULL, added_at TEXT, written_by TEXT NOT NULL, batch_id TEXT, "
        "PRIMARY KEY (name))",
        "ALTER TABLE zone_reports ADD COLUMN theatre TEXT NOT NULL DEFAULT 'bakhmut-2023'",
        "ALTER TABLE events ADD COLUMN theatre TEXT NOT NULL DEFAULT 'bakhmut-2023'",
        "ALTER TABLE events ADD COLUMN end_day TEXT",
        "ALTER TABLE events ADD COLUMN denied_by TEXT",
        "ALTER TABLE events ADD COLUMN day_precision TEXT",
        "ALTER TABLE events ADD COLUMN quote_start INTEGER",
        "ALTER TABLE events ADD COLUMN quote_end INTEGER",
        "ALTER TABLE events ADD COLUMN sources TEXT",
        "ALTER TABLE events ADD COLUMN independent_sources INTEGER",
        "CREATE INDEX events_theatre_day ON events (theatre, day)",
        "CREATE INDEX zone_reports_theatre_day ON zone_reports (theatre, valid_from)",
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES ('theatres', 'attributes', 'theatres', "
        "'Theatres: sides, box, dates and map settings of each conflict area', 0)",
    ),
}


def _encode_column(kind: Type, values: list[Any]) -> list[Any]:
    """Python values of one column -> SQLite values."""
    if kind is Type.DATE:
        return [v.isoformat() if v is not None else None for v in values]
    if kind is Type.BOOLEAN:
        return [int(v) if v is not None else None for v in values]
    if kind is Type.JSON:
        return [json.dumps(v, ensure_ascii=False) if v is not None else None for v in values]
    if kind is Type.POINT:
        return gpkg_blob.encode_many(shapely.points(values)) if values else []
    if kind is Type.GEOMETRY:
        return gpkg_blob.encode_many(values)
    return values


def _adapt(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else
            int(v) if isinstance(v, bool) else v for k, v in params.items()}


class _Transaction:
    """The write primitives of one SQLite transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        return self.conn.execute(sql, _adapt(params or {})).fetchall()

    def execute(self, sql: str, params: dict[str, Any] | list[dict[str, Any]]) -> None:
        if isinstance(params, list):
            self.conn.executemany(sql, params)
        else:
            self.conn.execute(sql, _adapt(params))

    def known(self, table: Table, ids: list[str]) -> set[str]:
        marks = ",".join("?" * len(ids))
        return {r[0] for r in self.conn.execute(
            f"SELECT {table.key} FROM {table.name} WHERE {table.key} IN ({marks})", ids)}

    def encode(self, table: Table, item: Any, stamp: dict[str, str] | None = None
               ) -> dict[str, Any]:
        return {c.name: _encode_column(c.type, table.column_values(c, [item], stamp))[0]
                for c in table.columns}

    def insert(self, table: Table, items: list[Any], stamp: dict[str, str] | None = None
               ) -> None:
        columns = [_encode_column(c.type, table.column_values(c, items, stamp))
                   for c in table.columns]
        self.conn.executemany(
            f"INSERT INTO {table.name} ({', '.join(table.names)}) "
            f"VALUES ({', '.join('?' * len(table.columns))})", zip(*columns, strict=True))

    def touched(self, table: Table, added: int) -> None:
        self.conn.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?",
                          (datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), table.name))


class GeoPackageStore(Store):
    """A :class:`Store` in one GeoPackage file. Thread-safe through one lock."""

    def __init__(self, path: str | Path, *, create: bool = False) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._lock = threading.RLock()
        exists = self.path.exists()
        if not exists and not create:
            raise StoreError("store file does not exist (run `frontline seed` to build it)",
                             path=self.location)
        if not exists:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = self._connect()
        if exists:
            self._check_schema()  # before any write, so a foreign file is never touched
        else:
            self._create_schema()  # before WAL: GDAL reads the GPKG header from the main file
        self._use_wal()

    # -- opening ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=LOCK_TIMEOUT_S, isolation_level=None,
                                   check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {int(LOCK_TIMEOUT_S * 1000)}")
            return conn
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc

    def _use_wal(self) -> None:
        """Readers keep working while a writer appends (DESIGN.md §4)."""
        try:
            mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        if mode.lower() != "wal":
            log.warning("%s: journal mode is %s, not WAL", self.location, mode)

    def _translate(self, exc: sqlite3.Error) -> StoreError:
        text = str(exc)
        if "locked" in text or "busy" in text:
            return StoreLockedError(f"store is locked by another process ({text})",
                                    path=self.location)
        if "unable to open" in text or "readonly" in text or "permission" in text.lower():
            return StoreError(f"cannot open store file ({text})", path=self.location)
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            return StoreCorruptError(f"store file is damaged ({text})", path=self.location)
        return StoreError(text, path=self.location)

    def _check_schema(self) -> None:
        try:
            app_id = self._conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.OperationalError as exc:
            raise self._translate(exc) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreCorruptError(f"not a readable GeoPackage/SQLite file ({exc})",
                                    path=self.location) from exc
        if app_id != GPKG_APPLICATION_ID or "frontline_metadata" not in tables:
            raise StoreSchemaError("not a frontline store (no frontline_metadata table in a "
                                   "GeoPackage); refusing to touch it", path=self.location)
        row = self._conn.execute(
            "SELECT value FROM frontline_metadata WHERE key = 'schema_version'").fetchone()
        found = row[0] if row else "missing"
        if found in MIGRATIONS:
            self._migrate(found)
            return
        if found != str(SCHEMA_VERSION):
            raise StoreSchemaError(f"schema version {found}, this program reads version "
                                   f"{SCHEMA_VERSION}; migrate or rebuild it elsewhere",
                                   path=self.location)

    def _migrate(self, found: str) -> None:
        """Bring an older store of ours up to :data:`SCHEMA_VERSION` in one transaction."""
        version = found
        with self._sqlite_transaction() as conn:
            while version in MIGRATIONS:
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
                version = str(int(version) + 1)
            conn.execute("UPDATE frontline_metadata SET value = ? WHERE key = 'schema_version'",
                         (version,))
        if version != str(SCHEMA_VERSION):
            raise StoreSchemaError(f"schema version {found} could not be migrated to "
                                   f"{SCHEMA_VERSION}", path=self.location)
        log.info("%s: migrated store from schema version %s to %s", self.location, found,
                 version)

    def _create_schema(self) -> None:
        try:
            self._conn.executescript("BEGIN;" + schema_script() + "COMMIT;")
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        log.info("created store %s", self.location)

    # -- primitives ------------------------------------------------------------------------

    @contextmanager
    def _sqlite_transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._translate(exc) from exc
            try:
                yield self._conn
            except sqlite3.Error as exc:
                self._conn.execute("ROLLBACK")
                raise self._translate(exc) from exc
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._conn.execute("ROLLBACK")
                    raise self._translate(exc) from exc

    @contextmanager
    def _transaction(self) -> Iterator[_Transaction]:
        with self._sqlite_transaction() as conn:
            yield _Transaction(conn)

    def _rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        with self._lock:
            try:
                return self._conn.execute(sql, _adapt(params or {})).fetchall()
            except sqlite3.Error as exc:
                raise self._translate(exc) from exc

    def _geometry_sql(self, column: str) -> str:
        return column

    def _decode_geometries(self, values: list[Any]) -> list[BaseGeometry]:
        return gpkg_blob.decode_many(values)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


__all__ = ["GPKG_APPLICATION_ID", "GeoPackageStore", "MIGRATIONS", "schema_script",
           "table_ddl"]
