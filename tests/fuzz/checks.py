"""The fuzz property, shared by every input path.

An import either succeeds, or raises a :class:`FrontlineError` whose message names the file
(and, where the problem is in one item, the item and field) - never another exception; on
error the store file is byte-for-byte what it was. Hostile text that was imported is shown
escaped on the map.

The store: one GeoPackage made once (a layer, a zone report, an event, an article), copied
per example (creating one is most of an example's time). Its bytes are stable across an
open/close with no write (SQLite checkpoints the WAL into the main file and removes it on
the last close), so the SHA-256 of the file itself is compared.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import folium
import shapely
from hypothesis import event

from geo.errors import EncodingError, FrontlineError, InputError
from geo.ingest import import_batch
from geo.models import (
    Article,
    Event,
    EventKind,
    LayerInfo,
    Place,
    Side,
    Snapshot,
    ZoneReport,
)
from geo.store import Batch, GeoPackageStore, Store
from tests.fuzz.strategies import RAW_MARKERS

KEPT_DAY = date(2023, 1, 1)
WRITER = "fuzz"
# Who wrote a batch is being added to the store (the audit work): pass it when the store asks.
_STAMPED = any(f.name == "written_by" for f in dataclasses.fields(Batch))


def store_batch(**parts: Any) -> Batch:
    """A store batch of ``parts``, written by :data:`WRITER`."""
    return Batch(**parts, **({"written_by": WRITER} if _STAMPED else {}))


def store_import(store: Store, batch: Any) -> Any:
    """:func:`geo.ingest.import_batch` of an importer's batch, written by :data:`WRITER`."""
    if "written_by" in inspect.signature(import_batch).parameters:
        return import_batch(store, batch, written_by=WRITER)
    return import_batch(store, batch)


@lru_cache(maxsize=1)
def template_store() -> Path:
    """A store holding a layer, a zone report, an event and an article (made once)."""
    path = Path(tempfile.mkdtemp(prefix="fuzz-store-")) / "keep.gpkg"
    with GeoPackageStore(path, create=True) as store:
        store.write(store_batch(
            layers=[LayerInfo("keep", "k", "l", "a")],
            zone_reports=[ZoneReport("keep/russian", Side.RUSSIAN, KEPT_DAY,
                                     shapely.box(38.0, 48.0, 38.1, 48.1), "k", layer="keep")],
            events=[Event(day=KEPT_DAY, place=Place("Bakhmut", 48.5956, 37.9999),
                          kind=EventKind.SHELLING_STRIKE, summary="kept", source="k",
                          layer="keep")],
            articles=[Article(title="kept", text="Kept article about Bakhmut.",
                              published=KEPT_DAY, source="k")]))
    return path


def digest(path: Path) -> str:
    """SHA-256 of the store file and of any WAL/SHM file left beside it."""
    hasher = hashlib.sha256(path.read_bytes())
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if extra.exists():
            hasher.update(extra.name.encode() + extra.read_bytes())
    return hasher.hexdigest()


def check_error(exc: FrontlineError, files: Sequence[Path]) -> None:
    """The error names one of ``files``; an InputError also says where in it (item or field,
    or the line and offset of a bad byte, or the JSON line and column), unless the whole
    file is at fault (empty, too big, unreadable as a whole)."""
    text = str(exc)
    assert any(f.name in text for f in files), f"error does not name the file: {text}"
    if not isinstance(exc, InputError):
        return
    assert exc.source is not None and any(f.name in str(exc.source) for f in files), text
    located = (exc.item is not None or exc.field is not None
               or isinstance(exc, EncodingError) or " line " in exc.message
               or _whole_file(exc.message))
    assert located, f"error names no item, field or line: {text}"


_WHOLE_FILE = ("empty", "not a readable KML/KMZ", "no header row", "no features",
               "cannot tell the table format", "not a zip", "archive")


def _whole_file(message: str) -> bool:
    return any(phrase in message for phrase in _WHOLE_FILE)


def import_or_refuse(folder: Path, files: Sequence[Path],
                     action: Callable[[Store], Any]) -> tuple[Any, FrontlineError | None]:
    """Run ``action`` on a fresh copy of the template store in ``folder``: its result, or the
    FrontlineError it raised (checked: names the file; the store unchanged). Any other
    exception propagates (a fuzz failure)."""
    store_path = folder / "store.gpkg"
    shutil.copyfile(template_store(), store_path)
    before = digest(store_path)
    error: FrontlineError | None = None
    result: Any = None
    with GeoPackageStore(store_path) as store:
        try:
            result = action(store)
        except FrontlineError as exc:
            error = exc
        if error is None:
            # what was kept is still there, whatever was added
            assert any(r.zone_id == "keep/russian" for r in store.zone_reports())
    event("imported" if error is None else f"refused: {type(error).__name__}")
    if error is not None:
        check_error(error, files)
        assert digest(store_path) == before, f"store changed by a refused import: {error}"
    return result, error


def _js_unescaped(page: str) -> str:
    """The page with JSON/JS string escapes undone, as the browser's JS engine sees it."""
    for escaped, plain in (("\\u003c", "<"), ("\\u003e", ">"), ("\\u0026", "&"),
                           ("\\u0027", "'"), ('\\"', '"'), ("\\/", "/"), ("\\u0060", "`"),
                           ("\\u0024", "$"), ("\\\\", "\\")):
        page = page.replace(escaped, plain)
    return page


def assert_rendered_safe(zones: Iterable[ZoneReport] = (), events: Iterable[Event] = (),
                         *, day: date | None = None) -> None:
    """The day layer of these zones and events, rendered on a bare map, shows no hostile
    marker unescaped (no script would run)."""
    from layers.compose import day_layer

    zones, events = tuple(zones), tuple(events)
    if not zones and not events:
        return
    days = [z.valid_from for z in zones] + [e.day for e in events]
    snapshot = Snapshot(day=day or max(days), window_days=100_000, zones=zones, events=events)
    m = folium.Map(tiles=None)
    day_layer(snapshot).add_to(m)
    page = _js_unescaped(m.get_root().render())
    for marker in RAW_MARKERS:
        assert marker not in page, f"unescaped {marker!r} in the rendered map"
