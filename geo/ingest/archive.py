"""Every zip-based archive we open (KMZ today) goes through here: bounded before and while
inflating.

Limits (:class:`ArchiveLimits`): total inflated size, inflated size per entry, number of
entries, and compression ratio (inflated / compressed, checked once an entry inflates past
``ratio_floor_bytes`` so small, very regular files stay fine). They are checked twice:

1. from the central directory, before anything is inflated (a 1 GB bomb is refused without
   reading its data);
2. while streaming an entry in chunks: the bytes actually inflated are counted against the
   entry's declared size and every limit, so a lying header cannot get past. Python's
   ``zipfile`` already stops at the declared size and then fails its CRC check; both outcomes
   are an :class:`ArchiveError`.

Entries are never extracted under their own names (no path traversal, symlink entries are
never followed): :func:`extract_entry` writes the one member asked for to a path we choose.
Encrypted entries are refused.
"""

from __future__ import annotations

import logging
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from geo.errors import ArchiveError

log = logging.getLogger(__name__)

CHUNK_BYTES = 1 << 20
"""Bytes inflated per read while streaming (the memory an entry costs us)."""


@dataclass(frozen=True)
class ArchiveLimits:
    """What an archive may hold; every figure in bytes except the count and the ratio."""

    max_total_bytes: int = 25_000_000
    max_entry_bytes: int = 25_000_000
    max_entries: int = 1_000
    max_ratio: float = 100.0
    ratio_floor_bytes: int = 1_000_000

    @classmethod
    def for_mb(cls, max_mb: float) -> ArchiveLimits:
        """Limits for content that is read whole: ``max_mb`` inflated, total and per entry."""
        size = int(max_mb * 1e6)
        return cls(max_total_bytes=size, max_entry_bytes=size)


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def _ratio(inflated: int, compressed: int) -> float:
    return inflated / max(compressed, 1)


def check_archive(archive: zipfile.ZipFile, source: str,
                  limits: ArchiveLimits) -> list[zipfile.ZipInfo]:
    """The archive's file entries, or ArchiveError when the central directory breaks a limit."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise ArchiveError(f"{len(infos):,} entries, above the limit of {limits.max_entries:,}",
                           source=source, field="entries")
    total = 0
    files = []
    for info in infos:
        if info.is_dir():
            continue
        name = info.filename
        if info.flag_bits & 0x1:
            raise ArchiveError("encrypted entry", source=source, entry=name, field="entry")
        if info.file_size > limits.max_entry_bytes:
            raise ArchiveError(f"inflates to {_mb(info.file_size)}, above the "
                               f"{_mb(limits.max_entry_bytes)} limit per entry", source=source,
                               entry=name, field="uncompressed size")
        ratio = _ratio(info.file_size, info.compress_size)
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise ArchiveError(f"compression ratio {ratio:,.0f}:1 is above "
                               f"{limits.max_ratio:g}:1 (an archive bomb?)",
                               source=source, entry=name, field="compression ratio")
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ArchiveError(f"the entries inflate to more than {_mb(limits.max_total_bytes)} "
                               "in total", source=source, entry=name, field="uncompressed size")
        files.append(info)
    return files


def copy_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, out: BinaryIO, source: str,
               limits: ArchiveLimits, already: int = 0) -> int:
    """Inflate one entry into ``out`` chunk by chunk, enforcing the limits on the bytes
    actually produced (``already``: bytes inflated from this archive before). Returns the
    entry's inflated size."""
    name = info.filename
    budget = min(info.file_size, limits.max_entry_bytes, limits.max_total_bytes - already)
    written = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                written += len(chunk)
                if written > budget:
                    raise ArchiveError(
                        f"inflates past {_mb(budget)} (declared {_mb(info.file_size)}; limits "
                        f"{_mb(limits.max_entry_bytes)} per entry, "
                        f"{_mb(limits.max_total_bytes)} in total): refused while inflating",
                        source=source, entry=name, field="uncompressed size")
                if written > limits.ratio_floor_bytes and \
                        _ratio(written, info.compress_size) > limits.max_ratio:
                    raise ArchiveError(
                        f"compression ratio above {limits.max_ratio:g}:1 while inflating "
                        "(an archive bomb?)", source=source, entry=name,
                        field="compression ratio")
                out.write(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            RuntimeError) as exc:
        raise ArchiveError(f"the data do not match the central directory or cannot be "
                           f"inflated ({exc})", source=source, entry=name, field="data") from exc
    if written != info.file_size:
        raise ArchiveError(f"inflated to {written:,} bytes, the header declares "
                           f"{info.file_size:,}", source=source, entry=name, field="data")
    return written


def open_zip(path: Path, source: str | None = None) -> zipfile.ZipFile:
    """The zip file, or ArchiveError when it is not a readable zip archive."""
    src = source or str(path)
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ArchiveError(f"not a readable zip archive ({exc})", source=src) from exc


def extract_entry(path: Path, pick: str, dest: Path, limits: ArchiveLimits) -> str:
    """Inflate the member chosen by ``pick`` (a file-name suffix like ``.kml``; an entry named
    ``doc`` + suffix at the root wins, else the first in directory order) to ``dest``, after the
    central-directory checks and under the streaming checks. Returns the entry's name."""
    src = str(path)
    with open_zip(path) as archive:
        files = check_archive(archive, src, limits)
        wanted = [i for i in files if i.filename.lower().endswith(pick)]
        if not wanted:
            raise ArchiveError(f"no {pick} entry in the archive", source=src, field="entries")
        info = next((i for i in wanted if i.filename.lower() == "doc" + pick), wanted[0])
        try:
            with open(dest, "wb") as out:
                size = copy_entry(archive, info, out, src, limits)
        except BaseException:
            dest.unlink(missing_ok=True)
            raise
    log.debug("%s: entry %s inflated to %d bytes", src, info.filename, size)
    return info.filename
