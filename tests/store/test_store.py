"""Both stores (GeoPackage and PostGIS, parametrised): round trips, queries, idempotency;
GeoPackage only: the file is a GeoPackage, WAL, bad files, locks."""

from __future__ import annotations

import sqlite3
from datetime import date

import pyogrio
import pytest
from shapely.geometry import Polygon, box

from geo.errors import (
    InputError,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreSchemaError,
)
from geo.models import Article, ClaimStatus, Event, EventKind, LayerInfo, Place, Side, ZoneReport
from geo.store import Batch, EventFilter, GeoPackageStore, open_store, resolve_target
from geo.store import gpkg as gpkg_module
from tests.pg import free_port

BAKHMUT = Place("Bakhmut", 48.6, 38.0, "UA")  # asymmetric: a lat/lon swap fails
HAGUE = Place("The Hague", 52.08, 4.31, "NL")


def _zone(zone_id: str, side: Side, day: date, geom, source: str = "test") -> ZoneReport:
    return ZoneReport(zone_id=zone_id, side=side, valid_from=day, geometry=geom, source=source)


def _event(day: date, place: Place = BAKHMUT, kind: EventKind = EventKind.GROUND_FIGHTING,
           summary: str = "fighting", **kw) -> Event:
    return Event(day=day, place=place, kind=kind, summary=summary, source="wire", **kw)


@pytest.fixture
def store(any_store):
    """Each test using this runs on a GeoPackage and on PostGIS."""
    return any_store


@pytest.fixture
def gpkg_store(tmp_path):
    with GeoPackageStore(tmp_path / "s.gpkg", create=True) as s:
        yield s


def test_zone_round_trip_keeps_geometry_and_fields(store):
    geom = Polygon([(38.0, 48.6), (38.1, 48.6), (38.1, 48.7), (38.0, 48.6)])
    report = ZoneReport("bakhmut/russian", Side.RUSSIAN, date(2023, 3, 10), geom, "ISW",
                        note="east of the river", source_url="u")
    store.write(Batch(zone_reports=[report], written_by="test"))
    (back,) = store.zones_at(date(2023, 3, 10))
    assert back == report
    assert back.geometry.equals(geom)
    assert back.geometry.bounds[0] == pytest.approx(38.0)  # x is lon


def test_zones_at_takes_latest_report_per_zone_on_or_before_day(store):
    small, big = box(38.0, 48.5, 38.1, 48.6), box(37.9, 48.5, 38.1, 48.7)
    store.write(Batch(zone_reports=[
        _zone("s/russian", Side.RUSSIAN, date(2023, 1, 16), small),
        _zone("s/russian", Side.RUSSIAN, date(2023, 3, 10), big),
        _zone("s/contested", Side.CONTESTED, date(2023, 1, 16), box(37.8, 48.5, 37.9, 48.6)),
        _zone("s/contested", Side.CONTESTED, date(2023, 5, 20), Polygon()),
    ], written_by="test"))
    assert store.zones_at(date(2023, 1, 15)) == []
    jan = {z.zone_id: z for z in store.zones_at(date(2023, 2, 1))}
    assert jan["s/russian"].geometry.equals(small) and "s/contested" in jan
    march = {z.zone_id: z for z in store.zones_at(date(2023, 3, 10))}
    assert march["s/russian"].geometry.equals(big)
    may = {z.zone_id for z in store.zones_at(date(2023, 6, 1))}
    assert may == {"s/russian"}  # an empty report retires the zone


def test_zones_at_bbox_filters_by_envelope(store):
    store.write(Batch(zone_reports=[
        _zone("a/russian", Side.RUSSIAN, date(2023, 1, 1), box(38.0, 48.5, 38.1, 48.6)),
        _zone("b/russian", Side.RUSSIAN, date(2023, 1, 1), box(30.0, 46.0, 30.1, 46.1)),
    ], written_by="test"))
    assert [z.zone_id for z in store.zones_at(date(2023, 2, 1), (37.5, 48.0, 38.5, 49.0))] == [
        "a/russian"]


