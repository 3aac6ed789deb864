"""Core domain types: frozen dataclasses and enums.

Axis order, said out loud because it flips between libraries:

* ``Place`` and ``Event`` carry ``lat, lon`` (latitude first, as people write it).
* shapely geometries and GeoJSON are ``(lon, lat)`` (x first).
* folium/Leaflet locations are ``[lat, lon]``.

Use :meth:`Place.lonlat` / :meth:`Place.latlon` instead of indexing by hand.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from shapely import wkb
from shapely.geometry.base import BaseGeometry


class Side(StrEnum):
    """The side ids of the default theatre (Bakhmut 2023) and of DeepState's categories.

    Sides are data (:class:`geo.theatre.Theatre`): a zone's ``side`` is any id its theatre
    declares; these members are plain strings equal to their ids."""

    RUSSIAN = "russian"
    UKRAINIAN = "ukrainian"
    CONTESTED = "contested"


class EventKind(StrEnum):
    """What kind of thing happened."""

    GROUND_FIGHTING = "ground_fighting"
    SHELLING_STRIKE = "shelling_strike"
    CAPTURE_CLAIM = "capture_claim"
    WITHDRAWAL = "withdrawal"
    HUMANITARIAN = "humanitarian"
    DIPLOMATIC = "diplomatic"
    JUDICIAL = "judicial"
    STATEMENT = "statement"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Human label, e.g. ``"Shelling / strike"``."""
        return _KIND_LABELS[self]


_KIND_LABELS = {
    EventKind.GROUND_FIGHTING: "Ground fighting",
    EventKind.SHELLING_STRIKE: "Shelling / strike",
    EventKind.CAPTURE_CLAIM: "Capture claim",
    EventKind.WITHDRAWAL: "Withdrawal",
    EventKind.HUMANITARIAN: "Humanitarian",
    EventKind.DIPLOMATIC: "Diplomatic",
    EventKind.JUDICIAL: "Judicial",
    EventKind.STATEMENT: "Statement",
    EventKind.OTHER: "Other",
}


class ClaimStatus(StrEnum):
    """How sure the record is: confirmed, claimed by a named party, an analyst's assessment,
    disputed (claimed by one party, denied by another) or planned (announced, not yet done)."""

    CONFIRMED = "confirmed"
    CLAIMED = "claimed"
    ASSESSED = "assessed"
    DISPUTED = "disputed"
    PLANNED = "planned"


def content_hash(*parts: object) -> str:
    """A stable short SHA-256 over JSON-serialised parts (the idempotency key)."""
    payload = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class Stamped:
    """Who stored an item: set by :meth:`geo.store.Store.write` from the batch (a new item
    leaves both empty) and read back from the store. Not part of the item's content: equality
    and the content-hash id ignore them, so the first writer of an item stays its writer."""

    written_by: str = field(default="", compare=False, kw_only=True)
    """``cli:<command> (<os user>)``, a signed-in identity such as ``user:alice``, or
    :data:`BEFORE_AUDIT` for rows stored before schema version 4."""
    batch_id: str = field(default="", compare=False, kw_only=True)
    """The write (audit row) that stored it; empty for rows stored before schema 4."""


BEFORE_AUDIT = "unknown (before v4)"
"""``written_by`` of rows that were stored before the store recorded writers."""


@dataclass(frozen=True)
class Article(Stamped):
    """A news article as ingested. ``id`` is a content hash when not given."""

    title: str
    text: str
    published: date
    source: str
    url: str | None = None
    language: str = "en"
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_hash(self.title, self.text, self.published,
                                                        self.source))


@dataclass(frozen=True)
class Mention:
    """A span of article text that names a place: ``text[start:end] == surface``."""

    surface: str
    start: int
    end: int
    sentence: int = 0


