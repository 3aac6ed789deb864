"""When a Ukrainian or Russian clause's event happened, read from its lemmas.

The same answers as :mod:`geo.events.dating` (a :class:`geo.events.dating.When` with its
confidence and precision), from the dictionary forms, so every case reads alike: "20
березня", "20–22 березня", "з 30 березня по 2 квітня" (a year left out is the one nearest
publication), "вчора"/"вчера", "позавчора", "у новорічну ніч" (31 December), "вночі"/
"минулої ночі"/"ночью" (the night before publication, unless a weekday names the night),
"сьогодні"/"сегодня", "завтра", "наступного дня"/"на следующий день" (after the previous
event), weekdays ("у понеділок", "в понедельник": the one on or before
publication; "наступного понеділка" after it), "минулого тижня"/"на прошлой неделе" and
"наступного тижня" (that week's Monday, precision ``week``), "на вихідних"/"в выходные"
(its Saturday), a month alone ("у березні", "в марте": the nearest) or "минулого/наступного
місяця" (its 1st, precision ``month``); else the publication day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from geo.events.dating import (
    EXPLICIT,
    LAST_WEEK,
    MONTH,
    NEXT_WEEK,
    NEXT_WEEKDAY,
    RELATIVE,
    TOMORROW,
    UNDATED,
    WEEKDAY,
    YESTERDAY,
    When,
    _near_year,
    _nearest_month,
    _safe_date,
    month_from,
    weekend,
)
from geo.events.lemmas import LemmaView, add_vocabulary

_MONTHS = {m: i for names in (
    "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад "
    "грудень", "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь")
    for i, m in enumerate(names.split(), start=1)}
_WEEKDAYS = {d: i for names in (
    "понеділок вівторок середа четвер п'ятниця субота неділя",
    "понедельник вторник среда четверг пятница суббота воскресенье")
    for i, d in enumerate(names.split())}
_WEEKDAYS["воскресение"] = 6  # pymorphy3's lemma of "воскресенье"
_MONTH = "(?P<m>" + "|".join(_MONTHS) + ")"
_DAY = "(?P<weekday>" + "|".join(_WEEKDAYS) + ")"
_PAST = r"(?:минулий|прошлый|прошедший)"
_NEXT = r"(?:наступний|следующий|будущий)"
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_CROSS = re.compile(rf"\b(?:з|с|від|от)\s+(?P<d1>\d{{1,2}})\s+(?P<m1>{'|'.join(_MONTHS)})\s+"
                    rf"(?:по|до|-)\s+(?P<d2>\d{{1,2}})\s+{_MONTH}(?:\s+(?P<y>\d{{4}}))?")
_RANGE = re.compile(rf"\b(?P<d1>\d{{1,2}})\s+(?:-|по|до|і|и|та)\s+(?P<d2>\d{{1,2}})\s+{_MONTH}"
                    rf"(?:\s+(?P<y>\d{{4}}))?")
_DAY_MONTH = re.compile(rf"\b(?P<d1>\d{{1,2}})\s+{_MONTH}(?:\s+(?P<y>\d{{4}}))?")
_TODAY = re.compile(r"\b(?:сьогодні|сегодня|нині|ныне)\b")
_DAY_BEFORE = re.compile(r"\b(?:позавчора|позавчера)\b")
_YESTERDAY = re.compile(r"\b(?:вчора|учора|вчера|напередодні|накануне)\b")
_NIGHT = re.compile(r"\b(?:вночі|уночі|ночью|" + _PAST
                    + r" (?:ніч|ночь|доба|сутки)|цей ніч|этот ночь)\b")
"""The night before publication, unless a weekday names it ("у ніч на понеділок")."""
_NEW_YEARS_EVE = re.compile(r"\b(?:новорічний|новогодний) (?:ніч|ночь)\b|\bпереддень новий рік\b")
_TOMORROW = re.compile(r"\b(?:завтра)\b")
_RELATIVE = re.compile(rf"\b(?P<next>{_NEXT}|другий) день\b|\bтой самий день\b|"
                       r"\bтот же день\b")
_WEEKDAY = re.compile(rf"\b(?P<q>{_NEXT}|{_PAST}|у|в|во)?\s*{_DAY}\b")
_WEEK = re.compile(rf"\b(?P<q>{_NEXT}|{_PAST}) (?:тиждень|неделя)\b")
_WEEKEND = re.compile(r"\b(?:вихідний|вихідні|выходной|выходные)\b")
_MONTH_REL = re.compile(rf"\b(?P<q>{_NEXT}|{_PAST}) (?:місяць|месяц)\b")
_MONTH_ALONE = re.compile(rf"\b(?:у|в|на початку|на кінці|наприкінці|в начало|в конец|"
                          rf"з|с|до) {_MONTH}\b(?! \d)(?:\s+(?P<y>\d{{4}}))?")


def _explicit(view: LemmaView, published: date) -> When | None:
    found = _ISO.search(view.text)
    if found:
        day = _safe_date(*map(int, found.groups()))
        if day:
            return When(day, None, EXPLICIT)
    s = view.string
    found = _CROSS.search(s)
    if found:
        a, b = _MONTHS[found.group("m1")], _MONTHS[found.group("m")]
        d1, d2 = int(found.group("d1")), int(found.group("d2"))
        y = int(found.group("y")) if found.group("y") else _near_year(published, a, d1)
        start, end = _safe_date(y if a <= b else y - 1, a, d1), _safe_date(y, b, d2)
        if start and end and end > start:
            return When(start, end, EXPLICIT)
    for pattern in (_RANGE, _DAY_MONTH):
        found = pattern.search(s)
        if not found:
            continue
        m, d1 = _MONTHS[found.group("m")], int(found.group("d1"))
        y = int(found.group("y")) if found.group("y") else _near_year(published, m, d1)
        start = _safe_date(y, m, d1)
        end = _safe_date(y, m, int(found.group("d2"))) if "d2" in found.groupdict() else None
        if start:
            return When(start, end if end and end > start else None, EXPLICIT)
    return None


def resolve_when_cyrillic(view: LemmaView, published: date, *,
                          previous: date | None = None) -> When:
    """When what ``view``'s text reports happened (``previous``: the event before's day)."""
    found = _explicit(view, published)
    if found:
        return found
    s = view.string
    relative = _RELATIVE.search(s)
    if relative and previous is not None:
        return When(previous + timedelta(days=1 if relative.group("next") else 0), None,
                    RELATIVE)
    if _DAY_BEFORE.search(s):
        return When(published - timedelta(days=2), None, YESTERDAY)
    if _NEW_YEARS_EVE.search(s):
        return When(date(published.year - (published.month <= 6), 12, 31), None, EXPLICIT)
    if _YESTERDAY.search(s):
        return When(published - timedelta(days=1), None, YESTERDAY)
    if _TOMORROW.search(s):
        return When(published + timedelta(days=1), None, TOMORROW)
    weekday = _WEEKDAY.search(s)
    if weekday:
        q = weekday.group("q") or ""
        index = _WEEKDAYS[weekday.group("weekday")]
        if re.fullmatch(_NEXT, q):
            ahead = (index - published.weekday()) % 7 or 7
            return When(published + timedelta(days=ahead), None, NEXT_WEEKDAY)
        back = (published.weekday() - index) % 7
        if re.fullmatch(_PAST, q) and back == 0:
            back = 7
        return When(published - timedelta(days=back), None, WEEKDAY)
    if _NIGHT.search(s):
        return When(published - timedelta(days=1), None, YESTERDAY)
    week = _WEEK.search(s)
    if week:
        this_monday = published - timedelta(days=published.weekday())
        step = 7 if re.fullmatch(_NEXT, week.group("q")) else -7
        return When(this_monday + timedelta(days=step), None,
                    NEXT_WEEK if step > 0 else LAST_WEEK, "week")
    if _WEEKEND.search(s):
        return weekend(published)
    month_rel = _MONTH_REL.search(s)
    if month_rel:
        return month_from(published, bool(re.fullmatch(_NEXT, month_rel.group("q"))))
    alone = _MONTH_ALONE.search(s)
    if alone:
        month = _MONTHS[alone.group("m")]
        day = (date(int(alone.group("y")), month, 1) if alone.group("y")
               else _nearest_month(published, month))
        return When(day, None, MONTH, "month")
    if _TODAY.search(s):
        return When(published, None, EXPLICIT)
    return When(published, None, UNDATED, explicit=False)


add_vocabulary(" ".join(_MONTHS), " ".join(_WEEKDAYS), _PAST, _NEXT, _YESTERDAY.pattern,
               _NIGHT.pattern, _NEW_YEARS_EVE.pattern,
               _TODAY.pattern, _DAY_BEFORE.pattern, _RELATIVE.pattern, _WEEK.pattern,
               _WEEKEND.pattern, _MONTH_REL.pattern, _MONTH_ALONE.pattern, _CROSS.pattern,
               _RANGE.pattern)
