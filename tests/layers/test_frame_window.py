"""Which days of frames are sent: the whole span within the wire budget, else a window."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from layers.frames import frame_window

FIRST, LAST = date(2016, 10, 17), date(2025, 8, 3)
SPAN_DAYS = (LAST - FIRST).days + 1


def test_the_whole_span_when_it_fits():
    assert frame_window(FIRST, LAST, date(2023, 3, 15), span_bytes=1_700_000,
                        budget=6_000_000) == (FIRST, LAST)


@pytest.mark.parametrize("day", [FIRST, date(2019, 1, 1), date(2023, 3, 15), LAST])
def test_a_window_around_the_day_sized_by_the_budget(day):
    start, end = frame_window(FIRST, LAST, day, span_bytes=24_000_000, budget=6_000_000)
    assert FIRST <= start <= day <= end <= LAST
    length = (end - start).days + 1
    assert length <= SPAN_DAYS * 6 / 24  # its share of the budget, with a margin
    if FIRST + timedelta(days=length) < day < LAST - timedelta(days=length):
        # the day is in the middle half: room to scrub either way before the edge
        assert (day - start).days >= length // 4 - 1 and (end - day).days >= length // 4 - 1


def test_sessions_share_aligned_windows_and_a_window_is_kept_until_near_its_edge():
    a = frame_window(FIRST, LAST, date(2023, 3, 15), span_bytes=24_000_000, budget=6_000_000)
    b = frame_window(FIRST, LAST, date(2023, 3, 20), span_bytes=24_000_000, budget=6_000_000)
    assert a == b  # nearby days: the same window (one build for every session)
    start, end = a
    quarter = ((end - start).days + 1) // 4
    inside = start + timedelta(days=quarter + 1)
    assert frame_window(FIRST, LAST, inside, span_bytes=24_000_000, budget=6_000_000,
                        current=a) == a
    near_edge = end - timedelta(days=2)
    moved = frame_window(FIRST, LAST, near_edge, span_bytes=24_000_000, budget=6_000_000,
                         current=a)
    assert moved != a and moved[0] <= near_edge <= moved[1]
    assert moved[1] > end  # extended towards where the viewer went
