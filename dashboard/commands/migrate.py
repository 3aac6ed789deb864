"""``frontline migrate SRC DST``: move a whole store between GeoPackage and PostGIS.

SRC and DST are each a GeoPackage path or a ``postgresql://`` URL (either direction, or
GeoPackage to GeoPackage). Everything moves: layers, articles, zone reports, events, the
geocoder cache and corrections. Idempotent (content-hash ids): re-running it, e.g. after an
interruption, adds only what is missing. DST is created when it does not exist; data it
already holds is kept. Afterwards every item of SRC is checked to be in DST, unchanged
(``--no-verify`` skips that); exit code 1 if anything is missing.
"""

from __future__ import annotations

import argparse
import sys

from geo.store import open_store
from geo.store.migrate import migrate, verify


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``frontline migrate``."""
    parser = subparsers.add_parser(
        "migrate", help="copy a whole store: GeoPackage <-> PostGIS (losing nothing)",
        description=__doc__.splitlines()[0])
    parser.add_argument("source", metavar="SRC", help="store to read (path or postgresql:// URL)")
    parser.add_argument("target", metavar="DST",
                        help="store to write (created if missing; path or URL)")
    parser.add_argument("--no-verify", dest="verify", action="store_false",
                        help="do not check afterwards that DST holds everything of SRC")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.source) as source, open_store(args.target, create=True) as target:
        report = migrate(source, target, written_by=args.written_by)
        print(f"{source.location} -> {target.location}")
        for line in report.lines():
            print(f"  {line}")
        if not args.verify:
            return 0
        problems = verify(source, target)
    if problems:
        for problem in problems:
            print(f"frontline: error: {problem}", file=sys.stderr)
        return 1
    print("verified: every item of SRC is in DST, unchanged")
    return 0
