"""GeoPackage geometry blobs (OGC 12-128r18 §2.1.3): a small header followed by WKB."""

from __future__ import annotations

import struct

import shapely
from shapely.geometry.base import BaseGeometry

_MAGIC = b"GP"
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def encode(geometry: BaseGeometry, srs_id: int = 4326) -> bytes:
    """Shapely geometry -> GeoPackage blob (little endian, XY envelope; empty flagged)."""
    if geometry.is_empty:
        flags = 0b0001_0001  # empty, no envelope, little endian
        return _MAGIC + struct.pack("<BBi", 0, flags, srs_id) + shapely.to_wkb(
            geometry, byte_order=1)
    minx, miny, maxx, maxy = geometry.bounds
    flags = 0b0000_0011  # envelope type 1 (minx, maxx, miny, maxy), little endian
    header = _MAGIC + struct.pack("<BBi4d", 0, flags, srs_id, minx, maxx, miny, maxy)
    return header + shapely.to_wkb(geometry, byte_order=1, output_dimension=2)


def decode(blob: bytes) -> BaseGeometry:
    """GeoPackage blob -> shapely geometry. Raises ValueError on a malformed blob."""
    if len(blob) < 8 or blob[:2] != _MAGIC:
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    envelope = _ENVELOPE_BYTES.get((flags >> 1) & 0b111)
    if envelope is None:
        raise ValueError("bad envelope code in GeoPackage geometry blob")
    return shapely.from_wkb(blob[8 + envelope:])
