"""The one expander of input paths (files and folders), shared by the importers and
``frontline ingest``.

A path named on its own is taken as it is (whatever its suffix), provided it is a regular
file. A folder gives its regular files whose names end in one of ``suffixes`` (case
insensitive), in path order, hidden names (``.x``, e.g. macOS ``._x.csv``) left out; with
``recursive`` its sub-folders too. Inside a folder a symbolic link is followed only when it
resolves to somewhere inside that folder: one that points out of it is refused (an
:class:`~geo.errors.InputError` naming the link and its target), so a folder handed to the
tool cannot make it read files elsewhere. Sockets, FIFOs, devices and dangling links are
skipped; a folder with no matching file is an error naming it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from geo.errors import InputError


def expand_paths(paths: Iterable[str | os.PathLike[str]], suffixes: Iterable[str], *,
                 recursive: bool = False) -> list[Path]:
    """The files named, folders expanded (see the module doc); duplicates listed once."""
    ends = tuple(s.lower() for s in suffixes)
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            raise InputError("no such file or folder", source=str(path)) from None
        except OSError as exc:
            raise InputError(f"cannot read ({exc.strerror or exc})", source=str(path)) from exc
        if stat.S_ISDIR(mode):
            found = _folder_files(path, ends, recursive=recursive)
            if not found:
                deep = " (sub-folders included)" if recursive else ""
                raise InputError(f"folder holds no {'/'.join(ends)} files{deep}",
                                 source=str(path))
        elif stat.S_ISREG(mode):
            found = [path]
        else:
            raise InputError("not a regular file (a device, FIFO or socket)", source=str(path))
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                out.append(file)
    if not out:
        raise InputError("no input files given")
    return out


def _folder_files(folder: Path, ends: tuple[str, ...], *, recursive: bool) -> list[Path]:
    root = folder.resolve()
    found: list[Path] = []
    visited = {root}
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError as exc:
            raise InputError(f"cannot list folder ({exc.strerror or exc})",
                             source=str(current)) from exc
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            is_dir = _is(entry.is_dir)
            if not (is_dir and recursive) and not (_is(entry.is_file)
                                                   and entry.name.lower().endswith(ends)):
                continue  # neither a wanted file nor a folder to enter: never resolved
            target = path.resolve()
            if not target.is_relative_to(root):  # only a symbolic link can get here
                raise InputError(f"symbolic link to {target}, outside the folder {folder}; "
                                 "not followed (name the file itself to read it)",
                                 source=str(path))
            if is_dir:
                if target not in visited:
                    visited.add(target)
                    pending.append(path)
            else:
                found.append(path)
    return sorted(found)


def _is(test: Callable[[], bool]) -> bool:
    """``DirEntry.is_dir``/``is_file``, False when the entry cannot be examined."""
    try:
        return test()
    except OSError:
        return False
