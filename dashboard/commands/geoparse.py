"""``frontline geoparse``: JSON lines in, one JSON line of resolved places out per input.

Input lines are ``{"id": ..., "text": ..., "published"?: ...}``; output lines are
``{"id": ..., "places": [{"name", "start", "end", "lat", "lon", "cc", "geonameid",
"feature", "confidence", "metonymic", "alternatives"}]}``, written and flushed as each input
line is read (streaming). ``start``/``end`` are character offsets into ``text`` and
``name == text[start:end]``. A line that is not a JSON object with a string ``text`` gets
``"places": []`` and an ``"error"`` (so does a line holding a NUL byte); the command goes
on. Bytes that are not UTF-8 are replaced by U+FFFD, with a warning (:mod:`geo.textio`).
Ukrainian and Russian text is read too: ``--language en|uk|ru|auto`` (default ``auto``:
detected per line), or a line's own ``"language"`` field; ``name`` stays the text's own
declined form ("Бахмуті"), the coordinates and ``geonameid`` are the place's.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

from dashboard.args import LANGUAGE_HELP, language
from geo.errors import InputError
from geo.geoparse import Geoparser, Toponym
from geo.geoparse.language import LanguageError, check_language
from geo.models import Place
from geo.textio import decode_text


def _geonameid(place: Place) -> int | str:
    prefix, _, rest = place.source_id.partition(":")
    if prefix == "geonames" and rest.isdigit():
        return int(rest)
    return place.source_id


def place_record(toponym: Toponym, *, alternatives: bool = True) -> dict[str, Any]:
    """The output object of one mention."""
    place = toponym.place
    record: dict[str, Any] = {
        "name": toponym.mention.surface, "start": toponym.mention.start,
        "end": toponym.mention.end, "lat": place.lat, "lon": place.lon,
        "cc": place.country_code, "geonameid": _geonameid(place),
        "feature": place.feature_class, "confidence": place.confidence,
        "metonymic": place.metonymic, "alternatives": []}
    if alternatives:
        record["alternatives"] = [
            {"name": alt.name, "lat": alt.lat, "lon": alt.lon, "cc": alt.country_code,
             "geonameid": _geonameid(alt), "feature": alt.feature_class,
             "score": round(score, 3)} for alt, score in toponym.candidates]
    return record


def process_lines(lines: Iterable[bytes | str], parser: Geoparser, *,
                  alternatives: bool = True) -> Iterator[str]:
    """One output JSON line (without newline) per input line; blank lines are skipped."""
    for number, raw in enumerate(lines, start=1):
        out: dict[str, Any] = {"id": None, "places": []}
        try:  # bad bytes are replaced (and logged) so the line is still parsed; NUL is refused
            line = (decode_text(raw, f"input line {number}", on_error="replace")
                    if isinstance(raw, bytes) else raw)
        except InputError as exc:
            out["error"] = f"line {number}: {exc.message}"
            yield json.dumps(out, ensure_ascii=False)
            continue
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            out["error"] = f"line {number}: not JSON ({exc})"
            yield json.dumps(out, ensure_ascii=False)
            continue
        if not isinstance(item, dict):
            out["error"] = f"line {number}: expected a JSON object"
            yield json.dumps(out, ensure_ascii=False)
            continue
        out["id"] = item.get("id")
        text = item.get("text")
        if not isinstance(text, str):
            out["error"] = f"line {number}: field 'text' missing or not a string"
            yield json.dumps(out, ensure_ascii=False)
            continue
        try:
            lang = check_language(item["language"]) if isinstance(item.get("language"),
                                                                  str) else None
        except LanguageError as exc:
            out["error"] = f"line {number}: field 'language': {exc.message}"
            yield json.dumps(out, ensure_ascii=False)
            continue
        out["places"] = [place_record(t, alternatives=alternatives)
                         for t in parser.parse(text, language=lang)]
        yield json.dumps(out, ensure_ascii=False)


def _run(args: argparse.Namespace, stdin: IO[bytes] | None = None,
         stdout: IO[str] | None = None) -> int:
    stdin = stdin or sys.stdin.buffer
    stdout = stdout or sys.stdout
    overrides = None
    if args.overrides:
        from geo.geocode import StoreOverrides
        from geo.store import open_store

        overrides = StoreOverrides(open_store(args.store))
    parser = Geoparser(overrides=overrides, language=getattr(args, "language", None))
    for line in process_lines(stdin, parser, alternatives=not args.no_alternatives):
        stdout.write(line + "\n")
        stdout.flush()
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``frontline geoparse``."""
    parser = subparsers.add_parser(
        "geoparse", help="find and resolve place names: JSON lines on stdin -> stdout",
        description=__doc__.splitlines()[0])
    parser.add_argument("--no-alternatives", action="store_true",
                        help="leave out the candidates considered (smaller output)")
    parser.add_argument("--overrides", action="store_true",
                        help="apply the corrections stored in the store (--store)")
    parser.add_argument("--language", type=language, default=None, metavar="en|uk|ru|auto",
                        help=LANGUAGE_HELP)
    parser.set_defaults(func=_run)
