"""The DeepState live source against its API shape served on loopback: first fetch,
incremental fetch, 304, retries, truncated and oversized responses, resumption."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from werkzeug import Response

from geo.errors import FetchError, ResponseTooLargeError
from geo.fetch import DeepStateSource, HttpClient, HttpConfig, run_source
from geo.fetch.deepstate import history_ids, select_new, stored_snapshots
from geo.ingest import read_deepstate
from geo.store import GeoPackageStore
from tests.common import SHARED_DATA
from tests.fetch.conftest import DATA, FIXTURE_IDS, fixture_snapshots

WRITER = "test:fetch"
REAL_RAW = SHARED_DATA / "frontline-real" / "deepstate-history" / "raw"


def day_of(sid: int) -> date:
    return datetime.fromtimestamp(sid, UTC).date()


def fetch(api, client, store, **options):
    source = DeepStateSource(client=client, base_url=api.base_url, **options)
    return run_source(source, store, written_by=WRITER)


def test_first_fetch_stores_what_the_file_importer_stores(deepstate_api, client, store):
    deepstate_api.snapshots = fixture_snapshots()
    result = fetch(deepstate_api, client, store)
    assert result.stored == [f"snapshot {i}" for i in FIXTURE_IDS]
    from_files = read_deepstate([DATA / f"{i}.geojson" for i in FIXTURE_IDS])
    assert sorted(r.id for r in store.zone_reports()) == sorted(
        r.id for r in from_files.zone_reports)
    assert {r.layer for r in store.zone_reports()} == {"deepstate"}
    assert set(stored_snapshots(store)) == set(FIXTURE_IDS)
    layer = next(layer for layer in store.layers() if layer.layer == "deepstate")
    assert "DeepStateMap" in layer.attribution and layer.non_commercial


def test_incremental_fetch_asks_only_for_new_snapshots(deepstate_api, client, store):
    first, second = FIXTURE_IDS
    everything = fixture_snapshots()
    deepstate_api.snapshots = {first: everything[first]}
    assert fetch(deepstate_api, client, store).stored == [f"snapshot {first}"]
    deepstate_api.snapshots = everything
    deepstate_api.server.clear_log()
    result = fetch(deepstate_api, client, store)
    assert result.stored == [f"snapshot {second}"]
    assert deepstate_api.snapshot_requests() == [second]


def test_nothing_new_is_one_conditional_request_answered_304(deepstate_api, client, store):
    deepstate_api.snapshots = fixture_snapshots()
    fetch(deepstate_api, client, store)
    version = store.data_version()
    deepstate_api.server.clear_log()
    result = fetch(deepstate_api, client, store)
    assert result.stored == [] and result.requests == 1
    (listing,) = deepstate_api.requests()
    assert listing.headers["If-None-Match"] == deepstate_api.etag()
    assert store.data_version() == version


def test_validators_lost_still_fetches_nothing_stored_twice(deepstate_api, store):
    deepstate_api.snapshots = fixture_snapshots()
    for _ in range(2):  # a fresh client each time: no validators, the list comes whole
        with HttpClient(HttpConfig(min_interval=0)) as fresh:
            result = fetch(deepstate_api, fresh, store)
    assert result.stored == [] and deepstate_api.snapshot_requests() == list(FIXTURE_IDS)


def test_429_then_500_on_a_snapshot_then_success(deepstate_api, client, store):
    deepstate_api.snapshots = fixture_snapshots()
    path = f"/api/history/{FIXTURE_IDS[1]}/geojson"
    deepstate_api.faults[path] = [Response("busy", status=429, headers={"Retry-After": "3"}),
                                  Response("boom", status=500)]
    result = fetch(deepstate_api, client, store)
    assert len(result.stored) == 2
    assert 3.0 in client.slept and len(client.slept) == 2


def test_truncated_snapshot_stores_nothing_of_it_and_the_next_run_resumes(
        deepstate_api, client, store):
    deepstate_api.snapshots = fixture_snapshots()
    first, second = FIXTURE_IDS
    whole = deepstate_api.snapshots[second]
    deepstate_api.snapshots[second] = whole[: len(whole) // 2]
    with pytest.raises(FetchError) as info:
        fetch(deepstate_api, client, store)
    message = str(info.value)
    assert message.startswith(f"deepstate: snapshot {second} http://")
    assert f"/api/history/{second}/geojson" in message and "truncated" in message
    assert set(stored_snapshots(store)) == {first}  # the one before it is kept
    deepstate_api.snapshots[second] = whole
    deepstate_api.server.clear_log()
    result = fetch(deepstate_api, client, store)  # the list was not remembered: listed again
    assert result.stored == [f"snapshot {second}"]
    assert "If-None-Match" not in deepstate_api.requests()[0].headers
    assert set(stored_snapshots(store)) == set(FIXTURE_IDS)


def test_oversized_snapshot_is_refused_and_nothing_stored(deepstate_api, client, store):
    deepstate_api.snapshots = fixture_snapshots()
    with pytest.raises(ResponseTooLargeError, match="limit"):
        fetch(deepstate_api, client, store, max_bytes=2_000)  # the list fits, snapshots not
    assert store.zone_reports() == []


def test_a_snapshot_the_importer_refuses_names_url_step_and_field(deepstate_api, client,
                                                                  store):
    sid = FIXTURE_IDS[0]
    deepstate_api.snapshots = {sid: json.dumps({"type": "FeatureCollection",
                                                "features": []}).encode()}
    with pytest.raises(FetchError, match=r"snapshot \d+ http.*field 'features'"):
        fetch(deepstate_api, client, store)
    assert store.zone_reports() == []


def test_malformed_list_names_the_entry_and_field(deepstate_api, client, store):
    deepstate_api.faults["/api/history/public"] = [
        Response('[{"id": 1678486248}, {"name": "no id"}]', content_type="application/json")]
    with pytest.raises(FetchError, match=r"deepstate: list .*entry 1, field 'id'"):
        fetch(deepstate_api, client, store)
    with pytest.raises(FetchError, match="expected a JSON array"):
        history_ids({"id": 1}, url="u")
    with pytest.raises(FetchError, match="not a plausible snapshot time"):
        history_ids([{"id": 99_999_999_999_999}], url="u")


def test_since_and_one_per_day(deepstate_api, client, store):
    first, second = FIXTURE_IDS
    same_day = second + 3600  # later the same UTC day
    assert day_of(same_day) == day_of(second)
    snapshots = fixture_snapshots()
    deepstate_api.snapshots = {**snapshots, same_day: snapshots[second]}
    result = fetch(deepstate_api, client, store, since=day_of(second), per_day=True)
    assert result.stored == [f"snapshot {same_day}"]
    assert deepstate_api.snapshot_requests() == [same_day]


def test_selection_never_puts_an_older_snapshot_over_a_newer_one_of_its_day():
    a, b = 1681949600, 1681949600 + 600
    stored = {b: day_of(b)}
    assert select_new([a, b], stored, {day_of(b)}) == []
    assert select_new([a, b, b + 60], stored, {day_of(b)}) == [b + 60]
    assert select_new([a, b + 60], stored, {day_of(b)}, per_day=True) == []


@pytest.mark.real_data
def test_real_history_first_fetch_then_nothing_new(deepstate_api, tmp_path: Path):
    if not REAL_RAW.is_dir():
        pytest.skip(f"{REAL_RAW} is absent")
    files = sorted(REAL_RAW.glob("*.geojson"))
    deepstate_api.snapshots = {int(f.stem): f.read_bytes() for f in files}
    with GeoPackageStore(tmp_path / "real.gpkg", create=True) as store, \
            HttpClient(HttpConfig(min_interval=0)) as client:
        result = fetch(deepstate_api, client, store)
        assert len(result.stored) == len(files) == 16
        assert set(stored_snapshots(store)) == set(deepstate_api.snapshots)
        assert {d for d in store.zone_report_dates("deepstate")} == {
            day_of(i) for i in deepstate_api.snapshots}
        again = fetch(deepstate_api, client, store)
        assert again.stored == [] and again.requests == 1


def test_connection_reset_mid_snapshot_is_retried_and_stored_once(scripted, client, store):
    sid = FIXTURE_IDS[0]
    body = fixture_snapshots()[sid]
    listing = json.dumps([{"id": sid}]).encode()

    def reply(payload: bytes, declared: int | None = None) -> bytes:
        return (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                + str(declared or len(payload)).encode() + b"\r\n\r\n" + payload)

    scripted.replies = [reply(listing), reply(body[:5000], declared=len(body)), reply(body)]
    source = DeepStateSource(client=client, base_url=scripted.url)
    result = run_source(source, store, written_by=WRITER)
    assert result.stored == [f"snapshot {sid}"] and len(scripted.seen) == 3
    assert set(stored_snapshots(store)) == {sid}


def test_without_a_history_list_the_latest_snapshot_is_fetched(deepstate_api, client, store):
    deepstate_api.snapshots = fixture_snapshots()
    deepstate_api.faults["/api/history/public"] = [Response("no", status=404)] * 2
    result = fetch(deepstate_api, client, store)
    assert result.stored == [f"snapshot {FIXTURE_IDS[1]}"]
    assert set(stored_snapshots(store)) == {FIXTURE_IDS[1]}
    deepstate_api.server.clear_log()
    again = fetch(deepstate_api, client, store)  # the list is still missing: 304 on last
    assert again.stored == [] and [r.path for r in deepstate_api.requests()] == [
        "/api/history/public", "/api/history/last"]
    assert deepstate_api.server.log[-1][1].status_code == 304
