"""Hypothesis strategies shared by the fuzz tests: valid-ish documents, then mutations.

Documents are built from the real field names and plausible values of each format, then
mutated: fields dropped, duplicated, retyped, wrongly nested; numbers made NaN, infinite or
huge; text made hostile (``<script>``, ``${...}``, backticks, ``javascript:`` links); and the
serialised bytes given a BOM, bad UTF-8, a NUL byte or cut short.

The hostile texts carry markers (``X7331``...) right after their dangerous characters, so the
render checks can tell an injected construct from the page's own ``<script>`` tags.
"""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

# --- hostile text --------------------------------------------------------------------------

HOSTILE_TEXTS = (
    "<script>X7331</script>",
    "${X7332}",
    "`X7333`",
    "<img src=x onerror=X7334>",
    "javascript:X7335",
    "{{ X7336 }}",
    "back\\X7337",
    "\"'><svg onload=X7338>",
)
"""Texts that run code if a surface shows them raw."""
RAW_MARKERS = ("<script>X7331", "${X7332", "`X7333`", "<img src=x onerror=X7334",
               'href="javascript:X7335', "href='javascript:X7335", "href=javascript:X7335",
               "{{ X7336", "\\X7337", "<svg onload=X7338")
"""What must never appear unescaped in a rendered page (see :data:`HOSTILE_TEXTS`)."""

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXTS),
    st.lists(st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(max_size=8)), min_size=1,
             max_size=4).map("".join),
)
wild_text = st.one_of(hostile_text, st.text(max_size=30),
                      st.sampled_from(["", " ", "\x00", "\ufeff", "\u202e", "NA", "null",
                                       "\ud7ff", "Бахмут", "\n", "\r\n", "\"", ","]))

# --- numbers -------------------------------------------------------------------------------

WILD_NUMBERS = (math.nan, math.inf, -math.inf, 1e308, -1e308, 10**30, -(10**30), 0, -1,
                1e-320, 2**63, 2**64 + 1)
wild_number = st.one_of(st.sampled_from(WILD_NUMBERS), st.floats(), st.integers())
lon = st.floats(min_value=36.0, max_value=39.5, allow_nan=False)
lat = st.floats(min_value=46.5, max_value=50.0, allow_nan=False)
wild_value = st.one_of(
    wild_number, wild_text, st.none(), st.booleans(),
    # each draw a new object: a mutation must never change what a later draw returns (a
    # shared st.just({...}) edited in place made hypothesis replay differently)
    st.sampled_from(['[]', '{}', '[[[]]]', '{"type": "Polygon"}']).map(json.loads),
)
"""A value of the wrong type or range, put in place of a field's value."""

# --- dates ---------------------------------------------------------------------------------

plausible_day = st.dates(date(2014, 1, 1), date(2025, 12, 31)).map(date.isoformat)
wild_day = st.one_of(
    plausible_day, plausible_day, plausible_day,
    st.sampled_from(["2023-02-30", "0000-01-01", "9999-12-31", "20230313", "13 March 2023",
                     "2023-03-13T25:00:00Z", "2023-03-13T10:00:00+99:00", "1677628800",
                     "99999999999999", "-1", "2023/03/13", "31.12.2023", ""]),
    wild_text,
)

# --- geometry ------------------------------------------------------------------------------


@st.composite
def box_ring(draw, *, z: bool = False) -> list[list[float]]:
    """A closed square ring in the theatre (lon, lat[, z])."""
    x, y = draw(lon), draw(lat)
    w, h = draw(st.floats(0.005, 0.4)), draw(st.floats(0.005, 0.4))
    ring = [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]
    return [p + [0.0] for p in ring] if z else ring


@st.composite
def random_ring(draw) -> list[list[float]]:
    """A closed ring of 3-7 random vertices (often self-intersecting)."""
    points = draw(st.lists(st.tuples(lon, lat), min_size=3, max_size=7))
    return [list(p) for p in points] + [list(points[0])]


@st.composite
def polygon_geometry(draw, *, z: bool = False) -> dict[str, Any]:
    """A GeoJSON Polygon or MultiPolygon (mostly valid)."""
    ring = st.one_of(box_ring(z=z), box_ring(z=z), random_ring())
    if draw(st.booleans()):
        return {"type": "Polygon", "coordinates": [draw(ring)]}
    return {"type": "MultiPolygon",
            "coordinates": [[draw(ring)] for _ in range(draw(st.integers(1, 3)))]}


@st.composite
def any_geometry(draw, *, z: bool = False) -> dict[str, Any] | None:
    """Polygons mostly; points, lines, collections and ``null`` sometimes."""
    kind = draw(st.sampled_from(["polygon", "polygon", "polygon", "point", "line",
                                 "collection", "null"]))
    if kind == "polygon":
        return draw(polygon_geometry(z=z))
    if kind == "point":
        return {"type": "Point", "coordinates": [draw(lon), draw(lat)] + ([0.0] if z else [])}
    if kind == "line":
        return {"type": "LineString", "coordinates": draw(box_ring())[:3]}
    if kind == "collection":
        return {"type": "GeometryCollection", "geometries": [
            draw(polygon_geometry(z=z)),
            {"type": "Point", "coordinates": [draw(lon), draw(lat)]}]}
    return None


