"""Generic zone files (GeoJSON, KML): feature properties -> side, date, zone -> ZoneReports.

A mapping says where side and date come from: a fixed value for the whole file, or a
property (``side_field`` with a value table, ``date_field``). Features with the same zone,
side and date are unioned into one report with zone id ``<layer>/<side>`` (or
``<layer>/<zone>/<side>`` with ``zone_field``; a ``/`` in a zone name becomes ``-``). Each
date in a file is read as the complete picture of the layer on that day: a side seen
elsewhere in the file but absent on a date gets an empty report, which retires it from that
day (``retire_missing=False`` turns this off).

Zone identity: a layer name is 1-64 ASCII letters, digits, ``_``, ``-`` or ``.``, starting
with a letter or digit (:data:`LAYER_NAME`), and not one of the built-in layers
(:data:`RESERVED_LAYERS`: ``seed``, ``deepstate``, ``drawn``, which have their own importers).
So the layer is always the whole first segment of its zone ids, and the stores (and
:func:`geo.zones.zones_in_force`) key "latest report per zone" by ``(layer, zone_id)``: a layer
named like another layer's zone prefix (``--layer bakhmut`` beside the seed's
``bakhmut/russian``) never replaces that layer's zones.

Mapping file (JSON), every key optional except ``layer``::

    {"layer": "isw", "source": "ISW", "licence": "...", "attribution": "...",
     "non_commercial": false,
     "side": "russian"  or  {"field": "status", "values": {"occupied": "russian"}},
     "valid_from": "2023-03-10"  or  {"field": "date"},
     "zone": {"field": "sector"}, "source_field": "src", "note_field": "name",
     "url_field": "url", "retire_missing": true}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geo.errors import InputError
from geo.ingest.common import Batch, load_json, parse_date
from geo.ingest.validate import THEATRE, Transform, check_zone_geometry
from geo.models import LayerInfo, Side, ZoneReport
from geo.store.base import BBox
from geo.zones.repair import Note, OnInvalid, polygonal_parts

R, U, C = Side.RUSSIAN, Side.UKRAINIAN, Side.CONTESTED
DEFAULT_SIDES: tuple[str, ...] = (R, U, C)
"""The default theatre's side ids (a mapping's ``sides`` when none is given)."""
DEFAULT_SIDE_VALUES: dict[str, str] = {
    "russian": R, "russia": R, "ru": R, "rus": R, "occupied": R, "russian-controlled": R,
    "russian controlled": R, "occupied_before_2022": R,
    "ukrainian": U, "ukraine": U, "ua": U, "ukr": U, "liberated": U,
    "ukrainian-controlled": U, "ukrainian controlled": U,
    "contested": C, "grey": C, "gray": C, "grey zone": C, "gray zone": C, "unknown": C,
    "disputed": C,
}
"""Side values understood without a table (matched case-insensitively), for the sides a
theatre has among these; every theatre's side ids are understood as they are."""

LAYER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
"""What a generic zone layer may be called (matched whole)."""
RESERVED_LAYERS = frozenset({"seed", "deepstate", "drawn"})
"""Layers written by their own code paths: a zone file may not be imported under them."""


def check_layer_name(name: str, *, source: str | None = None) -> str:
    """``name`` when it is an allowed layer name (see the module docstring), else InputError
    naming ``source`` and the field ``layer``."""
    if not isinstance(name, str) or not LAYER_NAME.fullmatch(name):
        raise InputError(f"layer name {name!r} is not allowed: use 1-64 ASCII letters, digits, "
                         "'_', '-' or '.', starting with a letter or digit (no '/', spaces or "
                         "':')", source=source, field="layer")
    if name.lower() in RESERVED_LAYERS:
        raise InputError(f"layer name {name!r} belongs to a built-in layer "
                         f"({', '.join(sorted(RESERVED_LAYERS))}); choose another name "
                         "(DeepState snapshots: frontline import deepstate)", source=source,
                         field="layer")
    return name


