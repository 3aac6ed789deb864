"""KML/KMZ control maps -> ZoneReports, read through pyogrio/GDAL (KML is WGS84 lon/lat).

Every layer (KML folder) is read; feature items are named ``<layer>:<index>``. The KML
``name``/``description`` fields (``Name``/``Description`` with GDAL's KML driver) can be used
as side or note fields in the mapping; LIBKML also exposes ``timestamp``/``begin``.

A KMZ is never handed to GDAL: its KML entry (``doc.kml``, else the first ``.kml``) is
inflated by :func:`geo.ingest.archive.extract_entry` into a private temporary folder under the
archive limits (``max_mb`` inflated, 1,000 entries, ratio 100:1), then read like a KML file.
Errors still name the KMZ.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pyogrio
import pyogrio.raw
import shapely
import shapely.errors
from pyogrio.errors import DataLayerError, DataSourceError

from geo.errors import GeometryError, InputError
from geo.ingest.archive import ArchiveLimits, extract_entry
from geo.ingest.common import DEFAULT_MAX_MB, Batch, check_size
from geo.ingest.validate import THEATRE, Transform, crs_transform
from geo.ingest.zonemap import RawFeature, ZoneMapping, map_features
from geo.paths import expand_paths
from geo.store.base import BBox
from geo.zones.repair import Note, OnInvalid, check_policy

SUFFIXES = (".kml", ".kmz")

log = logging.getLogger(__name__)


def _read_file(path: Path, batch: Batch, raws: list[RawFeature],
               transforms: dict[str, Transform | None], *, src: str,
               on_invalid: OnInvalid) -> None:
    """Features of the KML file at ``path``; errors name ``src`` (the file given).

    Geometries are decoded one feature at a time, so a malformed one (a ring of two points)
    is refused or skipped naming its feature instead of failing the whole layer."""
    try:
        layers = pyogrio.list_layers(path)
    except (DataSourceError, DataLayerError, OSError) as exc:
        raise InputError(f"not a readable KML/KMZ file ({exc})", source=src) from exc
    before = len(raws)
    for name, _ in layers:
        try:
            meta, _, wkbs, values = pyogrio.raw.read(path, layer=name)
        except (DataSourceError, DataLayerError, OSError, ValueError) as exc:
            raise InputError(f"cannot read layer {name!r} ({exc})", source=src,
                             field="layer") from exc
        if wkbs is None or len(wkbs) == 0:
            continue
        crs = meta.get("crs")
        transform = crs_transform(crs, source=src)
        if transform is not None:
            batch.notes.append(Note(src, name, "reprojected", f"from {crs} to WGS84"))
        transforms[src] = transform
        columns = [str(c) for c in meta["fields"]]
        for index, wkb in enumerate(wkbs):
            item = f"{name}:{index}"
            try:
                geometry = shapely.from_wkb(wkb) if wkb is not None else None
            except (shapely.errors.ShapelyError, ValueError) as exc:
                problem = GeometryError(f"unreadable geometry ({exc})", source=src, item=item,
                                        field="geometry")
                if on_invalid != "skip":
                    raise problem from exc
                batch.notes.append(Note(src, item, "skipped", problem.message))
                continue
            props = {c: (None if _missing(v) else v)
                     for c, v in zip(columns, (column[index] for column in values),
                                     strict=True)}
            raws.append(RawFeature(src, item, geometry, props))
    if len(raws) == before:
        raise InputError("no features in any layer of the file", source=src, field="features")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def read_kml(paths: Iterable[str | os.PathLike[str]], mapping: ZoneMapping, *,
             on_invalid: str = "raise", theatre: BBox = THEATRE,
             max_mb: float = DEFAULT_MAX_MB) -> Batch:
    """Zone reports from KML/KMZ files (folders expand to their .kml/.kmz files)."""
    policy = check_policy(on_invalid)
    batch = Batch(layer=mapping.layer_info())
    raws: list[RawFeature] = []
    transforms: dict[str, Transform | None] = {}
    for path in expand_paths(paths, SUFFIXES):
        batch.files.append(str(path))
        check_size(path, max_mb)
        if path.suffix.lower() == ".kmz":
            with tempfile.TemporaryDirectory(prefix="frontline-kmz-") as folder:
                inner = Path(folder) / "doc.kml"
                entry = extract_entry(path, ".kml", inner, ArchiveLimits.for_mb(max_mb))
                log.debug("%s: reading entry %s", path, entry)
                _read_file(inner, batch, raws, transforms, src=str(path),
                           on_invalid=policy)
        else:
            _read_file(path, batch, raws, transforms, src=str(path), on_invalid=policy)
    map_features(raws, mapping, batch, on_invalid=policy, theatre=theatre,
                 transforms=transforms)
    return batch
