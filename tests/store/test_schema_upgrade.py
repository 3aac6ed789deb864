"""Stores written by earlier releases open, upgrade in one transaction, and lose nothing.

The fixtures in tests/data/stores were made by the code of commit 1a369e2 (schema version 2,
PostGIS migration 2): ``v2.gpkg`` as written, ``v2-postgis.sql`` as ``pg_dump`` printed it.
Both hold one layer, an article, four zone reports (one empty, two of one zone on one day),
three events (actors, precisions, every field) and two geocoder-cache entries, one of them an
analyst's place correction (provider "override"), which the upgrade moves to its own table.

``v3.gpkg`` and ``v3-postgis.sql`` (schema version 3, PostGIS migration 3) were made by the
code of commit 0809f0f (in a ``git worktree``): a fresh store of that code into which
``frontline migrate``'s code copied what v2.gpkg holds, in order; the PostGIS one printed by
``pg_dump --no-owner --no-privileges``. Upgrading to version 4 marks every stored row as
written by :data:`~geo.models.BEFORE_AUDIT` and adds an empty audit table.

``v4.gpkg`` and ``v4-postgis.sql`` (schema version 4, PostGIS migration 4) were made by the
code of commit 4845336 (in a ``git worktree``) opening v3.gpkg and v3-postgis.sql (which
upgraded them), the PostGIS one then printed by ``pg_dump --no-owner --no-privileges``.
Upgrading to version 5 adds the live sources' tables, empty.

``v5.gpkg`` and ``v5-postgis.sql`` (schema version 5, PostGIS migration 5) were made the same
way by the code of commit 78794e9 from v4.gpkg and v4-postgis.sql. Upgrading to version 6 puts
every zone report and event in the default theatre (bakhmut-2023) and adds the theatres table
and the events' end day, denial, day precision, quote span and sources columns (empty).
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from geo.models import BEFORE_AUDIT, Event, EventKind, Place
from geo.store import Batch, EventFilter, GeoPackageStore, Store, open_store
from geo.store.base import SCHEMA_VERSION
from geo.store.schema import TABLES
from geo.theatre import DEFAULT_THEATRE
from tests.pg import load_dump

FIXTURES = {"gpkg-v2": "v2.gpkg", "postgis-v2": "v2-postgis.sql",
            "gpkg-v3": "v3.gpkg", "postgis-v3": "v3-postgis.sql",
            "gpkg-v4": "v4.gpkg", "postgis-v4": "v4-postgis.sql",
            "gpkg-v5": "v5.gpkg", "postgis-v5": "v5-postgis.sql"}

STORES = Path(__file__).parents[1] / "data" / "stores"
SPAN = (date(2000, 1, 1), date(2030, 1, 1))
CORRECTED = Place("Bakhmut", 48.5956, 37.9999, "UA", "P", "override", 1.0)


@pytest.fixture(params=list(FIXTURES))
def old_store(request, tmp_path) -> str:
    """The location of a store in an earlier release's format (schema 2, 3 or 4)."""
    fixture = STORES / FIXTURES[request.param]
    if request.param.startswith("gpkg"):
        path = tmp_path / fixture.name
        shutil.copy(fixture, path)
        return str(path)
    url = request.getfixturevalue("postgis_url")
    load_dump(url, fixture)
    return url


def _writers(store: Store) -> set[tuple[str, str]]:
    """(written_by, batch_id) of every stored article, zone report, event and correction."""
    items = [*store.articles(), *store.zone_reports(), *store.events_between(*SPAN),
             *store.corrections()]
    assert len(items) == 1 + 4 + 3 + 1
    return {(item.written_by, item.batch_id) for item in items}


def _check_contents(store: Store) -> None:
    """What the fixture holds, read back through today's code."""
    assert [layer.layer for layer in store.layers()] == ["extra"]
    assert store.layers()[0].imported_at == "2024-01-02T03:04:05+00:00"
    assert [a.title for a in store.articles()] == ["Extra title"]
    assert len(store.zone_reports()) == 4
    latest = store.zones_at(date(2023, 3, 5))
    assert [(z.zone_id, z.note) for z in latest] == [
        ("x/russian", "same day, inserted later: wins"), ("x/ukrainian", "")]
    events = store.events_between(*SPAN)
    assert [e.summary for e in events] == ["claim", "same day, second", "ICC plans warrants"]
    claim = events[0]
    assert (claim.actors, claim.confidence, claim.time_precision, claim.geo_precision,
            claim.quote, claim.place.metonymic) == (
        ("Wagner", "RU Army"), 0.42, 2, 5, "“we took it”", True)
    assert store.event_values("actors") == ["ICC", "RU Army", "Wagner"]
    wagner = store.events_between(*SPAN, filters=EventFilter(actors=("Wagner",)))
    assert [e.summary for e in wagner] == ["claim"]
    corrections = store.corrections()
    assert [(c.key, c.place, c.created_at) for c in corrections] == [
        ("artemivsk", CORRECTED, "2023-03-01T00:00:00+00:00")]
    assert store.correction("artemivsk") == CORRECTED
    assert [(e.provider, e.query) for e in store.cache_entries()] == [("nominatim", "The Hague")]
    # schema 6: everything stored before belongs to the default theatre, which is known
    assert {z.theatre for z in store.zone_reports()} == {DEFAULT_THEATRE}
    assert {e.theatre for e in events} == {DEFAULT_THEATRE}
    assert [t.name for t in store.theatres()] == [DEFAULT_THEATRE]
    assert store.main_theatre().name == DEFAULT_THEATRE
    assert len(store.zones_at(date(2023, 3, 5), theatre=DEFAULT_THEATRE)) == len(latest)
    assert (claim.end_day, claim.denied_by, claim.sources) == (None, "", ())