def test_events_between_window_bbox_and_filters(store):
    events = [
        _event(date(2023, 3, 13), actors=("Wagner",)),
        _event(date(2023, 3, 13), HAGUE, EventKind.JUDICIAL, "ICC plans warrants",
               claim_status=ClaimStatus.CLAIMED, claimed_by="source to Reuters",
               confidence=0.6),
        _event(date(2023, 3, 20), summary="later"),
    ]
    store.write(Batch(events=events, written_by="test"))
    assert len(store.events_between(date(2023, 3, 7), date(2023, 3, 13))) == 2
    assert store.events_between(date(2023, 3, 14), date(2023, 3, 19)) == []
    in_theatre = store.events_between(date(2023, 3, 1), date(2023, 3, 31), (37, 48, 39, 49))
    assert {e.summary for e in in_theatre} == {"fighting", "later"}
    judicial = store.events_between(date(2023, 3, 1), date(2023, 3, 31),
                                    filters=EventFilter(kinds=(EventKind.JUDICIAL,)))
    assert [e.place.name for e in judicial] == ["The Hague"]
    assert judicial[0] == events[1]  # full round trip, actors/claims included
    wagner = store.events_between(date(2023, 3, 1), date(2023, 3, 31),
                                  filters=EventFilter(actors=("Wagner",)))
    assert [e.summary for e in wagner] == ["fighting"]
    sure = store.events_between(date(2023, 3, 1), date(2023, 3, 31),
                                filters=EventFilter(min_confidence=0.9))
    assert len(sure) == 2
    # count_events counts what events_between returns, with the same filter SQL
    assert store.count_events(date(2023, 3, 7), date(2023, 3, 13)) == 2
    assert store.count_events(date(2023, 3, 1), date(2023, 3, 31), (37, 48, 39, 49)) == 2
    assert store.count_events(date(2023, 3, 1), date(2023, 3, 31),
                              filters=EventFilter(actors=("Wagner",))) == 1
    assert store.count_events(date(2023, 3, 14), date(2023, 3, 19)) == 0


def test_adds_are_idempotent_and_bump_data_version_only_on_change(store):
    article = Article("t", "text", date(2023, 3, 13), "News Agencies")
    v0 = store.data_version()
    assert store.write(Batch(articles=[article], written_by="test")).articles_added == 1
    v1 = store.data_version()
    assert v1 != v0
    again = store.write(Batch(articles=[article, article], written_by="test"))
    assert (again.articles_added, again.articles_unchanged) == (0, 2)
    assert store.data_version() == v1
    assert store.articles() == [article]
    ev = _event(date(2023, 3, 13))
    store.write(Batch(events=[ev], written_by="test"))
    store.write(Batch(events=[ev], written_by="test"))
    assert len(store.events_between(date(2023, 1, 1), date(2023, 12, 31))) == 1


def test_failed_add_stores_nothing(store, monkeypatch):
    """A failure after a first chunk was written (SQLite rows inserted, PostGIS rows COPYed)
    rolls all of it back."""
    monkeypatch.setattr(store, "chunk_size", 1)

    def events():
        yield _event(date(2023, 3, 1))
        yield _event(date(2023, 3, 2))
        raise RuntimeError("disk on fire")

    version = store.data_version()
    with pytest.raises(RuntimeError):
        store.write(Batch(events=events(), written_by="test"))
    assert store.events_between(date(2023, 1, 1), date(2023, 12, 31)) == []
    assert store.data_version() == version


def test_dates_layers_and_cache(store):
    store.write(Batch(zone_reports=[_zone("s/russian", Side.RUSSIAN, date(2023, 1, 16),
                                          box(38, 48, 39, 49))], written_by="test"))
    store.write(Batch(events=[_event(date(2023, 3, 13)), _event(date(2023, 1, 16), summary="x")],
                      written_by="test"))
    assert store.dates() == [date(2023, 1, 16), date(2023, 3, 13)]
    assert store.date_range() == (date(2023, 1, 16), date(2023, 3, 13))
    store.write(Batch(layers=[LayerInfo("seed", "ours", "CC BY 4.0", "credit")], written_by="test"))
    assert store.layers()[0].licence == "CC BY 4.0"
    assert store.cache_get("nominatim", "Bakhmut") is None
    store.cache_put("nominatim", "Bakhmut", '{"lat": 48.6}')
    assert store.cache_get("nominatim", "Bakhmut") == '{"lat": 48.6}'


