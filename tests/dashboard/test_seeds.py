"""The bundled seed data: loaders, zone geometry, consistency with the public record.

Axis order is said out loud: helpers here take ``lat, lon`` (as people write places) and
build shapely points as ``Point(lon, lat)``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, box, shape

import seeds
from geo.errors import SeedError
from geo.models import Article, ClaimStatus, Event, EventKind, LayerInfo, Side, ZoneReport
from geo.theatre import DEFAULT_THEATRE
from seeds._events import COLUMNS, parse_events
from seeds._zones import parse_zone_reports

ROOT = Path(__file__).resolve().parents[2]
SHARED_SEED = ROOT.parent / "shared" / "seed" / "000_a2c4a613db4863c9.txt"
ARTICLE_FILE = "000_a2c4a613db4863c9.txt"
SECTOR = box(37.80, 48.45, 38.25, 48.75)
_TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True)

# (lat, lon) of places used in the record checks
SOLEDAR = (48.6921, 38.0710)
SOLEDAR_BRIEF = (48.68, 38.09)
BAKHMUT_CENTRE = (48.5956, 38.0005)
EAST_OF_BAKHMUTKA = (48.5950, 38.0200)
CHASIV_YAR = (48.5877, 37.8341)
SOUTHERN_FLANK = box(37.85, 48.46, 38.00, 48.56)  # lon/lat: Klishchiivka-Andriivka-Kurdiumivka


def area_m2(geom: shapely.Geometry) -> float:
    """Area in square metres on EPSG:6933 (equal area), never in degrees."""
    return shapely.transform(geom, _TO_EQUAL_AREA.transform, interleaved=False).area


@pytest.fixture(scope="module")
def zones() -> list[ZoneReport]:
    """The Bakhmut theatre's seed zones (the Mosul ones have tests of their own)."""
    return [z for z in seeds.load_zone_reports() if z.theatre == DEFAULT_THEATRE]


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return seeds.load_articles()


@pytest.fixture(scope="module")
def events(articles) -> list[Event]:
    return seeds.load_events(articles)


def in_force(zones: list[ZoneReport], day: date) -> dict[str, ZoneReport]:
    """The latest report per zone_id on or before ``day``."""
    current: dict[str, ZoneReport] = {}
    for report in sorted(zones, key=lambda r: r.valid_from):
        if report.valid_from <= day:
            current[report.zone_id] = report
    return current


def side_at(zones: list[ZoneReport], day: date, lat: float, lon: float) -> Side | None:
    """Which side holds the point (lat, lon) on ``day``, or None if no zone covers it."""
    point = Point(lon, lat)
    found = [r.side for r in in_force(zones, day).values() if r.geometry.covers(point)]
    assert len(found) <= 1, f"{lat},{lon} on {day} is in several zones: {found}"
    return found[0] if found else None


def report_dates(zones: list[ZoneReport]) -> list[date]:
    return sorted({r.valid_from for r in zones})


# --- basemap -------------------------------------------------------------------------------
# The Natural Earth outlines are geo's package data (tests/geo/test_data.py); seeds only
# re-exports them for the map's basemap, keeping no second copy.

def test_basemap_is_geo_data_reexported_not_copied():
    import geo.data

    assert seeds.basemap_geojson is geo.data.basemap_geojson
    assert seeds.BASEMAP_NAMES == geo.data.BASEMAP_NAMES
    assert sorted(p.name for p in resources.files("seeds").joinpath("basemap").iterdir()
                  if p.name.endswith(".geojson")) == []


# --- articles and layer --------------------------------------------------------------------

def test_seed_article_loads_with_metadata(articles):
    assert len(articles) == 1
    article = articles[0]
    assert article.title == "Ukrainian and Russian losses mount in fierce battle for Bakhmut"
    assert article.text.splitlines()[0] == article.title
    assert article.published == date(2023, 3, 13)
    assert article.source == "News Agencies"
    assert article.url is None
    assert article.id and article.id == seeds.load_articles()[0].id  # stable


