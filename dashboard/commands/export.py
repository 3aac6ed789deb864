"""``frontline export FORMAT``: the briefing exports, headless, for batch use.

``frontline export <png|pdf|html|geojson|gpkg|kml|csv|gif|mp4|bundle> --date D
[--bbox W,S,E,N] [--window N] [--layers ...] [--size screen|1920x1080|a4]
[--from D --to D --step day|week] [--opsec-kinds ... --opsec-precision 0.1
--holdback-days N] --out PATH``

``--link`` takes an app permalink and exports exactly that view; other options override it.
Warnings (restricted licences, unlicensed layers) go to stderr; the written path to stdout.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from dashboard.args import iso_day, number, whole_number
from dashboard.state import ViewState, from_query
from geo.dates import MAX_SPAN_DAYS
from geo.errors import ExportError
from geo.models import ClaimStatus, EventKind
from geo.store import Store, open_store
from geo.timeline import MAX_WINDOW_DAYS
from layers.export import FORMATS, SIZES, ExportRequest, Opsec, RangeSpec, run_export
from layers.export.policy.opsec import MAX_PRECISION_DEG, MIN_PRECISION_DEG
from layers.export.request import (
    DEFAULT_FRAME_MS,
    MAX_FRAME_MS,
    MIN_FRAME_MS,
    STEPS,
    parse_bbox,
    size_preset,
)

log = logging.getLogger(__name__)

BASE_URL_ENV = "FRONTLINE_BASE_URL"
DEFAULT_BASE_URL = "http://localhost:8501/"


def _arg(parse: Any) -> Any:
    """An argparse ``type`` that turns our errors into usage errors (exit 2)."""
    def convert(text: str) -> Any:
        try:
            return parse(text)
        except (ExportError, ValueError) as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None
    convert.__name__ = getattr(parse, "__name__", "value")
    return convert


def _step(text: str) -> str | int:
    if text in STEPS:
        return text
    if text.isascii() and text.isdigit() and 1 <= int(text) <= MAX_SPAN_DAYS:
        return int(text)
    raise ValueError(f"{text[:40]!r} is not {', '.join(STEPS)} or a number of days from 1 to "
                     f"{MAX_SPAN_DAYS:,}")


def _size(text: str) -> str:
    size_preset(text)
    return text


def _listed(values: list[str] | None) -> list[str]:
    """``--x a,b c`` → ``[a, b, c]``."""
    return [p.strip() for v in values or [] for p in v.split(",") if p.strip()]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``frontline export``."""
    p = subparsers.add_parser(
        "export", help="export a view: PNG, PDF, offline HTML, data files, time-lapse, bundle",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("format", choices=list(FORMATS), help="what to write")
    view = p.add_argument_group("the view (as in the app)")
    view.add_argument("--date", type=iso_day, help="the 'as of' day (default: the last "
                      "day with data, or the permalink's)")
    view.add_argument("--link", help="an app permalink (URL or ?query) whose view to export")
    view.add_argument("--window", type=whole_number(1, MAX_WINDOW_DAYS),
                      help=f"days of events up to the date, 1 to {MAX_WINDOW_DAYS} (default 7)")
    view.add_argument("--bbox", type=_arg(parse_bbox), metavar="W,S,E,N",
                      help="frame the map on this extent and keep only data reaching into it")
    view.add_argument("--world", action="store_true", help="the world view")
    view.add_argument("--layers", nargs="+", metavar="LAYER",
                      help="store layers whose zones are shown (default: all)")
    view.add_argument("--sides", nargs="+", metavar="SIDE",
                      help="side ids of the theatre shown (default: all; see "
                           "`frontline theatre show NAME`)")
    view.add_argument("--theatre", metavar="NAME",
                      help="theatre exported (default: the permalink's, else the store's "
                           "main theatre)")
    view.add_argument("--min-sources", type=whole_number(1, 100), metavar="N",
                      help="only events reported by at least N independent sources (reports "
                           "of one event merged first)")
    view.add_argument("--kinds", nargs="+", metavar="KIND", help="event kinds shown ("
                      + ", ".join(k.value for k in EventKind) + ")")
    view.add_argument("--actors", nargs="+", metavar="ACTOR")
    view.add_argument("--sources", nargs="+", metavar="SOURCE")
    view.add_argument("--status", nargs="+", metavar="STATUS",
                      help=f"claim statuses ({', '.join(s.value for s in ClaimStatus)})")
    view.add_argument("--min-confidence", type=number(0, 1), help="0 to 1")
    view.add_argument("--no-zones", action="store_true")
    view.add_argument("--no-events", action="store_true")
    view.add_argument("--no-front-line", action="store_true")
    out = p.add_argument_group("output")
    out.add_argument("--size", type=_arg(_size), default="screen",
                     help=f"image size: {', '.join(SIZES)} or WIDTHxHEIGHT (default screen)")
    out.add_argument("--title", help="title printed on the export")
    out.add_argument("--from", dest="start", type=iso_day, help="first date (gif, mp4, html)")
    out.add_argument("--to", dest="end", type=iso_day, help="last date (default: --date)")
    out.add_argument("--step", type=_arg(_step), default=None,
                     help="day, week or a number of days (default: day; week for gif/mp4)")
    out.add_argument("--frame-ms", type=whole_number(MIN_FRAME_MS, MAX_FRAME_MS),
                     default=DEFAULT_FRAME_MS, help=f"time-lapse frame duration in ms, "
                     f"{MIN_FRAME_MS} to {MAX_FRAME_MS:,} (default %(default)s)")
    out.add_argument("--base-url", default=None,
                     help=f"the app's address for the permalink (default ${BASE_URL_ENV} or "
                          f"{DEFAULT_BASE_URL})")
    out.add_argument("--out", "-o", type=Path, help="file to write (default: a name like "
                     "frontline_2023-05-21.png in the current folder)")
    sec = p.add_argument_group("operational security (applied to every format)")
    sec.add_argument("--opsec-kinds", nargs="+", metavar="KIND",
                     help="event kinds whose positions are coarsened (default: all, when "
                          "--opsec-precision is given)")
    sec.add_argument("--opsec-precision", type=number(MIN_PRECISION_DEG, MAX_PRECISION_DEG),
                     metavar="DEGREES",
                     help="coarsen positions to cells of this size, e.g. 0.1")
    sec.add_argument("--holdback-days", type=whole_number(0, MAX_SPAN_DAYS), default=0,
                     help="leave out events of the last N days before the export date")
    p.set_defaults(func=run)


def _enum(enum: type, values: list[str], option: str) -> tuple:
    try:
        return tuple(dict.fromkeys(enum(v) for v in values))
    except ValueError:
        choices = ", ".join(e.value for e in enum)
        raise ExportError(f"{option}: {', '.join(values)} is not among {choices}") from None


def base_view(args: argparse.Namespace, store: Store) -> ViewState:
    """The view from ``--link`` (if any) and ``--date``; defaults as in the app."""
    if store.date_range() is None:
        raise ExportError(f"the store {store.location} holds no data: run `frontline seed`")
    query: dict[str, str] = {}
    if args.link:
        query = dict(parse_qsl(urlsplit(args.link).query or args.link.lstrip("?")))
        if not query:
            raise ExportError(f"--link {args.link[:80]!r} carries no view parameters")
    named = getattr(args, "theatre", None) or query.get("theatre", "")
    theatre = store.theatre(named) if named else store.main_theatre()
    if named:
        args.theatre = theatre.name
    first, last = store.date_range(theatre.name) or store.date_range()
    state, problems = from_query(query, first=first, last=last)
    for problem in problems:
        print(f"frontline: warning: --link: {problem}", file=sys.stderr)
    if args.date:
        state = replace(state, day=args.date)
    return state


def build_request(args: argparse.Namespace, store: Store) -> ExportRequest:
    """The export request the options describe."""
    state = base_view(args, store)
    request = ExportRequest.from_view(state, size=args.size)
    changes: dict[str, Any] = {}
    flt = request.filters
    if args.kinds:
        flt = replace(flt, kinds=_enum(EventKind, _listed(args.kinds), "--kinds"))
    if args.status:
        flt = replace(flt, claim_statuses=_enum(ClaimStatus, _listed(args.status), "--status"))
    if args.actors:
        flt = replace(flt, actors=tuple(_listed(args.actors)))
    if args.sources:
        flt = replace(flt, sources=tuple(_listed(args.sources)))
    if args.min_confidence is not None:
        flt = replace(flt, min_confidence=args.min_confidence)
    if flt != request.filters:
        changes["filters"] = flt
    if args.sides:
        changes["sides"] = tuple(dict.fromkeys(s.strip().lower() for s in _listed(args.sides)))
    if args.theatre:
        changes["theatre"] = args.theatre
    if args.min_sources is not None:
        changes["min_sources"] = args.min_sources
    if args.layers:
        changes["layers"] = tuple(_listed(args.layers))
    for option, name in ((args.window, "window_days"), (args.bbox, "bbox"),
                         (args.title, "title")):
        if option is not None:
            changes[name] = option
    if args.world:
        changes["world"] = True
    if args.no_zones:
        changes["show_zones"] = False
    if args.no_events:
        changes["show_events"] = False
    if args.no_front_line:
        changes["front_line"] = False
    if args.opsec_precision is not None or args.holdback_days or args.opsec_kinds:
        if args.opsec_kinds and args.opsec_precision is None:
            raise ExportError("--opsec-kinds needs --opsec-precision (e.g. 0.1)")
        changes["opsec"] = Opsec(
            kinds=_enum(EventKind, _listed(args.opsec_kinds), "--opsec-kinds"),
            precision_deg=args.opsec_precision, holdback_days=args.holdback_days)
    return replace(request, **changes)


def permalink(request: ExportRequest, base_url: str | None = None) -> str:
    """The app link that reopens the request's view (bbox and opsec are not app settings)."""
    base = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    known = {f.name for f in fields(ViewState)}
    values = {"day": request.day, "window_days": request.window_days, "world": request.world,
              "center": request.center, "zoom": request.zoom, "kinds": request.filters.kinds,
              "actors": request.filters.actors, "statuses": request.filters.claim_statuses,
              "sources": request.filters.sources,
              "min_confidence": request.filters.min_confidence, "sides": request.sides,
              "layers": request.layers, "front_line": request.front_line,
              "theatre": request.theatre, "min_sources": request.min_sources}
    state = ViewState(**{k: v for k, v in values.items() if k in known})
    return f"{base.split('?')[0]}?{urlencode(state.to_query())}"


def run(args: argparse.Namespace) -> int:
    """Write the export; 0 on success (errors raise ExportError: exit 1)."""
    fmt = FORMATS[args.format]
    with open_store(args.store) as store:
        request = build_request(args, store)
        step = args.step or ("week" if args.format in ("gif", "mp4") else "day")
        dates = RangeSpec(args.start, args.end, step)
        result = run_export(store, request, args.format, dates=dates,
                            permalink=permalink(request, args.base_url),
                            frame_ms=args.frame_ms)
    for warning in result.warnings:
        print(f"frontline: warning: {warning}", file=sys.stderr)
    target: Path = args.out or Path(result.filename)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(result.data)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write ({exc.strerror})") from exc
    print(f"{target}: {fmt.label}, {len(result.data):,} bytes")
    return 0
