"""The bundled events: ``events/*.csv``, one event per row, coordinates as ``lat, lon``.

Columns: date, place, lat, lon, country_code, kind, actors (``;``-separated), summary, source,
source_date, source_url, claim_status, claimed_by, confidence, quote, article. ``article`` is
a seed article file name (resolved to its :attr:`Article.id`); a ``quote`` must then occur
verbatim in that article's text. Errors name the file, the 1-based data row and the field.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from geo.errors import SeedError
from geo.models import Article, ClaimStatus, Event, EventKind, Place
from geo.theatre import DEFAULT_THEATRE
from seeds._articles import article_ids_by_file, load_articles
from seeds._io import read_text
from seeds._layer import SEED_LAYER

EVENT_FILES: tuple[str, ...] = ("seed_article_events.csv", "curated_events.csv",
                                 "mosul_events.csv")
EVENT_THEATRES: dict[str, str] = {"mosul_events.csv": "mosul-2016"}
"""The theatre of each events file that is not the default theatre's."""
COLUMNS: tuple[str, ...] = (
    "date", "place", "lat", "lon", "country_code", "kind", "actors", "summary", "source",
    "source_date", "source_url", "claim_status", "claimed_by", "confidence", "quote", "article",
)


class _Row:
    """One CSV row with error helpers that know the file and row number."""

    def __init__(self, values: Mapping[str, str | None], src: str, number: int) -> None:
        self.values, self.src, self.number = values, src, number

    def fail(self, field: str, message: str) -> SeedError:
        return SeedError(message, source=self.src, item=self.number, field=field)

    def text(self, field: str, *, required: bool = True) -> str:
        value = (self.values.get(field) or "").strip()
        if required and not value:
            raise self.fail(field, "missing or empty")
        return value

    def day(self, field: str, *, required: bool = True) -> date | None:
        value = self.text(field, required=required)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise self.fail(field, f"not an ISO date: {value!r}") from exc

    def number_in(self, field: str, low: float, high: float) -> float:
        value = self.text(field)
        try:
            number = float(value)
        except ValueError as exc:
            raise self.fail(field, f"not a number: {value!r}") from exc
        if not math.isfinite(number) or not low <= number <= high:
            raise self.fail(field, f"{number} is outside [{low}, {high}]")
        return number


def _event(row: _Row, article_ids: Mapping[str, str], texts: Mapping[str, str]) -> Event:
    code = row.text("country_code").upper()
    if len(code) != 2 or not code.isalpha():
        raise row.fail("country_code", f"not an ISO 3166-1 alpha-2 code: {code!r}")
    place = Place(name=row.text("place"), lat=row.number_in("lat", -90, 90),
                  lon=row.number_in("lon", -180, 180), country_code=code, source_id="seed")
    try:
        kind = EventKind(row.text("kind"))
    except ValueError as exc:
        raise row.fail("kind", f"unknown kind {row.text('kind')!r}") from exc
    try:
        status = ClaimStatus(row.text("claim_status"))
    except ValueError as exc:
        value = row.text("claim_status")
        raise row.fail("claim_status", f"unknown claim status {value!r}") from exc
    claimed_by = row.text("claimed_by", required=False)
    if status is ClaimStatus.CLAIMED and not claimed_by:
        raise row.fail("claimed_by", "a claimed event must name who claims it")
    article = row.text("article", required=False)
    if article and article not in article_ids:
        raise row.fail("article", f"unknown seed article {article!r}")
    quote = row.text("quote", required=False)
    if quote and (not article or quote not in texts.get(article, "")):
        raise row.fail("quote", "quote is not verbatim from the row's seed article")
    actors = tuple(a.strip() for a in row.text("actors", required=False).split(";") if a.strip())
    return Event(day=row.day("date"), place=place, kind=kind, summary=row.text("summary"),
                 source=row.text("source"), claim_status=status, claimed_by=claimed_by,
                 actors=actors, source_date=row.day("source_date", required=False),
                 source_url=row.text("source_url", required=False), quote=quote,
                 confidence=row.number_in("confidence", 0.0, 1.0),
                 article_id=article_ids.get(article, ""), layer=SEED_LAYER)


def parse_events(text: str, src: str, article_ids: Mapping[str, str],
                 article_texts: Mapping[str, str] | None = None) -> list[Event]:
    """Validate CSV text into events; ``article_ids`` maps article file name -> Article.id."""
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise SeedError(f"missing columns: {', '.join(missing)}", source=src, item=0,
                        field=missing[0])
    events = []
    for number, values in enumerate(reader, start=1):
        if None in values:
            raise SeedError("row has more cells than the header", source=src, item=number)
        events.append(_event(_Row(values, src, number), article_ids, article_texts or {}))
    return events


def load_events(articles: list[Article] | None = None) -> list[Event]:
    """All bundled events (seed article events first, then curated ones), in file order.

    ``articles`` are the already loaded seed articles (default: :func:`load_articles`); the
    ``article`` column is resolved to their ids.
    """
    loaded = load_articles() if articles is None else articles
    ids = article_ids_by_file(loaded)
    by_id = {a.id: a.text for a in loaded}
    texts = {name: by_id.get(aid, "") for name, aid in ids.items()}
    events: list[Event] = []
    for name in EVENT_FILES:
        theatre = EVENT_THEATRES.get(name, DEFAULT_THEATRE)
        events += [replace(e, theatre=theatre) for e in parse_events(
            read_text("events", name), f"seeds/events/{name}", ids, texts)]
    return events
