"""PNG of one view: a freshly built map drawn by headless Chromium at a chosen size.

The PNG carries its provenance in text chunks too (title, "as of", generation time, data
version, credits), so a file separated from its briefing still says what it is.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Mapping

from layers.export.draw.page import map_page
from layers.export.draw.render import Renderer
from layers.export.view import ExportView

__all__ = ["png_metadata", "png_text_chunks", "render_png", "with_png_text"]

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_metadata(view: ExportView) -> dict[str, str]:
    """Text chunks of an export PNG (PNG's registered keywords where one fits)."""
    return {
        "Title": view.title,
        "Description": view.stamp(),
        "Creation Time": view.generated_at.isoformat(),
        "Software": "frontline-map",
        "Copyright": "; ".join(view.licences.terms()),
        "Comment": "; ".join([f"data version {view.data_version}", *view.notes()]),
    }


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def with_png_text(png: bytes, text: Mapping[str, str]) -> bytes:
    """``png`` with ``iTXt`` (UTF-8) chunks inserted before ``IEND``; pixels untouched."""
    if not png.startswith(_PNG_SIGNATURE) or png[-12:-8] != b"\x00\x00\x00\x00" \
            or png[-8:-4] != b"IEND":
        raise ValueError("not a PNG ending with an IEND chunk")
    chunks = b"".join(
        _chunk(b"iTXt", key.encode("latin-1")[:79] + b"\x00\x00\x00\x00\x00"
               + value.encode("utf-8"))
        for key, value in text.items())
    return png[:-12] + chunks + png[-12:]


def png_text_chunks(png: bytes) -> dict[str, str]:
    """The ``iTXt``/``tEXt`` chunks of a PNG (uncompressed ones), for tests and tools."""
    out: dict[str, str] = {}
    pos = len(_PNG_SIGNATURE)
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind, data = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
        if kind == b"tEXt":
            key, _, value = data.partition(b"\x00")
            out[key.decode("latin-1")] = value.decode("latin-1")
        elif kind == b"iTXt":
            key, _, rest = data.partition(b"\x00")
            if rest[:1] == b"\x00":  # not compressed
                _lang, _, rest = rest[2:].partition(b"\x00")
                _translated, _, value = rest.partition(b"\x00")
                out[key.decode("latin-1")] = value.decode("utf-8")
        pos += 12 + length
    return out


def render_png(view: ExportView, renderer: Renderer) -> bytes:
    """The PNG of ``view`` at its request's size (see :data:`layers.export.request.SIZES`)."""
    png = renderer.png(map_page(view), view.request.size_preset)
    return with_png_text(png, png_metadata(view))
