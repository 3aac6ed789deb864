"""The store's reads: portable SQL both backends run as written (a backend may override one
with its own, as PostGIS does for :meth:`StoreReads.zones_at`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from shapely.geometry.base import BaseGeometry

from geo.models import Article, Event, LayerInfo, Place, ZoneReport
from geo.store.queries import (
    EVENT_VALUE_COLUMNS,
    BBox,
    EventFilter,
    bbox_clause,
    event_where,
)
from geo.store.schema import (
    ARTICLES,
    AUDIT,
    CORRECTIONS,
    EVENTS,
    GEOCODE_CACHE,
    LAYERS,
    ZONE_REPORTS,
    AuditEntry,
    CacheEntry,
    Correction,
    Table,
    decode_rows,
    select_list,
)
from geo.store.theatres import TheatreBook, stored_theatres, theatre_clause
from geo.theatre import DEFAULT_THEATRE, Theatre


class StoreReads:
    """Reads over a backend's ``_rows``, ``_geometry_sql`` and ``_decode_geometries``."""

    collate: str = ""

    def _rows(self, sql: str, params: dict[str, Any] | None = None) -> list[Sequence[Any]]:
        raise NotImplementedError

    def _geometry_sql(self, column: str) -> str:
        raise NotImplementedError

    def _decode_geometries(self, values: list[Any]) -> list[BaseGeometry]:
        raise NotImplementedError

    # -- reads (portable SQL; a backend may override one with its own) ------------------------

    def _select(self, table: Table, rest: str, params: dict[str, Any] | None = None
                ) -> list[Any]:
        sql = f"SELECT {select_list(table, self._geometry_sql)} FROM {table.name} {rest}"
        return decode_rows(table, self._rows(sql, params), self._decode_geometries)

    def articles(self) -> list[Article]:
        return self._select(ARTICLES, "ORDER BY published, fid")

    def layers(self) -> list[LayerInfo]:
        return self._select(LAYERS, f"ORDER BY layer{self.collate}")

    def zone_reports(self, theatre: str | None = None) -> list[ZoneReport]:
        """Every stored zone report (of one theatre if given), oldest first (insertion order
        breaks ties)."""
        params: dict[str, Any] = {}
        where = theatre_clause(theatre, params)
        return self._select(ZONE_REPORTS, f"WHERE {where} ORDER BY valid_from, fid", params)

    def zones_at(self, day: date, bbox: BBox | None = None, theatre: str | None = None
                 ) -> list[ZoneReport]:
        """The latest report per zone on or before ``day`` (empty geometries left out), of
        one theatre if given.

        A zone is ``(layer, zone_id)``: layers never replace each other's zones, whatever
        their ids (stored ids are read as they are, nothing rewritten). Ordered by zone id,
        then layer (code point order).
        """
        params: dict[str, Any] = {"day": day}
        where = "rank = 1 AND min_x IS NOT NULL"
        if bbox is not None:
            where += " AND " + bbox_clause(bbox, params, point=False)
        inner = ("SELECT *, ROW_NUMBER() OVER (PARTITION BY layer, zone_id ORDER BY "
                 "valid_from DESC, fid DESC) AS rank FROM zone_reports WHERE valid_from <= :day "
                 f"AND {theatre_clause(theatre, params)}")
        sql = (f"SELECT {select_list(ZONE_REPORTS, self._geometry_sql)} FROM ({inner}) AS z "
               f"WHERE {where} ORDER BY zone_id{self.collate}, layer{self.collate}")
        return decode_rows(ZONE_REPORTS, self._rows(sql, params), self._decode_geometries)

    def events_between(self, start: date, end: date, bbox: BBox | None = None,
                       filters: EventFilter | None = None) -> list[Event]:
        """Events with ``start <= day <= end``, inside ``bbox`` and passing ``filters``."""
        where, params = event_where(start, end, bbox, filters)
        return self._select(EVENTS, f"WHERE {where} ORDER BY day, fid", params)

    def count_events(self, start: date, end: date, bbox: BBox | None = None,
                     filters: EventFilter | None = None) -> int:
        """How many events :meth:`events_between` would return (one COUNT query)."""
        where, params = event_where(start, end, bbox, filters)
        (row,) = self._rows(f"SELECT COUNT(*) FROM {EVENTS.name} WHERE {where}", params)
        return int(row[0])

    def dates(self, theatre: str | None = None) -> list[date]:
        """Every distinct day with a zone report or an event (of one theatre), ascending."""
        params: dict[str, Any] = {}
        where = theatre_clause(theatre, params)
        rows = self._rows(f"SELECT valid_from AS day FROM zone_reports WHERE {where} UNION "
                          f"SELECT day FROM events WHERE {where} ORDER BY 1", params)
        return [_day(r[0]) for r in rows]

    def zone_report_dates(self, layer: str | None = None, theatre: str | None = None
                          ) -> list[date]:
        """Distinct ``valid_from`` days of zone reports (of one layer, one theatre if given),
        ascending."""
        params: dict[str, Any] = {}
        where = theatre_clause(theatre, params)
        if layer is not None:
            where += " AND layer = :layer"
            params["layer"] = layer
        rows = self._rows(f"SELECT DISTINCT valid_from FROM zone_reports WHERE {where} "
                          "ORDER BY 1", params)
        return [_day(r[0]) for r in rows]

    def date_range(self, theatre: str | None = None) -> tuple[date, date] | None:
        """(first, last) day with data (of one theatre if given), or None when empty."""
        params: dict[str, Any] = {}
        where = theatre_clause(theatre, params)
        rows = self._rows(
            "SELECT MIN(d), MAX(d) FROM (SELECT MIN(valid_from) AS d FROM zone_reports "
            f"WHERE {where} UNION ALL SELECT MAX(valid_from) FROM zone_reports WHERE {where} "
            f"UNION ALL SELECT MIN(day) FROM events WHERE {where} UNION ALL "
            f"SELECT MAX(day) FROM events WHERE {where}) AS spans", params)
        first, last = rows[0]
        return (_day(first), _day(last)) if first is not None else None

    def theatres(self) -> list[Theatre]:
        """Every theatre of the store, by name; the default one is always there."""
        return [t for _, t in sorted(stored_theatres(self._rows).items())]

    def main_theatre(self) -> Theatre:
        """The theatre shown when none is asked for: the default one when it holds data or
        no other theatre does, else the first (by name) that holds data."""
        used = [r[0] for r in self._rows(
            "SELECT DISTINCT theatre FROM zone_reports UNION SELECT DISTINCT theatre FROM "
            "events ORDER BY 1")]
        if not used or DEFAULT_THEATRE in used:
            return self.theatre(None)
        return self.theatre(used[0])

    def theatre(self, name: str | None = None) -> Theatre:
        """The theatre ``name`` (the default one for None or ""); InputError naming the
        known theatres when the store has no such theatre."""
        return TheatreBook(self._rows).get(name or DEFAULT_THEATRE)

    def event_values(self, attribute: str) -> Sequence[str]:
        """Distinct values of an event attribute over the whole store (filter widgets)."""
        if attribute == "actors":
            sql = "SELECT DISTINCT actor FROM event_actors"
        elif attribute in EVENT_VALUE_COLUMNS:
            sql = f"SELECT DISTINCT COALESCE({attribute}, '') FROM events"
        else:
            raise ValueError(f"not a listable event attribute: {attribute!r}")
        return sorted(r[0] for r in self._rows(sql))

    def data_version(self) -> str:
        """A hash that changes whenever stored data changes (for cache invalidation)."""
        return self._rows(
            "SELECT value FROM frontline_metadata WHERE key = 'data_version'")[0][0]

    def corrections(self) -> list[Correction]:
        """Every analyst's place correction, ordered by key."""
        return self._select(CORRECTIONS, f"ORDER BY key{self.collate}")

    def correction(self, key: str) -> Place | None:
        """The correction for one folded name, or None."""
        found = self._select(CORRECTIONS, "WHERE key = :key", {"key": key})
        return found[0].place if found else None

    def cache_get(self, provider: str, query: str) -> str | None:
        rows = self._rows("SELECT value FROM geocode_cache WHERE provider = :provider AND "
                          "query = :query", {"provider": provider, "query": query})
        return rows[0][0] if rows else None

    def cache_entries(self, provider: str | None = None) -> list[CacheEntry]:
        """Every cache entry (of one provider if given), ordered by provider and query."""
        where, params = ("WHERE provider = :provider", {"provider": provider}) if provider \
            is not None else ("", {})
        return self._select(GEOCODE_CACHE, f"{where} ORDER BY provider{self.collate}, "
                            f"query{self.collate}", params)

    def audit(self, *, since: date | None = None, user: str | None = None
              ) -> list[AuditEntry]:
        """Stored writes, newest first: on or after the day ``since`` (UTC), by exactly
        ``user`` if given."""
        clauses, params = [], {}
        if since is not None:
            clauses.append("written_at >= :since")
            params["since"] = since.isoformat()
        if user is not None:
            clauses.append("written_by = :user")
            params["user"] = user
        where = f"WHERE {' AND '.join(clauses)} " if clauses else ""
        return self._select(AUDIT, f"{where}ORDER BY written_at DESC, fid DESC", params)



def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


__all__ = ["StoreReads"]
