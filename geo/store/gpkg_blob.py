"""GeoPackage geometry blobs (OGC 12-128r18 §2.1.3): a small header followed by WKB."""

from __future__ import annotations

import struct
from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

_MAGIC = b"GP"
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_EMPTY_FLAGS = 0b0001_0001  # empty, no envelope, little endian
_XY_FLAGS = 0b0000_0011  # envelope type 1 (minx, maxx, miny, maxy), little endian


def encode(geometry: BaseGeometry, srs_id: int = 4326) -> bytes:
    """Shapely geometry -> GeoPackage blob (little endian, XY envelope; empty flagged)."""
    return encode_many([geometry], srs_id)[0]


def encode_many(geometries: Sequence[BaseGeometry], srs_id: int = 4326) -> list[bytes]:
    """Many geometries at once (WKB and envelopes computed vectorised)."""
    if not len(geometries):
        return []
    array = np.asarray(geometries, dtype=object)
    wkbs = shapely.to_wkb(array, byte_order=1, output_dimension=2)
    bounds = shapely.bounds(array)
    empty = shapely.is_empty(array)
    out = []
    for wkb, (minx, miny, maxx, maxy), is_empty in zip(wkbs, bounds, empty, strict=True):
        if is_empty:
            out.append(_MAGIC + struct.pack("<BBi", 0, _EMPTY_FLAGS, srs_id) + wkb)
        else:
            out.append(_MAGIC + struct.pack("<BBi4d", 0, _XY_FLAGS, srs_id, minx, maxx, miny,
                                            maxy) + wkb)
    return out


def decode(blob: bytes) -> BaseGeometry:
    """GeoPackage blob -> shapely geometry. Raises ValueError on a malformed blob."""
    return shapely.from_wkb(_wkb(blob))


def decode_many(blobs: Sequence[bytes]) -> list[BaseGeometry]:
    """Many blobs at once (WKB parsed vectorised)."""
    if not blobs:
        return []
    return list(shapely.from_wkb([_wkb(b) for b in blobs]))


def _wkb(blob: bytes) -> bytes:
    if len(blob) < 8 or blob[:2] != _MAGIC:
        raise ValueError("not a GeoPackage geometry blob")
    envelope = _ENVELOPE_BYTES.get((blob[3] >> 1) & 0b111)
    if envelope is None:
        raise ValueError("bad envelope code in GeoPackage geometry blob")
    return blob[8 + envelope:]
