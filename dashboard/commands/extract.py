"""``frontline extract``: JSON lines of articles in, one JSON line of proposed events out per input.

Input lines are ``{"id", "text", "date", "title"?}`` (``date``: the publication day,
``YYYY-MM-DD``); output lines are ``{"id", "events": [{"day", "end_day"?, "kind",
"place": {"name", "lat", "lon"}, "claim_status", "claimed_by", "denied_by"?, "actors",
"quote": {"start", "end"}, "precision"}]}``, written and flushed as each input line is read
(streaming, as ``frontline geoparse``). ``quote`` is the character span of the sentence in
``text``; ``precision`` is how precise ``day`` is (``day``, ``week`` or ``month``). A line
that is not a JSON object with a string ``text`` and a valid ``date`` gets ``"events": []``
and an ``"error"`` naming the line and field; the command goes on. It is the extractor that
``ingest``, the review panel and the live feeds run (:class:`geo.events.EventExtractor`).

Ukrainian and Russian articles get the same events (:mod:`geo.events.cyrillic`):
``--language en|uk|ru|auto`` (default ``auto``: detected per line), or a line's own
``"language"`` field.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from dashboard.args import LANGUAGE_HELP, language
from geo.dates import parse_day
from geo.errors import InputError
from geo.events import EventExtractor
from geo.geoparse import Geoparser
from geo.geoparse.language import LanguageError, check_language
from geo.models import Article, Event
from geo.textio import decode_text


def event_record(event: Event) -> dict[str, Any]:
    """The output object of one event."""
    record: dict[str, Any] = {"day": event.day.isoformat()}
    if event.end_day is not None:
        record["end_day"] = event.end_day.isoformat()
    record.update({
        "kind": event.kind.value,
        "place": {"name": event.place.name, "lat": event.place.lat, "lon": event.place.lon},
        "claim_status": event.claim_status.value, "claimed_by": event.claimed_by})
    if event.denied_by:
        record["denied_by"] = event.denied_by
    start, end = event.quote_span if event.quote_span else (-1, -1)
    record.update({"actors": list(event.actors), "quote": {"start": start, "end": end},
                   "precision": event.day_precision})
    return record


def _article(item: dict[str, Any], number: int) -> Article:
    where = f"input line {number}"
    text = item.get("text")
    if not isinstance(text, str):
        raise InputError("missing or not a string", source=where, field="text")
    published = parse_day(item.get("date"), field="date", source=where, allow_time=True)
    title = item.get("title")
    if title is not None and not isinstance(title, str):
        raise InputError("not a string", source=where, field="title")
    ident = item.get("id")
    return Article(title=title or "", text=text, published=published,
                   source=str(item.get("source") or "extract"),
                   id=str(ident) if ident is not None else "")


def process_lines(lines: Iterable[bytes | str], extractor: EventExtractor) -> Iterator[str]:
    """One output JSON line (without newline) per input line; blank lines are skipped."""
    for number, raw in enumerate(lines, start=1):
        out: dict[str, Any] = {"id": None, "events": []}
        try:  # bad bytes are replaced (and logged); NUL is refused
            line = (decode_text(raw, f"input line {number}", on_error="replace")
                    if isinstance(raw, bytes) else raw)
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except (json.JSONDecodeError, RecursionError) as exc:
                raise InputError(f"not JSON ({exc})", source=f"input line {number}") from exc
            if not isinstance(item, dict):
                raise InputError("expected a JSON object", source=f"input line {number}")
            out["id"] = item.get("id")
            article = _article(item, number)
            lang = item.get("language")
            try:
                lang = check_language(lang) if isinstance(lang, str) else None
            except LanguageError as exc:
                raise InputError(exc.message, source=f"input line {number}",
                                 field="language") from exc
        except InputError as exc:
            out["error"] = str(exc)
            yield json.dumps(out, ensure_ascii=False)
            continue
        out["events"] = [event_record(e) for e in extractor.extract(article, language=lang)]
        yield json.dumps(out, ensure_ascii=False)


def _run(args: argparse.Namespace, stdin: IO[bytes] | None = None,
         stdout: IO[str] | None = None) -> int:
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout
    extractor = EventExtractor(Geoparser(language=getattr(args, "language", None)))
    for line in process_lines(stdin, extractor):
        stdout.write(line + "\n")
        stdout.flush()
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``frontline extract``."""
    parser = subparsers.add_parser(
        "extract", help="propose events from articles: JSON lines on stdin -> stdout",
        description=__doc__.splitlines()[0])
    parser.add_argument("--language", type=language, default=None, metavar="en|uk|ru|auto",
                        help=LANGUAGE_HELP)
    parser.set_defaults(func=_run)
