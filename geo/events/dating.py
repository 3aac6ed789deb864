"""When a sentence's event happened, from its wording and the publication day.

Explicit dates ("13 March", "March 13-15", "from 30 March to 2 April", "2023-03-13"; a year
left out is the one nearest publication), "yesterday", "last night", "overnight" (the
night before publication), "tomorrow", New Year's Eve / Day, "the next day" (after the
previous event; "shortly after", "hours later": its day), weekdays ("on Monday": the
Monday on or before publication; "next Monday" after it; "Tuesday last week"), last/next
week (its Monday) and "at the weekend" (its Saturday) with precision ``week``, a month
alone ("in January": the nearest one) or next/last month (its 1st) with precision
``month``, else the publication day. Each answer carries a confidence: how often that
wording, in news, means exactly that day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
_CROSS_MONTH = re.compile(
    rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?\s*(?:-|–|to|until)\s*(\d{{1,2}})\s+({_MONTH_RE})\.?"
    rf"(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
_MONTH_NAMES = ("January|February|March|April|June|July|August|September|October|November|"
                "December")
_MONTH_ALONE = re.compile(
    rf"\b(?:in|since|until|by|early|late|mid-?|end of|beginning of|start of)\s+"
    rf"(?:early |late |mid-?)?(?P<m>{_MONTH_NAMES}|May)\b(?!\s+\d)(?:\s+(?P<y>\d{{4}}))?")
_WEEKDAY_RE = re.compile(r"\b(next |last |on |this )?(monday|tuesday|wednesday|thursday|friday|"
                         r"saturday|sunday)\b(\s+last week)?", re.IGNORECASE)
_OVERNIGHT = re.compile(r"\b(?:yesterday|last night|overnight)\b", re.IGNORECASE)
_NEW_YEARS_EVE = re.compile(r"\bNew Year'?s'? Eve\b", re.IGNORECASE)
_NEW_YEAR = re.compile(r"\bNew Year'?s'? (?:Day|night)\b", re.IGNORECASE)
_WEEKEND = re.compile(r"\b(?:at|over|during) the weekend\b|\blast weekend\b", re.IGNORECASE)
_RELATIVE_DAY = re.compile(r"\b(?:the (?P<next>next|following) day|the same day|later that day|"
                           r"(?:shortly|soon|minutes|hours|moments) (?:after|later)|"
                           r"the (?P<before>day before|previous day))\b", re.IGNORECASE)
_MONTH_REL = re.compile(r"\b(?P<which>next|last) month\b", re.IGNORECASE)

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
MONTH = 0.5
"""Some day of a month, put on its 1st."""
RELATIVE = 0.8
"""A day counted from the previous event ("the next day"): as good as that one's date."""


@dataclass(frozen=True)
class When:
    """A resolved date: first day, last day of a range (or None), confidence, precision
    (``day``, ``week`` or ``month``: the day is then that week's Monday or Saturday, or
    the month's 1st)."""

    day: date
    end: date | None
    confidence: float
    precision: str = "day"
    explicit: bool = True
    """False when the text gave no date at all (the publication day was taken)."""


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


def _nearest_month(published: date, month: int) -> date:
    """The 1st of the occurrence of ``month`` nearest to the publication date."""
    options = [date(published.year + k, month, 1) for k in (-1, 0, 1)]
    return min(options, key=lambda d: abs((d - published.replace(day=1)).days))


def weekend(published: date) -> When:
    """"At the weekend": its Saturday, precision ``week``."""
    back = (published.weekday() - 5) % 7
    return When(published - timedelta(days=back), None, LAST_WEEK, "week")


def month_from(published: date, following: bool) -> When:
    """Next month's 1st (``following``) or last month's, precision ``month``."""
    first = published.replace(day=1)
    day = ((first + timedelta(days=32)) if following else (first - timedelta(days=1))
           ).replace(day=1)
    return When(day, None, MONTH, "month")


