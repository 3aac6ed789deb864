"""The rule tables: event kinds by pattern and priority, actors by pattern (CSV text).

The bundled tables are ``geo/data/rules/event_kinds.csv`` and ``actors.csv`` (each file's
comment rows explain its columns); callers may pass their own text or ``extra`` rows.
Errors raise :class:`geo.errors.InputError` naming the source, the row and the field.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from geo.data import label, load_rule_table
from geo.errors import InputError
from geo.models import EventKind


@dataclass(frozen=True)
class KindRule:
    """One row of the kind rule table."""

    priority: int
    kind: EventKind
    pattern: str
    days: int
    note: str = ""

    def matches(self, sentence: str, flags: set[str]) -> re.Match[str] | bool | None:
        """A match (or True for the special patterns) when the rule fires on ``sentence``."""
        if self.pattern.startswith("@"):
            return self.pattern[1:] in flags
        return re.search(self.pattern, sentence, re.IGNORECASE)


@dataclass(frozen=True)
class ActorRule:
    """One row of the actor table."""

    pattern: str
    actor: str
    type: str
    seat: str = ""


def _csv_rows(text: str, src: str, columns: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or ())]
    if missing:
        raise InputError(f"missing columns: {', '.join(missing)}", source=src, item=0,
                         field=missing[0])
    rows = []
    for number, row in enumerate(reader, start=1):
        first = (row.get(columns[0]) or "").strip()
        if not first or first.startswith("#"):
            continue
        rows.append((number, {k: (v or "").strip() for k, v in row.items() if k}))
    return rows


def _pattern(row: dict[str, str], src: str, number: int) -> str:
    try:
        re.compile(row["pattern"])
    except re.error as exc:
        raise InputError(f"bad regular expression: {exc}", source=src, item=number,
                         field="pattern") from exc
    return row["pattern"]


def load_kind_rules(text: str | None = None, src: str = label("rules", "event_kinds.csv"),
                    *, extra: str | None = None) -> list[KindRule]:
    """The kind rule table (bundled by default) plus ``extra`` rows, sorted by priority."""
    if text is None:
        text = load_rule_table("event_kinds")
    rules = []
    for chunk, where in ((text, src), (extra, "extra rules")):
        if not chunk:
            continue
        for number, row in _csv_rows(chunk, where, ("priority", "kind", "pattern", "days")):
            try:
                kind = EventKind(row["kind"])
            except ValueError as exc:
                raise InputError(f"unknown kind {row['kind']!r}", source=where, item=number,
                                 field="kind") from exc
            try:
                priority, days = int(row["priority"]), int(row["days"] or 1)
            except ValueError as exc:
                raise InputError(f"not a whole number: {exc}", source=where, item=number,
                                 field="priority") from exc
            pattern = row["pattern"] if row["pattern"].startswith("@") else _pattern(
                row, where, number)
            rules.append(KindRule(priority, kind, pattern, max(1, days), row.get("note", "")))
    return sorted(rules, key=lambda r: r.priority)


def load_actor_rules(text: str | None = None,
                     src: str = label("rules", "actors.csv")) -> list[ActorRule]:
    """The actor table (bundled by default)."""
    if text is None:
        text = load_rule_table("actors")
    return [ActorRule(_pattern(row, src, number), row["actor"], row["type"], row.get("seat", ""))
            for number, row in _csv_rows(text, src, ("pattern", "actor", "type", "seat"))]
