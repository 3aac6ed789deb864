"""The one way input bytes become text: UTF-8, a leading BOM dropped, NUL bytes refused.

Every reader of user input (importers, ``frontline ingest``, ``frontline geoparse``, the
review panel's uploads, the bundled seed files) decodes through this module, so a bad byte
is reported the same way everywhere: an :class:`~geo.errors.EncodingError` (an
:class:`~geo.errors.InputError`) naming the source, the byte value, its byte offset in the
input and its line. Text that starts with a UTF-16/32 byte-order mark is refused with a
message saying so (a common "Unicode" export of spreadsheet tools).

Two lenient policies exist for inputs whose history wants them, each logged as a warning
naming the source and offset: ``on_error="cp1252"`` (``frontline ingest`` reads legacy
Windows text files) and ``on_error="replace"`` (``frontline geoparse`` keeps its stream
going; the bad bytes become U+FFFD). NUL bytes are refused under every policy: they mean
binary data, not text.

:func:`iter_lines` is the streaming form for CSV tables: it reads a binary file in chunks,
splits it at line breaks (``\\n``, ``\\r\\n`` or a lone ``\\r``, kept at the line ends as
``csv`` wants them with ``newline=""``) and decodes one line at a time, so a bad byte in
data row 2 is found while row 2 is read, not while the header is.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from geo.errors import EncodingError, InputError

log = logging.getLogger(__name__)

OnBadByte = Literal["raise", "cp1252", "replace"]
ON_BAD_BYTE: tuple[OnBadByte, ...] = ("raise", "cp1252", "replace")

CHUNK_BYTES = 1 << 16
"""Bytes read at a time by :func:`iter_lines` (a line longer than this is joined up)."""

_BREAK = re.compile(rb"\r\n|\r|\n")
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
              (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))
_RESAVE = "re-save the file as UTF-8"


def decode_text(data: bytes, source: str, *, on_error: OnBadByte = "raise") -> str:
    """``data`` as text (UTF-8, a leading BOM dropped); see the module doc for the policy."""
    if on_error not in ON_BAD_BYTE:
        raise ValueError(f"on_error must be one of {ON_BAD_BYTE}, not {on_error!r}")
    start = _skip_bom(data, source)
    _refuse_nul(data, source, start)
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = start + exc.start
        error = _bad_byte(data, offset, source, line=_line_of(data, offset))
        if on_error == "raise":
            raise error from exc
    if on_error == "cp1252":
        log.warning("%s; read as Windows-1252 instead (check the result)", error)
        return data[start:].decode("cp1252", errors="replace")
    log.warning("%s; bad bytes replaced by U+FFFD", error)
    return data[start:].decode("utf-8", errors="replace")


def read_bytes(path: str | Path, *, max_bytes: int) -> bytes:
    """The file's bytes, refused unread when it is above ``max_bytes``: the size of the open
    file is checked before anything is read, and at most ``max_bytes + 1`` bytes are ever
    read (a file that grows after the check, or a FIFO, is refused too)."""
    source = str(path)
    limit = (f"over the {max_bytes:,}-byte limit; split the input")
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputError(f"{size:,} bytes is {limit}", source=source)
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", source=source) from exc
    if len(data) > max_bytes:
        raise InputError(f"more than {max_bytes:,} bytes (the file grew while read) is "
                         f"{limit}", source=source)
    return data


def read_text(path: str | Path, *, on_error: OnBadByte = "raise",
              max_bytes: int | None = None) -> str:
    """The file as text (see :func:`decode_text`); an unreadable file is an InputError, and
    so is one above ``max_bytes`` (checked before reading: :func:`read_bytes`)."""
    if max_bytes is not None:
        return decode_text(read_bytes(path, max_bytes=max_bytes), str(path), on_error=on_error)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", source=str(path)) from exc
    return decode_text(data, str(path), on_error=on_error)


def iter_lines(handle: BinaryIO, source: str, *, chunk_bytes: int = CHUNK_BYTES
               ) -> Iterator[str]:
    """The decoded lines of a binary stream, line ends kept, each decoded when it is reached.

    Raises :class:`~geo.errors.EncodingError` (strict policy: no fallback for tables) with
    the byte offset and the physical line of the bad byte.
    """
    head, eof = b"", False
    while len(head) < len(codecs.BOM_UTF32_LE):  # enough bytes to tell a BOM
        more = handle.read(chunk_bytes)
        if not more:
            eof = True
            break
        head += more
    skip = _skip_bom(head, source)
    data, base, line = head[skip:], skip, 1
    while True:
        cut = len(data) if eof else _last_break_end(data)
        if cut:
            lines, error = _split_block(data[:cut], source, base, line)
            yield from lines
            if error is not None:
                raise error
            data, base, line = data[cut:], base + cut, line + len(lines)
        if eof:
            return
        chunk = handle.read(chunk_bytes)
        eof = not chunk
        data += chunk


def _last_break_end(data: bytes) -> int:
    """Where the last complete line of ``data`` ends (0: none yet). A final ``\\r`` may be
    the first half of ``\\r\\n``, so it waits for the next chunk."""
    at = max(data.rfind(b"\n"), data.rfind(b"\r"))
    if at >= 0 and at == len(data) - 1 and data[at] == 0x0D:
        at = max(data.rfind(b"\n", 0, at), data.rfind(b"\r", 0, at))
    return at + 1


def _split_block(block: bytes, source: str, base: int, line: int
                 ) -> tuple[list[str], EncodingError | None]:
    """The lines of ``block`` (whole lines; the last may lack its break at the end of the
    stream), and the error of the first line holding a NUL or bad byte: only the lines
    before that one are returned, so the caller raises once it has handed those out."""
    pieces = block.splitlines(keepends=True)  # bytes: only \n, \r\n and \r break lines
    if block.find(b"\x00") < 0:
        try:  # line breaks are ASCII, never inside a UTF-8 sequence: each line decodes alone
            return [piece.decode("utf-8") for piece in pieces], None
        except UnicodeDecodeError:
            pass
    lines: list[str] = []
    for piece in pieces:
        where = line + len(lines)
        nul = piece.find(b"\x00")
        try:
            text = piece[:nul if nul >= 0 else len(piece)].decode("utf-8")
        except UnicodeDecodeError as exc:
            return lines, _bad_byte(piece, exc.start, source, line=where, base=base)
        if nul >= 0:
            return lines, EncodingError(
                f"NUL byte at offset {base + nul} (line {where}): binary data, not text",
                source=source, offset=base + nul, line=where)
        lines.append(text)
        base += len(piece)
    return lines, None


def _skip_bom(data: bytes, source: str) -> int:
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            raise EncodingError(f"not UTF-8 text: the file starts with a {name} byte-order "
                                f"mark; {_RESAVE}", source=source, offset=0, line=1)
    return len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0


def _refuse_nul(data: bytes, source: str, start: int, *, base: int = 0,
                line: int | None = None) -> None:
    at = data.find(b"\x00", start)
    if at < 0:
        return
    line = _line_of(data, at) if line is None else line
    raise EncodingError(f"NUL byte at offset {base + at} (line {line}): binary data, not "
                        "text", source=source, offset=base + at, line=line)


def _bad_byte(data: bytes, at: int, source: str, *, line: int, base: int = 0
              ) -> EncodingError:
    return EncodingError(f"not UTF-8 text: byte 0x{data[at]:02x} at offset {base + at} (line "
                         f"{line}); {_RESAVE}", source=source, offset=base + at, line=line)


def _line_of(data: bytes, offset: int) -> int:
    return len(_BREAK.findall(data, 0, offset)) + 1
