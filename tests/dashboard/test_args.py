"""Date arguments in the CLI and the app go through geo.dates.parse_day: same rules, the
option or field named, usage errors exit 2 (argparse) and input errors exit 1."""

from __future__ import annotations

import argparse
from datetime import date

import pytest

from dashboard.args import iso_day
from dashboard.cli import main
from dashboard.review import events_frame, events_from_frame
from dashboard.state import ViewState, from_query
from geo.errors import FrontlineError
from geo.models import Article, Event, EventKind, Place

FIRST, LAST = date(2023, 1, 1), date(2023, 6, 30)


def test_iso_day_is_an_argparse_type():
    assert iso_day("2023-03-13") == date(2023, 3, 13)
    with pytest.raises(argparse.ArgumentTypeError, match="YYYY-MM-DD"):
        iso_day("13.03.2023")
    with pytest.raises(argparse.ArgumentTypeError, match="outside the years 1900-2100"):
        iso_day("2230-03-13")


@pytest.mark.parametrize("argv, option", [
    (["areas", "--from", "1800-01-01"], "--from"),
    (["diff", "2023-03-01", "2023-02-30"], "D2"),
    (["front-line", "3023-03-01"], "D"),
    (["export", "geojson", "--date", "2023-13-01"], "--date"),
    (["export", "html", "--date", "2023-03-13", "--to", "9999-01-01"], "--to"),
    (["import", "deepstate", "x.geojson", "--date", "yesterday"], "--date"),
])
def test_cli_date_options_exit_2_naming_the_option(tmp_path, capsys, argv, option):
    with pytest.raises(SystemExit) as info:
        main(["--store", str(tmp_path / "s.gpkg"), *argv])
    err = capsys.readouterr().err
    assert info.value.code == 2 and f"argument {option}:" in err
    assert "YYYY-MM-DD" in err or "outside the years 1900-2100" in err


def test_ingest_date_refused_before_anything_is_read(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Shelling hit Kherson.", encoding="utf-8")
    assert main(["--store", str(tmp_path / "s.gpkg"), "ingest", str(article), "--date",
                 "1023-03-13"]) == 1
    err = capsys.readouterr().err
    assert "field '--date'" in err and "outside the years" in err
    assert not (tmp_path / "s.gpkg").exists()


def test_ingest_published_is_checked_per_line(tmp_path, capsys):
    feed = tmp_path / "f.jsonl"
    feed.write_text('{"text": "Shelling hit Kherson.", "published": "2023-03-13T08:00:00Z"}\n'
                    '{"text": "Shelling hit Kherson.", "published": "13 March"}\n',
                    encoding="utf-8")
    assert main(["--store", str(tmp_path / "s.gpkg"), "ingest", str(feed), "--dry-run"]) == 1
    err = capsys.readouterr().err
    assert "f.jsonl:2" in err and "field 'published'" in err and "YYYY-MM-DD" in err


@pytest.mark.parametrize("raw", ["1899-12-31", "2023-02-30", "13/03/2023"])
def test_query_day_is_reported_and_falls_back(raw):
    state, problems = from_query({"day": raw}, first=FIRST, last=LAST)
    assert state == ViewState(day=LAST)
    assert len(problems) == 1 and "'day'" in problems[0] and "1900-2100" in problems[0]


def test_review_table_date_is_checked_naming_the_row():
    article = Article(title="t", text="x", published=date(2023, 3, 13), source="wire")
    events = [Event(date(2023, 3, 13), Place("Bakhmut", 48.6, 38.0, "UA"),
                    EventKind.GROUND_FIGHTING, "s", "wire")] * 2
    frame = events_frame(events)
    frame["date"] = frame["date"].astype(object)
    frame.loc[1, "date"] = "0202-03-13"
    with pytest.raises(FrontlineError, match="row 2.*outside the years"):
        events_from_frame(frame, article)
    frame.loc[1, "date"] = "2023-03-14 00:00:00"
    assert [e.day for e in events_from_frame(frame, article)] == [date(2023, 3, 13),
                                                                   date(2023, 3, 14)]
