"""``frontline ingest FILE|DIR|-``: store articles and the events proposed from them.

Reads ``.txt``, ``.md``, ``.html``/``.htm`` (text extracted) and JSON lines (``.jsonl``,
``.ndjson``, or ``-`` for stdin: one ``{"text", "title"?, "published"?, "source"?,
"url"?}`` per line; plain text on stdin is one article). ``--date`` and ``--source`` fill
what a file does not say. Places are resolved offline with the stored corrections applied;
articles and events are stored idempotently (content hashes), so ingesting the same file
twice adds nothing. ``--dry-run`` prints what would be stored and writes nothing.
``--language en|uk|ru|auto`` names the articles' language (default: detected per article;
Ukrainian and Russian place names are found in any grammatical case).

``--scheduler local[:N]|tcp://HOST:PORT`` runs the geoparsing and event extraction as Dask
tasks (:mod:`geo.distributed`) on a new local cluster of N worker processes or on a running
scheduler, and writes each batch of ``--batch-size`` articles (and their events) to the store
in one transaction; the store ends up exactly as after a serial run.

``--theatre NAME`` stores the events in that theatre of the store (serial or ``--scheduler``:
the theatre's countries are the geoparser's focus, on the workers too); a theatre the store
lacks is refused before anything is read.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dashboard.args import LANGUAGE_HELP, add_theatre, language, whole_number
from geo.dates import parse_day
from geo.errors import InputError
from geo.events import EVENT_LAYER, EventExtractor
from geo.geoparse import Geoparser, clean_text, html_to_text
from geo.geoparse.parser import theatre_focus
from geo.models import Article, LayerInfo
from geo.paths import expand_paths
from geo.textio import decode_text, read_bytes

log = logging.getLogger("frontline.ingest")

LAYER = LayerInfo(layer=EVENT_LAYER, source="Ingested news articles",
                  licence="per article source",
                  attribution="Events proposed from ingested articles; "
                              "place names: GeoNames (CC BY 4.0)")

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
            ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}
MAX_BYTES = 50_000_000


@dataclass
class Draft:
    """An article read from input, before it gets its date and source."""

    where: str
    title: str
    text: str
    published: str | None = None
    source: str | None = None
    url: str | None = None


def _markdown_to_text(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    return re.sub(r"(\*\*|__|\*|_|`)(.+?)\1", r"\2", text)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())[:300]
    return ""


def load(where: str) -> bytes:
    """The bytes of one input (a file, or ``-`` for stdin), refused over :data:`MAX_BYTES`
    before reading a file (its size is checked first) and never read past the limit."""
    if where == "-":
        return sys.stdin.buffer.read(MAX_BYTES + 1)  # read_drafts refuses the extra byte
    return read_bytes(where, max_bytes=MAX_BYTES)


def read_drafts(path: str, data: bytes) -> Iterator[Draft]:
    """The articles in one input (a file's bytes, or stdin's when ``path`` is ``-``)."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{len(data):,} bytes is over the {MAX_BYTES:,}-byte limit; split "
                         "the input", source=path)
    suffix = Path(path).suffix.lower()
    kind = SUFFIXES.get(suffix, "text")
    text = clean_text(decode_text(data, path, on_error="cp1252"))  # legacy files: cp1252
    if path == "-" and text.lstrip().startswith("{"):
        kind = "jsonl"
    if kind == "jsonl":
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON: {exc.msg}", source=path, item=number) from exc
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise InputError("expected an object with a string 'text'", source=path,
                                 item=number, field="text")
            body = clean_text(item["text"])
            title = str(item.get("title") or _first_line(body))
            yield Draft(f"{path}:{number}", title, body, _opt(item.get("published")),
                        _opt(item.get("source")), _opt(item.get("url")))
        return
    if kind == "html":
        title, body = html_to_text(text)
        yield Draft(path, title or _first_line(body), body)
        return
    if kind == "markdown":
        text = _markdown_to_text(text)
    yield Draft(path, _first_line(text), text)


