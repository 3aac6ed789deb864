"""The one date-argument parser (geo.dates): YYYY-MM-DD, range-checked, the field named."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from geo.dates import FIRST_YEAR, LAST_YEAR, check_day, parse_day
from geo.errors import InputError
from geo.ingest.common import parse_date


def test_parses_a_day_and_passes_dates_through():
    assert parse_day("2023-03-13", field="--date") == date(2023, 3, 13)
    assert parse_day(" 2023-03-13 ", field="--date") == date(2023, 3, 13)
    assert parse_day(date(2023, 3, 13), field="date") == date(2023, 3, 13)
    assert parse_day(datetime(2023, 3, 13, 23, 59), field="date") == date(2023, 3, 13)


@pytest.mark.parametrize("text", ["13/03/2023", "2023-3-13", "2023-02-30", "2023-13-01",
                                  "20230313", "yesterday", "2023-03-13T10:00", "٢٠٢٣-٠٣-١٣",
                                  "<script>", "2023-03-13x"])
def test_bad_text_is_refused_naming_the_field(text):
    with pytest.raises(InputError) as info:
        parse_day(text, field="--from")
    assert info.value.field == "--from" and "'--from'" in str(info.value)
    assert "YYYY-MM-DD" in str(info.value)


@pytest.mark.parametrize("value", ["1899-12-31", "2101-01-01", "0023-03-13",
                                   date(1066, 10, 14)])
def test_out_of_range_is_refused(value):
    with pytest.raises(InputError, match=f"outside the years {FIRST_YEAR}-{LAST_YEAR}") as info:
        parse_day(value, field="day")
    assert info.value.field == "day"
    assert parse_day(f"{FIRST_YEAR}-01-01", field="d").year == FIRST_YEAR
    assert parse_day(f"{LAST_YEAR}-12-31", field="d").year == LAST_YEAR


def test_missing_value_and_source_item_named():
    with pytest.raises(InputError, match="missing date") as info:
        parse_day("", field="published", source="feed.jsonl:3")
    assert str(info.value).startswith("feed.jsonl:3, field 'published'")
    with pytest.raises(InputError, match="item 2"):
        parse_day(None, field="date", source="proposed events", item=2)


def test_date_times_only_when_allowed():
    assert parse_day("2023-03-13T23:30:00+02:00", field="published",
                     allow_time=True) == date(2023, 3, 13)
    assert parse_day("2023-03-13 00:00:00", field="date", allow_time=True) == date(2023, 3, 13)
    assert parse_day("2023-03-13T10:00:00.5Z", field="p", allow_time=True) == date(2023, 3, 13)
    with pytest.raises(InputError):
        parse_day("2023-03-13 and more", field="published", allow_time=True)


def test_importers_lenient_dates_share_the_range_check():
    assert check_day(date(2023, 3, 13), field="d") == date(2023, 3, 13)
    assert parse_date("13 March 2023", source="a.csv", item=1, field="event_date") == date(
        2023, 3, 13)
    with pytest.raises(InputError, match="outside the years") as info:
        parse_date("1066-10-14", source="a.csv", item=4, field="event_date")
    assert (info.value.source, info.value.item, info.value.field) == ("a.csv", 4,
                                                                     "event_date")
