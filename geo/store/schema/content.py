"""The tables of the map's content: articles, events and their actors, zone reports,
theatres, layers and analysts' corrections, with the row converters that rebuild their model
objects (events skip validation on the way back: they were validated when written).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import MISSING, dataclass, fields
from typing import Any

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
from geo.store.schema.columns import Column, Index, Table, Type, _iso, _or, _stamps
from geo.theatre import DEFAULT_THEATRE, Theatre, theatre_from_json, theatre_to_json

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

# -- layers and corrections ------------------------------------------------------------------

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