def test_seed_article_is_a_byte_for_byte_copy():
    bundled = (resources.files("seeds") / "articles" / ARTICLE_FILE).read_bytes()
    if not SHARED_SEED.exists():
        pytest.skip("../shared/seed is absent")
    assert bundled == SHARED_SEED.read_bytes()


def test_layer_info_credits_natural_earth_and_geonames():
    info = seeds.load_layer_info()
    assert isinstance(info, LayerInfo)
    assert info.layer == "seed"
    assert info.source == "Frontline map seed data (authored by the project)"
    assert info.licence
    assert "Natural Earth" in info.attribution and "GeoNames" in info.attribution
    assert info.non_commercial is False


# --- zones ---------------------------------------------------------------------------------

def test_zone_reports_are_valid_polygons_in_the_sector(zones):
    assert zones
    for report in zones:
        assert report.side in {str(s) for s in Side}
        assert report.source and report.note
        assert report.zone_id == f"bakhmut/{report.side}"
        if report.geometry.is_empty:
            continue
        assert report.geometry.is_valid, report
        assert report.geometry.geom_type in ("Polygon", "MultiPolygon")
        assert SECTOR.buffer(1e-6).covers(report.geometry)


def test_at_least_eight_report_dates_from_january_to_june(zones):
    dates = report_dates(zones)
    assert len(dates) >= 8
    assert all(date(2023, 1, 1) <= d <= date(2023, 6, 30) for d in dates)
    assert {d.month for d in dates} >= {1, 2, 3, 4, 5, 6}


def test_each_date_has_exactly_one_report_per_side(zones):
    for day in report_dates(zones):
        sides = sorted(r.side for r in zones if r.valid_from == day)
        assert sides == ["contested", "russian", "ukrainian"], day


def test_zones_in_force_never_overlap_and_cover_the_sector(zones):
    first = report_dates(zones)[0]
    sector = shapely.union_all([r.geometry for r in in_force(zones, first).values()])
    sector_m2 = area_m2(sector)
    # a natural outline (7 km around the battle's towns), not a rectangle, inside the box
    assert sector_m2 < 0.85 * area_m2(sector.envelope)
    assert SECTOR.covers(sector.buffer(-1e-6))
    for day in report_dates(zones):
        current = list(in_force(zones, day).values())
        for i, a in enumerate(current):
            for b in current[i + 1:]:
                if a.side is b.side:
                    continue
                overlap = area_m2(a.geometry.intersection(b.geometry))
                assert overlap < 100, f"{day}: {a.zone_id} and {b.zone_id} overlap {overlap} m2"
        union = shapely.union_all([r.geometry for r in current])
        assert abs(area_m2(union) - sector_m2) / sector_m2 < 1e-4, day


def test_soledar_is_russian_from_mid_january(zones):
    for day in report_dates(zones):
        assert side_at(zones, day, *SOLEDAR) == Side.RUSSIAN, day
        assert side_at(zones, day, *SOLEDAR_BRIEF) == Side.RUSSIAN, day


def test_bakhmut_centre_changes_hands_as_reported(zones):
    assert side_at(zones, date(2023, 3, 1), *BAKHMUT_CENTRE) is not Side.RUSSIAN
    assert side_at(zones, date(2023, 3, 31), *BAKHMUT_CENTRE) == Side.CONTESTED
    assert side_at(zones, date(2023, 4, 20), *BAKHMUT_CENTRE) == Side.RUSSIAN
    assert side_at(zones, date(2023, 5, 20), *BAKHMUT_CENTRE) == Side.RUSSIAN


def test_east_of_the_bakhmutka_is_russian_by_10_march(zones):
    assert side_at(zones, date(2023, 3, 10), *EAST_OF_BAKHMUTKA) == Side.RUSSIAN


def test_chasiv_yar_is_ukrainian_throughout(zones):
    for day in report_dates(zones):
        assert side_at(zones, day, *CHASIV_YAR) == Side.UKRAINIAN, day


def test_krasna_hora_is_lost_between_january_and_march(zones):
    krasna_hora = (48.6628, 38.0222)
    assert side_at(zones, date(2023, 1, 16), *krasna_hora) == Side.UKRAINIAN
    assert side_at(zones, date(2023, 3, 1), *krasna_hora) == Side.RUSSIAN


