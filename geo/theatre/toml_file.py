"""Theatres from TOML files (``frontline theatre add FILE``), validated key by key.

Every error names the file and the key (``sides[2].colour``). The documented format is in
``geo/data/theatres/README.md``; unknown keys are kept (``Theatre.extra``) so a newer file
still loads.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from geo.errors import InputError
from geo.models import EventKind
from geo.theatre.model import OKABE_ITO, MapLabel, PlaceOfInterest, SideSpec, Theatre

NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,62}$")
COLOUR_RE = re.compile(r"^#[0-9A-Fa-f]{6}$")
COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
_KNOWN = {"name", "title", "bbox", "start", "end", "sides", "center", "zoom", "front",
          "precedence", "event_kinds", "far_places", "labels", "countries", "zone_layers",
          "description", "credits"}
_SIDE_KEYS = {"id", "label", "colour", "color", "contested", "hatch", "drawn"}
MAX_SIDES = 12


def normalise_name(name: str) -> str:
    """The id form of a theatre name as people type it ("Bakhmut 2023" → "bakhmut-2023")."""
    return re.sub(r"[\s_]+", "-", name.strip().lower())


class _Reader:
    """Typed access to one TOML table, raising InputError(file, key)."""

    def __init__(self, data: Mapping[str, Any], source: str, prefix: str = "") -> None:
        self.data, self.source, self.prefix = data, source, prefix

    def error(self, key: str, message: str) -> InputError:
        return InputError(message, source=self.source, field=self.prefix + key)

    def text(self, key: str, default: str | None = None, *, limit: int = 200) -> str:
        value = self.data.get(key, default)
        if value is None:
            raise self.error(key, "is required")
        if not isinstance(value, str):
            raise self.error(key, f"must be a string, not {type(value).__name__}")
        value = value.strip()
        if default is None and not value:
            raise self.error(key, "must not be empty")
        if len(value) > limit or any(ord(c) < 32 for c in value):
            raise self.error(key, f"must be one line of at most {limit} characters")
        return value

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(key, "must be true or false")
        return value

    def day(self, key: str) -> date:
        value = self.data.get(key)
        if value is None:
            raise self.error(key, "is required (a date such as 2024-01-01)")
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise self.error(key, f"{value!r} is not a date (YYYY-MM-DD)") from None
        if type(value) is not date:  # TOML datetimes are datetime, a date subclass
            raise self.error(key, "must be a date such as 2024-01-01, without a time")
        return value

    def number(self, value: Any, key: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise self.error(key, "must be a number")
        return float(value)

    def strings(self, key: str, *, pattern: re.Pattern[str] | None = None) -> tuple[str, ...]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            raise self.error(key, "must be a list of strings")
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise self.error(f"{key}[{i}]", "must be a non-empty string")
            if pattern is not None and not pattern.match(item.strip()):
                raise self.error(f"{key}[{i}]", f"{item!r} is not of the form {pattern.pattern}")
            out.append(item.strip())
        return tuple(out)

    def tables(self, key: str) -> list[_Reader]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            raise self.error(key, "must be an array of tables ([[" + key + "]])")
        return [_Reader(t, self.source, f"{self.prefix}{key}[{i}].") for i, t in enumerate(value)]


def _bbox(r: _Reader) -> tuple[float, float, float, float]:
    value = r.data.get("bbox")
    if not isinstance(value, list) or len(value) != 4:
        raise r.error("bbox", "must be [lon_min, lat_min, lon_max, lat_max]")
    west, south, east, north = (r.number(v, f"bbox[{i}]") for i, v in enumerate(value))
    if not (-180 <= west < east <= 180):
        raise r.error("bbox", "needs -180 <= lon_min < lon_max <= 180 (lon_min first)")
    if not (-90 <= south < north <= 90):
        raise r.error("bbox", "needs -90 <= lat_min < lat_max <= 90 (lat_min second)")
    return (west, south, east, north)


def _point(r: _Reader, key: str) -> tuple[float, float]:
    lat = r.number(r.data.get("lat"), "lat") if "lat" in r.data else None
    lon = r.number(r.data.get("lon"), "lon") if "lon" in r.data else None
    if lat is None or lon is None:
        raise r.error(key, "needs lat and lon")
    if not (-90 <= lat <= 90) or not (-180 <= lon <= 180):
        raise r.error(key, f"({lat}, {lon}) is not a lat, lon position")
    return lat, lon


def _sides(r: _Reader) -> tuple[SideSpec, ...]:
    tables = r.tables("sides")
    if len(tables) < 2:
        raise r.error("sides", "a theatre needs at least two [[sides]]")
    if len(tables) > MAX_SIDES:
        raise r.error("sides", f"at most {MAX_SIDES} sides")
    sides: list[SideSpec] = []
    for i, t in enumerate(tables):
        unknown = set(t.data) - _SIDE_KEYS
        if unknown:
            raise t.error(sorted(unknown)[0], "is not a side key (id, label, colour, "
                          "contested, hatch, drawn)")
        side_id = t.text("id")
        if not NAME_RE.match(side_id):
            raise t.error("id", f"{side_id!r}: lower-case letters, digits, '-' and '_', "
                          "starting with a letter")
        if any(s.id == side_id for s in sides):
            raise t.error("id", f"side {side_id!r} is declared twice")
        key = "colour" if "colour" in t.data or "color" not in t.data else "color"
        colour = t.text(key, OKABE_ITO[i % len(OKABE_ITO)])
        if not COLOUR_RE.match(colour):
            raise t.error(key, f"{colour!r} is not a #RRGGBB colour")
        contested = t.flag("contested", False)
        sides.append(SideSpec(id=side_id, label=t.text("label", limit=80),
                              colour=colour.upper(), contested=contested,
                              hatch=t.flag("hatch", contested), drawn=t.flag("drawn", True)))
    if all(s.contested for s in sides):
        raise r.error("sides", "at least one side must not be contested")
    return tuple(sides)


def _side_refs(r: _Reader, key: str, ids: tuple[str, ...]) -> tuple[str, ...]:
    refs = r.strings(key)
    for i, ref in enumerate(refs):
        if ref not in ids:
            raise r.error(f"{key}[{i}]", f"{ref!r} is not one of the sides {list(ids)}")
    return refs


def theatre_from_mapping(data: Mapping[str, Any], *, source: str) -> Theatre:
    """A validated :class:`Theatre` from a parsed TOML (or stored JSON) document."""
    r = _Reader(data, source)
    name = r.text("name")
    if not NAME_RE.match(name):
        raise r.error("name", f"{name!r}: lower-case letters, digits, '-' and '_', starting "
                      "with a letter (it is used in --theatre and ?theatre=)")
    start, end = r.day("start"), r.day("end")
    if end < start:
        raise r.error("end", f"{end} is before start {start}")
    sides = _sides(r)
    ids = tuple(s.id for s in sides)
    front = _side_refs(r, "front", ids)
    if front and (len(front) != 2 or front[0] == front[1]):
        raise r.error("front", "must name two different sides")
    kinds = r.strings("event_kinds")
    known_kinds = {k.value for k in EventKind}
    for i, kind in enumerate(kinds):
        if kind not in known_kinds:
            raise r.error(f"event_kinds[{i}]", f"{kind!r} is not one of {sorted(known_kinds)}")
    center = None
    if "center" in data:
        value = data["center"]
        if not isinstance(value, list) or len(value) != 2:
            raise r.error("center", "must be [lat, lon]")
        center = (r.number(value[0], "center[0]"), r.number(value[1], "center[1]"))
        if not (-90 <= center[0] <= 90 and -180 <= center[1] <= 180):
            raise r.error("center", "must be [lat, lon] (latitude first)")
    zoom = None
    if "zoom" in data:
        zoom_value = data["zoom"]
        if isinstance(zoom_value, bool) or not isinstance(zoom_value, int) \
                or not 1 <= zoom_value <= 18:
            raise r.error("zoom", "must be a whole number from 1 to 18")
        zoom = zoom_value
    far = tuple(PlaceOfInterest(t.text("name", limit=80), *_point(t, "position"))
                for t in r.tables("far_places"))
    labels = []
    for t in r.tables("labels"):
        rank = t.data.get("rank", 1)
        if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= 5:
            raise t.error("rank", "must be a whole number from 1 to 5")
        labels.append(MapLabel(t.text("name", limit=80), *_point(t, "position"), rank=rank))
    return Theatre(
        name=name, title=r.text("title"), bbox=_bbox(r), start=start, end=end, sides=sides,
        center=center, zoom=zoom, front=(front[0], front[1]) if front else None,
        precedence=_side_refs(r, "precedence", ids),
        event_kinds=tuple(EventKind(k) for k in kinds) or tuple(EventKind),
        far_places=far, labels=tuple(labels),
        countries=r.strings("countries", pattern=COUNTRY_RE),
        zone_layers=r.strings("zone_layers"),
        description=r.text("description", "", limit=2000),
        credits=r.text("credits", "", limit=500),
        extra={k: v for k, v in data.items() if k not in _KNOWN})


MAX_FILE_BYTES = 1_000_000


def load_theatre(path: str | Path) -> Theatre:
    """Read and validate a theatre TOML file."""
    path = Path(path)
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the theatre file: {exc.strerror or exc}",
                         source=source) from None
    if len(raw) > MAX_FILE_BYTES:
        raise InputError(f"a theatre file is at most {MAX_FILE_BYTES:,} bytes", source=source)
    return parse_theatre(raw, source=source)


def parse_theatre(raw: bytes | str, *, source: str) -> Theatre:
    """A validated theatre from TOML text."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", source=source) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", source=source) from None
    return theatre_from_mapping(data, source=source)


def theatre_to_json(theatre: Theatre) -> str:
    """The stored form of a theatre: JSON of the same keys a TOML file has."""
    doc: dict[str, Any] = asdict(theatre)
    extra = doc.pop("extra")
    doc["start"], doc["end"] = theatre.start.isoformat(), theatre.end.isoformat()
    doc["bbox"] = list(theatre.bbox)
    doc["event_kinds"] = [k.value for k in theatre.event_kinds]
    doc = {k: v for k, v in doc.items() if v is not None and v != () and v != []}
    for key in ("center", "front", "precedence", "countries", "zone_layers"):
        if key in doc:
            doc[key] = list(doc[key])
    doc.update({k: v for k, v in extra.items() if k not in doc})
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, default=str)


def theatre_from_json(text: str, *, source: str) -> Theatre:
    """A theatre from its stored JSON (validated again: a store is input too)."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"stored theatre is not JSON: {exc}", source=source) from None
    if not isinstance(data, dict):
        raise InputError("stored theatre is not a JSON object", source=source)
    return theatre_from_mapping(data, source=source)


__all__ = ["load_theatre", "normalise_name", "parse_theatre", "theatre_from_json",
           "theatre_from_mapping", "theatre_to_json"]
