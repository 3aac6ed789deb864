"""``frontline import deepstate|geojson|kml|events PATH...``: one transaction per command.

Every path may be a file or a folder (a folder of DeepState snapshots imports as a time
series). ``--dry-run`` reads and validates everything and reports what would change, storing
nothing. Errors name the file, feature/row and field (exit code 1).
"""

from __future__ import annotations

import argparse
import logging

from dashboard.args import iso_day, number
from geo.errors import InputError
from geo.ingest import (
    DEFAULT_MAX_MB,
    THEATRE,
    Batch,
    ZoneMapping,
    import_batch,
    load_mapping,
    parse_side_map,
    read_deepstate,
    read_events,
    read_geojson,
    read_kml,
)
from geo.ingest.zonemap import side_value
from geo.store import open_store
from geo.store.base import BBox
from geo.theatre import DEFAULT_THEATRE, Theatre
from geo.zones import ON_INVALID_CHOICES

log = logging.getLogger(__name__)

MAX_NOTES_SHOWN = 25
MAX_MB = number(0.001, 4096)
"""argparse type of --max-mb: files are read whole, so a few GB is the most that makes sense."""


def bbox(text: str) -> BBox:
    """argparse type: ``west,south,east,north`` in degrees."""
    try:
        west, south, east, north = (float(v) for v in text.split(","))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected west,south,east,north: {text!r}") from exc
    if not (west < east and south < north):
        raise argparse.ArgumentTypeError(f"empty box: {text!r}")
    return (west, south, east, north)


def _common(parser: argparse.ArgumentParser, *, on_invalid: str) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    parser.add_argument("--theatre", default="", metavar="NAME",
                        help="theatre the zones and events belong to (default: the default "
                             "theatre; see `frontline theatre list`)")
    parser.add_argument("--on-invalid", choices=ON_INVALID_CHOICES, default=on_invalid,
                        help="invalid geometry or row: raise (refuse the import), fix "
                             "(repair with make_valid, swap lat/lon; reported) or skip "
                             f"(leave it out; reported). Default: {on_invalid}")
    parser.add_argument("--dry-run", action="store_true",
                        help="validate and report what would change; store nothing")


def _zone_flags(parser: argparse.ArgumentParser, *, crs: bool) -> None:
    parser.add_argument("--mapping", metavar="FILE", help="JSON mapping file (flags override)")
    parser.add_argument("--layer", help="layer name (required without --mapping)")
    parser.add_argument("--source", help="source name stored with every report")
    parser.add_argument("--licence", help="licence of the data")
    parser.add_argument("--attribution", help="attribution text shown in the app")
    parser.add_argument("--non-commercial", action="store_true", default=None,
                        help="mark the layer non-commercial")
    parser.add_argument("--side", help="one side for every feature: russian|ukrainian|contested")
    parser.add_argument("--side-field", help="property holding the side")
    parser.add_argument("--side-map", action="append", default=[], metavar="VALUE=SIDE,...",
                        help="map property values to sides (e.g. occupied=russian)")
    parser.add_argument("--date", type=iso_day, help="valid_from for every feature")
    parser.add_argument("--date-field", help="property holding valid_from")
    parser.add_argument("--zone-field", help="property naming the sector/zone")
    parser.add_argument("--source-field", help="property holding the source")
    parser.add_argument("--note-field", help="property holding a note")
    parser.add_argument("--url-field", help="property holding a source URL")
    parser.add_argument("--no-retire", action="store_true",
                        help="do not retire sides absent from a date of the file")
    parser.add_argument("--bbox", type=bbox, default=None, metavar="W,S,E,N",
                        help="box geometries must fall in (default: Ukraine's box for the "
                             f"default theatre, {THEATRE}; else the theatre's box with a "
                             "margin)")
    parser.add_argument("--max-mb", type=MAX_MB, default=DEFAULT_MAX_MB,
                        help="refuse files above this size (default: %(default)s)")
    if crs:
        parser.add_argument("--crs", help="CRS of the coordinates when the file declares none "
                                          "(e.g. EPSG:3857)")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("import", help="import zones or events (one transaction)")
    kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND")

    deepstate = kinds.add_parser("deepstate", help="DeepStateMap history snapshots (raw API "
                                                   "GeoJSON, <unix seconds>.geojson)")
    _common(deepstate, on_invalid="fix")
    deepstate.add_argument("--date", type=iso_day, help="snapshot date (single file only)")
    deepstate.add_argument("--max-mb", type=MAX_MB, default=DEFAULT_MAX_MB)
    deepstate.set_defaults(func=_run_deepstate)

    for name, crs, helptext in (("geojson", True, "generic GeoJSON zone files"),
                                ("kml", False, "KML/KMZ control maps")):
        sub = kinds.add_parser(name, help=helptext)
        _common(sub, on_invalid="raise")
        _zone_flags(sub, crs=crs)
        sub.set_defaults(func=_run_zones, reader=name)

    events = kinds.add_parser("events", help="event tables: ACLED, UCDP GED or VIINA CSV")
    _common(events, on_invalid="raise")
    events.add_argument("--format", default="auto", choices=("auto", "acled", "ucdp", "viina"),
                        help="table format (default: detect from the header)")
    events.set_defaults(func=_run_events)