def _explicit(sentence: str, published: date) -> When | None:
    found = _ISO.search(sentence)
    if found:
        day = _safe_date(*map(int, found.groups()))
        if day:
            return When(day, None, EXPLICIT)
    found = _CROSS_MONTH.search(sentence)
    if found:
        d1, m1, d2, m2, year = found.groups()
        a, b = _MONTHS.get(m1.lower().rstrip(".")), _MONTHS.get(m2.lower().rstrip("."))
        if a and b:
            y = int(year) if year else _near_year(published, a, int(d1))
            start = _safe_date(y if a <= b else y - 1, a, int(d1))
            end = _safe_date(y, b, int(d2))
            if start and end and end > start:
                return When(start, end, EXPLICIT)
    for pattern, order in ((_DAY_MONTH, "dm"), (_MONTH_DAY, "md")):
        found = pattern.search(sentence)
        if not found:
            continue
        if order == "dm":
            d1, d2, month, year = found.groups()
        else:
            month, d1, d2, year = found.groups()
        if month == "may" or (month == "May" and order == "md" and not d2 and not year
                              and not re.search(r"\bMay\s+\d", found.group(0))):
            continue
        m = _MONTHS.get(month.lower().rstrip("."))
        if not m:
            continue
        y = int(year) if year else _near_year(published, m, int(d1))
        start = _safe_date(y, m, int(d1))
        end = _safe_date(y, m, int(d2)) if d2 else None
        if start:
            return When(start, end if end and end > start else None, EXPLICIT)
    return None


def resolve_when(sentence: str, published: date, *, previous: date | None = None) -> When:
    """When what ``sentence`` reports happened (``previous``: the day of the event before)."""
    found_explicit = _explicit(sentence, published)
    if found_explicit:
        return found_explicit
    if _NEW_YEARS_EVE.search(sentence):
        return When(date(published.year - (published.month <= 6), 12, 31), None, EXPLICIT)
    if _NEW_YEAR.search(sentence):
        return When(date(published.year + (published.month > 6), 1, 1), None, EXPLICIT)
    relative = _RELATIVE_DAY.search(sentence)
    if relative and previous is not None:
        step = 1 if relative.group("next") else -1 if relative.group("before") else 0
        return When(previous + timedelta(days=step), None, RELATIVE)
    low = sentence.lower()
    weekday = _WEEKDAY_RE.search(sentence)
    if weekday and weekday.group(3):  # "on Tuesday last week"
        index = _WEEKDAYS.index(weekday.group(2).lower())
        monday = published - timedelta(days=published.weekday() + 7)
        return When(monday + timedelta(days=index), None, WEEKDAY)
    if _OVERNIGHT.search(sentence):
        return When(published - timedelta(days=1), None, YESTERDAY)
    if "tomorrow" in low:
        return When(published + timedelta(days=1), None, TOMORROW)
    if weekday:
        qualifier = (weekday.group(1) or "").strip().lower()
        index = _WEEKDAYS.index(weekday.group(2).lower())
        back = (published.weekday() - index) % 7
        if qualifier == "next":
            ahead = (index - published.weekday()) % 7 or 7
            return When(published + timedelta(days=ahead), None, NEXT_WEEKDAY)
        if qualifier == "last" and back == 0:
            back = 7
        return When(published - timedelta(days=back), None, WEEKDAY)
    if "next week" in low:
        monday = published + timedelta(days=7 - published.weekday())
        return When(monday, None, NEXT_WEEK, "week")
    if "last week" in low:
        monday = published - timedelta(days=published.weekday() + 7)
        return When(monday, None, LAST_WEEK, "week")
    if _WEEKEND.search(sentence):
        return weekend(published)
    month_rel = _MONTH_REL.search(sentence)
    if month_rel:
        return month_from(published, month_rel.group("which").lower() == "next")
    alone = _MONTH_ALONE.search(sentence)
    if alone:
        month = _MONTHS[alone.group("m").lower()]
        day = (date(int(alone.group("y")), month, 1) if alone.group("y")
               else _nearest_month(published, month))
        return When(day, None, MONTH, "month")
    return When(published, None, UNDATED, explicit=False)


def resolve_date(sentence: str, published: date) -> tuple[date, date | None, float]:
    """(day, end day or None, confidence) of what a sentence reports, from its wording."""
    when = resolve_when(sentence, published)
    return when.day, when.end, when.confidence