def _opt(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def to_article(draft: Draft, default_date: date | None, default_source: str | None) -> Article:
    """An Article from a draft; the date and source must come from the input or the options."""
    published = default_date
    if draft.published:
        published = parse_day(draft.published, field="published", source=draft.where,
                              allow_time=True)
    if published is None:
        raise InputError("no publication date: pass --date YYYY-MM-DD", source=draft.where,
                         field="published")
    if not draft.text.strip():
        raise InputError("no text", source=draft.where, field="text")
    source = draft.source or default_source or Path(draft.where.split(":")[0]).stem or "stdin"
    return Article(title=draft.title or _first_line(draft.text), text=draft.text,
                   published=published, source=source, url=draft.url)


def _run(args: argparse.Namespace) -> int:
    default_date = parse_day(args.date, field="--date") if args.date else None
    # Named now, read one at a time as they are ingested (each size-checked first).
    inputs = ["-"] if args.target == "-" else [
        str(p) for p in expand_paths([args.target], SUFFIXES, recursive=True)]
    if not inputs:
        raise InputError("no .txt, .md, .html or .jsonl files found", source=args.target)
    if args.scheduler:
        return _run_distributed(args, inputs, default_date)
    store = None
    overrides = None
    from geo.store import Batch, open_store

    focus = _theatre(args)
    if not args.dry_run:
        from geo.geocode import StoreOverrides

        store = open_store(args.store, create=True)
        overrides = StoreOverrides(store)
    extractor = EventExtractor(Geoparser(overrides=overrides, focus=focus,
                                         language=getattr(args, "language", None)))
    failures = 0
    try:
        for where in inputs:
            try:
                articles = [to_article(d, default_date, args.source)
                            for d in read_drafts(where, load(where))]
            except InputError as exc:
                print(f"frontline: error: {exc}", file=sys.stderr)
                failures += 1
                continue
            for article in articles:
                toponyms = extractor.parser.parse(article.text)
                events = extractor.extract(article, toponyms)
                if store is None:
                    print(f"{where}: {article.published} {article.title[:70]!r}: "
                          f"{len(toponyms)} places, {len(events)} events (dry run)")
                    for event in events:
                        print(f"  {event.day} {event.kind.value:<16} {event.place.name} "
                              f"({event.place.lat:.4f}, {event.place.lon:.4f}) "
                              f"{event.claim_status.value}"
                              + (f" by {event.claimed_by}" if event.claimed_by else ""))
                    continue
                # an article and its events: one transaction, stored together or not at all
                stored = store.write(Batch(layers=[LAYER], articles=[article], events=events,
                                           written_by=args.written_by, theatre=args.theatre))
                print(f"{where}: {article.published} {article.title[:70]!r}: "
                      f"{len(toponyms)} places; article "
                      f"{'added' if stored.articles_added else 'unchanged'}; events "
                      f"{stored.events_added} added, {stored.events_unchanged} unchanged")
    finally:
        if store is not None:
            store.close()
    return 1 if failures else 0


def _theatre(args: argparse.Namespace) -> tuple[str, ...]:
    """Resolve ``--theatre`` in place to the stored theatre's name (left empty without it:
    the default theatre) and return its geoparser focus (:func:`theatre_focus`); InputError
    naming ``--theatre`` for a theatre the store lacks."""
    if not args.theatre:
        return ()
    from geo.store import open_store

    with open_store(args.store, create=True) as probe:
        try:
            theatre = probe.theatre(args.theatre)
        except InputError as exc:
            raise InputError(exc.message, field="--theatre") from exc
    args.theatre = theatre.name
    return theatre_focus(theatre)


def _articles(inputs: list[str], default_date: date | None,
              default_source: str | None, failures: list[str]) -> Iterator[Article]:
    """Every article of the inputs (read one at a time); a bad input is reported, counted
    and skipped whole."""
    for where in inputs:
        try:
            articles = [to_article(d, default_date, default_source)
                        for d in read_drafts(where, load(where))]
        except InputError as exc:
            print(f"frontline: error: {exc}", file=sys.stderr)
            failures.append(where)
            continue
        yield from articles


def _run_distributed(args: argparse.Namespace, inputs: list[str],
                     default_date: date | None) -> int:
    """``--scheduler``: geoparse + extract as Dask tasks, one store transaction per batch."""
    from dashboard.environment import gazetteer_cache_dir
    from geo.distributed import BatchDone, connect, ingest_articles, parse_scheduler

    parse_scheduler(args.scheduler)  # a bad spec fails before anything is opened
    if getattr(args, "language", None):
        raise InputError("not with --scheduler yet: Dask workers detect each article's "
                         "language; leave --language out (or auto)", field="--language")
    if importlib.util.find_spec("distributed") is None:
        raise InputError("runs on Dask, which the 'distributed' extra installs: "
                         "pip install 'frontline-map[distributed]'", field="--scheduler")
    if args.batch_size < 1:
        raise InputError("must be at least 1", field="--batch-size")
    focus = _theatre(args)  # the name and the focus travel with every task
    failures: list[str] = []
    store = None
    if not args.dry_run:
        from geo.store import open_store

        store = open_store(args.store, create=True)

    def report(done: BatchDone) -> None:
        if store is None:
            for item in done.parsed:
                a = item.article
                print(f"{a.published} {a.title[:70]!r}: {item.places} places, "
                      f"{len(item.events)} events (dry run)")
            return
        print(f"batch {done.index + 1}: {len(done.parsed)} articles "
              f"({done.articles_added} added); events {done.events_added} added, "
              f"{done.events_unchanged} unchanged")

    try:
        with connect(args.scheduler) as client:
            summary = ingest_articles(
                _articles(inputs, default_date, args.source, failures), store, client,
                layer=LAYER, batch_size=args.batch_size, on_batch=report,
                written_by=args.written_by, theatre=args.theatre, focus=focus,
                cache_dir=str(cache) if (cache := gazetteer_cache_dir()) else None)
    finally:
        if store is not None:
            store.close()
    print(f"{summary.articles} articles in {summary.batches} batches on {summary.workers} "
          f"workers ({summary.seconds:.1f} s): {summary.articles_added} articles and "
          f"{summary.events_added} of {summary.events} events added"
          + (" (dry run: nothing stored)" if store is None else ""))
    return 1 if failures else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``frontline ingest``."""
    parser = subparsers.add_parser(
        "ingest", help="store articles (.txt/.md/.html/JSON lines) and their events",
        description=__doc__.splitlines()[0])
    parser.add_argument("target", metavar="FILE|DIR|-", help="a file, a folder, or - for stdin")
    parser.add_argument("--date", help="publication date (YYYY-MM-DD) when the input has none")
    parser.add_argument("--source", help="source name when the input has none")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the proposed events; store nothing")
    parser.add_argument("--scheduler", metavar="local[:N]|tcp://HOST:PORT",
                        help="run geoparsing and event extraction as Dask tasks: on a new "
                             "local cluster of N worker processes (default: one per CPU) or "
                             "on a running scheduler")
    parser.add_argument("--batch-size", type=whole_number(1, 100_000), default=100, metavar="N",
                        help="articles per Dask task and per store transaction, with "
                             "--scheduler (default: %(default)s)")
    add_theatre(parser)
    parser.add_argument("--language", type=language, default=None, metavar="en|uk|ru|auto",
                        help=LANGUAGE_HELP)
    parser.set_defaults(func=_run)
