"""DeepStateMap's public history API as a live source (``frontline fetch deepstate``).

The API (undocumented; the base URL is an option): ``GET {base}/api/history/public`` is a
JSON array of snapshot entries, each with at least ``id`` (the snapshot time, Unix
seconds); ``GET {base}/api/history/{id}/geojson`` is that snapshot as the raw
FeatureCollection :mod:`geo.ingest.deepstate` reads; ``GET {base}/api/history/last`` is the
latest as ``{"id": ..., "map": FeatureCollection}`` (used when a server has no list).

What is stored already is what the importer recorded: each zone report of a snapshot says
``snapshot <id> (...)`` in its note, under layer ``deepstate``. Only snapshots not stored
yet are fetched, oldest first, each stored in one transaction; one older than a snapshot
of the same day already stored is skipped (it would replace the newer one's zones). With
``per_day`` only the latest snapshot of a day is fetched, and none for a day stored
already. The list's validators are remembered only after every snapshot it named is
stored, so a run stopped at any point lists again next time and resumes.

``theatre`` names the theatre the snapshots are stored in (default: the default theatre); it
must have DeepState's sides (russian, ukrainian, contested), checked before any request.
Which snapshots are stored is read over every theatre: a zone report's id does not depend
on its theatre, so a snapshot stored in one theatre would add nothing to another.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from geo.errors import FetchError, InputError
from geo.fetch.base import Fetched, Source
from geo.fetch.http import HttpClient, Response
from geo.ingest import deepstate as importer
from geo.ingest.common import Batch
from geo.store.base import Store
from geo.store.ledger import zone_notes
from geo.zones.repair import check_policy

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://deepstatemap.live"
_NOTE_ID = re.compile(r"\bsnapshot (\d{9,13}) \(")


def parse_json(response: Response, *, source: str, step: str) -> Any:
    """The JSON body of a response; malformed or truncated JSON names the URL and step."""
    try:
        return json.loads(response.content)
    except UnicodeDecodeError as exc:
        raise FetchError(f"not UTF-8 JSON ({exc.reason} at byte {exc.start})", source=source,
                         url=response.url, step=step) from exc
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated")
        hint = " (the response looks truncated)" if cut else ""
        raise FetchError(f"not valid JSON: {exc.msg} at line {exc.lineno} column "
                         f"{exc.colno}{hint}", source=source, url=response.url,
                         step=step) from exc
    except RecursionError as exc:
        raise FetchError("JSON nested too deeply", source=source, url=response.url,
                         step=step) from exc


def history_ids(doc: Any, *, url: str) -> list[int]:
    """Snapshot ids of the history list (ascending, distinct); a malformed entry is an
    error naming its index and field."""
    name = DeepStateSource.NAME
    if not isinstance(doc, list):
        raise FetchError(f"expected a JSON array of snapshot entries, got "
                         f"{type(doc).__name__}", source=name, url=url, step="list")
    ids = set()
    for index, entry in enumerate(doc):
        value = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool):
            raise FetchError(f"entry {index}, field 'id': expected the snapshot time as "
                             f"Unix seconds, got {value!r}", source=name, url=url, step="list")
        try:
            importer.id_time(value, source=url, item=index)
        except InputError as exc:
            raise FetchError(f"entry {index}, field 'id': {exc.message}", source=name,
                             url=url, step="list") from exc
        ids.add(value)
    return sorted(ids)


def stored_snapshots(store: Store) -> dict[int, date]:
    """Snapshot id -> day of the DeepState snapshots ``store`` holds (from the notes the
    importer writes on each report of layer ``deepstate``)."""
    out: dict[int, date] = {}
    for note in zone_notes(store, importer.LAYER.layer):
        match = _NOTE_ID.search(note)
        if match:
            sid = int(match.group(1))
            out[sid] = importer.id_time(sid, source="store")[0]
    return out


def select_new(ids: list[int], stored: dict[int, date], stored_days: set[date], *,
               since: date | None = None, per_day: bool = False) -> list[int]:
    """The ids to fetch, oldest first (see the module docstring)."""
    latest_stored: dict[date, int] = {}
    for sid, day in stored.items():
        latest_stored[day] = max(sid, latest_stored.get(day, sid))
    chosen: dict[date, list[int]] = {}
    for sid in ids:
        day = importer.id_time(sid, source="list")[0]
        if sid in stored or (since is not None and day < since):
            continue
        if sid < latest_stored.get(day, 0):
            continue
        if per_day and day in stored_days:
            continue
        chosen.setdefault(day, []).append(sid)
    if per_day:
        return sorted(max(day_ids) for day_ids in chosen.values())
    return sorted(sid for day_ids in chosen.values() for sid in day_ids)


class DeepStateSource(Source):
    """DeepStateMap's history: one unit per snapshot."""

    NAME = "deepstate"
    LAYER = importer.LAYER
    SIDES = tuple(str(side) for side in dict.fromkeys(importer.STATUS_SIDE.values()))
    """russian, ukrainian, contested: the sides the importer maps DeepState's statuses to."""

    def __init__(self, *, client: HttpClient, base_url: str = DEFAULT_BASE_URL,
                 since: date | None = None, per_day: bool = False, on_invalid: str = "fix",
                 max_bytes: int | None = None, theatre: str = "") -> None:
        super().__init__(client=client, theatre=theatre)
        self.base_url = base_url.rstrip("/")
        self.since = since
        self.per_day = per_day
        self.on_invalid = check_policy(on_invalid)
        self.max_bytes = max_bytes

    @property
    def list_url(self) -> str:
        return f"{self.base_url}/api/history/public"

    def snapshot_url(self, sid: int) -> str:
        return f"{self.base_url}/api/history/{sid}/geojson"

    @property
    def last_url(self) -> str:
        return f"{self.base_url}/api/history/last"

    def fetch_new(self, store: Store) -> Iterator[Fetched]:
        try:
            listing = self.client.get(self.list_url, source=self.NAME, step="list",
                                      accept="application/json", max_bytes=self.max_bytes)
        except FetchError as exc:
            if exc.status != 404:
                raise
            log.warning("%s: no history list at %s; fetching the latest snapshot only",
                        self.NAME, self.list_url)
            yield from self.fetch_last(store)
            return
        if listing.not_modified:
            log.info("%s: history list not modified", self.NAME)
            return
        ids = history_ids(parse_json(listing, source=self.NAME, step="list"),
                          url=listing.url)
        stored = stored_snapshots(store)
        days = set(store.zone_report_dates(self.LAYER.layer))
        wanted = select_new(ids, stored, days, since=self.since, per_day=self.per_day)
        log.info("%s: %d snapshot(s) listed, %d stored, %d to fetch", self.NAME, len(ids),
                 len(stored), len(wanted))
        for sid in wanted:
            yield self.fetch_snapshot(sid)
        yield Fetched(label="history list", batch=None, responses=[listing])

    def fetch_last(self, store: Store) -> Iterator[Fetched]:
        """``/api/history/last`` (``{"id": ..., "map": FeatureCollection}``): the latest
        snapshot, when it is not stored yet (the endpoint's validators remembered)."""
        response = self.client.get(self.last_url, source=self.NAME, step="last",
                                   accept="application/json", max_bytes=self.max_bytes)
        if response.not_modified:
            return
        doc = parse_json(response, source=self.NAME, step="last")
        if not isinstance(doc, dict) or "map" not in doc:
            raise FetchError("expected an object with 'id' and 'map'", source=self.NAME,
                             url=response.url, step="last")
        (sid,) = history_ids([doc], url=response.url)
        stored = stored_snapshots(store)
        days = set(store.zone_report_dates(self.LAYER.layer))
        if select_new([sid], stored, days, since=self.since, per_day=self.per_day):
            yield self.snapshot_unit(sid, doc["map"], url=response.url, step="last")
        yield Fetched(label="latest snapshot", batch=None, responses=[response])

    def fetch_snapshot(self, sid: int) -> Fetched:
        """One snapshot, read by the importer into a batch of its own."""
        url = self.snapshot_url(sid)
        step = f"snapshot {sid}"
        response = self.client.get(url, source=self.NAME, step=step, conditional=False,
                                   accept="application/json", max_bytes=self.max_bytes)
        doc = parse_json(response, source=self.NAME, step=step)
        return self.snapshot_unit(sid, doc, url=url, step=step)

    def snapshot_unit(self, sid: int, doc: Any, *, url: str, step: str) -> Fetched:
        """The unit of one parsed snapshot (its zone reports through the importer)."""
        batch = Batch(layer=self.LAYER)
        batch.files.append(url)
        valid_from, described = importer.id_time(sid, source=url)
        try:
            batch.zone_reports.extend(importer.snapshot_reports(
                doc, batch, source=url, valid_from=valid_from, described=described,
                on_invalid=self.on_invalid))
        except InputError as exc:
            where = ", ".join(p for p in (
                f"feature {exc.item}" if exc.item is not None else "",
                f"field {exc.field!r}" if exc.field else "") if p)
            raise FetchError(f"{where + ': ' if where else ''}{exc.message}", source=self.NAME,
                             url=url, step=step) from exc
        batch.count("snapshots")
        return Fetched(label=f"snapshot {sid}", batch=batch, responses=[])
