"""``frontline front-line D [--format geojson|wkt]``: the front line on a day.

The line is where Russian-controlled or contested ground meets the rest; the coast and the
state border are removed with Natural Earth's outline of Ukraine (bundled in seeds/, public
domain) unless ``--no-mask`` (method: :mod:`geo.zones.front`).
"""

from __future__ import annotations

import argparse
import json
from functools import lru_cache

from pyproj import Geod
from shapely.geometry import mapping

from dashboard.args import add_theatre, chosen_theatre, iso_day, number
from geo.store import open_store
from geo.zones import DEFAULT_TOLERANCE_DEG, front_line
from geo.zones.front import country_land


@lru_cache(maxsize=1)
def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("front-line", help="the front line on a day")
    parser.add_argument("day", type=iso_day, metavar="D")
    parser.add_argument("--layer", help="only this layer's zone reports (e.g. deepstate)")
    parser.add_argument("--tolerance", type=number(0, 1), default=DEFAULT_TOLERANCE_DEG,
                        help="how far inside the coast/border a line must lie, in degrees "
                             "(default: %(default)s)")
    parser.add_argument("--no-mask", action="store_true",
                        help="keep the coast and the state border in the line")
    parser.add_argument("--format", choices=("geojson", "wkt"), default="geojson")
    add_theatre(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args.store) as store:
        theatre = chosen_theatre(store, args.theatre)
        zones = [z for z in store.zones_at(args.day, theatre=theatre.name)
                 if not args.layer or z.layer == args.layer]
    code = theatre.countries[0] if theatre.countries else ""
    line = front_line(zones, land=None if args.no_mask or not code else country_land(code),
                      tolerance_deg=args.tolerance, theatre=theatre)
    length_km = Geod(ellps="WGS84").geometry_length(line) / 1000 if not line.is_empty else 0.0
    if args.format == "wkt":
        print(line.wkt)
    else:
        print(json.dumps({"type": "Feature", "geometry": mapping(line), "properties": {
            "date": args.day.isoformat(), "length_km": round(length_km, 1),
            "reports": [z.id for z in zones], "masked": not args.no_mask}}))
    return 0
