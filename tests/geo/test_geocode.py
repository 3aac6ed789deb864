"""Geocoders: offline default, geopy online services mocked at the HTTP adapter, fallback,
cache and corrections stored as overrides."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderUnavailable

from geo.errors import GeocodeError, InputError
from geo.gazetteer import load_gazetteer
from geo.geocode import (
    FallbackGeocoder,
    GeopyGeocoder,
    OfflineGeocoder,
    StoreOverrides,
    correct_place,
    make_geocoder,
    place_from_json,
    place_to_json,
)
from geo.geoparse import Geoparser
from geo.models import Place
from geo.store import GeoPackageStore

NOMINATIM_REPLY = [{"lat": "48.5956", "lon": "37.9999",
                    "display_name": "Bakhmut, Donetsk Oblast, Ukraine", "osm_type": "relation",
                    "osm_id": 123, "address": {"country_code": "ua"}}]
PHOTON_REPLY = {"features": [{"geometry": {"coordinates": [4.3113, 52.0799]},
                              "properties": {"name": "The Hague", "countrycode": "NL",
                                             "osm_type": "R", "osm_id": 456}}]}


class FakeAdapter(BaseSyncAdapter):
    """Answers geopy's HTTP calls from memory; records the URLs and headers asked for."""

    calls: list[tuple[str, dict]] = []
    reply: object = None
    fail: Exception | None = None

    def __init__(self, *, proxies=None, ssl_context=None) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url, *, timeout, headers):
        FakeAdapter.calls.append((url, dict(headers, timeout=timeout)))
        if FakeAdapter.fail is not None:
            raise FakeAdapter.fail
        return FakeAdapter.reply

    def get_text(self, url, *, timeout, headers):  # pragma: no cover - not used by geopy here
        raise NotImplementedError


@pytest.fixture(autouse=True)
def reset_adapter():
    FakeAdapter.calls, FakeAdapter.reply, FakeAdapter.fail = [], None, None
    yield


@pytest.fixture(scope="module")
def parser() -> Geoparser:
    return Geoparser(load_gazetteer())


@pytest.fixture
def store(tmp_path):
    with GeoPackageStore(tmp_path / "g.gpkg", create=True) as opened:
        yield opened


def test_offline_geocoder(parser):
    offline = OfflineGeocoder(parser)
    assert offline.geocode("Bakhmut").country_code == "UA"
    assert offline.geocode("Donetsk region").feature_class == "A"
    assert offline.geocode("Paris, Texas").country_code == "US"
    assert offline.geocode("Paris", country_codes=["US"]).country_code == "US"
    assert offline.geocode("") is None and offline.geocode("xyzzy qwerty") is None


def test_nominatim_through_geopy_with_cache_user_agent_and_endpoint(store):
    FakeAdapter.reply = NOMINATIM_REPLY
    geocoder = GeopyGeocoder("nominatim", user_agent="frontline-test/1.0",
                             domain="nominatim.example.org", timeout=3, min_delay_seconds=0,
                             cache=store, adapter_factory=FakeAdapter)
    place = geocoder.geocode("Bakhmut")
    assert (place.lat, place.lon, place.country_code) == (48.5956, 37.9999, "UA")
    assert place.source_id == "nominatim:osm:relation/123"
    url, headers = FakeAdapter.calls[0]
    assert urlparse(url).netloc == "nominatim.example.org"
    assert parse_qs(urlparse(url).query)["q"] == ["Bakhmut"]
    assert headers["User-Agent"] == "frontline-test/1.0" and headers["timeout"] == 3
    assert geocoder.geocode("  bakhmut ") == place  # served from the store's cache
    assert len(FakeAdapter.calls) == 1
    assert store.cache_get(geocoder.name, "bakhmut|") is not None


def test_photon_through_geopy_and_negative_cache(store):
    FakeAdapter.reply = PHOTON_REPLY
    photon = GeopyGeocoder("photon", min_delay_seconds=0, cache=store,
                           adapter_factory=FakeAdapter)
    place = photon.geocode("The Hague")
    assert (place.lat, place.lon, place.country_code) == (52.0799, 4.3113, "NL")
    FakeAdapter.reply = {"features": []}
    assert photon.geocode("Nowhere at all") is None
    assert photon.geocode("Nowhere at all") is None
    assert len(FakeAdapter.calls) == 2


def test_rate_limiter_defaults_to_one_request_a_second():
    geocoder = GeopyGeocoder("nominatim", adapter_factory=FakeAdapter)
    assert geocoder._call.min_delay_seconds == 1.0
    with pytest.raises(InputError):
        GeopyGeocoder("nominatim", user_agent="", adapter_factory=FakeAdapter)
    with pytest.raises(InputError):
        GeopyGeocoder("google", adapter_factory=FakeAdapter)


def test_network_failure_falls_back_offline_and_is_reported(parser):
    FakeAdapter.fail = GeocoderUnavailable("connection refused")
    online = GeopyGeocoder("nominatim", min_delay_seconds=0, adapter_factory=FakeAdapter)
    with pytest.raises(GeocodeError, match="nominatim"):
        online.geocode("Bakhmut")
    chain = FallbackGeocoder(OfflineGeocoder(parser), online, online_enabled=True)
    place = chain.geocode("Bakhmut")
    assert place.country_code == "UA" and place.source_id.startswith("geonames:")
    assert len(chain.reports) == 1 and "connection refused" in chain.reports[0].error


def test_online_used_only_when_enabled(parser):
    FakeAdapter.reply = NOMINATIM_REPLY
    online = GeopyGeocoder("nominatim", min_delay_seconds=0, adapter_factory=FakeAdapter)
    chain = FallbackGeocoder(OfflineGeocoder(parser), online, online_enabled=False)
    assert chain.geocode("Bakhmut").source_id.startswith("geonames:")
    assert FakeAdapter.calls == []
    assert make_geocoder(parser=parser).online is None
    enabled = make_geocoder(online="nominatim", parser=parser, adapter_factory=FakeAdapter,
                            min_delay_seconds=0)
    assert enabled.geocode("Bakhmut").source_id.startswith("nominatim:")


def test_place_json_round_trip():
    place = Place(name="Robotyne", lat=47.446, lon=35.839, country_code="UA",
                  alternatives=("geonames:1",), metonymic=True)
    assert place_from_json(place_to_json(place)) == place
    assert place_from_json("null") is None


def test_corrections_are_stored_and_reapplied(store, parser):
    text = "Fighting near Andriivka went on."
    before = Geoparser(parser.gaz, overrides=StoreOverrides(store)).parse(text)[0].place
    alternative = before.alternatives[0]
    chosen = correct_place(store, "Andriivka", alternative=alternative, parser=parser,
                           written_by="test")
    after = Geoparser(parser.gaz, overrides=StoreOverrides(store)).parse(text)[0].place
    assert after.source_id == alternative == chosen.source_id
    correct_place(store, "Andriivka", lat=47.6, lon=36.1, written_by="test")
    again = Geoparser(parser.gaz, overrides=StoreOverrides(store)).parse(
        "ANDRIIVKA, Ukraine - Andriivka was shelled.")
    assert all(t.place.lat == 47.6 for t in again if "ndriivka" in t.mention.surface.lower()
               or t.mention.surface == "ANDRIIVKA")
    with pytest.raises(InputError):
        correct_place(store, "Andriivka", lat=123.0, lon=0.0, written_by="test")
    with pytest.raises(InputError):
        correct_place(store, "Andriivka", alternative="geonames:0", written_by="test")
