"""General English news: datelines, regions beyond the US, country aliases and former
states, seas, namesakes decided by context, persons and brands named like places."""

from __future__ import annotations

import pytest

from geo.data import parse_world_regions
from geo.errors import DataError
from geo.gazetteer import load_gazetteer
from geo.geoparse import Geoparser


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser(load_gazetteer())


def found(parser: Geoparser, text: str) -> dict[str, tuple[str, str]]:
    """Surface -> (place name, country code)."""
    return {t.mention.surface: (t.place.name, t.place.country_code) for t in parser.parse(text)}


def ids(parser: Geoparser, text: str) -> dict[str, str]:
    return {t.mention.surface: t.place.source_id for t in parser.parse(text)}


def test_all_caps_datelines(parser):
    assert found(parser, "LONDON (Reuters) - British inflation fell in March.") == {
        "LONDON": ("London", "GB")}
    assert found(parser, "SAO PAULO (Reuters) - Brazil's central bank held rates.") == {
        "SAO PAULO": ("São Paulo", "BR"), "Brazil": ("Brazil", "BR")}


def test_regions_beyond_the_us(parser):
    assert ids(parser, "Heavy snow closed schools across Ontario and Quebec on Monday.") == {
        "Ontario": "region:ca-ontario", "Quebec": "region:ca-quebec"}
    assert ids(parser, "Voters in Scotland and Wales go to the polls.") == {
        "Scotland": "region:gb-scotland", "Wales": "region:gb-wales"}
    assert ids(parser, "The festival in Bavaria drew six million visitors.") == {
        "Bavaria": "region:de-bavaria"}
    assert ids(parser, "Lorries queued in Kent.") == {"Kent": "region:gb-kent"}
    assert ids(parser, "The mine in Western Australia will employ 2,000 workers.") == {
        "Western Australia": "region:au-western-australia"}


def test_a_region_qualifies_its_town(parser):
    places = {t.mention.surface: t.place for t in parser.parse(
        "Students in Cambridge, England, protested against higher fees.")}
    assert places["Cambridge"].country_code == "GB"
    assert places["England"].source_id == "region:gb-england"


def test_country_aliases_and_former_states(parser):
    assert found(parser, "The military government of Burma extended the emergency.") == {
        "Burma": ("Myanmar", "MM")}
    assert found(parser, "Rebels in Zaire took several towns.")["Zaire"][1] == "CD"
    assert ids(parser, "He was born in the Soviet Union in 1950.") == {
        "Soviet Union": "region:former-soviet-union"}
    assert ids(parser, "Her family left Yugoslavia in the 1990s.") == {
        "Yugoslavia": "region:former-yugoslavia"}


def test_seas_are_not_towns(parser):
    assert ids(parser, "The tanker sank in the Caribbean Sea.") == {
        "Caribbean Sea": "region:xx-caribbean-sea"}
    assert ids(parser, "The boat capsized in the Pacific Ocean near Fiji.")[
        "Pacific Ocean"] == "region:xx-pacific-ocean"
    assert ids(parser, "The storm moved across the Atlantic.") == {
        "Atlantic": "region:xx-atlantic-ocean"}
    assert ids(parser, "The Dead Sea is shrinking.") == {"Dead Sea": "region:xx-dead-sea"}


def test_namesakes_decided_by_a_list(parser):
    assert found(parser, "Farmers in Georgia and Alabama lost their harvest.") == {
        "Georgia": ("Georgia", "US"), "Alabama": ("Alabama", "US")}
    assert found(parser, "Georgia and Armenia signed a transit deal.")["Georgia"] == (
        "Georgia", "GE")


def test_persons_named_like_places(parser):
    assert found(parser, "Jack London wrote the novel while he was living in California.") \
        == {"California": ("California", "US")}
    assert found(parser, "Washington Irving is best known for his short stories.") == {}
    assert found(parser, "Georgia O'Keeffe painted the desert.") == {}
    assert found(parser, "Jordan Henderson scored the winner.") == {}
    assert found(parser, "Paris Hilton attended the premiere in Los Angeles.") == {
        "Los Angeles": ("Los Angeles", "US")}
    # still places where no person is meant
    assert found(parser, "Georgia's parliament in Tbilisi passed the law.")["Georgia"] == (
        "Georgia", "GE")
    assert found(parser, "Jordan closed its border.") == {"Jordan": ("Jordan", "JO")}


def test_brands_named_like_places(parser):
    assert found(parser, "Shares of Nokia fell 5% after the company cut its forecast.") == {}
    assert found(parser, "Toyota recalled 500,000 vehicles in Japan.") == {
        "Japan": ("Japan", "JP")}
    assert found(parser, "The Lincoln Navigator is built in Kentucky.") == {
        "Kentucky": ("Kentucky", "US")}


def test_world_regions_file_errors_name_row_and_field():
    header = "id,name,alternates,lat,lon,cc,kind,population,admin1\n"
    with pytest.raises(DataError) as info:
        parse_world_regions(header + "x-1,Somewhere,,10,10,XX,planet,0,\n", "world_regions.csv")
    assert "world_regions.csv" in str(info.value) and "kind" in str(info.value)
    with pytest.raises(DataError) as info:
        parse_world_regions(header + "x-1,Somewhere,,95,10,XX,region,0,\n", "w.csv")
    assert "lat" in str(info.value)
    with pytest.raises(DataError):
        parse_world_regions(header + "x-1,,Alias,,,XX,country_alias,,\n"
                            "x-1,,Other,,,YY,country_alias,,\n", "w.csv")


def test_a_town_in_a_sentence_about_a_region_is_there(parser):
    text = "The flooding in Perth forced Scotland's first minister to cancel a visit."
    assert found(parser, text)["Perth"] == ("Perth", "GB")
    assert found(parser, "The new hospital in Perth opened on Monday.")["Perth"] == (
        "Perth", "AU")


def test_state_abbreviations_after_a_comma(parser):
    places = {t.mention.surface: t.place for t in parser.parse(
        "PORTLAND, Ore. (AP) - Flooding closed roads. Police in Springfield, Ill., said two "
        "people were hurt.")}
    assert places["Ore."].name == "Oregon" and places["Ill."].name == "Illinois"
    assert places["PORTLAND"].lon < -120  # Oregon's Portland, not Maine's
    assert 39 < places["Springfield"].lat < 40.5 and -90 < places["Springfield"].lon < -89
    assert found(parser, "She felt ill. Then she left.") == {}
    assert found(parser, "Mass. protests followed in the capital.") == {}
