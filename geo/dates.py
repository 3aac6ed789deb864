"""The one parser of a day given as an argument: ``YYYY-MM-DD``, range-checked.

Used by every CLI option and positional that takes a date, by the app's ``?day=`` query
parameter, by the review panel's event table and by ``frontline ingest`` for an article's
``published``. The importers' lenient reader of field data (``geo.ingest.common.parse_date``:
``13 March 2023``, ``20230313``, Unix times ...) checks its result with :func:`check_day`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from geo.errors import InputError

FIRST_YEAR = 1900
LAST_YEAR = 2100
"""Days outside these years (inclusive) are refused: a typo (``0223-03-13``,
``20233-03-13``), not a report about a war."""
MAX_SPAN_DAYS = (date(LAST_YEAR, 12, 31) - date(FIRST_YEAR, 1, 1)).days
"""The most days between two accepted days: the bound of any count of days (a step, a
hold-back), so date arithmetic on accepted days never overflows."""

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DAY_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.,]+(?:Z|[+-]\d{2}(?::?\d{2})?)?)?",
                       re.ASCII)


def parse_day(value: Any, *, field: str, source: str | None = None,
              item: str | int | None = None, allow_time: bool = False) -> date:
    """A day from ``YYYY-MM-DD`` text (or a ``date``), between :data:`FIRST_YEAR` and
    :data:`LAST_YEAR`; anything else raises :class:`InputError` naming ``field``.

    With ``allow_time`` an ISO date-time (``2023-03-13T08:00:00Z``) gives its written day
    (no time-zone conversion).
    """
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return check_day(value, field=field, source=source, item=item)
    text = str(value).strip() if value is not None else ""
    if not text:
        raise InputError("missing date (use YYYY-MM-DD)", source=source, item=item,
                         field=field)
    match = (_DAY_TIME if allow_time else _DAY).fullmatch(text)
    shown = text if len(text) <= 40 else text[:40] + "..."
    if match is None:
        raise InputError(f"not a YYYY-MM-DD date: {shown!r}", source=source, item=item,
                         field=field)
    try:
        day = date.fromisoformat(match.group(1) if allow_time else text)
    except ValueError as exc:
        raise InputError(f"not a YYYY-MM-DD date: {shown!r} ({exc})", source=source,
                         item=item, field=field) from exc
    return check_day(day, field=field, source=source, item=item)


def check_day(day: date, *, field: str, source: str | None = None,
              item: str | int | None = None) -> date:
    """``day`` itself, or InputError when its year is outside FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(f"{day.isoformat()} is outside the years {FIRST_YEAR}-{LAST_YEAR}",
                         source=source, item=item, field=field)
    return day