def test_store_is_a_geopackage_gdal_can_read(gpkg_store):
    store = gpkg_store
    store.write(Batch(zone_reports=[_zone("s/russian", Side.RUSSIAN, date(2023, 1, 16),
                                  box(38.0, 48.5, 38.1, 48.6))], written_by="test"))
    store.write(Batch(events=[_event(date(2023, 3, 13))], written_by="test"))
    layers = {name for name, _ in pyogrio.list_layers(store.location)}
    assert {"events", "zone_reports", "articles"} <= layers
    frame = pyogrio.read_dataframe(store.location, layer="events")
    assert frame.geometry.iloc[0].x == pytest.approx(38.0)
    assert frame.geometry.iloc[0].y == pytest.approx(48.6)
    zones = pyogrio.read_dataframe(store.location, layer="zone_reports")
    assert zones.crs.to_epsg() == 4326
    assert zones.geometry.iloc[0].area == pytest.approx(0.01)


def test_wal_journal(gpkg_store):
    store = gpkg_store
    mode = sqlite3.connect(store.location).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_missing_file_is_not_created_without_create(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        GeoPackageStore(tmp_path / "none.gpkg")
    assert not (tmp_path / "none.gpkg").exists()


def test_corrupt_file_named_and_untouched(tmp_path):
    path = tmp_path / "bad.gpkg"
    payload = b"this is not a database at all" * 100
    path.write_bytes(payload)
    with pytest.raises(StoreCorruptError, match="bad.gpkg"):
        GeoPackageStore(path)
    assert path.read_bytes() == payload


def test_foreign_sqlite_file_refused_and_untouched(tmp_path):
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreSchemaError, match="other.sqlite.*not a frontline store"):
        GeoPackageStore(path)
    assert path.read_bytes() == before


def test_other_schema_version_refused(tmp_path):
    path = tmp_path / "old.gpkg"
    GeoPackageStore(path, create=True).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE frontline_metadata SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreSchemaError, match="old.gpkg: schema version 99"):
        GeoPackageStore(path)


def test_locked_store_gives_clear_error(tmp_path, monkeypatch):
    monkeypatch.setattr(gpkg_module, "LOCK_TIMEOUT_S", 0.2)
    path = tmp_path / "busy.gpkg"
    store = GeoPackageStore(path, create=True)
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreLockedError, match="busy.gpkg"):
            store.write(Batch(events=[_event(date(2023, 3, 13))], written_by="test"))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.write(Batch(events=[_event(date(2023, 3, 13))],
                             written_by="test")).events_added == 1
    store.close()


def test_unreadable_file_named(tmp_path):
    path = tmp_path / "dir.gpkg"
    path.mkdir()
    with pytest.raises(StoreError, match="dir.gpkg"):
        GeoPackageStore(path)


def test_resolve_target_env_and_explicit(monkeypatch, tmp_path):
    from dashboard.environment import store_location

    monkeypatch.setenv("FRONTLINE_STORE", str(tmp_path / "env.gpkg"))
    assert resolve_target(None).endswith("data/frontline.gpkg")  # the core reads no env
    assert store_location(None) == str(tmp_path / "env.gpkg")
    assert store_location("x.gpkg") == resolve_target("x.gpkg") == "x.gpkg"
    monkeypatch.delenv("FRONTLINE_STORE")
    assert store_location(None).endswith("data/frontline.gpkg")
    closed = free_port()  # nothing listens there: a clear error, without the password
    with pytest.raises(StoreError, match="PostGIS") as caught:
        open_store(f"postgresql://user:secret@127.0.0.1:{closed}/frontline")
    assert "secret" not in str(caught.value)
    assert f"127.0.0.1:{closed}/frontline" in str(caught.value)