def _theatre_box(theatre: Theatre) -> BBox:
    """Where a theatre's zone geometries may lie: Ukraine's box for the default theatre,
    else the theatre's box widened by half its size on every side."""
    if theatre.name == DEFAULT_THEATRE:
        return THEATRE
    west, south, east, north = theatre.bbox
    dx, dy = (east - west) / 2, (north - south) / 2
    return (max(-180.0, west - dx), max(-90.0, south - dy), min(180.0, east + dx),
            min(90.0, north + dy))


def _resolve(args: argparse.Namespace) -> Theatre:
    """The theatre named by ``--theatre``; a W,S,E,N value is the old spelling of --bbox."""
    name = args.theatre or ""
    try:
        old_box = bbox(name) if name and name[0] in "-0123456789" else None
    except argparse.ArgumentTypeError:
        old_box = None
    if old_box is not None:
        log.warning("--theatre W,S,E,N is now --bbox; --theatre names a theatre")
        args.bbox, name = args.bbox or old_box, ""
    with open_store(args.store, create=True) as store:
        theatre = store.theatre(name or None)
    args.theatre = theatre.name
    if getattr(args, "bbox", None) is None:
        args.bbox = _theatre_box(theatre)
    return theatre


def _mapping(args: argparse.Namespace, theatre: Theatre) -> ZoneMapping:
    base = load_mapping(args.mapping) if args.mapping else None
    if base is None:
        if not args.layer:
            raise InputError("--layer (or --mapping) is required for generic zone files",
                             field="layer")
        base = ZoneMapping(layer=args.layer)
    sides = theatre.side_ids
    side_values = None
    if args.side_map:
        side_values = dict(base.side_values)
        side_values.update(parse_side_map(args.side_map, sides=sides))
    return base.with_overrides(
        layer=args.layer, source=args.source, licence=args.licence,
        attribution=args.attribution, non_commercial=args.non_commercial, sides=sides,
        side=side_value(args.side, source="--side", sides=sides) if args.side else None,
        side_field=args.side_field, side_values=side_values, valid_from=args.date,
        date_field=args.date_field, zone_field=args.zone_field,
        source_field=args.source_field, note_field=args.note_field,
        url_field=args.url_field, retire_missing=False if args.no_retire else None)


def _run_deepstate(args: argparse.Namespace) -> int:
    _resolve(args)
    batch = read_deepstate(args.paths, day=args.date, on_invalid=args.on_invalid,
                           max_mb=args.max_mb)
    return _store(args, batch)


def _run_zones(args: argparse.Namespace) -> int:
    mapping = _mapping(args, _resolve(args))
    if args.reader == "geojson":
        batch = read_geojson(args.paths, mapping, on_invalid=args.on_invalid, crs=args.crs,
                             theatre=args.bbox, max_mb=args.max_mb)
    else:
        batch = read_kml(args.paths, mapping, on_invalid=args.on_invalid,
                         theatre=args.bbox, max_mb=args.max_mb)
    return _store(args, batch)


def _run_events(args: argparse.Namespace) -> int:
    _resolve(args)
    batch = read_events(args.paths, table_format=args.format, on_invalid=args.on_invalid)
    return _store(args, batch)


def _store(args: argparse.Namespace, batch: Batch) -> int:
    with open_store(args.store, create=True) as store:
        result = import_batch(store, batch, written_by=args.written_by, dry_run=args.dry_run,
                              theatre=args.theatre)
        location = store.location
    print(f"{batch.layer.layer}: {len(batch.files)} file(s) read from "
          f"{', '.join(batch.files[:3])}{' ...' if len(batch.files) > 3 else ''}")
    if batch.counts:
        print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(batch.counts.items())))
    for note in batch.notes[:MAX_NOTES_SHOWN]:
        print(f"  {note}")
    if len(batch.notes) > MAX_NOTES_SHOWN:
        print(f"  ... and {len(batch.notes) - MAX_NOTES_SHOWN} more notes")
    verb = "would add" if result.dry_run else "added"
    if args.theatre != DEFAULT_THEATRE:
        print(f"theatre: {args.theatre}")
    print(f"{location}: layer {result.layer} {result.layer_status}; zone reports "
          f"{result.zones_added} {verb}, {result.zones_unchanged} unchanged; events "
          f"{result.events_added} {verb}, {result.events_unchanged} unchanged")
    if result.dry_run:
        print("dry run: nothing was stored")
    elif not result.changed:
        print("nothing changed (already imported)")
    return 0
