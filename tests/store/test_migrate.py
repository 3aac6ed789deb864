"""`frontline migrate`: GeoPackage -> PostGIS -> GeoPackage loses nothing (round trip)."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import MultiPolygon, Polygon, box

from dashboard.cli import main
from dashboard.seeding import seed_store
from geo.errors import StoreError
from geo.models import Article, ClaimStatus, Event, EventKind, LayerInfo, Place, Side, ZoneReport
from geo.store import Batch, CacheEntry, Correction, GeoPackageStore, Store, open_store
from geo.store.migrate import migrate, verify

BAKHMUT = Place("Bakhmut", 48.6, 38.0, "UA", feature_class="P", source_id="gn:1",
                confidence=0.87, metonymic=True)


def _fill(store: Store) -> None:
    """The seeds plus every kind of item and field the stores know."""
    seed_store(store, written_by="cli:seed (ana)")
    store.write(Batch(
        layers=[LayerInfo("extra", "Extra source", "CC BY-NC 4.0", "© Extra",
                          non_commercial=True, imported_at="2024-01-02T03:04:05+00:00")],
        zone_reports=[
            ZoneReport("x/russian", Side.RUSSIAN, date(2023, 2, 1),
                       MultiPolygon([box(38, 48, 38.1, 48.1), box(38.2, 48, 38.3, 48.1)]),
                       "Extra", note="two parts", source_url="https://example.org/x",
                       layer="extra"),
            ZoneReport("x/russian", Side.RUSSIAN, date(2023, 2, 1), box(38, 48, 38.05, 48.05),
                       "Extra", note="same day, inserted later: wins", layer="extra"),
            ZoneReport("x/contested", Side.CONTESTED, date(2023, 2, 1), Polygon(), "Extra",
                       layer="extra")],
        events=[
            Event(date(2023, 2, 1), BAKHMUT, EventKind.CAPTURE_CLAIM, "claim", "Extra",
                  claim_status=ClaimStatus.CLAIMED, claimed_by="a spokesman",
                  actors=("Wagner", "RU Army"), source_date=date(2023, 2, 2),
                  source_url="https://example.org/e", quote="“we took it”", confidence=0.42,
                  article_id="abc", layer="extra", time_precision=2, geo_precision=5),
            Event(date(2023, 2, 1), BAKHMUT, EventKind.OTHER, "same day, second", "Extra",
                  layer="extra")],
        articles=[Article("Extra title", "Body\twith\ttabs\nand lines", date(2023, 2, 1),
                          "Extra", url=None, language="uk")],
        corrections=[Correction("artemivsk", Place("Bakhmut", 48.6, 38.0),
                                "2023-03-01T00:00:00+00:00")],
        cache=[CacheEntry("nominatim", "The Hague", '{"lat": 52.08}',
                          "2023-03-02T00:00:00+00:00")], written_by="user:bob"))


def _everything(store: Store) -> dict:
    span = store.date_range()
    days = store.dates()
    return {
        "layers": store.layers(), "articles": store.articles(),
        "zone_reports": store.zone_reports(), "events": store.events_between(*span),
        "cache": store.cache_entries(), "corrections": store.corrections(), "dates": days,
        "zones_at": [store.zones_at(day) for day in days],
        "actors": store.event_values("actors"),
    }


def _writers(store: Store) -> dict:
    """Who wrote each item, and in which batch (not part of the items' equality)."""
    def stamps(items: list) -> list[tuple[str, str, str]]:
        return [(getattr(i, "id", None) or i.key, i.written_by, i.batch_id) for i in items]

    return {"articles": stamps(store.articles()), "zones": stamps(store.zone_reports()),
            "events": stamps(store.events_between(*store.date_range())),
            "corrections": stamps(store.corrections())}


def test_gpkg_to_postgis_and_back_loses_nothing(tmp_path, postgis_url):
    with GeoPackageStore(tmp_path / "a.gpkg", create=True) as original:
        _fill(original)
        expected = _everything(original)
        writers = _writers(original)
        audit = original.audit()
        assert [e.written_by for e in audit] == ["user:bob", "cli:seed (ana)"]
        assert {w for rows in writers.values() for _, w, _ in rows} == {
            "user:bob", "cli:seed (ana)"}
        with open_store(postgis_url, create=True) as server:
            report = migrate(original, server, written_by="cli:migrate (carl)")
            assert report.added["events"] == report.seen["events"] == len(expected["events"])
            assert report.added["audit entries"] == 2
            assert verify(original, server) == []
            assert _everything(server) == expected
            assert _writers(server) == writers  # every item keeps its writer and batch
            moved = server.audit()
            assert moved[1:] == audit  # carried whole, in order, below the migration's row
            assert (moved[0].written_by, moved[0].events) == (
                "cli:migrate (carl)", len(expected["events"]))
            with GeoPackageStore(tmp_path / "b.gpkg", create=True) as back:
                migrate(server, back, written_by="cli:migrate (dora)")
                assert _everything(back) == expected
                assert _writers(back) == writers
                assert [e.written_by for e in back.audit()] == [
                    "cli:migrate (dora)", "cli:migrate (carl)", "user:bob", "cli:seed (ana)"]
            again = migrate(original, server, written_by="cli:migrate (carl)")  # idempotent
            assert sum(again.added.values()) == 0
            assert _everything(server) == expected
            assert _writers(server) == writers


def test_cli_migrate_both_directions(tmp_path, postgis_url, capsys):
    source = tmp_path / "s.gpkg"
    assert main(["--store", str(source), "seed"]) == 0
    capsys.readouterr()
    assert main(["migrate", str(source), postgis_url]) == 0
    out = capsys.readouterr().out
    assert "verified: every item of SRC is in DST" in out and "zone reports:" in out
    back = tmp_path / "back.gpkg"
    assert main(["migrate", postgis_url, str(back)]) == 0
    with GeoPackageStore(source) as a, GeoPackageStore(back) as b:
        assert _everything(a) == _everything(b)


def test_migrate_errors(tmp_path, capsys):
    assert main(["migrate", str(tmp_path / "missing.gpkg"), str(tmp_path / "out.gpkg")]) == 1
    assert "missing.gpkg" in capsys.readouterr().err
    assert not (tmp_path / "out.gpkg").exists()
    with GeoPackageStore(tmp_path / "same.gpkg", create=True) as store, \
            pytest.raises(StoreError, match="same store"):
        migrate(store, store, written_by="test")


def test_verify_names_what_is_missing(tmp_path):
    with GeoPackageStore(tmp_path / "a.gpkg", create=True) as a, \
            GeoPackageStore(tmp_path / "b.gpkg", create=True) as b:
        event = Event(date(2023, 1, 1), BAKHMUT, EventKind.OTHER, "x", "s")
        result = a.write(Batch(events=[event], written_by="test"))
        assert verify(a, b) == [f"events: 1 missing (e.g. {event.id})",
                                f"audit entries: 1 missing (e.g. {result.batch_id})"]


def test_verify_names_an_item_whose_writer_differs(tmp_path):
    """Who wrote an item is compared too (items' equality leaves it out)."""
    event = Event(date(2023, 1, 1), BAKHMUT, EventKind.OTHER, "x", "s")
    with GeoPackageStore(tmp_path / "a.gpkg", create=True) as a, \
            GeoPackageStore(tmp_path / "b.gpkg", create=True) as b:
        a.write(Batch(events=[event], written_by="user:alice"))
        migrate(a, b, written_by="test")
        assert verify(a, b) == []
    with GeoPackageStore(tmp_path / "c.gpkg", create=True) as c, \
            GeoPackageStore(tmp_path / "a.gpkg") as a:
        c.write(Batch(events=[event], written_by="user:mallory"))
        problems = verify(a, c)
        assert f"events: 1 different (e.g. {event.id})" in problems


def test_live_source_state_moves_both_ways(tmp_path, postgis_url):
    """Validators, runs and the review queue move with the data (not the locks)."""
    from datetime import timedelta

    from geo.store.ledger import StoreLedger
    from geo.store.schema import REVIEW_REJECTED, Proposal, Validators

    queued = [Proposal(event=Event(date(2023, 3, d), BAKHMUT, EventKind.SHELLING_STRIKE,
                                   f"proposed {d}", "Wire", actors=("RU Army",),
                                   source_date=date(2023, 3, d), layer="feed-wire"),
                       source="feed-wire", proposed_at=f"2026-01-0{d}T00:00:00Z",
                       written_by="cli:fetch (ana)") for d in (1, 2)]
    with GeoPackageStore(tmp_path / "a.gpkg", create=True) as original:
        _fill(original)
        ledger = StoreLedger(original)
        ledger.put_validators("https://x.example/feed", Validators("\"e1\"", "Mon, 13 Mar"))
        run = ledger.start_run("wire", written_by="cli:watch (ana)")
        ledger.finish_run(run, result="ok", counts={"articles added": 2})
        ledger.propose(queued)
        ledger.set_status(queued[0].event.id, REVIEW_REJECTED, decided_by="user:bob")
        ledger.acquire("wire", "host:1", ttl=timedelta(hours=1))
        with open_store(postgis_url, create=True) as server:
            report = migrate(original, server, written_by="cli:migrate (carl)")
            assert (report.added["review queue"], report.added["source runs"],
                    report.added["http validators"]) == (2, 1, 1)
            assert verify(original, server) == []
            moved = StoreLedger(server)
            assert [p.status for p in moved.queue(status=None)] == ["pending", "rejected"]
            assert moved.queue(status=None)[1].decided_by == "user:bob"
            assert moved.runs("wire")[0].counts == {"articles added": 2}
            assert moved.get_validators("https://x.example/feed").etag == '"e1"'
            assert moved.locks() == []
            again = migrate(original, server, written_by="cli:migrate (carl)")
            assert sum(again.added.values()) == 0
            with GeoPackageStore(tmp_path / "b.gpkg", create=True) as back:
                migrate(server, back, written_by="cli:migrate (dora)")
                assert verify(original, back) == []