def test_cache_entries_and_bulk_put_keep_created_at(store):
    from geo.store import CacheEntry

    store.cache_put("nominatim", "Bakhmut", "a")
    (first,) = store.cache_entries()
    assert (first.provider, first.query, first.value) == ("nominatim", "Bakhmut", "a")
    assert first.created_at
    written = store.write(Batch(cache=[
        CacheEntry("override", "bakhmut", '{"lat": 48.6}', "2023-03-13T00:00:00+00:00"),
        CacheEntry("nominatim", "Bakhmut", "b", "2023-01-01T00:00:00+00:00"),
        CacheEntry("nominatim", "Avdiivka", "c"),
    ], written_by="test")).cache_written
    assert written == 3
    entries = store.cache_entries()
    assert [(e.provider, e.query) for e in entries] == [
        ("nominatim", "Avdiivka"), ("nominatim", "Bakhmut"), ("override", "bakhmut")]
    assert entries[1].value == "b" and entries[1].created_at == "2023-01-01T00:00:00+00:00"
    assert entries[0].created_at  # filled in when not given
    assert [e.query for e in store.cache_entries("override")] == ["bakhmut"]


def test_hostile_text_is_stored_verbatim(store):
    """Values travel as bound parameters / COPY data, never as SQL text."""
    nasty = "'); DROP TABLE events; -- \\ \t tab\nnewline \\N ${x} `tick` \u2028 Ünïcödé"
    event = _event(date(2023, 3, 13), summary=nasty, actors=(nasty, "a,b", '{"x"}'),
                   quote=nasty)
    store.write(Batch(events=[event], written_by="test"))
    store.write(Batch(articles=[Article(nasty, nasty, date(2023, 3, 13), nasty, url=nasty)],
                      written_by="test"))
    store.write(Batch(zone_reports=[ZoneReport(nasty, Side.RUSSIAN, date(2023, 3, 13),
                                       box(38, 48, 39, 49), nasty, note=nasty)], written_by="test"))
    (back,) = store.events_between(date(2023, 3, 13), date(2023, 3, 13),
                                   filters=EventFilter(actors=(nasty,)))
    assert back == event
    assert store.articles()[0].text == nasty
    assert store.zones_at(date(2023, 3, 13))[0].zone_id == nasty
    assert len(store.events_between(date(2023, 1, 1), date(2023, 12, 31))) == 1


def test_zone_order_and_ties_match_between_stores(store):
    """Text ordered by code point; same-day reports of a zone: the later insert wins."""
    store.write(Batch(zone_reports=[
        _zone("b/russian", Side.RUSSIAN, date(2023, 1, 1), box(38, 48, 38.1, 48.1)),
        _zone("B/russian", Side.RUSSIAN, date(2023, 1, 1), box(38, 48, 38.1, 48.1)),
        _zone("a/russian", Side.RUSSIAN, date(2023, 1, 1), box(38, 48, 38.1, 48.1), "first"),
    ], written_by="test"))
    store.write(Batch(zone_reports=[
        _zone("a/russian", Side.RUSSIAN, date(2023, 1, 1), box(38, 48, 38.2, 48.2), "second")],
        written_by="test"))
    zones = store.zones_at(date(2023, 1, 1))
    assert [z.zone_id for z in zones] == ["B/russian", "a/russian", "b/russian"]
    assert zones[1].source == "second"
    assert store.event_values("actors") == []


def _passes(flt: EventFilter, event: Event) -> bool:
    """What the filter means, said plainly in Python (the store answers it in SQL)."""
    return ((not flt.kinds or event.kind in flt.kinds)
            and (not flt.actors or bool(set(flt.actors) & set(event.actors)))
            and (not flt.claim_statuses or event.claim_status in flt.claim_statuses)
            and (not flt.sources or event.source in flt.sources)
            and event.confidence >= flt.min_confidence)


def test_filters_combine(store):
    events = [
        _event(date(2023, 3, 1), actors=("Wagner", "RU Army"), confidence=0.9),
        _event(date(2023, 3, 2), kind=EventKind.SHELLING_STRIKE, summary="shelled",
               actors=("UA Army",), claim_status=ClaimStatus.CLAIMED, confidence=0.5),
        _event(date(2023, 3, 3), HAGUE, EventKind.JUDICIAL, "warrant", confidence=0.7),
    ]
    store.write(Batch(events=events, written_by="test"))
    span = (date(2023, 1, 1), date(2023, 12, 31))
    for flt in (EventFilter(kinds=(EventKind.SHELLING_STRIKE, EventKind.JUDICIAL)),
                EventFilter(actors=("RU Army", "UA Army")),
                EventFilter(claim_statuses=(ClaimStatus.CLAIMED,)),
                EventFilter(sources=("wire",), min_confidence=0.7),
                EventFilter(sources=("other",)),
                EventFilter(kinds=(EventKind.GROUND_FIGHTING,), actors=("Wagner",),
                            min_confidence=0.95)):
        assert store.events_between(*span, filters=flt) == [e for e in events if _passes(flt, e)]
    assert store.event_values("actors") == ["RU Army", "UA Army", "Wagner"]
    assert store.event_values("kind") == ["ground_fighting", "judicial", "shelling_strike"]


