"""``frontline diff D1 D2 [--format table|geojson]``: ground gained and lost per side.

Every change lists the reports in force at D1 and at D2 that cover it. Polygons under
``--min-km2`` are left out of the list, not out of the totals (the sliver column), so
``after − before = gained − lost`` holds (checked, "ok" in the table).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from dashboard.args import add_theatre, chosen_theatre, iso_day, number, whole_number
from geo.errors import InputError
from geo.store import open_store
from geo.zones import DEFAULT_MIN_KM2, ReportRef, ZoneDiff, diff_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("diff", help="what each side gained and lost between dates")
    parser.add_argument("start", type=iso_day, metavar="D1")
    parser.add_argument("end", type=iso_day, metavar="D2")
    parser.add_argument("--min-km2", type=number(0, 1e6), default=DEFAULT_MIN_KM2,
                        help="leave out change polygons smaller than this (default: "
                             "%(default)s km²; still counted in the totals)")
    parser.add_argument("--layer", help="only this layer's zone reports (e.g. deepstate)")
    parser.add_argument("--format", choices=("table", "geojson"), default="table")
    parser.add_argument("--limit", type=whole_number(0, 1_000_000), default=20,
                        help="changes listed in the table (default: %(default)s)")
    parser.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    add_theatre(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.min_km2 < 0:
        raise InputError("must not be negative", field="--min-km2")
    with open_store(args.store) as store:
        result = diff_store(store, args.start, args.end, min_km2=args.min_km2,
                            layer=args.layer, theatre=chosen_theatre(store, args.theatre))
    text = (json.dumps(result.to_geojson(), ensure_ascii=False) if args.format == "geojson"
            else table(result, limit=args.limit))
    if args.output:
        try:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot write ({exc.strerror})", source=args.output) from exc
        print(f"{args.output}: {len(result.changes)} changes written")
    else:
        print(text)
    return 0


def _refs(refs: tuple[ReportRef, ...]) -> str:
    if not refs:
        return "(no report)"
    return ", ".join(f"{r.zone_id} ({r.source}, {r.valid_from.isoformat()})" for r in refs)


def table(result: ZoneDiff, *, limit: int = 20) -> str:
    """Per-side totals with the consistency check, then the largest changes."""
    width = max([10, *(len(s.side) + 1 for s in result.sides)])
    lines = [f"changes {result.start.isoformat()} -> {result.end.isoformat()} (km², EPSG:6933; "
             f"polygons under {result.min_km2:g} km² counted as slivers)",
             f"{'side':<{width}}{'before':>13}{'after':>13}{'net':>11}{'gained':>11}{'lost':>11}"
             f"{'slivers':>9}{'sliver km²':>12}  check"]
    for s in result.sides:
        lines.append(f"{s.side:<{width}}{s.km2_before:>13,.2f}{s.km2_after:>13,.2f}"
                     f"{s.net_km2:>+11,.2f}{s.gained_km2:>11,.2f}{s.lost_km2:>11,.2f}"
                     f"{s.slivers:>9}{s.slivers_gained_km2 + s.slivers_lost_km2:>12,.3f}  "
                     f"{'ok' if s.consistent() else 'MISMATCH'}")
    if not result.sides:
        lines.append("(no zone reports on either date)")
    shown = sorted(result.changes, key=lambda c: -c.km2)[:max(limit, 0)]
    if shown:
        lines.append(f"largest changes ({len(shown)} of {len(result.changes)}):")
        for c in shown:
            lines.append(f"  {c.side:<{width}} {c.kind:<7}{c.km2:>10,.2f} km²  "
                         f"before: {_refs(c.before)}; after: {_refs(c.after)}")
    return "\n".join(lines)
