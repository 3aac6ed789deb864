"""Theatres in the store (schema 6): the write-side checks and the reads.

A store always knows the default theatre (:data:`geo.theatre.DEFAULT_THEATRE`, bundled):
rows written before schema 6 belong to it. Other theatres are stored rows
(``frontline theatre add FILE``). Every zone report must use a side of its theatre.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from geo.errors import InputError
from geo.models import ZoneReport
from geo.store.schema import THEATRES, TheatreRow
from geo.theatre import DEFAULT_THEATRE, Theatre, default_theatre, normalise_name

Rows = Callable[..., list[Sequence[Any]]]


def stored_theatres(rows: Rows) -> dict[str, Theatre]:
    """Every theatre of the store by name, the default one included (stored or bundled)."""
    found = {DEFAULT_THEATRE: default_theatre()}
    for name, title, definition, *_ in rows(
            f"SELECT {', '.join(THEATRES.names)} FROM theatres ORDER BY name"):
        text = definition if isinstance(definition, str) else json.dumps(definition)
        found[name] = TheatreRow(name, title, text).theatre()
    return found


class TheatreBook:
    """The theatres one write sees: stored ones, the batch's own, checked zone by zone."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows
        self._known: dict[str, Theatre] | None = None

    @property
    def known(self) -> dict[str, Theatre]:
        if self._known is None:
            self._known = stored_theatres(self._rows)
        return self._known

    def get(self, name: str) -> Theatre:
        """The theatre named ``name`` (InputError naming the known ones otherwise)."""
        key = normalise_name(name)
        if key not in self.known:
            raise InputError(f"no theatre {name!r} in the store (known: "
                             f"{', '.join(sorted(self.known))}); add it with "
                             "`frontline theatre add FILE`", field="theatre")
        return self.known[key]

    def upsert(self, tx: Any, theatre: Theatre, stamp: dict[str, str]) -> str:
        """Store a theatre: ``"new"``, ``"changed"`` or ``"unchanged"``.

        A changed theatre must keep every side its stored zone reports use."""
        row = TheatreRow.of(theatre)
        before = self.known.get(theatre.name)
        stored = tx.rows("SELECT name FROM theatres WHERE name = :name", {"name": theatre.name})
        if stored and before == theatre:
            return "unchanged"
        if stored or theatre.name == DEFAULT_THEATRE:
            params: dict[str, Any] = {"theatre": theatre.name}
            used = {r[0] for r in tx.rows(
                "SELECT DISTINCT side FROM zone_reports WHERE theatre = :theatre", params)}
            missing = sorted(used - set(theatre.side_ids))
            if missing:
                raise InputError(f"theatre {theatre.name!r} would drop the sides {missing} "
                                 "that stored zone reports use", field="sides")
        from geo.store.base import upsert_sql  # the SQL helper lives with the write path

        tx.execute(upsert_sql(THEATRES), [tx.encode(THEATRES, row, stamp)])
        self.known[theatre.name] = theatre
        return "changed" if stored else "new"

    def check_zones(self, reports: Iterable[ZoneReport], default: str) -> None:
        """Every report's side is one of its theatre's sides."""
        for report in reports:
            theatre = self.get(report.theatre or default)
            if not theatre.has_side(str(report.side)):
                raise InputError(
                    f"side {str(report.side)!r} is not a side of theatre {theatre.name!r} "
                    f"({', '.join(theatre.side_ids)})", item=report.zone_id, field="side")


def theatre_clause(theatre: str | None, params: dict[str, Any], column: str = "theatre"
                   ) -> str:
    """``theatre = :theatre`` (or TRUE for every theatre)."""
    if not theatre:
        return "1 = 1"
    params["theatre"] = normalise_name(theatre)
    return f"{column} = :theatre"


__all__ = ["TheatreBook", "stored_theatres", "theatre_clause"]
