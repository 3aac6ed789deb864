"""The offline gazetteer: sources, theatre file, cache, Soviet-era and Russian spellings."""

from __future__ import annotations

import time

import pytest

from geo.data import load_country_points, load_theatre_gazetteer, load_word_list, theatre_row
from geo.errors import DataError
from geo.gazetteer import (
    ATTRIBUTION,
    Gazetteer,
    fold,
    km,
    load_gazetteer,
    load_gazetteer_uncached,
    name_keys,
)
from geo.geoparse import Geoparser


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def parser(gaz) -> Geoparser:
    return Geoparser(gaz)


def test_fold_keeps_offsets_and_strips_accents():
    text = "Kraków’s İstanbul ÀÉÎ Zaporizhzhia"
    assert len(fold(text)) == len(text)
    assert fold("Kraków’s") == "krakow's"
    assert name_keys("Mar'yinka") == ["mar'yinka", "maryinka"]
    assert name_keys("US") == ["us"] and name_keys("us") == []


def test_theatre_file_is_valid_and_every_alias_resolves(gaz):
    rows = load_theatre_gazetteer()
    assert len(rows) > 200
    assert gaz.unresolved_refs == ()
    for row in rows:
        if row.kind != "alias" and row.country_code in ("UA", "RU"):
            assert 41 < row.lat < 70 and 20 < row.lon < 180, row


@pytest.mark.parametrize("name", ["Robotyne", "Klishchiivka", "Andriivka", "Ivanivske",
                                  "Krasna Hora", "Berkhivka", "Yahidne", "Khromove"])
def test_frontline_villages_near_bakhmut_or_orikhiv(parser, name):
    place = parser.places(f"Fighting was reported in {name} on Monday.")[0]
    assert place.country_code == "UA"
    bakhmut = km(place.lat, place.lon, 48.5956, 37.9999)
    orikhiv = km(place.lat, place.lon, 47.5676, 35.7833)
    assert min(bakhmut, orikhiv) < 25, (name, place)


@pytest.mark.parametrize("name,expected", [
    ("Artemovsk", "Bakhmut"), ("Artemivsk", "Bakhmut"), ("Krasnoarmeysk", "Pokrovsk"),
    ("Ugledar", "Vuhledar"), ("Avdeyevka", "Avdiyivka"), ("Krasny Liman", "Lyman"),
    ("Izyum", "Izyum"), ("Severodonetsk", "Siverskodonetsk"), ("Lisichansk", "Lysychansk"),
    ("Kharkov", "Kharkiv"), ("Kiev", "Kyiv"), ("Nikolaev", "Mykolayiv"),
    ("Zaporozhye", "Zaporizhzhya"), ("Odessa", "Odesa"), ("Kleshcheyevka", "Klishchiivka"),
    ("Rabotino", "Robotyne"),
])
def test_soviet_era_and_russian_spellings(parser, name, expected):
    place = parser.places(f"Shelling hit {name} again.")[0]
    assert place.name == expected and place.country_code == "UA"


def test_regions_rivers_seas_and_facilities(gaz):
    for name, kind in [("Donbas", "region"), ("Crimea", "region"), ("Dnipro River", "river"),
                       ("Siverskyi Donets", "river"), ("Bakhmutka", "river"),
                       ("Sea of Azov", "sea"), ("Black Sea", "sea"),
                       ("Zaporizhzhia nuclear power plant", "facility"),
                       ("Azovstal", "facility"), ("Donetsk region", "admin1"),
                       ("Belgorod Oblast", "admin1")]:
        found = gaz.candidates(name)
        assert any(gaz.kind_name(c.index) == kind for c in found), name


def test_countries_continents_and_attribution(gaz):
    ukraine = gaz.search("Ukraine")[0]
    assert (ukraine.lat, ukraine.lon, ukraine.country_code) == (49.0, 32.0, "UA")
    assert gaz.search("Europe")[0].feature_class == "L"
    assert {p.country_code for p in load_country_points()} >= {"UA", "RU", "US", "CN"}
    assert "GeoNames" in ATTRIBUTION and "CC BY 4.0" in ATTRIBUTION


def test_not_places_are_not_indexed(gaz):
    assert "Wagner" in load_word_list("not_places")
    for name in ("Wagner", "Reuters", "Patriot", "Leopard", "Nato", "ICC", "Prigozhin"):
        assert gaz.candidates(name) == [], name


def test_search_offers_every_candidate(gaz):
    places = gaz.search("Andriivka", limit=20)
    assert len(places) > 3 and places[0].source_id.startswith("theatre:")


def test_cache_is_rebuilt_when_corrupt_and_loads_fast(tmp_path, monkeypatch, gaz):
    """An unreadable cache file is rebuilt and rewritten, and the rewritten file loads fast.
    The rebuild hands back the session's index (itself built by ``build_gazetteer``): a
    second full build would cost ~13 s of CPU and check nothing more."""
    import geo.gazetteer.cache as cache_module

    builds: list[int] = []
    monkeypatch.setattr(cache_module, "build_gazetteer", lambda: builds.append(1) or gaz)
    path = tmp_path / "gazetteer-test.pickle"
    path.write_bytes(b"not a pickle")
    built = load_gazetteer_uncached(path)
    assert builds == [1]
    assert len(built) > 200_000 and path.stat().st_size > 1_000_000
    start = time.process_time()  # CPU time: on a loaded machine the wall clock says little
    again = load_gazetteer_uncached(path)
    assert time.process_time() - start < 1.5
    assert builds == [1]  # read back from the rewritten file, not built again
    assert len(again) == len(built) and again is not built


def test_theatre_row_errors_name_file_row_and_field():
    good = {"id": "x", "name": "X", "alternates": "", "lat": "48", "lon": "37", "cc": "UA",
            "kind": "village", "population": "1", "ref": ""}
    with pytest.raises(DataError) as info:
        theatre_row({**good, "lat": "north"}, "geo/data/gazetteer/theatre.csv", 7)
    assert "theatre.csv" in str(info.value) and "item 7" in str(info.value)
    assert "'lat'" in str(info.value)
    with pytest.raises(DataError, match="kind"):
        theatre_row({**good, "kind": "castle"}, "t.csv", 1)
    with pytest.raises(DataError, match="ref"):
        theatre_row({**good, "kind": "alias", "ref": "Bakhmut"}, "t.csv", 2)


def test_katottg_settlements_fill_gaps_approximately(parser):
    from geo.data import load_ua_settlements

    rows = load_ua_settlements()
    assert len(rows) > 10_000 and all(44 <= r.lat <= 53 for r in rows)
    place = parser.places("Shelling was reported in Latysheve on Monday.")[0]
    assert place.source_id.startswith("katottg:") and place.country_code == "UA"
    assert km(place.lat, place.lon, 48.02, 38.76) < 30  # its community's centre
    # a GeoNames village of the same name still wins over an approximate one
    assert parser.places("Fighting near Andriivka.")[0].source_id.startswith("theatre:")