# --- tree mutations (JSON-like documents) ---------------------------------------------------


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path (keys and indexes) into a JSON-like tree, the root included."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_paths(value, prefix + (key,)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.extend(_paths(value, prefix + (index,)))
    return found


def _parent(doc: Any, path: tuple) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


@st.composite
def mutate_tree(draw, doc: Any, *, max_mutations: int = 3) -> Any:
    """``doc`` with 0 to ``max_mutations`` mutations (in place on a copy)."""
    doc = json.loads(json.dumps(doc))
    count = draw(st.sampled_from([0, 0, 0, 1, 1, 2, max_mutations]))
    for _ in range(count):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent(doc, path), path[-1]
        action = draw(st.sampled_from(["drop", "duplicate", "retype", "nest", "hostile",
                                       "rename"]))
        if action == "drop":
            del parent[key]
        elif action == "duplicate":
            if isinstance(parent, list):
                parent.insert(key, json.loads(json.dumps(parent[key])))
            else:
                parent[f"{key}"] = parent[key]  # same key: JSON keeps the last one anyway
                parent[f"{key} "] = parent[key]
        elif action == "retype":
            parent[key] = draw(wild_value)
        elif action == "nest":
            parent[key] = [parent[key]] if draw(st.booleans()) else {"value": parent[key]}
        elif action == "hostile":
            parent[key] = draw(hostile_text)
        elif isinstance(parent, dict):
            parent[draw(st.sampled_from([str(key).upper(), f" {key}", "", "__proto__"]))] = \
                parent.pop(key)
    return doc


def to_json_bytes(doc: Any) -> bytes:
    """JSON as Python writes it (NaN and Infinity literals allowed, as JS would not)."""
    return json.dumps(doc, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


# --- byte mutations -----------------------------------------------------------------------

BAD_BYTES = (b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x00", b"\xe2\x82",
             b"\r", b"\x1a")


@st.composite
def mutate_bytes(draw, data: bytes) -> bytes:
    """``data`` unchanged (mostly), or with a BOM, a bad byte, a NUL, or cut short."""
    action = draw(st.sampled_from(["none", "none", "none", "bom", "insert", "truncate",
                                   "double_bom", "utf16"]))
    if action == "bom":
        return b"\xef\xbb\xbf" + data
    if action == "double_bom":
        return b"\xef\xbb\xbf\xef\xbb\xbf" + data
    if action == "utf16":
        return data.decode("utf-8", "replace").encode("utf-16")
    if action == "insert":
        at = draw(st.integers(0, len(data)))
        return data[:at] + draw(st.sampled_from(BAD_BYTES)) + data[at:]
    if action == "truncate":
        return data[:draw(st.integers(0, max(0, len(data) - 1)))]
    return data


# --- CSV tables ----------------------------------------------------------------------------

EVENT_SAMPLES = Path(__file__).parents[1] / "data" / "events"
CELL_VALUES = ("nan", "NaN", "inf", "-inf", "1e308", "-1e400", "5.0", "-0.1", "0x10", "1_000",
               "", " ", "NA", "null", "True", "48.6;38.0", "9" * 400, "२३")


def sample_rows(name: str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of one of our sample event tables (tests/data/events)."""
    with open(EVENT_SAMPLES / name, encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    return table[0], table[1:]


@st.composite
def csv_table(draw, name: str) -> bytes:
    """A table in the format of sample ``name``: its rows (some repeated), with cells
    replaced by wild values, columns dropped, duplicated or renamed, rows made ragged, then
    written as CSV and its bytes mutated."""
    header, rows = sample_rows(name)
    header = list(header)
    rows = [list(r) for r in draw(st.lists(st.sampled_from(rows), min_size=1, max_size=5))]
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 4]))):
        row = draw(st.integers(0, len(rows) - 1))
        column = draw(st.integers(0, len(header) - 1))
        rows[row][column] = draw(st.one_of(st.sampled_from(CELL_VALUES), wild_text,
                                           wild_number.map(str)))
    action = draw(st.sampled_from(["none", "none", "none", "drop", "duplicate", "rename",
                                   "ragged", "quote"]))
    column = draw(st.integers(0, len(header) - 1))
    if action == "drop":
        del header[column]
        for row in rows:
            del row[column]
    elif action == "duplicate":
        header.append(header[column])
        for row in rows:
            row.append(draw(wild_text))
    elif action == "rename":
        header[column] = draw(st.sampled_from([header[column].upper(), f" {header[column]}",
                                               "", HOSTILE_TEXTS[0]]))
    elif action == "ragged":
        rows[-1] = rows[-1][:column] if draw(st.booleans()) else rows[-1] + ["extra"]
    out = io.StringIO()
    csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
        [header, *rows])
    text = out.getvalue()
    if action == "quote":  # a quote that never closes, or text after a closing quote
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', '"x"y', '""', "\n\"\n"])) + text[at:]
    return draw(mutate_bytes(text.encode("utf-8", "surrogatepass")))