def test_first_of_two_items_with_one_id_wins_within_a_call(store):
    """Same id (same content hash) but other provenance: kept as the first one, as across
    calls, so a batched ingest stores what a one-by-one ingest stores."""
    first = _event(date(2023, 3, 13), article_id="first", quote="first quote")
    second = _event(date(2023, 3, 13), article_id="second", quote="second quote")
    assert first.id == second.id
    assert store.write(Batch(events=[first, second], written_by="test")).events_added == 1
    assert store.write(Batch(events=[second], written_by="test")).events_added == 0
    (back,) = store.events_between(date(2023, 3, 13), date(2023, 3, 13))
    assert back.article_id == "first"


def test_zones_at_keys_latest_report_by_layer_and_zone(store):
    """Two layers with one zone id (issue 11): neither replaces the other on the map."""
    seed_geom, other_geom = box(38.0, 48.5, 38.1, 48.6), box(37.0, 47.5, 37.1, 47.6)
    seed = ZoneReport("bakhmut/russian", Side.RUSSIAN, date(2023, 1, 16), seed_geom, "ISW",
                      layer="seed")
    other = ZoneReport("bakhmut/russian", Side.RUSSIAN, date(2023, 3, 10), other_geom,
                       "Someone", layer="bakhmut")
    retired = ZoneReport("bakhmut/russian", Side.RUSSIAN, date(2023, 5, 1), Polygon(),
                         "Someone", layer="bakhmut")
    store.write(Batch(zone_reports=[seed, other, retired], written_by="test"))
    march = store.zones_at(date(2023, 3, 10))
    assert [(z.layer, z.zone_id) for z in march] == [("bakhmut", "bakhmut/russian"),
                                                    ("seed", "bakhmut/russian")]
    assert [z.layer for z in store.zones_at(date(2023, 6, 1))] == ["seed"]
    from geo.zones import zones_in_force
    for day in (date(2023, 1, 16), date(2023, 3, 10), date(2023, 6, 1)):
        assert [z.id for z in zones_in_force(store.zone_reports(), day)] == [
            z.id for z in store.zones_at(day)]


def test_identical_report_in_another_layer_is_refused_not_silently_dropped(store):
    """Report ids are content hashes without the layer: the same content under a second
    layer would be counted "unchanged" and never shown in it. Refused, nothing stored."""
    geom = box(38.0, 48.5, 38.1, 48.6)
    seed = ZoneReport("bakhmut/russian", Side.RUSSIAN, date(2023, 1, 16), geom, "ISW",
                      layer="seed")
    store.write(Batch(zone_reports=[seed], written_by="test"))
    version = store.data_version()
    copy = ZoneReport("bakhmut/russian", Side.RUSSIAN, date(2023, 1, 16), geom, "ISW",
                      layer="bakhmut")
    assert copy.id == seed.id
    with pytest.raises(InputError) as info:
        store.write(Batch(layers=[LayerInfo("bakhmut", "x", "CC0", "x")],
                          zone_reports=[copy], written_by="test"))
    assert "layer 'seed'" in str(info.value) and "bakhmut/russian" in str(info.value)
    assert info.value.field == "layer"
    with pytest.raises(InputError):  # the same inside one batch
        store.write(Batch(zone_reports=[
            ZoneReport("x/russian", Side.RUSSIAN, date(2023, 2, 1), geom, "A", layer="a"),
            ZoneReport("x/russian", Side.RUSSIAN, date(2023, 2, 1), geom, "A", layer="b")],
            written_by="test"))
    assert store.data_version() == version and [r.layer for r in store.zone_reports()] == [
        "seed"] and [la.layer for la in store.layers()] == []
    assert store.write(Batch(zone_reports=[seed],
                             written_by="test")).zones_unchanged == 1  # same layer: fine