def test_old_store_opens_upgraded_with_nothing_lost(old_store):
    with open_store(old_store) as store:
        version = store.data_version()
        _check_contents(store)
        # rows stored before the audit trail say so explicitly; nothing is invented
        assert _writers(store) == {(BEFORE_AUDIT, "")}
        assert store.audit() == []
        # and it takes writes in today's format, stamped and audited
        more = store.write(Batch(events=[Event(date(2023, 4, 1), CORRECTED, EventKind.OTHER,
                                               "new", "Wire", actors=("Wagner",))],
                                 written_by="cli:test (ana)"))
        assert more.events_added == 1 and store.data_version() != version
        (entry,) = store.audit()
        assert (entry.batch_id, entry.written_by, entry.events) == (
            more.batch_id, "cli:test (ana)", 1)
        stored = store.events_between(*SPAN)
        assert [(e.summary, e.written_by, e.batch_id) for e in stored] == [
            ("claim", BEFORE_AUDIT, ""), ("same day, second", BEFORE_AUDIT, ""),
            ("ICC plans warrants", BEFORE_AUDIT, ""), ("new", "cli:test (ana)", more.batch_id)]
    with open_store(old_store) as again:  # a second open changes nothing more
        assert len(again.events_between(*SPAN, filters=EventFilter(actors=("Wagner",)))) == 2
        assert len(again.audit()) == 1


