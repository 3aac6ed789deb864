"""Event tables (CSV): the streaming reader and format detection.

Rows are read one at a time (memory bounded by one row plus the store's insert chunk), so
the table's size is not limited. Row numbers in errors are 1-based data rows (the header is
row 0). Formats and their column mappings live in :mod:`geo.ingest.acled`,
:mod:`geo.ingest.ucdp` and :mod:`geo.ingest.viina`, built from :mod:`geo.ingest.rows`; bytes
are decoded line by line by :func:`geo.textio.iter_lines`.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from geo.errors import EncodingError, InputError
from geo.ingest import acled, ucdp, viina
from geo.ingest.common import Batch
from geo.ingest.rows import TableFormat
from geo.models import Event, LayerInfo
from geo.paths import expand_paths
from geo.textio import iter_lines
from geo.zones.repair import Note, OnInvalid, check_policy

FORMATS: dict[str, TableFormat] = {f.name: f for f in (acled.FORMAT, ucdp.FORMAT,
                                                        viina.FORMAT)}
"""The known table formats by name, tried in this order by :func:`detect`."""
SUFFIXES = (".csv",)


def detect(header: Iterable[str], source: str) -> TableFormat:
    """The format whose signature columns are all in ``header``."""
    columns = set(header)
    for fmt in FORMATS.values():
        if set(fmt.signature) <= columns:
            return fmt
    raise InputError("cannot tell the table format from its header; expected ACLED "
                     "(event_id_cnty, event_date, ...), UCDP GED (relid, date_start, ...) or "
                     "VIINA (event_id, date, t_*...) columns, or pass --format",
                     source=source, item=0, field="header")


def _open_rows(path: Path) -> tuple[csv.DictReader, BinaryIO]:
    src = str(path)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror})", source=src) from exc
    # strict: a quote that never closes, or text after a closing quote, is an error
    return csv.DictReader(iter_lines(handle, src), strict=True), handle


def _rows(path: Path, reader: csv.DictReader, handle: BinaryIO) -> Iterator[
        tuple[int, dict[str, str]]]:
    src = str(path)
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007 - used in except
            if None in row:
                raise InputError(f"{len(row[None])} more value(s) than header columns",
                                 source=src, item=number, field="row")
            yield number, row
    except EncodingError as exc:  # the row being read when the bad byte came
        raise EncodingError(exc.message, source=src, offset=exc.offset, line=exc.line,
                            item=number + 1) from exc
    except csv.Error as exc:
        raise InputError(_csv_problem(exc), source=src, item=number + 1, field="row") from exc
    finally:
        handle.close()


def _csv_problem(exc: csv.Error) -> str:
    """A csv error in words a user can act on."""
    if "unexpected end of data" in str(exc):
        return ("malformed CSV: a quoted field is never closed (the file ends inside "
                "quotes); check the quote that opens this row's field")
    return f"malformed CSV ({exc})"


def read_events(paths: Iterable[str | os.PathLike[str]], *, table_format: str = "auto",
                on_invalid: str = "raise", layer: LayerInfo | None = None) -> Batch:
    """Events from CSV tables, streamed lazily into ``batch.events``.

    Every file must be of one format (``auto`` detects it from the first file's header).
    Headers are checked now; rows are checked as the store consumes them, so a bad row
    aborts the whole import (one transaction) unless ``on_invalid="skip"`` (or ``fix``,
    which also swaps lat/lon that look swapped) leaves it out with a note.
    """
    policy = check_policy(on_invalid)
    files = expand_paths(paths, SUFFIXES)
    opened = []
    fmt: TableFormat | None = None if table_format == "auto" else FORMATS.get(table_format)
    if table_format != "auto" and fmt is None:
        raise InputError(f"unknown table format {table_format!r}; known: auto, "
                         f"{', '.join(FORMATS)}", field="format")
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
    except EncodingError as exc:
        raise EncodingError(f"{exc.message} (in the header)", source=str(path),
                            offset=exc.offset, line=exc.line, item=0) from exc
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
                where = f"field {exc.field!r}: " if exc.field else ""
                batch.notes.append(Note(src, number, "skipped", where + exc.message))
                continue
            if event is None:
                continue
            if batch.layer.layer != event.layer:
                event = replace(event, layer=batch.layer.layer)
            batch.count("events")
            yield event