@dataclass(frozen=True)
class Place:
    """A resolved place. Coordinates are **lat, lon** (WGS84)."""

    name: str
    lat: float
    lon: float
    country_code: str = ""
    feature_class: str = "P"
    source_id: str = ""
    confidence: float = 1.0
    alternatives: tuple[str, ...] = ()
    metonymic: bool = False

    def lonlat(self) -> tuple[float, float]:
        """(lon, lat): the order shapely and GeoJSON use."""
        return (self.lon, self.lat)

    def latlon(self) -> tuple[float, float]:
        """(lat, lon): the order folium/Leaflet use."""
        return (self.lat, self.lon)


@dataclass(frozen=True)
class Event(Stamped):
    """Something that happened somewhere on a day, with its provenance."""

    day: date
    place: Place
    kind: EventKind
    summary: str
    source: str
    claim_status: ClaimStatus = ClaimStatus.CONFIRMED
    claimed_by: str = ""
    actors: tuple[str, ...] = ()
    source_date: date | None = None
    source_url: str = ""
    quote: str = ""
    confidence: float = 1.0
    article_id: str = ""
    layer: str = "seed"
    id: str = ""
    time_precision: int | None = None
    """Date precision code as the source dataset publishes it (scale depends on ``layer``)."""
    geo_precision: int | None = None
    """Location precision code as the source dataset publishes it (scale depends on ``layer``)."""
    end_day: date | None = None
    """Last day of an event over several days (a three-day visit), else None."""
    denied_by: str = ""
    """Who denies the claim (``claim_status`` disputed)."""
    day_precision: str = "day"
    """How precise ``day`` is: ``day``, ``week`` (its Monday) or ``month`` (its 1st)."""
    quote_span: tuple[int, int] | None = None
    """(start, end) character offsets of ``quote`` in the article text, when known."""
    sources: tuple[str, ...] = ()
    """Every source reporting this event once corroborated (:mod:`geo.events.corroborate`)."""
    independent_sources: int = 1
    """How many of ``sources`` are independent of each other."""
    theatre: str = field(default="", compare=False, kw_only=True)
    """The theatre it belongs to; empty: the theatre of the write that stores it."""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_hash(
                self.day, self.place.name, round(self.place.lat, 5), round(self.place.lon, 5),
                self.kind.value, self.summary, self.source))


@dataclass(frozen=True)
class ZoneReport(Stamped):
    """One report of who holds one zone from ``valid_from`` on.

    ``zone_id`` names what the report replaces: the latest report for a zone on or before a
    day is the one shown. Our convention is ``"<sector>/<side>"`` (e.g. ``"bakhmut/russian"``),
    so a report carries the whole area a side holds in a sector and an empty geometry says
    the side holds nothing there any more. ``geometry`` is shapely, **lon/lat**, EPSG:4326.
    """

    zone_id: str
    side: str
    """A side id of the report's theatre (:class:`Side` members for the default theatre)."""
    valid_from: date
    geometry: BaseGeometry
    source: str
    note: str = ""
    source_url: str = ""
    layer: str = "seed"
    id: str = field(default="")
    theatre: str = field(default="", compare=False, kw_only=True)
    """The theatre it belongs to; empty: the theatre of the write that stores it."""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", content_hash(
                self.zone_id, str(self.side), self.valid_from,
                wkb.dumps(self.geometry, hex=True)
                if not self.geometry.is_empty else "EMPTY", self.source))


@dataclass(frozen=True)
class LayerInfo:
    """Provenance and licence of one imported layer (``"seed"`` is ours)."""

    layer: str
    source: str
    licence: str
    attribution: str
    imported_at: str = ""
    non_commercial: bool = False


@dataclass(frozen=True)
class Snapshot:
    """The state of the map on ``day``: zones in force and events in the window ending on it."""

    day: date
    window_days: int
    zones: tuple[ZoneReport, ...]
    events: tuple[Event, ...]
    theatre: Any = field(default=None, compare=False)
    """The :class:`geo.theatre.Theatre` drawn (None: the default theatre)."""

    @property
    def is_empty(self) -> bool:
        """True when nothing at all is to be drawn on this day."""
        return not self.zones and not self.events