def test_sw_of_the_city_is_contested_when_prigozhin_claims_it(zones):
    litak_area = (48.580, 37.960)
    assert side_at(zones, date(2023, 5, 20), *litak_area) == Side.CONTESTED


def test_ukraine_gains_ground_on_the_southern_flank(zones):
    def ukrainian_area(day: date) -> float:
        zone = in_force(zones, day)["bakhmut/ukrainian"].geometry
        return area_m2(zone.intersection(SOUTHERN_FLANK))

    assert ukrainian_area(date(2023, 6, 30)) > ukrainian_area(date(2023, 5, 20)) + 1e6


def test_russian_area_grows_until_may(zones):
    def russian_km2(day: date) -> float:
        return area_m2(in_force(zones, day)["bakhmut/russian"].geometry) / 1e6

    assert russian_km2(date(2023, 1, 16)) < russian_km2(date(2023, 3, 10)) \
        < russian_km2(date(2023, 5, 20))


def test_zone_file_matches_its_generator():
    spec = importlib.util.spec_from_file_location("make_seed_zones",
                                                  ROOT / "tools" / "make_seed_zones.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    bundled = json.loads((resources.files("seeds") / "zones" /
                          "bakhmut_zones.geojson").read_text(encoding="utf-8"))
    assert bundled == json.loads(json.dumps(module.build()))


# --- zone loader errors --------------------------------------------------------------------

def _zone_fc(**overrides) -> dict:
    props = {"zone_id": "bakhmut/russian", "side": "russian", "valid_from": "2023-03-10",
             "source": "test", "source_url": "", "note": ""}
    geometry = {"type": "Polygon", "coordinates": [[[38.0, 48.6], [38.1, 48.6], [38.1, 48.7],
                                                    [38.0, 48.6]]]}
    ok = {"type": "Feature", "properties": dict(props, zone_id="bakhmut/contested",
                                                side="contested"), "geometry": None}
    feature = {"type": "Feature", "properties": props, "geometry": geometry}
    for key, value in overrides.items():
        if key == "geometry":
            feature["geometry"] = value
        else:
            props[key] = value
    return {"type": "FeatureCollection", "features": [ok, feature]}


def test_zone_loader_accepts_a_good_feature_and_null_geometry():
    reports = parse_zone_reports(_zone_fc(), "x.geojson")
    assert reports[0].geometry.is_empty
    assert reports[1].side == Side.RUSSIAN
    assert reports[1].geometry.bounds == (38.0, 48.6, 38.1, 48.7)  # lon/lat kept as given


@pytest.mark.parametrize("override, field", [
    ({"side": "Martian side!"}, "side"),
    ({"valid_from": "2023-13-01"}, "valid_from"),
    ({"valid_from": ""}, "valid_from"),
    ({"source": ""}, "source"),
    ({"side": "ukrainian"}, "zone_id"),  # zone_id says russian
    ({"geometry": {"type": "Polygon", "coordinates": [[[38.0, 48.6], [38.1, 48.7], [38.1, 48.6],
                                                       [38.0, 48.7], [38.0, 48.6]]]}},
     "geometry"),  # bow-tie
    ({"geometry": {"type": "Point", "coordinates": [38.0, 48.6]}}, "geometry"),
    ({"geometry": {"type": "Polygon", "coordinates": "nonsense"}}, "geometry"),
])
def test_zone_loader_names_file_feature_and_field(override, field):
    with pytest.raises(SeedError) as info:
        parse_zone_reports(_zone_fc(**override), "bad.geojson")
    assert info.value.source == "bad.geojson"
    assert info.value.item == 1
    assert info.value.field == field


# --- events --------------------------------------------------------------------------------

def test_at_least_forty_curated_events_from_february_to_june(events):
    curated = [e for e in events if not e.article_id
               and date(2023, 2, 1) <= e.day <= date(2023, 6, 30)]
    assert len(curated) >= 40


