"""Theatre TOML files: the issue's minimal file loads; every bad key is named."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.models import EventKind
from geo.theatre import (
    DEFAULT_THEATRE,
    default_theatre,
    load_theatre,
    normalise_name,
    parse_theatre,
    theatre_from_json,
    theatre_to_json,
)
from tests.common import MINIMAL_THEATRE_TOML


def test_the_minimal_file_of_the_issue_loads_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "testland.toml"
    path.write_text(MINIMAL_THEATRE_TOML, encoding="utf-8")
    theatre = load_theatre(path)
    assert theatre.name == "testland" and theatre.title == "Battle of Testland, 2024"
    assert theatre.bbox == (20.10, 10.20, 20.60, 10.70)
    assert (theatre.start, theatre.end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert theatre.side_ids == ("government", "rebels", "contested")
    assert theatre.side("contested").contested and theatre.side("contested").hatch
    assert not theatre.side("rebels").hatch
    # defaults a demanding user expects
    assert theatre.front_sides == ("government", "rebels")
    assert theatre.held_sides == ("government", "contested")
    assert theatre.side_precedence == ("government", "rebels", "contested")
    assert theatre.event_kinds == tuple(EventKind)
    lat, lon = theatre.view_center
    assert (round(lat, 2), round(lon, 2)) == (10.45, 20.35)
    assert 8 <= theatre.view_zoom <= 11


def test_stored_json_round_trips() -> None:
    theatre = parse_theatre(MINIMAL_THEATRE_TOML, source="t")
    assert theatre_from_json(theatre_to_json(theatre), source="s") == theatre
    bakhmut = default_theatre()
    assert theatre_from_json(theatre_to_json(bakhmut), source="s") == bakhmut


def test_the_default_theatre_is_todays_bakhmut() -> None:
    theatre = default_theatre()
    assert theatre.name == DEFAULT_THEATRE == "bakhmut-2023"
    assert theatre.side_ids == ("russian", "ukrainian", "contested")
    assert theatre.side_precedence == ("russian", "contested", "ukrainian")
    assert theatre.view_center == (48.59, 38.0) and theatre.view_zoom == 10
    assert {label.name for label in theatre.labels} >= {"Bakhmut", "Soledar", "Chasiv Yar"}
    assert normalise_name("Bakhmut 2023") == theatre.name


@pytest.mark.parametrize(("edit", "key", "words"), [
    (lambda t: t.replace('name = "testland"', 'name = "Test Land"'), "name", "lower-case"),
    (lambda t: t.replace('title = "Battle of Testland, 2024"\n', ""), "title", "required"),
    (lambda t: t.replace("[20.10, 10.20, 20.60, 10.70]", "[20.60, 10.20, 20.10, 10.70]"),
     "bbox", "lon_min < lon_max"),
    (lambda t: t.replace("[20.10, 10.20, 20.60, 10.70]", "[20.1, 10.2]"), "bbox", "lon_max"),
    (lambda t: t.replace("end = 2024-12-31", "end = 2023-12-31"), "end", "before start"),
    (lambda t: t.replace("start = 2024-01-01", 'start = "January"'), "start", "not a date"),
    (lambda t: t.replace('colour = "#D55E00"', 'colour = "red"'), "sides[1].colour",
     "#RRGGBB"),
    (lambda t: t.replace('id = "rebels"', 'id = "government"'), "sides[1].id", "twice"),
    (lambda t: t.replace('label = "Rebel forces"\n', ""), "sides[1].label", "required"),
    (lambda t: t.replace("contested = true", "contested = 1"), "sides[2].contested",
     "true or false"),
    (lambda t: t.replace("contested = true", "shade = 3"), "sides[2].shade", "not a side key"),
    (lambda t: t + 'front = ["government", "nobody"]\n', None, None),
    (lambda t: t.split("[[sides]]")[0] + "[[sides]]" + t.split("[[sides]]")[1], "sides",
     "at least two"),
])
def test_a_bad_file_names_the_file_and_the_key(tmp_path: Path, edit, key, words) -> None:
    text = edit(MINIMAL_THEATRE_TOML)
    if key is None:  # keys after [[sides]] belong to the last side: put it at the top
        text = 'front = ["government", "nobody"]\n' + MINIMAL_THEATRE_TOML
        key, words = "front[1]", "not one of the sides"
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_theatre(path)
    assert info.value.source == str(path)
    assert info.value.field == key
    assert words in str(info.value)


def test_not_toml_and_not_utf8_are_refused_with_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "x.toml"
    bad.write_text("name = \n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid TOML") as info:
        load_theatre(bad)
    assert info.value.source == str(bad)
    bad.write_bytes(b"name = \"\xff\"\n")
    with pytest.raises(InputError, match="not UTF-8"):
        load_theatre(bad)
    with pytest.raises(InputError, match="cannot read"):
        load_theatre(tmp_path / "missing.toml")