def test_gpkg_upgrade_is_one_transaction(tmp_path, monkeypatch):
    """A failing step leaves the file exactly as the old program wrote it."""
    from geo.store import gpkg

    path = tmp_path / "v2.gpkg"
    shutil.copy(STORES / "v2.gpkg", path)
    before = path.read_bytes()
    broken = {**gpkg.MIGRATIONS, "2": (*gpkg.MIGRATIONS["2"], "SELECT no_such_function()")}
    monkeypatch.setattr(gpkg, "MIGRATIONS", broken)
    with pytest.raises(Exception, match="no_such_function"):
        GeoPackageStore(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    version = conn.execute("SELECT value FROM frontline_metadata "
                           "WHERE key = 'schema_version'").fetchone()[0]
    conn.close()
    assert "corrections" not in tables and version == "2"
    assert path.read_bytes()[:100] == before[:100]


def test_gpkg_upgrade_from_3_is_one_transaction(tmp_path, monkeypatch):
    """A failing step of 3 -> 4 leaves a version-3 file: no audit table, no writer columns."""
    from geo.store import gpkg

    path = tmp_path / "v3.gpkg"
    shutil.copy(STORES / "v3.gpkg", path)
    broken = {**gpkg.MIGRATIONS, "3": (*gpkg.MIGRATIONS["3"], "SELECT no_such_function()")}
    monkeypatch.setattr(gpkg, "MIGRATIONS", broken)
    with pytest.raises(Exception, match="no_such_function"):
        GeoPackageStore(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    columns = {r[1] for r in conn.execute("PRAGMA table_info(events)")}
    version = conn.execute("SELECT value FROM frontline_metadata "
                           "WHERE key = 'schema_version'").fetchone()[0]
    conn.close()
    assert "audit" not in tables and "written_by" not in columns and version == "3"


def test_gpkg_upgrade_from_4_is_one_transaction(tmp_path, monkeypatch):
    """A failing step of 4 -> 5 leaves a version-4 file without the live sources' tables."""
    from geo.store import gpkg

    path = tmp_path / "v4.gpkg"
    shutil.copy(STORES / "v4.gpkg", path)
    broken = {**gpkg.MIGRATIONS, "4": (*gpkg.MIGRATIONS["4"], "SELECT no_such_function()")}
    monkeypatch.setattr(gpkg, "MIGRATIONS", broken)
    with pytest.raises(Exception, match="no_such_function"):
        GeoPackageStore(path)
    conn = sqlite3.connect(path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    contents = {r[0] for r in conn.execute("SELECT table_name FROM gpkg_contents")}
    version = conn.execute("SELECT value FROM frontline_metadata "
                           "WHERE key = 'schema_version'").fetchone()[0]
    conn.close()
    live = {"http_validators", "source_runs", "source_locks", "review_queue"}
    assert not live & tables and not live & contents and version == "4"
    assert "audit" in tables


def test_upgraded_store_keeps_live_source_state(old_store):
    """The schema-5 tables of an upgraded store start empty and work on both backends."""
    from datetime import timedelta

    from geo.store.ledger import StoreLedger
    from geo.store.schema import Proposal, Validators

    with open_store(old_store) as store:
        ledger = StoreLedger(store)
        version = store.data_version()
        assert ledger.runs() == [] and ledger.queue() == [] and ledger.locks() == []
        ledger.put_validators("https://x.example/list", Validators(etag='"a"'))
        run = ledger.start_run("deepstate", written_by="cli:test (ana)")
        ledger.finish_run(run, result="ok", counts={"snapshots": 2})
        assert ledger.acquire("deepstate", "one", ttl=timedelta(minutes=5))
        assert not ledger.acquire("deepstate", "two", ttl=timedelta(minutes=5))
        event = Event(date(2023, 4, 2), CORRECTED, EventKind.OTHER, "proposed", "Wire")
        assert ledger.propose([Proposal(event=event, source="feed-x",
                                        proposed_at="2026-01-01T00:00:00Z",
                                        written_by="cli:test (ana)")]) == 1
        assert store.data_version() == version  # none of it is map data
    with open_store(old_store) as again:
        ledger = StoreLedger(again)
        assert ledger.get_validators("https://x.example/list") == Validators(etag='"a"')
        (done,) = ledger.runs("deepstate")
        assert (done.result, done.counts, done.written_by) == (
            "ok", {"snapshots": 2}, "cli:test (ana)")
        (queued,) = ledger.queue()
        assert queued.event == event and queued.event.id == event.id


def test_version_1_gpkg_upgrades_through_every_step(tmp_path):
    path = tmp_path / "v1.gpkg"
    shutil.copy(STORES / "v2.gpkg", path)
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE events DROP COLUMN time_precision")
    conn.execute("ALTER TABLE events DROP COLUMN geo_precision")
    conn.execute("UPDATE frontline_metadata SET value = '1' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with GeoPackageStore(path) as store:
        assert [e.time_precision for e in store.events_between(*SPAN)] == [None] * 3
        assert store.correction("artemivsk") == CORRECTED
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT value FROM frontline_metadata WHERE key = 'schema_version'"
                        ).fetchone()[0] == str(SCHEMA_VERSION)
    conn.close()


def _columns(store: Store) -> dict[str, set[str]]:
    if isinstance(store, GeoPackageStore):
        conn = sqlite3.connect(store.path)
        found = {t.name: {r[1] for r in conn.execute(f"PRAGMA table_info({t.name})")}
                 for t in TABLES}
        conn.close()
        return found
    rows = store._rows("SELECT table_name, column_name FROM information_schema.columns "
                       "WHERE table_schema = 'public'")
    found: dict[str, set[str]] = {}
    for table, column in rows:
        found.setdefault(table, set()).add(column)
    return {t.name: found.get(t.name, set()) for t in TABLES}


def test_upgraded_schema_is_the_declared_one(old_store, tmp_path, request):
    """Frozen migrations and the declarations describe the same tables and columns."""
    declared = {t.name: set(t.names) | ({"fid"} if t.fid else set()) for t in TABLES}
    with open_store(old_store) as upgraded:
        assert _columns(upgraded) == declared
    if old_store.endswith(".gpkg"):
        fresh_location = str(tmp_path / "fresh.gpkg")
    else:
        fresh_location = request.getfixturevalue("postgis_cluster").new_database("fresh")
    with open_store(fresh_location, create=True) as fresh:
        assert _columns(fresh) == declared


def test_gpkg_file_still_opens_in_gdal(old_store):
    if not old_store.endswith(".gpkg"):
        pytest.skip("GeoPackage only")
    import pyogrio

    open_store(old_store).close()
    layers = {name for name, _ in pyogrio.list_layers(old_store)}
    assert {"events", "zone_reports", "corrections", "event_actors", "audit"} <= layers
    frame = pyogrio.read_dataframe(old_store, layer="events")
    assert len(frame) == 3 and frame.geometry.iloc[0].x == pytest.approx(38.0)