def test_every_event_is_well_formed(events):
    ids = set()
    for event in events:
        assert isinstance(event.kind, EventKind)
        assert event.summary and event.source and event.place.name
        assert 0 <= event.confidence <= 1
        if event.claim_status is ClaimStatus.CLAIMED:
            assert event.claimed_by
        assert event.source_date is None or event.source_date >= event.day \
            or event.kind is EventKind.DIPLOMATIC
        assert event.id not in ids, event
        ids.add(event.id)


def test_every_event_lies_in_its_country_on_the_world_basemap(events):
    countries: dict[str, list] = {}
    for feature in seeds.basemap_geojson("world")["features"]:
        countries.setdefault(feature["properties"]["ISO_A2"], []).append(
            shape(feature["geometry"]))
    for event in events:
        polygons = countries.get(event.place.country_code)
        assert polygons, f"no country {event.place.country_code} for {event.place.name}"
        country = shapely.union_all(polygons)
        point = Point(event.place.lon, event.place.lat)  # shapely is (lon, lat)
        assert country.buffer(0.05).contains(point), (event.place.name, event.day)


def test_event_coordinates_are_lat_lon_not_swapped(events):
    bakhmut = [e for e in events if e.place.name == "Bakhmut"]
    assert bakhmut
    for event in bakhmut:
        assert event.place.lat == pytest.approx(48.6, abs=0.05)
        assert event.place.lon == pytest.approx(38.0, abs=0.05)
        assert event.place.lonlat() == (event.place.lon, event.place.lat)
    hague = next(e for e in events if e.place.name == "The Hague")
    assert (round(hague.place.lat, 2), round(hague.place.lon, 2)) == (52.08, 4.31)


@pytest.mark.parametrize("kind, place, day", [
    (EventKind.GROUND_FIGHTING, "Bakhmut", date(2023, 3, 13)),
    (EventKind.CAPTURE_CLAIM, "Bakhmut", date(2023, 3, 13)),
    (EventKind.HUMANITARIAN, "Bakhmut", date(2023, 3, 13)),
    (EventKind.STATEMENT, "Washington", date(2023, 3, 13)),
    (EventKind.DIPLOMATIC, "Beijing", date(2023, 3, 13)),
    (EventKind.DIPLOMATIC, "Moscow", date(2023, 3, 20)),
    (EventKind.JUDICIAL, "The Hague", date(2023, 3, 13)),
])
def test_seed_article_events_are_present(events, articles, kind, place, day):
    matches = [e for e in events if e.article_id == articles[0].id and e.kind is kind
               and e.place.name == place and e.day == day]
    assert len(matches) == 1
    event = matches[0]
    assert event.source == "News Agencies"
    assert event.source_date == date(2023, 3, 13)
    assert not event.quote or event.quote in articles[0].text


def test_seed_article_event_details(events, articles):
    article_events = [e for e in events if e.article_id == articles[0].id]
    humanitarian = next(e for e in article_events if e.kind is EventKind.HUMANITARIAN)
    assert humanitarian.claim_status is ClaimStatus.CLAIMED
    assert "municipal" in humanitarian.claimed_by
    assert "33 children" in humanitarian.quote
    washington = next(e for e in article_events if e.place.name == "Washington")
    assert "Jake Sullivan" in washington.actors
    hague = next(e for e in article_events if e.place.name == "The Hague")
    # the ICC was "planning to seek" warrants (a source told Reuters): planned, not done
    assert hague.claim_status is ClaimStatus.PLANNED and "Reuters" in hague.claimed_by
    moscow = next(e for e in article_events if e.place.name == "Moscow")
    assert "22 March" in moscow.summary


def test_record_events_are_where_and_when_they_happened(events):
    def find(day: date, place: str, kind: EventKind) -> Event:
        return next(e for e in events if e.day == day and e.place.name == place
                    and e.kind is kind)

    icc = find(date(2023, 3, 17), "The Hague", EventKind.JUDICIAL)
    assert "Putin" in icc.summary and "Lvova-Belova" in icc.summary
    assert find(date(2023, 5, 20), "Bakhmut", EventKind.CAPTURE_CLAIM).claim_status \
        is ClaimStatus.CLAIMED
    assert find(date(2023, 2, 24), "Beijing", EventKind.DIPLOMATIC)
    assert find(date(2023, 6, 24), "Rostov-on-Don", EventKind.OTHER)


