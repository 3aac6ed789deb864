"""When a sentence's event happened, from its wording and the publication day.

Explicit dates ("13 March", "March 13-15", "2023-03-13"; a year left out is the one
nearest publication), "yesterday", "last night", "tomorrow", last/next week, weekdays ("on
Monday": the Monday on or before publication; "next Monday" after it), else the
publication day. Each answer carries a confidence: how often that wording, in news,
means exactly that day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december"
    .split(), start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:\s*(?:-|–|to|and)\s*(\d{{1,2}}))?\s+({_MONTH_RE})\.?(?:\s+(\d{{4}}))?\b",
    re.IGNORECASE)
_MONTH_DAY = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:\s*(?:-|–|to)\s*(\d{{1,2}}))?(?:st|nd|rd|th)?"
    rf"(?:,?\s+(\d{{4}}))?\b", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

EXPLICIT = 1.0
"""A written date is the date."""
YESTERDAY = 0.9
"""Relative to the writing ("yesterday", "last night"), which may be a day before the
publication day we know."""
WEEKDAY = 0.9
"""A past weekday ("on Monday") is the last such day: rarely a week earlier."""
TOMORROW = 0.8
"""Plans slip: what is announced for tomorrow may not happen then."""
NEXT_WEEKDAY = 0.8
"""As :data:`TOMORROW`, a planned day."""
UNDATED = 0.8
"""No wording: news reports mostly what happened on the day or the day before."""
NEXT_WEEK = 0.7
"""Some day of next week: its Monday is the earliest, not the likeliest, day."""
LAST_WEEK = 0.6
"""Some day of last week, put on its Monday: the vaguest wording that still dates."""


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _near_year(published: date, month: int, day: int) -> int:
    """The year that puts (month, day) closest to the publication date."""
    best = published.year
    for year in (published.year - 1, published.year, published.year + 1):
        a = _safe_date(year, month, day)
        b = _safe_date(best, month, day)
        if a and (b is None or abs((a - published).days) < abs((b - published).days)):
            best = year
    return best


def resolve_date(sentence: str, published: date) -> tuple[date, date | None, float]:
    """(day, end day or None, confidence) of what a sentence reports, from its wording."""
    low = sentence.lower()
    found = _ISO.search(sentence)
    if found:
        day = _safe_date(*map(int, found.groups()))
        if day:
            return day, None, EXPLICIT
    for pattern, order in ((_DAY_MONTH, "dm"), (_MONTH_DAY, "md")):
        found = pattern.search(sentence)
        if not found:
            continue
        if order == "dm":
            d1, d2, month, year = found.groups()
        else:
            month, d1, d2, year = found.groups()
        m = _MONTHS.get(month.lower().rstrip("."))
        if not m:
            continue
        y = int(year) if year else _near_year(published, m, int(d1))
        start = _safe_date(y, m, int(d1))
        end = _safe_date(y, m, int(d2)) if d2 else None
        if start:
            return start, end if end and end > start else None, EXPLICIT
    if "yesterday" in low or "last night" in low:
        return published - timedelta(days=1), None, YESTERDAY
    if "tomorrow" in low:
        return published + timedelta(days=1), None, TOMORROW
    if "next week" in low:
        monday = published + timedelta(days=7 - published.weekday())
        return monday, None, NEXT_WEEK
    if "last week" in low:
        monday = published - timedelta(days=published.weekday() + 7)
        return monday, None, LAST_WEEK
    for index, name in enumerate(_WEEKDAYS):
        found = re.search(rf"\b(next |last |on |this )?{name}\b", low)
        if found:
            qualifier = (found.group(1) or "").strip()
            back = (published.weekday() - index) % 7
            if qualifier == "next":
                return published + timedelta(days=(index - published.weekday()) % 7 or 7), \
                    None, NEXT_WEEKDAY
            if qualifier == "last" and back == 0:
                back = 7
            return published - timedelta(days=back), None, WEEKDAY
    return published, None, UNDATED
