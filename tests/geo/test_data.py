"""geo's package data (geo/data): loaders, their errors, and loading from a zip with the
demo package out of reach (an installed-like layout)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest
from shapely.geometry import Point, shape

import geo
from geo import data
from geo.errors import DataError, InputError

GEO_DIR = Path(geo.__file__).resolve().parent


# --- outlines ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", data.BASEMAP_NAMES)
def test_basemap_layers_load_as_feature_collections(name):
    collection = data.basemap_geojson(name)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) > 0
    for feature in collection["features"][:50]:
        geom = shape(feature["geometry"])
        assert not geom.is_empty
        minx, miny, maxx, maxy = geom.bounds
        assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90


def test_basemap_names_are_the_agreed_ones():
    assert set(data.BASEMAP_NAMES) == {"countries", "admin1_lines", "boundary_lines",
                                       "coastline", "lakes", "world"}


def test_unknown_basemap_name_is_a_data_error_naming_it():
    with pytest.raises(DataError, match="rivers") as info:
        data.basemap_geojson("rivers")
    assert isinstance(info.value, InputError)
    assert info.value.field == "name" and "geo/data/basemap" in str(info.value)


def test_basemap_returns_a_fresh_dict_each_call():
    first = data.basemap_geojson("lakes")
    first["features"].clear()
    assert data.basemap_geojson("lakes")["features"]


@pytest.mark.parametrize("name, limit_kb", [
    ("countries", 400), ("admin1_lines", 400), ("boundary_lines", 400), ("coastline", 400),
    ("lakes", 400), ("world", 600)])
def test_basemap_files_stay_small(name, limit_kb):
    node = resources.files("geo.data") / "basemap" / f"{name}.geojson"
    assert len(node.read_bytes()) < limit_kb * 1024


def test_world_layer_has_fixed_iso_codes_and_valid_polygons():
    features = data.basemap_geojson("world")["features"]
    by_name = {f["properties"]["NAME"]: f["properties"]["ISO_A2"] for f in features}
    assert by_name["France"] == "FR"
    assert by_name["Norway"] == "NO"
    assert by_name["Ukraine"] == "UA"
    assert by_name["Netherlands"] == "NL"
    assert len(features) > 200
    assert all(shape(f["geometry"]).is_valid for f in features)


def test_region_countries_contain_bakhmut_in_ukraine():
    features = data.basemap_geojson("countries")["features"]
    holders = [f["properties"]["ISO_A2"] for f in features
               if shape(f["geometry"]).contains(Point(37.9999, 48.5956))]  # (lon, lat)
    assert holders == ["UA"]


# --- gazetteer files and rule tables -------------------------------------------------------

def test_gazetteer_files_load_and_hash():
    assert len(data.load_theatre_gazetteer()) > 200
    assert {p.country_code for p in data.load_country_points()} >= {"UA", "RU", "US"}
    assert len(data.load_ua_settlements()) > 10_000
    assert "Wagner" in data.load_word_list("not_places")
    assert len(data.gazetteer_files_hash()) == 16
    assert data.load_rule_table("actors").startswith("pattern,actor,type,seat")


def test_csv_loader_names_file_and_missing_column():
    with pytest.raises(DataError) as info:
        data.csv_rows("cc,lat\nUA,49\n", "geo/data/gazetteer/countries.csv",
                      ("cc", "lat", "lon"))
    assert info.value.field == "lon" and "countries.csv" in str(info.value)


def test_missing_bundled_file_is_named():
    with pytest.raises(DataError, match="geo/data/gazetteer/nothing.txt"):
        data.load_word_list("nothing")
    with pytest.raises(DataError, match="rule table"):
        data.load_rule_table("weapons")


# --- lexicons ------------------------------------------------------------------------------

def test_lexicons_load_with_every_list_explained():
    for name in ("geoparse", "events"):
        lexicon = data.load_lexicon(name)
        assert lexicon.source == f"geo/data/lexicon/{name}.toml"
        assert len(lexicon.lists) >= 7
    assert "president" in data.load_lexicon("geoparse").words("titles")
    assert data.load_lexicon("events").alternation("hypothetical") == "(?:would|could|might|may)"


@pytest.mark.parametrize("text, item, field", [
    ('[titles]\nwords = "president"\n', "titles", "about"),
    ('[titles]\nabout = "x"\n', "titles", "words"),
    ('[titles]\nabout = "x"\nwords = ""\n', "titles", "words"),
    ('[titles]\nabout = "x"\nphrases = ["a", 3]\n', "titles", "phrases"),
])
def test_lexicon_errors_name_file_list_and_field(text, item, field):
    with pytest.raises(DataError) as info:
        data.parse_lexicon(text, "geo/data/lexicon/geoparse.toml")
    assert (info.value.item, info.value.field) == (item, field)
    assert "geoparse.toml" in str(info.value)


def test_asking_for_a_list_that_is_not_there_names_it():
    with pytest.raises(DataError) as info:
        data.load_lexicon("geoparse").words("weapons")
    assert info.value.item == "weapons" and info.value.field == "words"
    assert "geoparse.toml" in str(info.value)


# --- installed-like layout -----------------------------------------------------------------

_ZIP_CHECK = r"""
import importlib.abc, sys

class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"seeds", "layers", "dashboard", "folium", "streamlit",
                                  "branca"}:
            raise ImportError(f"geo must not import {name}")
        return None

sys.meta_path.insert(0, Refuse())
sys.path.insert(0, sys.argv[1])
import geo
assert geo.__file__.startswith(sys.argv[1]), geo.__file__
from geo import data
from geo.errors import DataError
assert len(data.load_theatre_gazetteer()) > 200
assert len(data.load_ua_settlements()) > 10_000
assert data.basemap_geojson("countries")["features"]
from geo.events import load_actor_rules, load_kind_rules
assert load_kind_rules() and load_actor_rules()
import geo.geoparse, geo.gazetteer, geo.lru
try:
    data.load_word_list("missing")
except DataError as exc:
    assert "geo/data/gazetteer/missing.txt" in str(exc), exc
else:
    raise AssertionError("no error for a missing file")
print("ok")
"""


def test_package_data_loads_from_a_zip_without_the_demo_package(tmp_path):
    archive = tmp_path / "core.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in GEO_DIR.rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                zf.write(path, Path("geo") / path.relative_to(GEO_DIR))
    done = subprocess.run([sys.executable, "-c", _ZIP_CHECK, str(archive)], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok"