@dataclass(frozen=True)
class ZoneMapping:
    """How to read side, date, zone and provenance from a generic zone file."""

    layer: str
    source: str = ""
    licence: str = "not stated"
    attribution: str = ""
    non_commercial: bool = False
    side: str | None = None
    side_field: str | None = None
    side_values: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_SIDE_VALUES))
    sides: tuple[str, ...] = DEFAULT_SIDES
    """The side ids of the theatre the file is imported into."""
    valid_from: date | None = None
    date_field: str | None = None
    zone_field: str | None = None
    source_field: str | None = None
    note_field: str | None = None
    url_field: str | None = None
    retire_missing: bool = True

    def __post_init__(self) -> None:
        check_layer_name(self.layer)

    def layer_info(self) -> LayerInfo:
        return LayerInfo(layer=self.layer, source=self.source or self.layer,
                         licence=self.licence, attribution=self.attribution or self.source
                         or self.layer, non_commercial=self.non_commercial)

    def value_table(self) -> dict[str, str]:
        """Lower-cased source value -> side id: the theatre's ids themselves, then the
        built-in values for sides the theatre has, then the mapping's own table."""
        table = {s.lower(): s for s in self.sides}
        table.update({k.lower(): v for k, v in self.side_values.items() if v in self.sides})
        return table

    def with_overrides(self, **changes: Any) -> ZoneMapping:
        """A copy with the given non-None fields replaced (CLI flags over a mapping file)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


_FILE_KEYS = {"layer", "source", "licence", "attribution", "non_commercial", "side",
              "valid_from", "zone", "source_field", "note_field", "url_field", "retire_missing"}


def side_value(text: str, *, source: str, item: int | str | None = None,
               field_name: str = "side", sides: Iterable[str] = DEFAULT_SIDES) -> str:
    """One of ``sides`` (a theatre's side ids) from ``text`` (InputError otherwise)."""
    sides = tuple(sides)
    value = text.strip().lower()
    if value not in sides:
        raise InputError(f"unknown side {text!r}; use {' or '.join(sides)}",
                         source=source, item=item, field=field_name)
    return value


def parse_side_map(pairs: Iterable[str], *, source: str = "--side-map",
                   sides: Iterable[str] = DEFAULT_SIDES) -> dict[str, str]:
    """``["occupied=russian", ...]`` (or one comma-separated string) -> value table."""
    sides = tuple(sides)
    table: dict[str, str] = {}
    for chunk in pairs:
        for pair in chunk.split(","):
            if not pair.strip():
                continue
            value, sep, side = pair.partition("=")
            if not sep or not value.strip():
                raise InputError(f"expected VALUE=SIDE, got {pair!r}", source=source)
            table[value.strip().lower()] = side_value(side, source=source, item=pair.strip(),
                                                      sides=sides)
    return table


def load_mapping(path: str | Path) -> ZoneMapping:
    """A :class:`ZoneMapping` from a JSON mapping file (see the module docstring)."""
    src = str(path)
    doc = load_json(Path(path), max_mb=1)
    if not isinstance(doc, dict):
        raise InputError("mapping file must hold a JSON object", source=src)
    unknown = sorted(set(doc) - _FILE_KEYS)
    if unknown:
        raise InputError(f"unknown key(s) {', '.join(unknown)}; known: "
                         f"{', '.join(sorted(_FILE_KEYS))}", source=src, field=unknown[0])
    if not isinstance(doc.get("layer"), str) or not doc["layer"].strip():
        raise InputError("missing layer name", source=src, field="layer")
    kwargs: dict[str, Any] = {"layer": check_layer_name(doc["layer"].strip(), source=src)}
    for key in ("source", "licence", "attribution", "source_field", "note_field", "url_field"):
        if key in doc:
            if not isinstance(doc[key], str):
                raise InputError("must be a string", source=src, field=key)
            kwargs[key] = doc[key]
    for key in ("non_commercial", "retire_missing"):
        if key in doc:
            kwargs[key] = bool(doc[key])
    side = doc.get("side")
    if isinstance(side, str):
        kwargs["side"] = side.strip().lower()
    elif isinstance(side, dict):
        kwargs["side_field"] = _field_of(side, src, "side")
        values = side.get("values", {})
        if not isinstance(values, dict):
            raise InputError("side.values must be an object", source=src, field="side")
        table = dict(DEFAULT_SIDE_VALUES)
        table.update({str(k).strip().lower(): str(v).strip().lower()
                      for k, v in values.items()})
        kwargs["side_values"] = table
    elif side is not None:
        raise InputError("side must be a side name or {\"field\": ...}", source=src,
                         field="side")
    valid = doc.get("valid_from")
    if isinstance(valid, dict):
        kwargs["date_field"] = _field_of(valid, src, "valid_from")
    elif valid is not None:
        kwargs["valid_from"] = parse_date(valid, source=src, item=None, field="valid_from")
    if "zone" in doc:
        kwargs["zone_field"] = _field_of(doc["zone"], src, "zone")
    return ZoneMapping(**kwargs)


def _field_of(spec: Any, src: str, key: str) -> str:
    name = spec.get("field") if isinstance(spec, dict) else None
    if not isinstance(name, str) or not name:
        raise InputError("expected {\"field\": \"<property name>\"}", source=src, field=key)
    return name


@dataclass(frozen=True)
class RawFeature:
    """One feature as read from a file: ``item`` names it in errors (index or layer:index)."""

    source: str
    item: int | str
    geometry: BaseGeometry | None
    properties: Mapping[str, Any]


def prop(props: Mapping[str, Any], name: str) -> Any:
    """A property by exact name, else case-insensitively (KML drivers differ in case)."""
    if name in props:
        return props[name]
    lowered = name.lower()
    for key, value in props.items():
        if str(key).lower() == lowered:
            return value
    return None


@dataclass(frozen=True)
class _Mapped:
    zone: str
    side: str
    day: date
    geometry: BaseGeometry
    source: str
    note: str
    url: str


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _map_properties(raw: RawFeature, m: ZoneMapping, table: Mapping[str, str]
                    ) -> tuple[str, str, date]:
    if m.side is not None:
        if m.side not in m.sides:
            raise InputError(f"unknown side {m.side!r}; use {' or '.join(m.sides)}",
                             source=raw.source, item=raw.item, field="side")
        side = m.side
    elif m.side_field:
        value = _text(prop(raw.properties, m.side_field))
        if not value:
            raise InputError("missing side", source=raw.source, item=raw.item,
                             field=m.side_field)
        if value.lower() not in table:
            raise InputError(f"unknown side value {value!r}; map it with --side-map "
                             f"'{value}={'|'.join(m.sides)}'", source=raw.source,
                             item=raw.item, field=m.side_field)
        side = table[value.lower()]
    else:
        raise InputError("no side: pass --side or --side-field (or a mapping file)",
                         source=raw.source, item=raw.item, field="side")
    if m.valid_from is not None:
        day = m.valid_from
    elif m.date_field:
        day = parse_date(prop(raw.properties, m.date_field), source=raw.source, item=raw.item,
                         field=m.date_field)
    else:
        raise InputError("no date: pass --date or --date-field (or a mapping file)",
                         source=raw.source, item=raw.item, field="valid_from")
    zone = ""
    if m.zone_field:
        zone = _text(prop(raw.properties, m.zone_field)).replace("/", "-")
        if not zone:
            raise InputError("missing zone name", source=raw.source, item=raw.item,
                             field=m.zone_field)
    return zone, side, day


def map_features(features: Iterable[RawFeature], mapping: ZoneMapping, batch: Batch, *,
                 on_invalid: OnInvalid, theatre: BBox = THEATRE,
                 transforms: Mapping[str, Transform | None] | None = None) -> None:
    """Check and map every feature, then add the unioned reports to ``batch``."""
    mapped: list[_Mapped] = []
    table = mapping.value_table()
    for raw in features:
        batch.count("features read")
        try:
            zone, side, day = _map_properties(raw, mapping, table)
        except InputError as exc:
            if on_invalid != "skip":
                raise
            batch.notes.append(Note(raw.source, raw.item, "skipped", exc.message))
            continue
        transform = (transforms or {}).get(raw.source)
        geometry, notes = check_zone_geometry(raw.geometry, source=raw.source, item=raw.item,
                                              on_invalid=on_invalid, theatre=theatre,
                                              transform=transform)
        batch.notes.extend(notes)
        if geometry is None:
            continue
        props = raw.properties
        mapped.append(_Mapped(
            zone, side, day, geometry,
            _text(prop(props, mapping.source_field)) if mapping.source_field else "",
            _text(prop(props, mapping.note_field)) if mapping.note_field else "",
            _text(prop(props, mapping.url_field)) if mapping.url_field else ""))
    if not mapped:
        raise InputError("no usable zone features (see the notes above)",
                         source=", ".join(batch.files) or None, field="features")
    batch.zone_reports.extend(_reports(mapped, mapping))


def _reports(mapped: list[_Mapped], m: ZoneMapping) -> list[ZoneReport]:
    groups: dict[tuple[str, str, date], list[_Mapped]] = {}
    for f in mapped:
        groups.setdefault((f.zone, f.side, f.day), []).append(f)
    if m.retire_missing:
        days = {(f.zone, f.day) for f in mapped}
        sides = {(f.zone, f.side) for f in mapped}
        for zone, day in days:
            for z, side in sides:
                if z == zone:
                    groups.setdefault((zone, side, day), [])
    reports = []
    for (zone, side, day), items in sorted(groups.items(), key=lambda kv: (
            kv[0][2], kv[0][0], kv[0][1])):
        zone_id = f"{m.layer}/{zone}/{side}" if zone else f"{m.layer}/{side}"
        geometry = (polygonal_parts(shapely.union_all([f.geometry for f in items]))
                    if items else Polygon())
        sources = sorted({f.source for f in items if f.source})
        notes = sorted({f.note for f in items if f.note})
        urls = [f.url for f in items if f.url]
        note = "; ".join(notes)[:500] if items else "absent from the file on this date"
        reports.append(ZoneReport(
            zone_id=zone_id, side=side, valid_from=day, geometry=geometry,
            source=m.source or "; ".join(sources) or m.layer, note=note,
            source_url=urls[0] if urls else "", layer=m.layer))
    return reports
