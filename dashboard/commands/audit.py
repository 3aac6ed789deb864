"""``frontline audit [--since D] [--user U]``: who wrote what, newest write first.

Every write (import, ingest, seed, migrate, a review or a drawn zone saved in the app) is one
audit row: when (UTC), who (``cli:<command> (<os user>)`` or the signed-in identity), what
(kinds of items and layers), how many items it added, and its batch id (the ``batch_id`` of
the rows it stored). Dry runs store nothing and are not listed.
"""

from __future__ import annotations

import argparse
import unicodedata

from geo.dates import parse_day
from geo.store import AuditEntry, open_store

HEADERS = ("WHEN (UTC)", "WHO", "WHAT", "ADDED", "BATCH")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``frontline audit``."""
    parser = subparsers.add_parser(
        "audit", help="list who wrote what (the store's audit table), newest first",
        description=__doc__.splitlines()[0])
    parser.add_argument("--since", metavar="YYYY-MM-DD",
                        help="only writes on or after this day (UTC)")
    parser.add_argument("--user", metavar="WHO",
                        help="only writes by exactly this writer, e.g. 'user:alice' or "
                             "'cli:import (bob)'")
    parser.set_defaults(func=run)


def plain(text: str) -> str:
    """``text`` safe for a terminal: control characters (escape sequences, new lines)
    shown as ``\\xNN`` instead of acting."""
    return "".join(c if unicodedata.category(c)[0] != "C" else f"\\x{ord(c):02x}"
                   for c in text)


def _added(entry: AuditEntry) -> str:
    counts = [(entry.articles, "article"), (entry.events, "event"), (entry.zones, "zone"),
              (entry.corrections, "correction")]
    parts = [f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts if n]
    text = ", ".join(parts) or "nothing"
    return text + (f" ({entry.unchanged} unchanged)" if entry.unchanged else "")


def _what(entry: AuditEntry) -> str:
    what = ", ".join(entry.kinds) or "-"
    return what + (f" [{', '.join(entry.layers)}]" if entry.layers else "")


def rows(entries: list[AuditEntry]) -> list[tuple[str, ...]]:
    """The table's cells, one tuple per write (terminal-safe text)."""
    return [tuple(plain(cell) for cell in (
        entry.written_at.replace("T", " ").removesuffix("+00:00"), entry.written_by,
        _what(entry), _added(entry), entry.batch_id)) for entry in entries]


def table(entries: list[AuditEntry]) -> str:
    """A readable table of ``entries`` (columns padded to their widest cell)."""
    cells = [HEADERS, *rows(entries)]
    widths = [max(len(row[i]) for row in cells) for i in range(len(HEADERS))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)
                               ).rstrip() for row in cells)


def run(args: argparse.Namespace) -> int:
    since = parse_day(args.since, field="--since") if args.since else None
    with open_store(args.store) as store:
        entries = store.audit(since=since, user=args.user)
        location = store.location
    if not entries:
        print(f"{location}: no writes recorded"
              + (" matching --since/--user" if since or args.user else ""))
        return 0
    print(table(entries))
    return 0
