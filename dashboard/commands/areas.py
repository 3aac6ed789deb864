"""``frontline areas [--theatre NAME] [--from D1 --to D2] [--format table|csv|json]``: km²
per side per date.

Areas are computed in EPSG:6933 (equal-area) after a union within each side and the
theatre's precedence between sides (Bakhmut: Russian, contested, Ukrainian), on every date a
zone report of the theatre starts.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys

from dashboard.args import add_theatre, chosen_theatre, iso_day
from geo.store import open_store
from geo.zones import AreaRow, areas_by_date


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("areas", help="km² held per side on each report date")
    parser.add_argument("--from", dest="start", type=iso_day, metavar="D1",
                        help="first date (YYYY-MM-DD)")
    parser.add_argument("--to", dest="end", type=iso_day, metavar="D2",
                        help="last date (YYYY-MM-DD)")
    parser.add_argument("--layer", help="only this layer's zone reports (e.g. deepstate)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    add_theatre(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.store) as store:
        theatre = chosen_theatre(store, args.theatre)
        rows = areas_by_date(store, start=args.start, end=args.end, layer=args.layer,
                             theatre=theatre)
    if args.format == "json":
        print(json.dumps([r.as_dict() for r in rows], indent=1))
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["date", "side", "km2"])
        for r in rows:
            writer.writerow([r.day.isoformat(), r.side, f"{r.km2:.3f}"])
    else:
        print(table(rows))
    return 0


def table(rows: list[AreaRow]) -> str:
    """Wide table: one line per date, one column per side (km², EPSG:6933)."""
    if not rows:
        return "no zone reports in that range"
    sides = list(dict.fromkeys(r.side for r in rows))
    by_day: dict = {}
    for r in rows:
        by_day.setdefault(r.day, {})[r.side] = r.km2
    lines = ["date        " + "".join(f"{s + ' km²':>18}" for s in sides)]
    for day, values in by_day.items():
        lines.append(f"{day.isoformat()}  " + "".join(f"{values.get(s, 0.0):>18,.1f}"
                                                      for s in sides))
    return "\n".join(lines)
