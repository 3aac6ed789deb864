"""Who did what, on both stores: every write names its writer, stamps its new rows and keeps
one audit row in the same transaction."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from shapely.geometry import box

from geo.errors import InputError
from geo.models import Article, Event, EventKind, LayerInfo, Place, Side, ZoneReport
from geo.store import Batch, Correction

LAYER = LayerInfo("test", "Test source", "CC BY 4.0", "Test credit")
BAKHMUT = Place("Bakhmut", 48.6, 38.0, "UA")
SPAN = (date(2000, 1, 1), date(2100, 1, 1))


def _event(i: int) -> Event:
    return Event(date(2023, 3, 1 + i), BAKHMUT, EventKind.GROUND_FIGHTING, f"event {i}",
                 "wire", layer="test")


def _zone() -> ZoneReport:
    return ZoneReport("t/russian", Side.RUSSIAN, date(2023, 3, 1), box(38, 48, 38.1, 48.1),
                      "t", layer="test")


def _batch(writer: str, *events: int) -> Batch:
    return Batch(layers=[LAYER], articles=[Article("t", "x", date(2023, 3, 1), "s")],
                 zone_reports=[_zone()], events=[_event(i) for i in events],
                 corrections=[Correction("artemivsk", BAKHMUT)], written_by=writer)


@pytest.mark.parametrize("writer", ["", "   "])
def test_a_write_without_a_writer_is_refused_and_stores_nothing(any_store, writer):
    version = any_store.data_version()
    with pytest.raises(InputError, match="written_by"):
        any_store.write(_batch(writer, 1))
    assert any_store.events_between(*SPAN) == [] and any_store.audit() == []
    assert any_store.data_version() == version


def test_each_write_is_stamped_and_audited(any_store):
    before = datetime.now(UTC).replace(microsecond=0)
    first = any_store.write(_batch("user:alice", 1, 2))
    again = any_store.write(_batch("cli:import (bob)", 2, 3))
    (a,) = [x for x in any_store.articles()]
    assert (a.written_by, a.batch_id) == ("user:alice", first.batch_id)  # first writer stays
    events = {e.summary: (e.written_by, e.batch_id) for e in any_store.events_between(*SPAN)}
    assert events == {"event 1": ("user:alice", first.batch_id),
                      "event 2": ("user:alice", first.batch_id),
                      "event 3": ("cli:import (bob)", again.batch_id)}
    (z,) = any_store.zone_reports()
    assert (z.written_by, z.batch_id) == ("user:alice", first.batch_id)
    (c,) = any_store.corrections()  # a correction is replaced: its last writer wrote it
    assert (c.written_by, c.batch_id) == ("cli:import (bob)", again.batch_id)
    newest, oldest = any_store.audit()
    assert (newest.batch_id, newest.written_by, newest.articles, newest.events, newest.zones,
            newest.corrections, newest.unchanged) == (
        again.batch_id, "cli:import (bob)", 0, 1, 0, 1, 3)
    assert (oldest.batch_id, oldest.written_by, oldest.articles, oldest.events, oldest.zones,
            oldest.corrections, oldest.unchanged) == (
        first.batch_id, "user:alice", 1, 2, 1, 1, 0)
    assert oldest.kinds == ("articles", "events", "zone reports", "corrections", "layers")
    assert oldest.layers == ("test",)
    assert len({first.batch_id, again.batch_id}) == 2
    written = datetime.fromisoformat(oldest.written_at)
    assert written.tzinfo is not None and written.utcoffset() == timedelta(0)
    assert before <= written <= datetime.now(UTC)


def test_audit_filters(any_store):
    any_store.write(_batch("user:alice", 1))
    any_store.write(_batch("user:alice2", 2))
    assert [e.written_by for e in any_store.audit(user="user:alice")] == ["user:alice"]
    assert any_store.audit(user="alice") == []
    today = datetime.now(UTC).date()
    assert len(any_store.audit(since=today)) == 2
    assert any_store.audit(since=today + timedelta(days=1)) == []


def test_dry_runs_failed_writes_and_cache_writes_leave_no_audit_row(any_store):
    dry = any_store.write(_batch("user:alice", 1), dry_run=True)
    assert dry.events_added == 1 and dry.batch_id == ""

    def broken():
        yield _event(4)
        raise ValueError("feed broke")

    with pytest.raises(ValueError, match="feed broke"):
        any_store.write(Batch(events=broken(), written_by="user:alice"))
    any_store.cache_put("nominatim", "Soledar", "null")
    assert any_store.audit() == [] and any_store.events_between(*SPAN) == []
    assert any_store.cache_get("nominatim", "Soledar") == "null"


def test_an_item_read_from_another_store_keeps_its_writer(any_store, tmp_path):
    """What ``frontline migrate`` relies on: stored provenance is carried, not restamped."""
    from geo.store import GeoPackageStore

    with GeoPackageStore(tmp_path / "other.gpkg", create=True) as other:
        first = other.write(_batch("user:carol", 1))
        events = other.events_between(*SPAN)
    moved = any_store.write(Batch(events=events, written_by="cli:migrate (dan)"))
    (back,) = any_store.events_between(*SPAN)
    assert (back.written_by, back.batch_id) == ("user:carol", first.batch_id)
    assert any_store.audit()[0].batch_id == moved.batch_id
