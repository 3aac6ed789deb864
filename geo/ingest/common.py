"""Shared pieces of the importers: the batch they produce, safe file reading, date parsing.

Paths are expanded by :func:`geo.paths.expand_paths`, bytes decoded by :mod:`geo.textio`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from geo import textio
from geo.dates import check_day
from geo.errors import InputError
from geo.models import Event, LayerInfo, ZoneReport
from geo.store.base import Batch as StoreBatch
from geo.store.base import ImportResult, Store
from geo.zones.repair import Note

log = logging.getLogger(__name__)

DEFAULT_MAX_MB = 25.0
"""Files above this size are refused before reading (bounded memory); raise it per call."""


@dataclass
class Batch:
    """What an importer read: one layer's zone reports and events, plus what it did.

    ``events`` may be a lazy iterator (CSV importers stream rows); ``notes`` and ``counts``
    are complete once ``events`` has been consumed.
    """

    layer: LayerInfo
    zone_reports: list[ZoneReport] = field(default_factory=list)
    events: Iterable[Event] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] = self.counts.get(what, 0) + n


def import_batch(store: Store, batch: Batch, *, written_by: str,
                 dry_run: bool = False, theatre: str = "") -> ImportResult:
    """Store what an importer read in one transaction (see :meth:`Store.write`), recorded
    as written by ``written_by``, into ``theatre`` (empty: the default theatre)."""
    result = store.write(StoreBatch(layers=[batch.layer], zone_reports=batch.zone_reports,
                                    events=batch.events, written_by=written_by,
                                    theatre=theatre),
                         dry_run=dry_run)
    log.info("import of layer %s into %s: %s", batch.layer.layer, store.location, result)
    return result


def check_size(path: Path, max_mb: float) -> int:
    """The file size in bytes, or InputError when it is above ``max_mb`` (nothing read)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", source=str(path)) from exc
    if size > max_mb * 1e6:
        raise InputError(f"file is {size / 1e6:.1f} MB, above the {max_mb:g} MB limit for this "
                         "format (read whole into memory); raise it with --max-mb or split "
                         "the file", source=str(path))
    return size


def read_text(path: Path, *, max_mb: float = DEFAULT_MAX_MB) -> str:
    """The file as UTF-8 text (see :mod:`geo.textio`), refused unread when above ``max_mb``."""
    check_size(path, max_mb)
    return textio.read_text(path, max_bytes=int(max_mb * 1e6))  # bounded if it grew since


def load_json(path: Path, *, max_mb: float = DEFAULT_MAX_MB) -> Any:
    """Parsed JSON; truncated or malformed files give the line and column."""
    text = read_text(path, max_mb=max_mb)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        hint = " (the file looks truncated)" if exc.pos >= len(text.rstrip()) else ""
        raise InputError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
                         f"{hint}", source=str(path)) from exc
    except RecursionError as exc:
        raise InputError("JSON nested too deeply", source=str(path)) from exc


def geojson_features(doc: Any, source: str) -> list[Any]:
    """The features of a FeatureCollection (or a lone Feature); empty is an error."""
    if not isinstance(doc, dict):
        raise InputError(f"expected a GeoJSON object, got {type(doc).__name__}", source=source)
    kind = doc.get("type")
    if kind == "Feature":
        return [doc]
    if kind != "FeatureCollection":
        raise InputError(f"expected a GeoJSON FeatureCollection, got type {kind!r}",
                         source=source, field="type")
    features = doc.get("features")
    if not isinstance(features, list):
        raise InputError("FeatureCollection without a features list", source=source,
                         field="features")
    if not features:
        raise InputError("the FeatureCollection is empty: no features to import",
                         source=source, field="features")
    return features


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_COMPACT = re.compile(r"^\d{8}$")
_TEXT_FORMATS = ("%d %B %Y", "%d %b %Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y")


def parse_date(value: Any, *, source: str, item: int | str | None, field: str) -> date:
    """A day from ISO text, ISO date-time (converted to UTC), YYYYMMDD, ``24 February 2022``,
    or Unix seconds/milliseconds (UTC). Empty or unreadable values, and days outside the
    years :func:`geo.dates.check_day` accepts, raise InputError."""
    day = _read_date(value, source=source, item=item, field=field)
    return check_day(day, source=source, item=item, field=field)


def _read_date(value: Any, *, source: str, item: int | str | None, field: str) -> date:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise InputError("missing date", source=source, item=item, field=field)
    if isinstance(value, bool):
        raise InputError(f"not a date: {value!r}", source=source, item=item, field=field)
    if isinstance(value, int | float):
        return unix_date(value, source=source, item=item, field=field)
    text = str(value).strip()
    try:
        if _COMPACT.match(text):
            return datetime.strptime(text, "%Y%m%d").date()
        if re.fullmatch(r"\d{9,13}", text):
            return unix_date(int(text), source=source, item=item, field=field)
        if _ISO_DATE.match(text):
            if len(text) == 10:
                return date.fromisoformat(text)
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return (moment.astimezone(UTC) if moment.tzinfo else moment).date()
        for fmt in _TEXT_FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    except ValueError as exc:
        raise InputError(f"not a date: {text!r} ({exc})", source=source, item=item,
                         field=field) from exc
    raise InputError(f"not a date: {text!r} (use YYYY-MM-DD)", source=source, item=item,
                     field=field)


def unix_date(value: float, *, source: str, item: int | str | None, field: str) -> date:
    """UTC day of Unix seconds (or milliseconds when the number is that large)."""
    seconds = value / 1000 if value > 1e11 else value
    try:
        day = datetime.fromtimestamp(seconds, UTC).date()
    except (OverflowError, OSError, ValueError) as exc:
        raise InputError(f"not a Unix time: {value!r}", source=source, item=item,
                         field=field) from exc
    if not date(1990, 1, 1) <= day <= date(2100, 1, 1):
        raise InputError(f"Unix time {value!r} is {day}, outside 1990-2100", source=source,
                         item=item, field=field)
    return day
