"""Theatres in the store: add/list/show, imports mapped to a theatre's sides, areas, diff and
front line with sides that are not Ukraine's, and side checks on every write."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import box

from dashboard.cli import main
from geo.errors import InputError
from geo.models import Event, EventKind, Place, ZoneReport
from geo.store import open_store
from geo.store.base import Batch, EventFilter
from geo.theatre import DEFAULT_THEATRE, parse_theatre
from geo.zones import areas_by_date, diff_store
from geo.zones.front import front_line
from tests.common import MINIMAL_THEATRE_TOML

WEST, MIDDLE, EAST = box(20.10, 10.20, 20.35, 10.70), box(20.35, 10.20, 20.40, 10.70), \
    box(20.40, 10.20, 20.60, 10.70)


def _zones_file(path: Path) -> Path:
    features = [
        {"side": "government", "date": "2024-03-01", "geom": WEST},
        {"side": "contested", "date": "2024-03-01", "geom": MIDDLE},
        {"side": "rebels", "date": "2024-03-01", "geom": EAST},
        {"side": "rebels", "date": "2024-05-01", "geom": box(20.30, 10.20, 20.60, 10.70)},
        {"side": "government", "date": "2024-05-01", "geom": box(20.10, 10.20, 20.30, 10.70)},
    ]
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"side": f["side"], "date": f["date"]},
         "geometry": f["geom"].__geo_interface__} for f in features]}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def testland(tmp_path: Path) -> Path:
    toml = tmp_path / "testland.toml"
    toml.write_text(MINIMAL_THEATRE_TOML, encoding="utf-8")
    return toml


def test_the_issue_check_add_import_areas(tmp_path: Path, testland: Path, capsys) -> None:
    store = str(tmp_path / "s.gpkg")
    assert main(["--store", store, "theatre", "add", str(testland)]) == 0
    assert "testland is new" in capsys.readouterr().out
    assert main(["--store", store, "import", "geojson", str(_zones_file(tmp_path / "z.json")),
                 "--theatre", "testland", "--layer", "t1", "--side-field", "side",
                 "--date-field", "date", "--source", "X"]) == 0
    capsys.readouterr()
    assert main(["--store", store, "areas", "--theatre", "testland", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by = {(r["date"], r["side"]): r["km2"] for r in rows}
    assert {side for _, side in by} == {"government", "rebels", "contested"}
    assert by[("2024-03-01", "government")] == pytest.approx(1513.8, rel=0.01)
    assert by[("2024-05-01", "contested")] == 0.0
    assert by[("2024-05-01", "rebels")] > by[("2024-03-01", "rebels")]
    # adding the same file again changes nothing; list and show name it
    assert main(["--store", store, "theatre", "add", str(testland)]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert main(["--store", store, "theatre", "list"]) == 0
    listing = capsys.readouterr().out
    assert "testland" in listing and "Rebel forces" in listing and DEFAULT_THEATRE in listing
    assert main(["--store", store, "theatre", "show", "testland"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert [s["id"] for s in shown["sides"]] == ["government", "rebels", "contested"]


def test_an_unknown_side_or_theatre_is_refused_and_nothing_is_stored(
        tmp_path: Path, testland: Path, capsys) -> None:
    store = str(tmp_path / "s.gpkg")
    zones = _zones_file(tmp_path / "z.json")
    args = ["--store", store, "import", "geojson", str(zones), "--layer", "t1",
            "--side-field", "side", "--date-field", "date"]
    assert main([*args, "--theatre", "nowhere"]) == 1
    assert "no theatre 'nowhere'" in capsys.readouterr().err
    # the default theatre has no side "government": the feature and field are named
    assert main([*args, "--bbox", "20,10,21,11"]) == 1
    err = capsys.readouterr().err
    assert "government" in err and "'side'" in err
    main(["--store", store, "theatre", "add", str(testland)])
    with open_store(store) as s:
        assert s.zone_reports() == []
        with pytest.raises(InputError, match="not a side of theatre 'testland'") as info:
            s.write(Batch(zone_reports=[ZoneReport("x/russian", "russian", date(2024, 1, 1),
                                                   WEST, "src", layer="x")],
                          theatre="testland", written_by="test"))
        assert info.value.field == "side"
        assert s.zone_reports() == []


def test_areas_diff_and_front_line_follow_the_theatre(tmp_path: Path) -> None:
    theatre = parse_theatre(MINIMAL_THEATRE_TOML, source="t")
    reports = [ZoneReport(f"sector/{side}", side, date(2024, 3, 1), geom, "src", layer="t1")
               for side, geom in (("government", WEST), ("contested", MIDDLE),
                                  ("rebels", EAST))]
    reports.append(ZoneReport("sector/rebels", "rebels", date(2024, 5, 1),
                              box(20.30, 10.20, 20.60, 10.70), "src", layer="t1"))
    event = Event(day=date(2024, 3, 2), place=Place("Testville", 10.4, 20.3),
                  kind=EventKind.GROUND_FIGHTING, summary="fighting", source="src")
    with open_store(tmp_path / "s.gpkg", create=True) as store:
        store.write(Batch(theatres=[theatre], zone_reports=reports, events=[event],
                          theatre="testland", written_by="test"))
        # the default theatre stays empty; the events filter and zones follow the theatre
        assert store.zones_at(date(2024, 6, 1), theatre=DEFAULT_THEATRE) == []
        assert store.events_between(date(2024, 1, 1), date(2024, 12, 31),
                                    filters=EventFilter(theatre=DEFAULT_THEATRE)) == []
        found = store.events_between(date(2024, 1, 1), date(2024, 12, 31),
                                     filters=EventFilter(theatre="testland"))
        assert [e.theatre for e in found] == ["testland"]
        assert store.main_theatre().name == "testland"
        assert store.date_range("testland") == (date(2024, 3, 1), date(2024, 5, 1))
        rows = areas_by_date(store, theatre=theatre)
        diff = diff_store(store, date(2024, 3, 1), date(2024, 5, 1), theatre=theatre)
        zones = store.zones_at(date(2024, 3, 1), theatre="testland")
    assert [r.side for r in rows[:3]] == ["government", "rebels", "contested"]
    rebels = {s.side: s for s in diff.sides}["rebels"]
    assert rebels.gained_km2 > 0 and rebels.consistent()
    assert {c.side for c in diff.changes} <= {"government", "rebels", "contested"}
    # the line traces government + contested ground; the sector's outer edge is dropped
    line = front_line(zones, theatre=theatre)
    assert not line.is_empty
    west, _, east, _ = line.bounds
    assert west == pytest.approx(20.40, abs=1e-6) and east == pytest.approx(20.40, abs=1e-6)


def test_a_changed_theatre_may_not_drop_a_used_side(tmp_path: Path) -> None:
    theatre = parse_theatre(MINIMAL_THEATRE_TOML, source="t")
    with open_store(tmp_path / "s.gpkg", create=True) as store:
        store.write(Batch(theatres=[theatre], theatre="testland", written_by="test",
                          zone_reports=[ZoneReport("a/rebels", "rebels", date(2024, 3, 1), EAST,
                                                   "src", layer="a")]))
        fewer = parse_theatre(MINIMAL_THEATRE_TOML.replace('id = "rebels"', 'id = "insurgents"'),
                              source="t")
        with pytest.raises(InputError, match="drop the sides \\['rebels'\\]"):
            store.write(Batch(theatres=[fewer], written_by="test"))
        assert store.theatre("testland").has_side("rebels")


def test_migrate_carries_theatres_and_membership(tmp_path: Path) -> None:
    from geo.store.migrate import migrate, verify

    theatre = parse_theatre(MINIMAL_THEATRE_TOML, source="t")
    with open_store(tmp_path / "a.gpkg", create=True) as source, \
            open_store(tmp_path / "b.gpkg", create=True) as target:
        source.write(Batch(theatres=[theatre], theatre="testland", written_by="test",
                           zone_reports=[ZoneReport("a/rebels", "rebels", date(2024, 3, 1),
                                                    EAST, "src", layer="a")]))
        migrate(source, target, written_by="test")
        assert verify(source, target) == []
        assert target.theatre("testland") == theatre
        assert [z.theatre for z in target.zone_reports()] == ["testland"]


def test_a_theatres_countries_decide_an_ambiguous_name() -> None:
    from geo.geoparse.parser import Geoparser, theatre_focus
    from geo.theatre import default_theatre

    text = "Fighting was reported in Ana on Monday."
    (plain,) = Geoparser().parse(text)
    mosul = parse_theatre(MINIMAL_THEATRE_TOML.replace('title = "Battle of Testland, 2024"',
                                                       'title = "Iraq"\ncountries = ["IQ"]'),
                          source="t")
    assert theatre_focus(mosul) == ("IQ",)
    assert theatre_focus(default_theatre()) == ()  # Ukraine's neighbours are favoured anyway
    (focused,) = Geoparser(focus=theatre_focus(mosul)).parse(text)
    assert plain.place.country_code != "IQ" and focused.place.country_code == "IQ"
    # a clear winner elsewhere stays: focus only decides what the text leaves open
    (capital,) = Geoparser(focus=("IQ",)).parse("Talks were held in Paris on Monday.")
    assert capital.place.country_code == "FR"


def test_ingest_into_a_theatre(tmp_path: Path, capsys) -> None:
    store = str(tmp_path / "s.gpkg")
    assert main(["--store", store, "seed"]) == 0
    article = tmp_path / "a.txt"
    article.write_text("Iraqi forces retake Bartella\n\nIraqi special forces retook Bartella, "
                       "east of Mosul, on Thursday, the military said.", encoding="utf-8")
    assert main(["--store", store, "ingest", str(article), "--date", "2016-10-21",
                 "--source", "Wire", "--theatre", "mosul-2016"]) == 0
    with open_store(store) as s:
        events = s.events_between(date(2016, 10, 1), date(2016, 10, 31),
                                  filters=EventFilter(theatre="mosul-2016"))
    ingested = [e for e in events if e.source == "Wire"]
    assert ingested and {e.theatre for e in ingested} == {"mosul-2016"}
    assert {e.place.name for e in ingested} == {"Bartella"}


def test_events_keep_end_day_denial_precision_quote_span_and_sources(tmp_path: Path) -> None:
    event = Event(day=date(2023, 3, 20), end_day=date(2023, 3, 22),
                  place=Place("Moscow", 55.75, 37.62, "RU"), kind=EventKind.DIPLOMATIC,
                  summary="Xi visits Moscow", source="Wire", denied_by="Kyiv",
                  day_precision="day", quote_span=(10, 42), sources=("Wire", "Agency"),
                  independent_sources=2)
    with open_store(tmp_path / "s.gpkg", create=True) as store:
        store.write(Batch(events=[event], written_by="test"))
        (back,) = store.events_between(date(2023, 3, 1), date(2023, 3, 31))
    assert (back.end_day, back.denied_by, back.day_precision, back.quote_span, back.sources,
            back.independent_sources, back.theatre) == (
        date(2023, 3, 22), "Kyiv", "day", (10, 42), ("Wire", "Agency"), 2, DEFAULT_THEATRE)
