"""DeepStateMap history snapshots (raw API GeoJSON) -> one ZoneReport per status per snapshot.

The raw form: a FeatureCollection of KML-export features (``name`` "uk /// en /// key", a
``fill`` colour, 3-D coordinates, map-marker Points mixed in, sometimes GeometryCollections).

Rules (after the frontline-real README):

=========================  ================================  =====================
fill                        status                            side
=========================  ================================  =====================
#a52714                     occupied (since 24 Feb 2022)      russian
#880e4f, #000000 (2022)     occupied_before_2022              russian
#bcaaa4, #bdbdbd            unknown (grey zone)               contested
#0f9d58, #0288d1, #01579b   liberated (historical context)    ukrainian
#ff5252                     dropped (political, outside UA)   -
=========================  ================================  =====================

Points are dropped (markers, not dated events); Transnistria is dropped by name (it was
#880e4f in April 2022); GeometryCollections are split into polygons; z is dropped; polygons
whose representative point lies outside lon 22-41 / lat 43.5-53 are dropped (e.g. the 2023
Arabian Sea artefact). Each status becomes one report ``deepstate/<status>`` holding the
union of its polygons, ``valid_from`` the UTC date of the snapshot (file name
``<unix seconds>.geojson``, or ``day=``). A status absent from a snapshot gets an empty report,
so it is retired from that day. Unknown fill colours are left out and noted.

Hostile input: coordinates that are NaN, infinite or outside lon ±180 / lat ±90 are refused
per feature (:class:`GeometryError` naming file, feature and ``geometry``; under ``skip``
the feature is left out and noted). A status whose only features were left out that way gets
no report at all, so its previous zone stays in force instead of being retired. A snapshot
with no usable polygon is refused whole (InputError, field ``features``) under every policy:
storing it would retire every zone of its day.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geo.errors import GeometryError, InputError
from geo.ingest.common import DEFAULT_MAX_MB, Batch, geojson_features, load_json
from geo.ingest.geojson import parse_geometry
from geo.ingest.validate import THEATRE, in_box
from geo.models import LayerInfo, Side, ZoneReport
from geo.paths import expand_paths
from geo.zones.repair import Note, OnInvalid, check_policy, polygonal_parts, repair_polygonal

LAYER = LayerInfo(
    layer="deepstate", source="DeepStateMap",
    licence="no open licence; non-commercial, attribution required",
    attribution="© DeepStateMap", non_commercial=True)
SOURCE_URL = "https://deepstatemap.live/"

FILL_STATUS: dict[str, str] = {
    "#a52714": "occupied",
    "#880e4f": "occupied_before_2022", "#000000": "occupied_before_2022",
    "#bcaaa4": "unknown", "#bdbdbd": "unknown",
    "#0f9d58": "liberated", "#0288d1": "liberated", "#01579b": "liberated",
}
DROPPED_FILLS = frozenset({"#ff5252"})
DROPPED_NAMES = ("придністров", "transnistria")
STATUS_SIDE: dict[str, Side] = {
    "occupied": Side.RUSSIAN, "occupied_before_2022": Side.RUSSIAN,
    "unknown": Side.CONTESTED, "liberated": Side.UKRAINIAN,
}
_ID_NAME = re.compile(r"^(\d{9,13})$")


def snapshot_id(path: Path) -> int | None:
    """The DeepState history id (Unix seconds) in a file name ``<id>.geojson``, or None."""
    match = _ID_NAME.match(path.stem)
    return int(match.group(1)) if match else None


def snapshot_time(path: Path, day: date | None) -> tuple[date, str]:
    """(UTC day, description) of a snapshot from ``day`` or its file name."""
    sid = snapshot_id(path)
    if day is not None:
        return day, f"snapshot {path.name}, date given as {day.isoformat()}"
    if sid is None:
        raise InputError("cannot tell the snapshot date: name the file <unix seconds>.geojson "
                         "as DeepState's history API does, or pass --date YYYY-MM-DD",
                         source=str(path), field="date")
    return id_time(sid, source=str(path), field="date", what="file name")


def id_time(sid: int, *, source: str, field: str = "id", item: int | str | None = None,
            what: str = "snapshot id") -> tuple[date, str]:
    """(UTC day, description) of a DeepState history id (Unix seconds or milliseconds)."""
    seconds = sid / 1000 if sid > 1e11 else sid
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise InputError(f"{what} {sid} is not a Unix time", source=source, item=item,
                         field=field) from exc
    if not 2014 <= moment.year <= 2100:
        raise InputError(f"{what} {sid} is {moment:%Y-%m-%d}, not a plausible snapshot time",
                         source=source, item=item, field=field)
    return moment.date(), f"snapshot {sid} ({moment.isoformat(timespec='seconds')})"


def _status(props: dict, source: str, index: int) -> str | None:
    fill = str(props.get("fill") or "").strip().lower()
    name = str(props.get("name") or "").lower()
    if fill in DROPPED_FILLS or any(n in name for n in DROPPED_NAMES):
        return None
    return FILL_STATUS.get(fill, "?" + fill if fill else "?")


def _polygons(geometry: BaseGeometry, source: str, index: int,
              notes: list[Note]) -> list[BaseGeometry]:
    """Polygons of a feature: z dropped, coordinates checked, GeometryCollections split."""
    flat = shapely.force_2d(geometry)
    coords = shapely.get_coordinates(flat)
    if not np.isfinite(coords).all():
        raise GeometryError("coordinates are not finite numbers (NaN or infinity)",
                            source=source, item=index, field="geometry")
    if len(coords) and ((np.abs(coords[:, 0]) > 180).any() or (np.abs(coords[:, 1]) > 90).any()):
        raise GeometryError(f"coordinates are not lon/lat degrees (|lon| up to "
                            f"{np.abs(coords[:, 0]).max():.6g}, |lat| up to "
                            f"{np.abs(coords[:, 1]).max():.6g}; allowed lon ±180, lat ±90)",
                            source=source, item=index, field="geometry")
    parts = [p for p in shapely.get_parts(polygonal_parts(flat)) if not p.is_empty]
    if flat.geom_type == "GeometryCollection":
        dropped = len(shapely.get_parts(flat)) - len(parts)
        if dropped:
            notes.append(Note(source, index, "dropped",
                              f"{dropped} non-polygon part(s) of a GeometryCollection"))
    return parts


def _usable(polygon: BaseGeometry, src: str, index: int, batch: Batch,
            on_invalid: OnInvalid) -> BaseGeometry | None:
    """The polygon, repaired per the policy (None when the policy leaves it out)."""
    if shapely.is_valid(polygon):
        return polygon
    fixed, note = repair_polygonal(polygon, on_invalid=on_invalid, source=src, item=index)
    if note is not None:
        batch.notes.append(note)
    return fixed


def read_snapshot(path: Path, batch: Batch, *, day: date | None = None,
                  on_invalid: OnInvalid = "fix", max_mb: float = DEFAULT_MAX_MB
                  ) -> list[ZoneReport]:
    """The status reports of one snapshot (empty ones for absent statuses; none for a
    status whose every feature was left out as unusable)."""
    valid_from, described = snapshot_time(path, day)
    return snapshot_reports(load_json(path, max_mb=max_mb), batch, source=str(path),
                            valid_from=valid_from, described=described, on_invalid=on_invalid)


def snapshot_reports(doc: object, batch: Batch, *, source: str, valid_from: date,
                     described: str, on_invalid: OnInvalid = "fix") -> list[ZoneReport]:
    """The status reports of one parsed snapshot (a raw FeatureCollection) read from
    ``source`` (a file or a URL), as :func:`read_snapshot` makes them."""
    src = source
    features = geojson_features(doc, src)
    by_status: dict[str, list[BaseGeometry]] = {s: [] for s in STATUS_SIDE}
    left_out: set[str] = set()
    for index, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise InputError("not a GeoJSON Feature", source=src, item=index, field="type")
        props = feature.get("properties") or {}
        try:
            geometry = parse_geometry(feature.get("geometry"), source=src, item=index)
        except GeometryError as exc:
            if on_invalid != "skip":
                raise
            batch.notes.append(Note(src, index, "skipped", exc.message))
            continue
        if geometry is None or geometry.geom_type in ("Point", "MultiPoint"):
            batch.count("points dropped")
            continue
        status = _status(props if isinstance(props, dict) else {}, src, index)
        if status is None:
            batch.count("political decoration dropped")
            continue
        if status.startswith("?"):
            batch.notes.append(Note(src, index, "dropped",
                                    f"unknown fill colour {status[1:] or '(none)'!r}"))
            continue
        try:
            polygons = _polygons(geometry, src, index, batch.notes)
        except GeometryError as exc:
            if on_invalid != "skip":
                raise
            batch.notes.append(Note(src, index, "skipped", exc.message))
            left_out.add(status)
            continue
        for polygon in polygons:
            usable = _usable(polygon, src, index, batch, on_invalid)
            if usable is None:
                left_out.add(status)
                continue
            point = usable.representative_point()
            if not in_box(point.x, point.y, THEATRE):
                batch.count("polygons outside the theatre dropped")
                continue
            by_status[status].append(usable)
            batch.count(f"{status} polygons")
    if not any(by_status.values()):
        raise InputError(f"no usable polygon in the snapshot ({len(features)} feature(s), "
                         "none a usable zone of a known status): refused, because storing it "
                         f"would retire every zone of {valid_from.isoformat()}",
                         source=src, field="features")
    reports = []
    for status, polygons in by_status.items():
        if not polygons and status in left_out:
            batch.notes.append(Note(src, None, "kept",
                                    f"every {status} feature was left out as unusable: the "
                                    f"previous deepstate/{status} zone stays in force"))
            continue
        union = polygonal_parts(shapely.union_all(polygons)) if polygons else Polygon()
        reports.append(ZoneReport(
            zone_id=f"deepstate/{status}", side=STATUS_SIDE[status], valid_from=valid_from,
            geometry=union, source=LAYER.source,
            note=f"DeepStateMap {described}: {len(polygons)} {status} polygon(s)",
            source_url=SOURCE_URL, layer=LAYER.layer))
    return reports


def read_deepstate(paths: Iterable[str | os.PathLike[str]], *, day: date | None = None,
                   on_invalid: str = "fix", max_mb: float = DEFAULT_MAX_MB) -> Batch:
    """Zone reports of DeepState snapshots; a folder imports as a time series.

    Snapshots are stored oldest first, so the latest of two on one day wins.
    """
    policy = check_policy(on_invalid)
    files = expand_paths(paths, (".geojson", ".json"))
    if day is not None and len(files) > 1:
        raise InputError("--date applies to a single snapshot file; name the files "
                         "<unix seconds>.geojson to import a series", field="date")
    files.sort(key=lambda p: (snapshot_id(p) or 0, p.name))
    batch = Batch(layer=LAYER)
    for path in files:
        batch.files.append(str(path))
        batch.zone_reports.extend(read_snapshot(path, batch, day=day, on_invalid=policy,
                                                max_mb=max_mb))
        batch.count("snapshots")
    return batch
