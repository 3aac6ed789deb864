"""When an event happened: relative dates across week, month and year ends, ranges and
precision (issue 15)."""

from __future__ import annotations

from datetime import date

import pytest

from geo.events.dating import resolve_when

WED = date(2023, 9, 20)


@pytest.mark.parametrize("text,published,day,precision", [
    ("overnight", WED, date(2023, 9, 19), "day"),
    ("on Tuesday", WED, date(2023, 9, 19), "day"),
    ("on Wednesday", WED, WED, "day"),
    ("on Thursday", WED, date(2023, 9, 14), "day"),
    # across a month end: Tuesday 31 October before Wednesday 1 November
    ("on Tuesday", date(2023, 11, 1), date(2023, 10, 31), "day"),
    ("yesterday", date(2024, 3, 1), date(2024, 2, 29), "day"),   # leap day
    ("overnight", date(2023, 1, 1), date(2022, 12, 31), "day"),  # year end
    ("on New Year's Eve", date(2023, 1, 2), date(2022, 12, 31), "day"),
    ("on New Year's night", date(2023, 1, 2), date(2023, 1, 1), "day"),
    ("last week", date(2023, 7, 3), date(2023, 6, 26), "week"),
    ("on Tuesday last week", date(2023, 7, 3), date(2023, 6, 27), "day"),
    ("next week", date(2024, 6, 3), date(2024, 6, 10), "week"),
    ("next week", date(2023, 12, 29), date(2024, 1, 1), "week"),
    ("at the weekend", date(2024, 6, 3), date(2024, 6, 1), "week"),
    ("in January", date(2024, 12, 25), date(2025, 1, 1), "month"),
    ("in November", date(2024, 12, 25), date(2024, 11, 1), "month"),
    ("next month", date(2023, 12, 29), date(2024, 1, 1), "month"),
    ("on 24 February 2022", WED, date(2022, 2, 24), "day"),
    ("nothing said", WED, WED, "day"),
])
def test_relative_dates(text, published, day, precision):
    when = resolve_when(f"Shelling hit Kherson {text}.", published)
    assert (when.day, when.precision) == (day, precision)


def test_may_the_modal_verb_is_not_the_month():
    assert resolve_when("Forces may withdraw.", WED).day == WED


def test_the_next_day_follows_the_previous_event():
    assert resolve_when("A suspect was held the next day.", WED,
                        previous=date(2023, 6, 27)).day == date(2023, 6, 28)


@pytest.mark.parametrize("text,start,end", [
    ("a state visit from 20 to 22 March 2023", date(2023, 3, 20), date(2023, 3, 22)),
    ("a summit on June 15-16", date(2024, 6, 15), date(2024, 6, 16)),
    ("talks from 30 March to 2 April", date(2024, 3, 30), date(2024, 4, 2)),
])
def test_ranges_keep_a_start_and_an_end(text, start, end):
    when = resolve_when(text, date(2024, 6, 3) if start.year == 2024 else WED)
    assert (when.day, when.end) == (start, end)
