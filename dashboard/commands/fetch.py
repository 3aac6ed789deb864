"""Live sources on the command line.

- ``frontline fetch deepstate [--since D] [--base-url URL] [--per-day] [--theatre NAME]``:
  DeepStateMap snapshots not stored yet, each in one transaction (resumable after any
  interruption), into a theatre with DeepState's sides (russian, ukrainian, contested);
- ``frontline fetch feed URL... --source NAME [--language xx] [--auto-accept X]
  [--theatre NAME]``: articles of RSS/Atom feeds, stored as fetched, their events proposed
  into the review queue (they carry the theatre, and are stored in it once accepted);
- ``frontline watch [--once]``: runs the sources of ``sources.toml`` that are due, then
  sleeps until the next one is (``--once``: one pass, for cron or a systemd timer); each
  source writes into its ``theatre`` (checked against the store before anything runs);
- ``frontline sources``: each configured source's last success, last attempt, last error
  and age against its cadence.

The HTTP manners (User-Agent contact, rate limit, timeouts, size limit) come from the
``[http]`` table of ``--config`` (default ``sources.toml``; optional for ``fetch``). Every run
is recorded in the store, under a per-source lock. ``--theatre`` defaults to the default
theatre (as ``frontline import`` does); a theatre the store lacks, or (DeepState) one without
its sides, is refused before any request is made or any run recorded.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

from dashboard.args import iso_day, number, whole_number
from geo.errors import InputError, SourceConfigError
from geo.fetch import SOURCES
from geo.fetch.base import check_theatre
from geo.fetch.config import SourceConfig, SourcesConfig, load_config
from geo.fetch.http import HttpClient, HttpConfig
from geo.fetch.schedule import (
    Outcome,
    check_theatres,
    freshness,
    run_configured,
    run_due,
    seconds_until_due,
)
from geo.fetch.state import StoreLedger
from geo.store import Store, open_store

log = logging.getLogger("frontline.fetch")

DEFAULT_CONFIG = "sources.toml"
MAX_SLEEP_S = 3600.0


def _config(args: argparse.Namespace, *, required: bool) -> SourcesConfig:
    path = Path(args.config)
    if not path.exists():
        if required or args.config != DEFAULT_CONFIG:
            raise SourceConfigError(f"{path}: no such file (see sources.example.toml)")
        log.warning("no %s: default HTTP settings and no contact in the User-Agent",
                    DEFAULT_CONFIG)
        return SourcesConfig(http=HttpConfig(), sources={}, path="")
    return load_config(path)


def _print_outcome(outcome: Outcome) -> None:
    if outcome.status == "ok" and outcome.result is not None:
        result = outcome.result
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(result.counts.items()))
        print(f"{outcome.name}: {len(result.stored)} stored, {len(result.unchanged)} "
              f"unchanged, {result.requests} request(s); zone reports {result.zones_added} "
              f"added, articles {result.articles_added} added, events {result.events_added} "
              f"added" + (f" ({counts})" if counts else ""))
        for label in result.stored[:20]:
            print(f"  stored {label}")
        if len(result.stored) > 20:
            print(f"  ... and {len(result.stored) - 20} more")
        if not result.stored:
            print("  nothing new")
    elif outcome.status == "error":
        print(f"frontline: error: {outcome.message}", file=sys.stderr)
    else:
        print(f"{outcome.name}: {outcome.status}: {outcome.message}")


def _theatre(store: Store, args: argparse.Namespace, kind: str) -> str:
    """The stored theatre ``--theatre`` names (empty: the default theatre), with the sides
    the ``kind`` of source writes; InputError naming ``--theatre`` otherwise."""
    try:
        theatre = store.theatre(args.theatre or None)
        check_theatre(theatre, SOURCES[kind])
    except InputError as exc:
        raise InputError(exc.message, field="--theatre") from exc
    return theatre.name if args.theatre else ""


def _run_one(args: argparse.Namespace, source: SourceConfig) -> int:
    config = _config(args, required=False)
    with open_store(args.store, create=True) as store:
        theatre = _theatre(store, args, source.type)
        if theatre:
            source = SourceConfig(name=source.name, type=source.type, every=source.every,
                                  options={**source.options, "theatre": theatre})
        ledger = StoreLedger(store)
        with HttpClient(config.http, validators=ledger) as client:
            outcome = run_configured(source, store=store, ledger=ledger, client=client,
                                     written_by=args.written_by, secrets=os.environ)
    _print_outcome(outcome)
    return {"ok": 0, "locked": 3}.get(outcome.status, 1)


def _fetch_deepstate(args: argparse.Namespace) -> int:
    options = {"per_day": args.per_day}
    if args.base_url:
        options["base_url"] = args.base_url
    if args.since:
        options["since"] = args.since
    return _run_one(args, SourceConfig(name="deepstate", type="deepstate",
                                       every=timedelta(days=1), options=options))


def _fetch_feed(args: argparse.Namespace) -> int:
    options: dict = {"urls": args.urls}
    if args.language:
        options["language"] = args.language
    if args.auto_accept is not None:
        options["auto_accept"] = args.auto_accept
    if args.max_items:
        options["max_items"] = args.max_items
    try:
        return _run_one(args, SourceConfig(name=args.source, type="feed",
                                           every=timedelta(hours=1), options=options))
    except ValueError as exc:  # the source's own option checks
        print(f"frontline: error: {exc}", file=sys.stderr)
        return 2


def _watch(args: argparse.Namespace) -> int:
    config = _config(args, required=True)
    if not config.sources:
        raise SourceConfigError(f"{config.path}: no [sources.NAME] table: nothing to watch")
    failures = 0
    with open_store(args.store, create=True) as store:
        check_theatres(config, store)  # every source's theatre, before any runs
        ledger = StoreLedger(store)
        with HttpClient(config.http, validators=ledger) as client:
            while True:
                for outcome in run_due(config, store=store, ledger=ledger, client=client,
                                       written_by=args.written_by, secrets=os.environ):
                    _print_outcome(outcome)
                    failures += outcome.status == "error"
                if args.once:
                    break
                pause = min(MAX_SLEEP_S, max(1.0, seconds_until_due(config, ledger)))
                log.info("watch: sleeping %.0f s until the next source is due", pause)
                sys.stdout.flush()
                time.sleep(pause)
    return 1 if failures else 0


def _age(delta: timedelta | None) -> str:
    if delta is None:
        return "never"
    seconds = int(delta.total_seconds())
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400 * 2:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _sources(args: argparse.Namespace) -> int:
    config = _config(args, required=True)
    with open_store(args.store) as store:
        rows = freshness(config, StoreLedger(store))
    if not rows:
        print(f"{config.path}: no sources configured")
        return 0
    for row in rows:
        stamp = "%Y-%m-%d %H:%M UTC"
        success = row.last_success.strftime(stamp) if row.last_success else "never"
        attempt = row.last_attempt.strftime(stamp) if row.last_attempt else "never"
        state = "OVERDUE" if row.overdue else "ok"
        print(f"{row.name} ({row.type}, every {_age(row.every)}): {state}; last success "
              f"{success} (age {_age(row.age)}); last attempt {attempt}"
              + (f" ({row.last_result})" if row.last_result else ""))
        if row.last_error:
            print(f"  last error: {row.last_error[:300]}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    fetch = commands.add_parser("fetch", help="fetch new data from a live source now")
    kinds = fetch.add_subparsers(dest="kind", required=True, metavar="SOURCE")
    config_help = f"sources file for the [http] settings (default: {DEFAULT_CONFIG}, if any)"
    theatre_help = ("theatre the {what} are stored in (default: the default theatre; see "
                    "`frontline theatre list`){sides}")

    deepstate = kinds.add_parser("deepstate", help="DeepStateMap history snapshots not "
                                                   "stored yet")
    deepstate.add_argument("--since", type=iso_day, metavar="D",
                           help="only snapshots of this day (YYYY-MM-DD) or later")
    deepstate.add_argument("--base-url", metavar="URL",
                           help="the API's base URL (default: DeepStateMap's own)")
    deepstate.add_argument("--per-day", action="store_true",
                           help="only the latest snapshot of each day not stored yet")
    deepstate.add_argument("--config", default=DEFAULT_CONFIG, metavar="FILE",
                           help=config_help)
    deepstate.add_argument("--theatre", default="", metavar="NAME", help=theatre_help.format(
        what="zone reports", sides="; it must have the sides russian, ukrainian, contested"))
    deepstate.set_defaults(func=_fetch_deepstate)

    feed = kinds.add_parser("feed", help="articles of RSS/Atom feeds; events proposed for "
                                         "review")
    feed.add_argument("urls", nargs="+", metavar="URL")
    feed.add_argument("--source", required=True, metavar="NAME",
                      help="the publisher's name (articles' source, layer feed-NAME)")
    feed.add_argument("--language", metavar="xx", help="the articles' language (ISO 639-1)")
    feed.add_argument("--auto-accept", type=number(0, 1), metavar="X",
                      help="store events of confidence X or more without review")
    feed.add_argument("--max-items", type=whole_number(1, 10_000), metavar="N",
                      help="items read per feed (default 200)")
    feed.add_argument("--config", default=DEFAULT_CONFIG, metavar="FILE", help=config_help)
    feed.add_argument("--theatre", default="", metavar="NAME", help=theatre_help.format(
        what="events (queued for review or accepted)", sides="; its countries are tried "
        "first for ambiguous place names"))
    feed.set_defaults(func=_fetch_feed)

    watch = commands.add_parser("watch", help="run the due sources of sources.toml, then "
                                              "sleep until the next one")
    watch.add_argument("--once", action="store_true",
                       help="one pass over the due sources, then exit (cron, systemd timer)")
    watch.add_argument("--config", default=DEFAULT_CONFIG, metavar="FILE")
    watch.set_defaults(func=_watch)

    sources = commands.add_parser("sources", help="how fresh each configured source is")
    sources.add_argument("--config", default=DEFAULT_CONFIG, metavar="FILE")
    sources.set_defaults(func=_sources)
