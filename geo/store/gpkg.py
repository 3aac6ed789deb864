"""The default store: one GeoPackage file (SQLite, WAL journal) that QGIS can open.

We write the GeoPackage tables with the standard library's sqlite3 so that each add call is
exactly one transaction. Spatial filtering uses indexed envelope columns instead of GDAL's
R-tree triggers (which need GDAL's SQL functions inside the writer).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from geo.errors import StoreCorruptError, StoreError, StoreLockedError, StoreSchemaError
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
from geo.store import gpkg_blob
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

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10300
LOCK_TIMEOUT_S = 10.0

_WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
    'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],AUTHORITY["EPSG","4326"]]'
)

_SCHEMA = f"""
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
CREATE TABLE articles (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT NOT NULL UNIQUE, title TEXT,
  text TEXT, published TEXT NOT NULL, source TEXT, url TEXT, language TEXT);
CREATE TABLE events (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT, event_id TEXT NOT NULL UNIQUE,
  day TEXT NOT NULL, place TEXT, lat REAL NOT NULL, lon REAL NOT NULL, country_code TEXT,
  feature_class TEXT, place_source_id TEXT, place_confidence REAL, metonymic INTEGER,
  kind TEXT NOT NULL, summary TEXT, source TEXT, source_date TEXT, source_url TEXT,
  claim_status TEXT, claimed_by TEXT, actors TEXT, quote TEXT, confidence REAL,
  article_id TEXT, layer TEXT, time_precision INTEGER, geo_precision INTEGER);
CREATE INDEX events_day ON events(day);
CREATE INDEX events_lonlat ON events(lon, lat);
CREATE TABLE zone_reports (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY, report_id TEXT NOT NULL UNIQUE,
  zone_id TEXT NOT NULL, side TEXT NOT NULL, valid_from TEXT NOT NULL, source TEXT,
  note TEXT, source_url TEXT, layer TEXT,
  min_x REAL, min_y REAL, max_x REAL, max_y REAL);
CREATE INDEX zone_reports_zone_day ON zone_reports(zone_id, valid_from);
CREATE INDEX zone_reports_day ON zone_reports(valid_from);
CREATE TABLE geocode_cache (
  provider TEXT NOT NULL, query TEXT NOT NULL, value TEXT NOT NULL, created_at TEXT,
  PRIMARY KEY (provider, query));
CREATE TABLE layers (
  layer TEXT PRIMARY KEY, source TEXT NOT NULL, licence TEXT, attribution TEXT,
  imported_at TEXT, non_commercial INTEGER NOT NULL DEFAULT 0);
