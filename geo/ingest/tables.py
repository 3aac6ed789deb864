"""Event tables (CSV): streaming reader, format detection and the shared row helpers.

Rows are read one at a time (memory bounded by one row plus the store's insert chunk), so
the table's size is not limited. Row numbers in errors are 1-based data rows (the header is
row 0). Formats and their column mappings live in :mod:`geo.ingest.acled`,
:mod:`geo.ingest.ucdp` and :mod:`geo.ingest.viina`.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from geo.errors import InputError
from geo.ingest.common import Batch, expand_paths
from geo.ingest.validate import THEATRE, in_box
from geo.models import Event, LayerInfo
from geo.zones.repair import Note, OnInvalid, check_policy

Row = Mapping[str, str]


@dataclass(frozen=True)
class TableFormat:
    """One event-table format: its layer, required columns and row mapper."""

    name: str
    layer: LayerInfo
    required: tuple[str, ...]
    signature: tuple[str, ...]
    """Columns whose presence identifies the format."""
    to_event: Callable[[Row, str, int, OnInvalid, list[Note]], Event | None]


def formats() -> dict[str, TableFormat]:
    from geo.ingest import acled, ucdp, viina

    return {f.name: f for f in (acled.FORMAT, ucdp.FORMAT, viina.FORMAT)}


def detect(header: Iterable[str], source: str) -> TableFormat:
    """The format whose signature columns are all in ``header``."""
    columns = set(header)
    for fmt in formats().values():
        if set(fmt.signature) <= columns:
            return fmt
    raise InputError("cannot tell the table format from its header; expected ACLED "
                     "(event_id_cnty, event_date, ...), UCDP GED (relid, date_start, ...) or "
                     "VIINA (event_id, date, t_*...) columns, or pass --format",
                     source=source, item=0, field="header")


def _open_rows(path: Path) -> tuple[csv.DictReader, io.TextIOWrapper]:
    src = str(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by caller
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", source=src) from exc
    return csv.DictReader(handle), handle


def _rows(path: Path, reader: csv.DictReader, handle: io.TextIOWrapper) -> Iterator[
        tuple[int, dict[str, str]]]:
    src = str(path)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007 - used in except
            if None in row:
                raise InputError(f"{len(row[None])} more value(s) than header columns",
                                 source=src, item=number, field="row")
            yield number, row
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text near data row {number + 1}: byte "
                         f"0x{exc.object[exc.start]:02x}; re-save the file as UTF-8",
                         source=src, item=number + 1) from exc
    except csv.Error as exc:
        raise InputError(f"malformed CSV ({exc})", source=src, item=number + 1,
                         field="row") from exc
    finally:
        handle.close()


def read_events(paths: Iterable[str | os.PathLike[str]], *, table_format: str = "auto",
                on_invalid: str = "raise", layer: LayerInfo | None = None) -> Batch:
    """Events from CSV tables, streamed lazily into ``batch.events``.

    Every file must be of one format (``auto`` detects it from the first file's header).
    Headers are checked now; rows are checked as the store consumes them, so a bad row
    aborts the whole import (one transaction) unless ``on_invalid="skip"`` (or ``fix``,
    which also swaps lat/lon that look swapped) leaves it out with a note.
    """
    policy = check_policy(on_invalid)
    files = expand_paths(paths, (".csv",))
    opened = []
    fmt: TableFormat | None = None if table_format == "auto" else formats().get(table_format)
    if table_format != "auto" and fmt is None:
        raise InputError(f"unknown table format {table_format!r}; known: auto, "
                         f"{', '.join(formats())}", field="format")
    try:
        for path in files:
            reader, handle = _open_rows(path)
            opened.append((path, reader, handle))
            fmt = _check_header(path, reader, fmt)
    except BaseException:
        for _, _, handle in opened:
            handle.close()
        raise
    assert fmt is not None
    batch = Batch(layer=layer or fmt.layer, files=[str(p) for p in files])
    batch.events = _events(opened, fmt, policy, batch)
    return batch


def _check_header(path: Path, reader: csv.DictReader, fmt: TableFormat | None) -> TableFormat:
    try:
        header = reader.fieldnames
    except UnicodeDecodeError as exc:
        raise InputError("not UTF-8 text in the header; re-save the file as UTF-8",
                         source=str(path), item=0) from exc
    except csv.Error as exc:
        raise InputError(f"malformed CSV header ({exc})", source=str(path), item=0) from exc
    if not header:
        raise InputError("empty file: no header row", source=str(path), item=0)
    fmt = fmt or detect(header, str(path))
    missing = [c for c in fmt.required if c not in header]
    if missing:
        raise InputError(f"not a {fmt.name} table: missing column(s) {', '.join(missing)}",
                         source=str(path), item=0, field=missing[0])
    return fmt


def _events(opened: list, fmt: TableFormat, policy: OnInvalid, batch: Batch
            ) -> Iterator[Event]:
    for path, reader, handle in opened:
        src = str(path)
        for number, row in _rows(path, reader, handle):
            batch.count("rows read")
            try:
                event = fmt.to_event(row, src, number, policy, batch.notes)
            except InputError as exc:
                if policy == "raise":
                    raise
                batch.notes.append(Note(src, number, "skipped", exc.message))
                continue
            if event is None:
                continue
            if batch.layer.layer != event.layer:
                event = replace(event, layer=batch.layer.layer)
            batch.count("events")
            yield event


# -- row helpers shared by the formats ------------------------------------------------------

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
        return int(float(value))
    except ValueError as exc:
        raise InputError(f"not a number: {value!r}", source=source, item=item,
                         field=column) from exc


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
