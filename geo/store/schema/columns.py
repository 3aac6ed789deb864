"""The declaration types of the stored schema and the SQL built from them.

A column says its name, its portable type, and how its value is read off the model object;
a table says which column is its idempotency key and how a model object is rebuilt from a
row. :func:`create_statements`, :func:`select_list` and :func:`decode_rows` turn one declared
table into a backend's DDL, SELECT list and model objects.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from shapely.geometry.base import BaseGeometry


class Type(StrEnum):
    """Portable column types; each backend maps them to its own SQL type and codec."""

    TEXT = "text"
    REAL = "real"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    DATE = "date"
    JSON = "json"
    """A JSON document stored as text (lists of actors, ...)."""
    POINT = "point"
    GEOMETRY = "geometry"


@dataclass(frozen=True)
class Column:
    """One stored column: ``get`` reads its value off the model object being written."""

    name: str
    type: Type
    get: Callable[[Any], Any]
    nullable: bool = True
    stamped: bool = False
    """Filled by the write from the batch (``stamp[name]``) when the item's ``fill``
    attribute is empty: the batch's writer and id, or its theatre."""
    fill: str = "written_by"


@dataclass(frozen=True)
class Index:
    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of model objects, keyed by ``key`` (a content hash: adding twice is a no-op).

    ``build`` turns a dict of decoded column values back into the model object. Tables with
    ``fid`` get an auto-increment row id that orders rows by insertion (ties resolve the
    same way in both stores).
    """

    name: str
    key: str
    columns: tuple[Column, ...]
    build: Callable[[dict[str, Any]], Any]
    indexes: tuple[Index, ...] = ()
    fid: bool = True
    description: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def values(self, item: Any) -> tuple:
        """The column values of one model object, in column order (not yet encoded)."""
        return tuple(c.get(item) for c in self.columns)

    def column_values(self, column: Column, items: Sequence[Any],
                      stamp: dict[str, str] | None = None) -> list[Any]:
        """One column's values of ``items``. A stamped column of a new item (one without a
        writer) takes ``stamp[name]``; an item read from another store keeps its own
        writer and batch id (empty for rows stored before the audit trail)."""
        if column.stamped and stamp and column.name in stamp:
            default, fill = stamp[column.name], column.fill
            return [column.get(item) if getattr(item, fill) else default for item in items]
        return [column.get(item) for item in items]


def _stamps() -> tuple[Column, Column]:
    """``written_by`` and ``batch_id`` of a table of :class:`~geo.models.Stamped` items."""
    return (Column("written_by", Type.TEXT, lambda s: s.written_by, nullable=False,
                   stamped=True),
            Column("batch_id", Type.TEXT, lambda s: s.batch_id, stamped=True))


STAMP_COLUMNS = ("written_by", "batch_id")


def _iso(value: Any) -> date | None:
    """A date from a backend value (SQLite gives ISO text, PostgreSQL a date)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "event_actors": ("event_id", "actor"), "layers": ("layer",), "corrections": ("key",),
    "geocode_cache": ("provider", "query"), "frontline_metadata": ("key",),
    "http_validators": ("url",), "source_locks": ("source",), "theatres": ("name",),
}
"""Tables without ``fid``: their primary key. Tables with ``fid``: ``key`` is UNIQUE."""


def create_statements(table: Table, *, types: dict[Type, str], fid: str,
                      index_target: Callable[[Index], str] | None = None) -> list[str]:
    """CREATE TABLE and CREATE INDEX statements of one declared table in a backend's SQL
    types; ``fid`` is the backend's auto-increment key column, ``index_target`` may give an
    index a backend-specific ``table (columns)`` part."""
    columns = [fid] if table.fid else []
    for c in table.columns:
        spec = f"{c.name} {types[c.type]}"
        if not c.nullable:
            spec += " NOT NULL"
        if table.fid and c.name == table.key:
            spec += " UNIQUE"
        columns.append(spec)
    if not table.fid:
        columns.append(f"PRIMARY KEY ({', '.join(PRIMARY_KEYS[table.name])})")
    statements = [f"CREATE TABLE {table.name} ({', '.join(columns)})"]
    for index in table.indexes:
        target = (index_target(index) if index_target else None) or \
            f"{table.name} ({', '.join(index.columns)})"
        statements.append(f"CREATE INDEX {index.name} ON {target}")
    return statements


def select_list(table: Table, geometry: Callable[[str], str] = lambda name: name) -> str:
    """``col, col, ...`` of ``table`` for a SELECT (``geometry`` wraps geometry columns;
    point columns are rebuilt from lat/lon, so they are not read)."""
    return ", ".join("NULL" if c.type is Type.POINT else
                     geometry(c.name) if c.type is Type.GEOMETRY else c.name
                     for c in table.columns)


def decode_rows(table: Table, rows: Sequence[Sequence[Any]],
                geometries: Callable[[list[Any]], list[BaseGeometry]]) -> list[Any]:
    """Model objects from raw rows in :func:`select_list` order.

    ``geometries`` decodes a whole column of geometry values at once (vectorised); JSON and
    boolean values are decoded here, dates by the table's ``build``.
    """
    if not rows:
        return []
    names = table.names
    columns = list(zip(*rows, strict=True))
    for i, column in enumerate(table.columns):
        if column.type is Type.GEOMETRY:
            columns[i] = geometries(list(columns[i]))
        elif column.type is Type.POINT:
            columns[i] = (None,) * len(rows)  # rebuilt from lat/lon
        elif column.type is Type.JSON:
            parsed: dict[str, Any] = {}  # few distinct values (actor lists): parse each once
            columns[i] = [None if v is None else parsed[v] if v in parsed
                          else parsed.setdefault(v, json.loads(v)) for v in columns[i]]
    return [table.build(dict(zip(names, values, strict=True)))
            for values in zip(*columns, strict=True)]
