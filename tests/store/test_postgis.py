"""PostGIS store only: versioned schema and upgrades, indexes, COPY loads in one transaction,
the writers' lock, snapshots, URLs and errors, the CLI against a server.

The behaviour both stores share is tested once for both in test_store.py and
test_ingest_store.py (parametrised).
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest
from shapely.geometry import MultiPolygon, box

from dashboard.cli import main
from geo.errors import StoreError, StoreSchemaError
from geo.models import Article, Event, EventKind, LayerInfo, Place, Side, ZoneReport
from geo.store import Batch, open_store
from tests.pg import load_dump

BAKHMUT = Place("Bakhmut", 48.6, 38.0, "UA")
LAYER = LayerInfo("test", "Test source", "CC BY 4.0", "Test credit")


def event(i: int, **kw) -> Event:
    return Event(day=date(2023, 3, 1 + i % 28), place=BAKHMUT, kind=EventKind.GROUND_FIGHTING,
                 summary=f"event {i}", source="wire", layer="test", **kw)


def zone(i: int, day: date = date(2023, 3, 1)) -> ZoneReport:
    return ZoneReport(f"z{i}/russian", Side.RUSSIAN, day, box(38 + i / 100, 48, 38.01 + i / 100,
                                                               48.01), "t", layer="test")


# psycopg and geo.store.postgis are imported in the tests: the fast subset (without postgis)
# collects this module in every test process and needs neither.


def _sql(url: str, statement: str, params: tuple = ()) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def test_schema_is_versioned_with_indexes(postgis_url):
    from geo.store import postgis as pgs

    with open_store(postgis_url, create=True) as store:
        assert isinstance(store, pgs.PostGISStore)
        assert store.schema_version() == pgs.LATEST_MIGRATION
    versions = _sql(postgis_url, "SELECT version, name FROM frontline_migrations ORDER BY 1")
    assert [v for v, _ in versions] == [m[0] for m in pgs.MIGRATIONS]
    indexes = {name: definition for name, definition in _sql(
        postgis_url, "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")}
    assert "USING gist (geom)" in indexes["events_geom"]
    assert "USING gist (geom)" in indexes["zone_reports_geom"]
    assert "(day)" in indexes["events_day"]
    assert "valid_from DESC" in indexes["zone_reports_zone_day"]


def test_concurrent_opens_of_an_old_store_upgrade_once(postgis_url):
    from geo.store.postgis import LATEST_MIGRATION

    load_dump(postgis_url)  # migration 2 of the previous release
    errors: list[BaseException] = []

    def opener():
        try:
            open_store(postgis_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    assert _sql(postgis_url, "SELECT count(*) FROM frontline_migrations")[0][0] == \
        LATEST_MIGRATION


def test_newer_schema_refused(postgis_url):
    open_store(postgis_url, create=True).close()
    _sql(postgis_url, "INSERT INTO frontline_migrations (version, name) VALUES (99, 'future')")
    with pytest.raises(StoreSchemaError, match="schema version 99"):
        open_store(postgis_url)


def test_empty_database_needs_create_and_foreign_tables_are_refused(postgis_url):
    with pytest.raises(StoreError, match="no frontline store yet"):
        open_store(postgis_url)
    assert not _sql(postgis_url, "SELECT to_regclass('frontline_migrations')")[0][0]
    _sql(postgis_url, "CREATE TABLE events (x int)")
    with pytest.raises(StoreSchemaError, match="not a frontline store"):
        open_store(postgis_url, create=True)
    assert [r[0] for r in _sql(postgis_url, "SELECT column_name FROM information_schema.columns "
                                            "WHERE table_name = 'events'")] == ["x"]


def test_location_hides_the_password_and_both_schemes_work(postgis_url):
    with_password = postgis_url.replace("postgresql://postgres@",
                                        "postgresql://postgres:hunter2@")
    with open_store(with_password, create=True) as store:  # trust auth: any password works
        assert "hunter2" not in store.location and "***" in store.location
    with open_store(postgis_url.replace("postgresql://", "postgres://")) as store:
        assert store.data_version() == ""


def test_bulk_load_uses_copy_in_one_transaction(postgis_url, monkeypatch):
    import psycopg

    from geo.store import postgis as pgs

    calls: list[str] = []
    real_copy = psycopg.Cursor.copy

    def spy(self, statement, *args, **kwargs):
        calls.append(statement.as_string(self) if hasattr(statement, "as_string")
                     else str(statement))
        return real_copy(self, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", spy)
    events = [event(i) for i in range(pgs.CHUNK * 2 + 10)]
    with open_store(postgis_url, create=True) as store:
        version = store.data_version()

        def failing():
            yield from events
            raise ValueError("feed broke after two chunks were copied")

        with pytest.raises(ValueError):
            store.write(Batch(layers=[LAYER], zone_reports=[zone(1)], events=failing(),
                              written_by="test"))
        assert len(calls) == 4  # layer, zones, two full chunks of events: all rolled back
        assert store.events_between(date(2000, 1, 1), date(2100, 1, 1)) == []
        assert store.zone_reports() == [] and store.layers() == []
        assert store.data_version() == version
        calls.clear()
        result = store.write(Batch(layers=[LAYER], zone_reports=[zone(1)], events=events,
                                   written_by="test"))
        assert (result.zones_added, result.events_added) == (1, len(events))
        assert all(c.startswith("COPY") for c in calls) and len(calls) == 5
        again = store.write(Batch(layers=[LAYER], zone_reports=[zone(1)], events=events,
                                  written_by="test"))
        assert (again.events_added, again.events_unchanged) == (0, len(events))
        assert len(calls) == 5  # nothing new: nothing copied
    stats = _sql(postgis_url, "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
                              "WHERE relname = 'events'")
    assert stats == [(True,)]  # planner statistics refreshed after the big load


def test_concurrent_identical_imports_store_everything_once(postgis_url):
    events = [event(i) for i in range(3000)]
    results = []
    with open_store(postgis_url, create=True) as store:
        def importer():
            with open_store(postgis_url) as own:
                results.append(own.write(Batch(layers=[LAYER], zone_reports=[zone(1), zone(2)],
                                               events=events, written_by="test")))

        threads = [threading.Thread(target=importer) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert len(results) == 4
        assert sorted(r.events_added for r in results) == [0, 0, 0, 3000]
        assert sorted(r.zones_added for r in results) == [0, 0, 0, 2]
        assert len(store.events_between(date(2000, 1, 1), date(2100, 1, 1))) == 3000


def test_readers_do_not_wait_for_a_writer_and_writers_queue(postgis_url):
    import psycopg

    from geo.store import postgis as pgs

    with open_store(postgis_url, create=True) as store:
        store.write(Batch(events=[event(1)], written_by="test"))
        with psycopg.connect(postgis_url) as holder:  # another writer mid-transaction
            holder.execute("SELECT pg_advisory_xact_lock(%s)", (pgs.WRITE_LOCK,))
            started = time.monotonic()
            assert len(store.events_between(date(2023, 1, 1), date(2023, 12, 31))) == 1
            assert time.monotonic() - started < 2
            done = threading.Event()
            writer = threading.Thread(target=lambda: (store.write(Batch(events=[event(2)],
                                                                        written_by="test")),
                                                      done.set()))
            writer.start()
            assert not done.wait(0.5)  # queued behind the other writer's lock
            holder.rollback()
        writer.join(30)
        assert done.is_set()
        assert len(store.events_between(date(2023, 1, 1), date(2023, 12, 31))) == 2


def test_snapshot_reads_one_state(postgis_url):
    with open_store(postgis_url, create=True) as store, open_store(postgis_url) as other:
        store.write(Batch(events=[event(1)], written_by="test"))
        with store.snapshot():
            before = store.data_version()
            other.write(Batch(events=[event(2)],
                              written_by="test"))  # commits while the snapshot is open
            assert store.data_version() == before
            assert len(store.events_between(date(2023, 1, 1), date(2023, 12, 31))) == 1
            with pytest.raises(StoreError, match="inside a read snapshot"):
                store.write(Batch(events=[event(3)], written_by="test"))
        assert store.data_version() != before
        assert len(store.events_between(date(2023, 1, 1), date(2023, 12, 31))) == 2


def test_big_multipolygon_round_trip_is_exact(postgis_url):
    parts = [box(30 + i * 0.013, 47 + (i % 7) * 0.011, 30.01 + i * 0.013,
                 47.01 + (i % 7) * 0.011) for i in range(400)]
    report = ZoneReport("big/russian", Side.RUSSIAN, date(2023, 1, 1), MultiPolygon(parts),
                        "t", layer="test")
    empty = ZoneReport("big/contested", Side.CONTESTED, date(2023, 1, 1), MultiPolygon(), "t")
    with open_store(postgis_url, create=True) as store:
        store.write(Batch(zone_reports=[report, empty], written_by="test"))
        (back,) = store.zones_at(date(2023, 1, 1))
        assert back == report and back.geometry.equals_exact(report.geometry, 0)
        assert {r.id for r in store.zone_reports()} == {report.id, empty.id}


def test_cli_seed_info_against_postgis(postgis_url, capsys):
    assert main(["--store", postgis_url, "seed"]) == 0
    assert "zone reports added" in capsys.readouterr().out
    assert main(["--store", postgis_url, "seed"]) == 0
    assert "0 articles, 0 events, 0 zone reports added" in capsys.readouterr().out
    assert main(["--store", postgis_url, "info"]) == 0
    out = capsys.readouterr().out
    assert "articles: 1" in out and "zone reports:" in out


def test_server_gone_is_a_clear_error(postgis_cluster):
    url = postgis_cluster.new_database()
    store = open_store(url, create=True)
    store.write(Batch(articles=[Article("t", "x", date(2023, 1, 1), "s")], written_by="test"))
    store.engine.dispose()
    _sql(postgis_cluster.url("postgres"), f"DROP DATABASE {url.rsplit('/', 1)[1]}")
    with pytest.raises(StoreError, match="PostGIS"):
        store.articles()
    store.close()


def test_missing_server_skips_or_fails_in_ci(monkeypatch):
    from tests.pg import REQUIRE_ENV, unavailable

    monkeypatch.delenv(REQUIRE_ENV, raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install postgresql postgis"):
        unavailable("PostgreSQL is not installed (no initdb)")
    monkeypatch.setenv(REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="must run here"):
        unavailable("PostgreSQL is not installed (no initdb)")
