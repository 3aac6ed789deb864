"""Portable SQL that both stores run as written: named ``:parameters``, no dialect functions.

SQLite (through the standard library) and PostgreSQL (through SQLAlchemy's ``text``) both
take ``:name`` parameters; list parameters are expanded here into ``:name_0, :name_1, ...``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from geo.models import ClaimStatus, EventKind

BBox = tuple[float, float, float, float]
"""(west, south, east, north) in degrees: lon, lat order like shapely bounds."""


@dataclass(frozen=True)
class EventFilter:
    """Which events to keep. Empty tuples mean "no restriction"."""

    kinds: tuple[EventKind, ...] = ()
    actors: tuple[str, ...] = ()
    claim_statuses: tuple[ClaimStatus, ...] = ()
    sources: tuple[str, ...] = ()
    min_confidence: float = 0.0
    theatre: str = ""
    """Events of this theatre only (empty: every theatre)."""


def in_list(column: str, name: str, values: Sequence[Any], params: dict[str, Any]) -> str:
    """``column IN (:name_0, ...)``, adding the values to ``params``."""
    marks = []
    for i, value in enumerate(values):
        params[f"{name}_{i}"] = value
        marks.append(f":{name}_{i}")
    return f"{column} IN ({', '.join(marks)})"


def bbox_clause(bbox: BBox, params: dict[str, Any], *, point: bool) -> str:
    """Rows inside (points) or overlapping (envelopes ``min_x``...) a bbox."""
    params.update(west=float(bbox[0]), south=float(bbox[1]), east=float(bbox[2]),
                  north=float(bbox[3]))
    if point:
        return "lon >= :west AND lon <= :east AND lat >= :south AND lat <= :north"
    return "max_x >= :west AND min_x <= :east AND max_y >= :south AND min_y <= :north"


def event_where(start: date, end: date, bbox: BBox | None = None,
                filters: EventFilter | None = None) -> tuple[str, dict[str, Any]]:
    """The one definition of which events a query returns: ``(WHERE text, parameters)``.

    A missing confidence counts as 1.0 and a missing source as "", as on read.
    """
    params: dict[str, Any] = {"start": start, "end": end}
    clauses = ["day >= :start", "day <= :end"]
    if bbox is not None:
        clauses.append(bbox_clause(bbox, params, point=True))
    f = filters or EventFilter()
    if f.kinds:
        clauses.append(in_list("kind", "kind", [k.value for k in f.kinds], params))
    if f.claim_statuses:
        clauses.append(in_list("claim_status", "claim",
                               [c.value for c in f.claim_statuses], params))
    if f.sources:
        clauses.append(in_list("COALESCE(source, '')", "source", list(f.sources), params))
    if f.actors:
        clauses.append("event_id IN (SELECT event_id FROM event_actors WHERE "
                       + in_list("actor", "actor", list(f.actors), params) + ")")
    if f.theatre:
        clauses.append("theatre = :theatre")
        params["theatre"] = f.theatre.strip().lower().replace(" ", "-")
    if f.min_confidence > 0:
        clauses.append("COALESCE(confidence, 1.0) >= :min_confidence")
        params["min_confidence"] = float(f.min_confidence)
    return " AND ".join(clauses), params


EVENT_VALUE_COLUMNS = ("kind", "source", "claim_status", "claimed_by", "layer", "article_id",
                       "source_url", "summary")
"""Event attributes whose distinct values :meth:`Store.event_values` can list."""

__all__ = ["BBox", "EVENT_VALUE_COLUMNS", "EventFilter", "bbox_clause", "event_where",
           "in_list"]