def test_load_events_resolves_articles_passed_in(articles):
    renamed = [Article(title=a.title, text=a.text, published=a.published, source=a.source,
                       id="custom-id") for a in articles]
    events = seeds.load_events(renamed)
    assert {e.article_id for e in events if e.article_id} == {"custom-id"}


# --- event loader errors -------------------------------------------------------------------

GOOD_ROW = {"date": "2023-03-13", "place": "Bakhmut", "lat": "48.5956", "lon": "37.9999",
            "country_code": "UA", "kind": "ground_fighting", "actors": "A; B",
            "summary": "Fighting.", "source": "Test", "source_date": "", "source_url": "",
            "claim_status": "confirmed", "claimed_by": "", "confidence": "0.9", "quote": "",
            "article": ""}


def _csv(*rows: dict) -> str:
    lines = [",".join(COLUMNS)]
    lines += [",".join(row[c] for c in COLUMNS) for row in rows]
    return "\n".join(lines) + "\n"


def test_event_loader_parses_a_good_row():
    [event] = parse_events(_csv(GOOD_ROW), "e.csv", {})
    assert event.actors == ("A", "B")
    assert (event.place.lat, event.place.lon) == (48.5956, 37.9999)


@pytest.mark.parametrize("override, field", [
    ({"kind": "parade"}, "kind"),
    ({"lat": "91"}, "lat"),
    ({"lon": "east"}, "lon"),
    ({"date": "13/03/2023"}, "date"),
    ({"claim_status": "claimed"}, "claimed_by"),
    ({"country_code": "UKR"}, "country_code"),
    ({"confidence": "2"}, "confidence"),
    ({"article": "missing.txt"}, "article"),
    ({"quote": "never said"}, "quote"),
    ({"summary": ""}, "summary"),
])
def test_event_loader_names_file_row_and_field(override, field):
    with pytest.raises(SeedError) as info:
        parse_events(_csv(GOOD_ROW, dict(GOOD_ROW, **override)), "bad.csv", {})
    assert info.value.source == "bad.csv"
    assert info.value.item == 2  # 1-based data row
    assert info.value.field == field


def test_event_loader_reports_missing_columns():
    with pytest.raises(SeedError, match="missing columns") as info:
        parse_events("date,place\n2023-03-13,Bakhmut\n", "short.csv", {})
    assert info.value.field == "lat"


def test_mosul_seeds_belong_to_their_theatre_and_cover_its_sector():
    theatre = {t.name: t for t in seeds.load_theatres()}["mosul-2016"]
    reports = [z for z in seeds.load_zone_reports() if z.theatre == theatre.name]
    days = sorted({z.valid_from for z in reports})
    assert len(days) >= 8 and days[0].isoformat() == "2016-10-17"
    assert days[-1].isoformat() == "2017-07-10"
    for day in days:
        current = {z.side: z for z in reports if z.valid_from == day}
        assert set(current) == set(theatre.side_ids), day
    sector = shapely.union_all([z.geometry for z in reports if z.valid_from == days[0]])
    assert area_m2(sector) < 0.85 * area_m2(sector.envelope)  # a natural outline
    # the east bank was declared retaken on 24 January 2017; victory on 10 July 2017
    east = {z.side: z for z in reports if z.valid_from.isoformat() == "2017-01-24"}
    assert east["contested"].geometry.is_empty
    assert east["iraqi"].geometry.covers(shapely.Point(43.215, 36.355))  # Gogjali
    assert east["isil"].geometry.covers(shapely.Point(43.10, 36.36))  # west bank
    last = {z.side: z for z in reports if z.valid_from == days[-1]}
    assert last["isil"].geometry.is_empty and last["contested"].geometry.is_empty
    events = [e for e in seeds.load_events() if e.theatre == theatre.name]
    assert len(events) >= 10 and all(e.source for e in events)
    assert {e.claim_status.value for e in events} >= {"confirmed", "claimed", "disputed"}
