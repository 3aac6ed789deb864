"""Store.write on both stores: one transaction for layer + zones + events (+ articles),
dry runs; GeoPackage schema migration."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import box

from geo.models import Event, EventKind, LayerInfo, Place, Side, ZoneReport
from geo.store import Batch

LAYER = LayerInfo("test", "Test source", "CC BY 4.0", "Test credit")
BAKHMUT = Place("Bakhmut", 48.6, 38.0, "UA")


def zone(day: date, w: float = 38.0) -> ZoneReport:
    return ZoneReport("test/russian", Side.RUSSIAN, day, box(w, 48.5, w + 0.1, 48.6), "t",
                      layer="test")


def event(i: int, **kw) -> Event:
    return Event(day=date(2023, 3, 1 + i % 28), place=BAKHMUT, kind=EventKind.GROUND_FIGHTING,
                 summary=f"event {i}", source="wire", layer="test", **kw)


@pytest.fixture
def store(any_store):
    """Each test using this runs on a GeoPackage and on PostGIS."""
    return any_store


def test_import_stores_layer_zones_and_events_together(store):
    result = store.write(Batch(layers=[LAYER], zone_reports=[zone(date(2023, 3, 1))],
                               events=[event(1, time_precision=2, geo_precision=3)],
                               written_by="test"))
    assert (result.layer_status, result.zones_added, result.events_added) == ("new", 1, 1)
    assert store.layers()[0].source == "Test source" and store.layers()[0].imported_at
    (back,) = store.events_between(date(2023, 1, 1), date(2023, 12, 31))
    assert (back.time_precision, back.geo_precision) == (2, 3)


def test_error_while_iterating_rolls_everything_back(store):
    store.write(Batch(layers=[LAYER], zone_reports=[zone(date(2023, 1, 1))], written_by="test"))
    version = store.data_version()

    def exploding():
        for i in range(2500):  # more than one insert chunk before the failure
            yield event(i)
        raise ValueError("feed broke")

    with pytest.raises(ValueError, match="feed broke"):
        store.write(Batch(layers=[LayerInfo("other", "o", "l", "a")],
                          zone_reports=[zone(date(2023, 2, 1), 38.2)], events=exploding(),
                          written_by="test"))
    assert [layer.layer for layer in store.layers()] == ["test"]
    assert len(store.zone_reports()) == 1
    assert store.events_between(date(2000, 1, 1), date(2100, 1, 1)) == []
    assert store.data_version() == version


def test_dry_run_counts_and_rolls_back(store):
    version = store.data_version()
    result = store.write(Batch(layers=[LAYER], zone_reports=[zone(date(2023, 3, 1))],
                               events=[event(1), event(1)], written_by="test"), dry_run=True)
    assert result.dry_run and (result.zones_added, result.events_added,
                               result.events_unchanged) == (1, 1, 1)
    assert store.layers() == [] and store.zone_reports() == []
    assert store.data_version() == version


def test_layer_status_changed_and_unchanged(store):
    store.write(Batch(layers=[LAYER], written_by="test"))
    first = store.layers()[0].imported_at
    assert store.write(Batch(layers=[LAYER], written_by="test")).layer_status == "unchanged"
    assert store.layers()[0].imported_at == first
    changed = LayerInfo("test", "Test source", "CC BY-SA 4.0", "Test credit")
    version = store.data_version()
    assert store.write(Batch(layers=[changed], written_by="test")).layer_status == "changed"
    assert store.layers()[0].licence == "CC BY-SA 4.0"
    assert store.data_version() != version


def test_zone_report_dates_per_layer(store):
    store.write(Batch(layers=[LAYER],
                      zone_reports=[zone(date(2023, 3, 1)), zone(date(2023, 4, 1))],
                      written_by="test"))
    store.write(Batch(zone_reports=[ZoneReport("x/russian", Side.RUSSIAN, date(2023, 5, 1),
                                       box(38, 48, 38.1, 48.1), "s", layer="seed")],
                                       written_by="test"))
    assert store.zone_report_dates("test") == [date(2023, 3, 1), date(2023, 4, 1)]
    assert store.zone_report_dates() == [date(2023, 3, 1), date(2023, 4, 1), date(2023, 5, 1)]


def test_import_with_articles_is_one_idempotent_transaction(store):
    from geo.models import Article

    articles = [Article(f"t{i}", f"text {i}", date(2023, 3, 1 + i), "wire") for i in range(3)]
    result = store.write(Batch(layers=[LAYER], events=[event(1), event(2)], articles=articles,
                               written_by="test"))
    assert (result.articles_added, result.events_added, result.changed) == (3, 2, True)
    version = store.data_version()
    again = store.write(Batch(layers=[LAYER], events=[event(1)], articles=articles[:2],
                              written_by="test"))
    assert (again.articles_added, again.articles_unchanged, again.changed) == (0, 2, False)
    assert store.data_version() == version
    assert store.articles() == articles

    def broken():
        yield Article("new", "new text", date(2023, 4, 1), "wire")
        raise ValueError("feed broke")

    with pytest.raises(ValueError, match="feed broke"):
        store.write(Batch(layers=[LAYER], events=[event(5)], articles=broken(), written_by="test"))
    assert len(store.articles()) == 3
    assert len(store.events_between(date(2023, 1, 1), date(2023, 12, 31))) == 2
    assert store.data_version() == version
