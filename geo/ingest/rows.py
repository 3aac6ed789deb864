"""What an event-table format is, and the row helpers the formats share.

:mod:`geo.ingest.acled`, :mod:`geo.ingest.ucdp` and :mod:`geo.ingest.viina` each define a
:class:`TableFormat` from these pieces; :mod:`geo.ingest.tables` imports the three and reads
the files. (Imports point one way: rows <- formats <- tables.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from geo.errors import InputError
from geo.ingest.validate import THEATRE, in_box
from geo.models import Event, LayerInfo
from geo.zones.repair import Note, OnInvalid

Row = Mapping[str, str]
MAX_WHOLE = 1e15
"""Largest magnitude of a whole-number cell (counts, codes): finite, and fits the store."""


@dataclass(frozen=True)
class TableFormat:
    """One event-table format: its layer, required columns and row mapper."""

    name: str
    layer: LayerInfo
    required: tuple[str, ...]
    signature: tuple[str, ...]
    """Columns whose presence identifies the format."""
    to_event: Callable[[Row, str, int, OnInvalid, list[Note]], Event | None]


def text(row: Row, column: str) -> str:
    value = row.get(column)
    return "" if value is None else value.strip()


def required(row: Row, column: str, source: str, item: int) -> str:
    value = text(row, column)
    if not value:
        raise InputError("missing value", source=source, item=item, field=column)
    return value


def integer(row: Row, column: str, source: str, item: int) -> int | None:
    value = text(row, column)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError as exc:
        raise InputError(f"not a number: {value!r}", source=source, item=item,
                         field=column) from exc
    if not abs(number) <= MAX_WHOLE:  # NaN fails too
        raise InputError(f"not a whole number within ±{MAX_WHOLE:.0e}: {value!r}",
                         source=source, item=item, field=column)
    return int(number)


def coordinates(row: Row, lat_col: str, lon_col: str, source: str, item: int,
                policy: OnInvalid, notes: list[Note], *, check_swap: bool) -> tuple[float,
                                                                                    float]:
    """(lat, lon) in degrees; swapped pairs are detected when ``check_swap`` (Ukraine rows)."""
    values = []
    for column in (lat_col, lon_col):
        raw = required(row, column, source, item)
        try:
            number = float(raw)
        except ValueError as exc:
            raise InputError(f"not a number: {raw!r}", source=source, item=item,
                             field=column) from exc
        if number != number or number in (float("inf"), float("-inf")):
            raise InputError(f"not a finite number: {raw!r}", source=source, item=item,
                             field=column)
        values.append(number)
    lat, lon = values
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(f"latitude {lat}, longitude {lon} are not degrees on Earth",
                         source=source, item=item, field=lat_col)
    if check_swap and not in_box(lon, lat, THEATRE) and in_box(lat, lon, THEATRE):
        where = f"latitude {lat}, longitude {lon}"
        if policy != "fix":
            raise InputError(f"{where} look swapped (swapped they fall in Ukraine); "
                             "--on-invalid fix swaps them", source=source, item=item,
                             field=lat_col)
        notes.append(Note(source, item, "swapped", f"{where} looked swapped"))
        lat, lon = lon, lat
    return lat, lon


def split_list(value: str, sep: str = ";") -> list[str]:
    """Non-empty, stripped, de-duplicated items of a separated list (order kept)."""
    seen: dict[str, None] = {}
    for part in value.split(sep):
        part = part.strip().strip('"').strip()
        if part:
            seen.setdefault(part, None)
    return list(seen)


def first(values: Iterable[Any], default: Any = None) -> Any:
    for value in values:
        return value
    return default