CREATE TABLE frontline_metadata (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES
  ('articles', 'attributes', 'articles', 'Ingested news articles', 0),
  ('events', 'features', 'events', 'Dated, geocoded events', 4326),
  ('zone_reports', 'features', 'zone_reports', 'Control-zone reports', 4326),
  ('geocode_cache', 'attributes', 'geocode_cache', 'Geocoder cache', 0),
  ('layers', 'attributes', 'layers', 'Provenance and licence per layer', 0),
  ('frontline_metadata', 'attributes', 'frontline_metadata', 'Schema and data version', 0);
INSERT INTO gpkg_geometry_columns VALUES
  ('events', 'geom', 'POINT', 4326, 0, 0),
  ('zone_reports', 'geom', 'GEOMETRY', 4326, 0, 0);
INSERT INTO frontline_metadata VALUES ('schema_version', '{SCHEMA_VERSION}'), ('data_version', '');
PRAGMA application_id = {GPKG_APPLICATION_ID};
PRAGMA user_version = {GPKG_USER_VERSION};
"""

_EVENT_COLUMNS = (
    "geom", "event_id", "day", "place", "lat", "lon", "country_code", "feature_class",
    "place_source_id", "place_confidence", "metonymic", "kind", "summary", "source",
    "source_date", "source_url", "claim_status", "claimed_by", "actors", "quote", "confidence",
    "article_id", "layer", "time_precision", "geo_precision",
)
_CHUNK = 1000

_MIGRATIONS = {
    # from version -> statements bringing a store to the next version
    "1": ("ALTER TABLE events ADD COLUMN time_precision INTEGER",
          "ALTER TABLE events ADD COLUMN geo_precision INTEGER"),
}


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
        if found in _MIGRATIONS:
            self._migrate(found)
            return
        if found != str(SCHEMA_VERSION):
            raise StoreSchemaError(f"schema version {found}, this program reads version "
                                   f"{SCHEMA_VERSION}; migrate or rebuild it elsewhere",
                                   path=self.location)

    def _migrate(self, found: str) -> None:
        """Bring an older store of ours up to :data:`SCHEMA_VERSION` in one transaction."""
        version = found
        with self._transaction() as conn:
            while version in _MIGRATIONS:
                for statement in _MIGRATIONS[version]:
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
            self._conn.executescript("BEGIN;" + _SCHEMA + "COMMIT;")
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc
        log.info("created store %s", self.location)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._translate(exc) from exc
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                try:
                    self._conn.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._conn.execute("ROLLBACK")
                    raise self._translate(exc) from exc

    def _query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise self._translate(exc) from exc

    def _bump_version(self, conn: sqlite3.Connection, change: str) -> None:
        """New data version: hash of the old one and ``change`` (a digest of what was added)."""
        old = conn.execute(
            "SELECT value FROM frontline_metadata WHERE key = 'data_version'").fetchone()[0]
        digest = hashlib.sha256((old + "|" + change).encode()).hexdigest()
        conn.execute("UPDATE frontline_metadata SET value = ? WHERE key = 'data_version'",
                     (digest[:16],))

    def _insert_rows(self, conn: sqlite3.Connection, table: str, key: str,
                     rows: Iterable[tuple[str, dict]], digest: Any) -> tuple[int, int]:
        """Insert rows whose key is not yet stored, chunk by chunk (bounded memory).

        Runs inside the caller's transaction; feeds the new ids to ``digest`` (a hashlib
        object) and returns (rows added, rows seen).
        """
        added = 0
        seen = 0
        for chunk in _chunks(rows, _CHUNK):
            seen += len(chunk)
            unique: dict[str, dict] = {}
            for rid, row in chunk:  # the first of two rows with one id wins, as across calls
                unique.setdefault(rid, row)
            ids = list(unique)
            marks = ",".join("?" * len(ids))
            known = {r[0] for r in conn.execute(
                f"SELECT {key} FROM {table} WHERE {key} IN ({marks})", ids)}
            fresh = [(rid, row) for rid, row in unique.items() if rid not in known]
            if not fresh:
                continue
            columns = list(fresh[0][1])
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' * len(columns))})",
                [tuple(row[c] for c in columns) for _, row in fresh])
            added += len(fresh)
            digest.update("|".join(sorted(rid for rid, _ in fresh)).encode())
        if added:
            conn.execute("UPDATE gpkg_contents SET last_change = ? WHERE table_name = ?",
                         (datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"), table))
        return added, seen

    def _insert_new(self, table: str, key: str, rows: list[tuple[str, dict]]) -> AddResult:
        """Insert rows whose key is not yet stored, in one transaction."""
        digest = hashlib.sha256()
        with self._transaction() as conn:
            added, seen = self._insert_rows(conn, table, key, rows, digest)
            if added:
                self._bump_version(conn, digest.hexdigest())
        return AddResult(added=added, unchanged=seen - added)

    # -- writing ---------------------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article]) -> AddResult:
        rows = [(a.id, _article_row(a)) for a in articles]
        return self._insert_new("articles", "article_id", rows)

    def add_events(self, events: Iterable[Event]) -> AddResult:
        return self._insert_new("events", "event_id", [(e.id, _event_row(e)) for e in events])

    def add_zone_reports(self, reports: Iterable[ZoneReport]) -> AddResult:
        return self._insert_new("zone_reports", "report_id",
                                [(r.id, _zone_row(r)) for r in reports])

    def add_import(self, layer: LayerInfo, zone_reports: Iterable[ZoneReport],
                   events: Iterable[Event], *, dry_run: bool = False,
                   articles: Iterable[Article] = ()) -> ImportResult:
        result: ImportResult | None = None
        try:
            with self._transaction() as conn:
                status = self._upsert_layer(conn, layer)
                digest = hashlib.sha256(f"layer:{layer.layer}:{status}".encode())
                articles_added, articles_seen = self._insert_rows(
                    conn, "articles", "article_id",
                    ((a.id, _article_row(a)) for a in articles), digest)
                zones_added, zones_seen = self._insert_rows(
                    conn, "zone_reports", "report_id",
                    ((r.id, _zone_row(r)) for r in zone_reports), digest)
                events_added, events_seen = self._insert_rows(
                    conn, "events", "event_id", ((e.id, _event_row(e)) for e in events),
                    digest)
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
    def _upsert_layer(conn: sqlite3.Connection, info: LayerInfo) -> str:
        """Insert or update a layer row; ``"new"``, ``"changed"`` or ``"unchanged"``."""
        now = info.imported_at or datetime.now(UTC).isoformat(timespec="seconds")
        values = (info.source, info.licence, info.attribution, int(info.non_commercial))
        row = conn.execute("SELECT source, licence, attribution, non_commercial FROM layers "
                           "WHERE layer = ?", (info.layer,)).fetchone()
        if row is None:
            conn.execute("INSERT INTO layers VALUES (?, ?, ?, ?, ?, ?)",
                         (info.layer, *values[:3], now, values[3]))
            return "new"
        if tuple(row) == values:
            return "unchanged"
        conn.execute("UPDATE layers SET source = ?, licence = ?, attribution = ?, "
                     "non_commercial = ?, imported_at = ? WHERE layer = ?",
                     (*values, now, info.layer))
        return "changed"

    def add_layer(self, info: LayerInfo) -> None:
        with self._transaction() as conn:
            conn.execute(
                "INSERT INTO layers VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(layer) DO UPDATE SET "
                "source = excluded.source, licence = excluded.licence, "
                "attribution = excluded.attribution, non_commercial = excluded.non_commercial",
                (info.layer, info.source, info.licence, info.attribution,
                 info.imported_at or datetime.now(UTC).isoformat(timespec="seconds"),
                 int(info.non_commercial)))

    def cache_put(self, provider: str, query: str, value: str) -> None:
        with self._transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO geocode_cache VALUES (?, ?, ?, ?)",
                         (provider, query, value,
                          datetime.now(UTC).isoformat(timespec="seconds")))

    def cache_put_many(self, entries: Iterable[CacheEntry]) -> int:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        rows = [(e.provider, e.query, e.value, e.created_at or now) for e in entries]
        with self._transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO geocode_cache VALUES (?, ?, ?, ?)", rows)
        return len(rows)

    # -- reading ---------------------------------------------------------------------------

    def cache_entries(self, provider: str | None = None) -> list[CacheEntry]:
        sql = "SELECT provider, query, value, created_at FROM geocode_cache"
        params: tuple = ()
        if provider is not None:
            sql += " WHERE provider = ?"
            params = (provider,)
        return [CacheEntry(r[0], r[1], r[2], r[3] or "")
                for r in self._query(sql + " ORDER BY provider, query", params)]

    def cache_get(self, provider: str, query: str) -> str | None:
        rows = self._query("SELECT value FROM geocode_cache WHERE provider = ? AND query = ?",
                           (provider, query))
        return rows[0][0] if rows else None

    def articles(self) -> list[Article]:
        rows = self._query("SELECT article_id, title, text, published, source, url, language "
                           "FROM articles ORDER BY published, fid")
        return [Article(title=r[1], text=r[2], published=date.fromisoformat(r[3]), source=r[4],
                        url=r[5], language=r[6], id=r[0]) for r in rows]

    def layers(self) -> list[LayerInfo]:
        rows = self._query("SELECT layer, source, licence, attribution, imported_at, "
                           "non_commercial FROM layers ORDER BY layer")
        return [LayerInfo(layer=r[0], source=r[1], licence=r[2] or "", attribution=r[3] or "",
                          imported_at=r[4] or "", non_commercial=bool(r[5])) for r in rows]

    def zones_at(self, day: date, bbox: BBox | None = None) -> list[ZoneReport]:
        sql = (
            "SELECT * FROM (SELECT geom, report_id, zone_id, side, valid_from, source, note, "
            "source_url, layer, min_x, min_y, max_x, max_y, ROW_NUMBER() OVER ("
            "PARTITION BY zone_id ORDER BY valid_from DESC, fid DESC) AS rank "
            "FROM zone_reports WHERE valid_from <= ?) WHERE rank = 1 AND min_x IS NOT NULL")
        params: tuple = (day.isoformat(),)
        if bbox is not None:
            sql += " AND max_x >= ? AND min_x <= ? AND max_y >= ? AND min_y <= ?"
            params += (bbox[0], bbox[2], bbox[1], bbox[3])
        return [_zone(r) for r in self._query(sql + " ORDER BY zone_id", params)]

    def zone_reports(self) -> list[ZoneReport]:
        rows = self._query("SELECT geom, report_id, zone_id, side, valid_from, source, note, "
                           "source_url, layer FROM zone_reports ORDER BY valid_from, fid")
        return [_zone(r) for r in rows]

    def events_between(self, start: date, end: date, bbox: BBox | None = None,
                       filters: EventFilter | None = None) -> list[Event]:
        sql = (f"SELECT {', '.join(_EVENT_COLUMNS[1:])} FROM events "
               "WHERE day >= ? AND day <= ?")
        params: tuple = (start.isoformat(), end.isoformat())
        if bbox is not None:
            sql += " AND lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?"
            params += (bbox[0], bbox[2], bbox[1], bbox[3])
        if filters is not None and filters.kinds:
            sql += f" AND kind IN ({','.join('?' * len(filters.kinds))})"
            params += tuple(k.value for k in filters.kinds)
        events = [_event(r) for r in self._query(sql + " ORDER BY day, fid", params)]
        return [e for e in events if filters.accepts(e)] if filters else events

    def zone_report_dates(self, layer: str | None = None) -> list[date]:
        sql = "SELECT DISTINCT valid_from FROM zone_reports"
        params: tuple = ()
        if layer is not None:
            sql += " WHERE layer = ?"
            params = (layer,)
        return [date.fromisoformat(r[0]) for r in self._query(sql + " ORDER BY 1", params)]

    def dates(self) -> list[date]:
        rows = self._query("SELECT valid_from FROM zone_reports UNION SELECT day FROM events "
                           "ORDER BY 1")
        return [date.fromisoformat(r[0]) for r in rows]

    def data_version(self) -> str:
        return self._query(
            "SELECT value FROM frontline_metadata WHERE key = 'data_version'")[0][0]

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class _DryRun(Exception):
    """Raised inside a transaction to roll a dry run back."""


def _chunks(rows: Iterable[tuple[str, dict]], size: int) -> Iterator[list[tuple[str, dict]]]:
    chunk: list[tuple[str, dict]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _article_row(a: Article) -> dict:
    return {"article_id": a.id, "title": a.title, "text": a.text,
            "published": a.published.isoformat(), "source": a.source, "url": a.url,
            "language": a.language}


def _zone_row(r: ZoneReport) -> dict:
    bounds = r.geometry.bounds if not r.geometry.is_empty else (None,) * 4
    return {
        "geom": gpkg_blob.encode(r.geometry), "report_id": r.id, "zone_id": r.zone_id,
        "side": r.side.value, "valid_from": r.valid_from.isoformat(), "source": r.source,
        "note": r.note, "source_url": r.source_url, "layer": r.layer, "min_x": bounds[0],
        "min_y": bounds[1], "max_x": bounds[2], "max_y": bounds[3]}


def _event_row(e: Event) -> dict:
    import shapely

    values = (
        gpkg_blob.encode(shapely.Point(e.place.lon, e.place.lat)), e.id, e.day.isoformat(),
        e.place.name, e.place.lat, e.place.lon, e.place.country_code, e.place.feature_class,
        e.place.source_id, e.place.confidence, int(e.place.metonymic), e.kind.value, e.summary,
        e.source, e.source_date.isoformat() if e.source_date else None, e.source_url,
        e.claim_status.value, e.claimed_by, json.dumps(list(e.actors), ensure_ascii=False),
        e.quote, e.confidence, e.article_id, e.layer, e.time_precision, e.geo_precision,
    )
    return dict(zip(_EVENT_COLUMNS, values, strict=True))


def _event(r: sqlite3.Row | tuple) -> Event:
    (event_id, day, place, lat, lon, cc, fclass, psid, pconf, meto, kind, summary, source,
     source_date, source_url, claim, claimed_by, actors, quote, conf, article_id, layer,
     time_precision, geo_precision) = r
    return Event(
        day=date.fromisoformat(day),
        place=Place(name=place, lat=lat, lon=lon, country_code=cc or "",
                    feature_class=fclass or "", source_id=psid or "",
                    confidence=pconf if pconf is not None else 1.0, metonymic=bool(meto)),
        kind=EventKind(kind), summary=summary or "", source=source or "",
        claim_status=ClaimStatus(claim), claimed_by=claimed_by or "",
        actors=tuple(json.loads(actors or "[]")),
        source_date=date.fromisoformat(source_date) if source_date else None,
        source_url=source_url or "", quote=quote or "",
        confidence=conf if conf is not None else 1.0, article_id=article_id or "",
        layer=layer or "", id=event_id, time_precision=time_precision,
        geo_precision=geo_precision)


def _zone(r: sqlite3.Row | tuple) -> ZoneReport:
    return ZoneReport(zone_id=r[2], side=Side(r[3]), valid_from=date.fromisoformat(r[4]),
                      geometry=gpkg_blob.decode(r[0]), source=r[5] or "", note=r[6] or "",
                      source_url=r[7] or "", layer=r[8] or "", id=r[1])
