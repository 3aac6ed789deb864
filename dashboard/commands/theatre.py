"""``frontline theatre add FILE | list | show NAME``: the store's theatres.

A theatre (name, box, dates, sides and what the map shows; format in
``geo/data/theatres/README.md``) is stored in the store by ``add``: adding a changed file
again updates it (a change that drops a side stored zone reports use is refused). ``list``
shows every theatre with its sides and how much data it holds; ``show`` prints one as JSON.
"""

from __future__ import annotations

import argparse
import json

from dashboard.commands.audit import plain
from geo.store import open_store
from geo.store.base import Batch
from geo.theatre import Theatre, load_theatre, theatre_to_json


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``frontline theatre add|list|show``."""
    parser = subparsers.add_parser("theatre", help="add, list or show the store's theatres",
                                   description=__doc__.splitlines()[0])
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add or update a theatre from a TOML file")
    add.add_argument("file", metavar="FILE", help="theatre TOML file")
    add.add_argument("--dry-run", action="store_true", help="validate and report only")
    add.set_defaults(func=_add)
    listing = actions.add_parser("list", help="every theatre of the store")
    listing.set_defaults(func=_list)
    show = actions.add_parser("show", help="one theatre, as JSON")
    show.add_argument("name", metavar="NAME")
    show.set_defaults(func=_show)


def _add(args: argparse.Namespace) -> int:
    theatre = load_theatre(args.file)
    with open_store(args.store, create=True) as store:
        result = store.write(Batch(theatres=[theatre], written_by=args.written_by),
                             dry_run=args.dry_run)
    status = result.theatre_statuses.get(theatre.name, "unchanged")
    verb = "would be" if args.dry_run else "is"
    print(f"theatre {theatre.name} {verb} {status}: {plain(theatre.title)} "
          f"({len(theatre.sides)} sides: {', '.join(theatre.side_ids)})")
    return 0


def _counts(store: object, theatre: Theatre) -> tuple[int, int]:
    rows = store._rows(  # type: ignore[attr-defined]
        "SELECT (SELECT COUNT(*) FROM zone_reports WHERE theatre = :t), "
        "(SELECT COUNT(*) FROM events WHERE theatre = :t)", {"t": theatre.name})
    return int(rows[0][0]), int(rows[0][1])


def _list(args: argparse.Namespace) -> int:
    with open_store(args.store) as store:
        main = store.main_theatre().name
        for theatre in store.theatres():
            zones, events = _counts(store, theatre)
            mark = "*" if theatre.name == main else " "
            print(f"{mark} {theatre.name:<20} {plain(theatre.title)}")
            print(f"    {theatre.start} to {theatre.end}; sides: "
                  + ", ".join(f"{s.id} ({plain(s.label)})" for s in theatre.sides)
                  + f"; {zones} zone reports, {events} events")
    print("(* the theatre shown when none is asked for)")
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_store(args.store) as store:
        theatre = store.theatre(args.name)
    print(json.dumps(json.loads(theatre_to_json(theatre)), indent=1, ensure_ascii=False))
    return 0
