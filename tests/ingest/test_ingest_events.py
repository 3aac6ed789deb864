"""Event tables: ACLED, UCDP GED and VIINA mappings, precision codes, bad rows, streaming."""

from __future__ import annotations

import csv
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from dashboard.cli import main
from geo.errors import InputError
from geo.ingest import import_batch, read_events
from geo.ingest.acled import kind_and_claim
from geo.models import ClaimStatus, EventKind
from geo.store import GeoPackageStore

DATA = Path(__file__).parents[1] / "data" / "events"
ACLED, UCDP, VIINA = (DATA / f"{n}_sample.csv" for n in ("acled", "ucdp", "viina"))


@pytest.fixture
def store(tmp_path):
    with GeoPackageStore(tmp_path / "s.gpkg", create=True) as s:
        yield s


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, header: list[str], data: list[dict[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(data)
    return path


def test_acled_mapping_keeps_source_precision_and_notes():
    events = list(read_events([ACLED]).events)
    source_rows = rows(ACLED)
    assert len(events) == len(source_rows)
    for event, row in zip(events, source_rows, strict=True):
        assert (event.place.lat, event.place.lon) == (float(row["latitude"]),
                                                      float(row["longitude"]))
        assert event.time_precision == int(row["time_precision"])
        assert event.geo_precision == int(row["geo_precision"])
        assert event.summary == row["notes"] and event.layer == "acled"
        assert event.place.name == row["location"]
    kinds = [(e.kind, e.claim_status, e.claimed_by) for e in events]
    assert kinds == [
        (EventKind.GROUND_FIGHTING, ClaimStatus.CONFIRMED, ""),
        (EventKind.SHELLING_STRIKE, ClaimStatus.CONFIRMED, ""),
        (EventKind.CAPTURE_CLAIM, ClaimStatus.CLAIMED, "Wagner Group"),
        (EventKind.DIPLOMATIC, ClaimStatus.CONFIRMED, ""),
        (EventKind.OTHER, ClaimStatus.CONFIRMED, ""),
    ]
    assert events[1].day == date(2023, 3, 13)  # "13 March 2023" text date
    assert events[0].source == "Ukrinform; Ukrainska Pravda"
    assert "Wagner Group" in events[0].actors
    assert events[3].place.country_code == "RU" and events[0].place.country_code == "UA"


@pytest.mark.parametrize(("etype", "sub", "kind"), [
    ("Battles", "Government regains territory", EventKind.CAPTURE_CLAIM),
    ("Strategic developments", "Arrests", EventKind.JUDICIAL),
    ("Strategic developments", "Disrupted weapons use", EventKind.SHELLING_STRIKE),
    ("Protests", "Peaceful protest", EventKind.OTHER),
    ("Explosions/Remote violence", "Air/drone strike", EventKind.SHELLING_STRIKE),
])
def test_acled_kind_table(etype, sub, kind):
    assert kind_and_claim(etype, sub)[0] is kind


def test_ucdp_mapping():
    events = list(read_events([UCDP]).events)
    first, aggregated, one_sided = events
    assert first.day == date(2014, 7, 2) and first.kind is EventKind.GROUND_FIGHTING
    assert first.claim_status is ClaimStatus.CONFIRMED
    assert first.quote == "Test headline: fighting near the town"
    assert first.source == "Test Agency; Other Agency"
    assert first.source_date == date(2014, 7, 2)
    assert first.actors == ("Government of Ukraine", "DPR")
    assert (first.time_precision, first.geo_precision) == (1, 1)
    assert "3 killed" in first.summary and first.place.name == "Artemivsk town"
    assert aggregated.claim_status is ClaimStatus.ASSESSED
    assert (aggregated.time_precision, aggregated.geo_precision) == (3, 3)
    assert "until 2015-02-15" in aggregated.summary
    assert one_sided.kind is EventKind.OTHER


def test_viina_mapping():
    events = list(read_events([VIINA]).events)
    shelling, control, sanctions, story = events
    assert shelling.kind is EventKind.SHELLING_STRIKE and shelling.confidence == 0.97
    assert shelling.actors == ("Russian forces",) and shelling.claimed_by == "testua"
    assert shelling.source_url == "https://example.org/test/1" and shelling.place.name == "Бахмут"
    assert control.kind is EventKind.CAPTURE_CLAIM and control.claim_status is ClaimStatus.CLAIMED
    assert sanctions.kind is EventKind.DIPLOMATIC and sanctions.geo_precision == 4
    assert story.kind is EventKind.OTHER and story.geo_precision == 1
    assert all(e.day == e.source_date for e in events)


def test_format_detection_and_explicit_format_mismatch():
    assert read_events([UCDP]).layer.layer == "ucdp"
    assert read_events([VIINA]).layer.layer == "viina"
    with pytest.raises(InputError) as info:
        read_events([UCDP], table_format="acled")
    assert info.value.field == "event_id_cnty" and "ucdp_sample.csv" in str(info.value)


def test_unknown_header(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="cannot tell the table format"):
        read_events([path])


def test_precision_codes_round_trip_through_the_store(store):
    result = import_batch(store, read_events([ACLED]), written_by="test")
    assert result.events_added == 5
    back = store.events_between(date(2023, 1, 1), date(2023, 12, 31))
    assert sorted((e.time_precision, e.geo_precision) for e in back) == sorted(
        (int(r["time_precision"]), int(r["geo_precision"])) for r in rows(ACLED))
    again = import_batch(store, read_events([ACLED]), written_by="test")
    assert (again.events_added, again.events_unchanged) == (0, 5)


def _with_bad_row(tmp_path: Path, **change: str) -> Path:
    data = rows(ACLED)
    data[2].update(change)
    return write_rows(tmp_path / "bad.csv", list(data[0]), data)


def test_bad_row_aborts_the_whole_import(tmp_path, store):
    path = _with_bad_row(tmp_path, latitude="")
    with pytest.raises(InputError) as info:
        import_batch(store, read_events([path]), written_by="test")
    assert (info.value.item, info.value.field) == (3, "latitude")
    assert "bad.csv" in str(info.value)
    assert store.events_between(date(2000, 1, 1), date(2100, 1, 1)) == []
    assert store.layers() == []


def test_skip_policy_keeps_good_rows_and_notes_the_bad(tmp_path, store):
    path = _with_bad_row(tmp_path, event_date="yesterday")
    batch = read_events([path], on_invalid="skip")
    result = import_batch(store, batch, written_by="test")
    assert result.events_added == 4
    (note,) = batch.notes
    assert (note.item, note.action) == (3, "skipped") and "yesterday" in note.reason


def test_swapped_coordinates_in_ukraine(tmp_path):
    path = _with_bad_row(tmp_path, latitude="38.0833", longitude="48.6833")
    with pytest.raises(InputError, match="look swapped"):
        list(read_events([path]).events)
    batch = read_events([path], on_invalid="fix")
    events = list(batch.events)
    assert (events[2].place.lat, events[2].place.lon) == (48.6833, 38.0833)
    assert batch.notes[0].action == "swapped"


def test_ragged_and_non_utf8_tables(tmp_path):
    ragged = tmp_path / "ragged.csv"
    text = ACLED.read_text(encoding="utf-8").splitlines()
    text[2] += ",extra,values"
    ragged.write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_events([ragged]).events)
    assert info.value.item == 2
    latin = tmp_path / "latin.csv"
    latin.write_bytes(ACLED.read_bytes().replace(b"Ukrinform", "Ukrinförm".encode(
        "latin-1")))
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_events([latin]).events)


def _big_table(path: Path, n: int) -> Path:
    base = rows(ACLED)
    return write_rows(path, list(base[0]), [dict(base[i % len(base)], event_id_cnty=f"UKR{i}")
                                            for i in range(n)])


def _peak(action) -> int:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_events_stream_with_bounded_memory(tmp_path, store, monkeypatch):
    # Chunks of 100 rows, tables of 600 and 1,800 (measured: peaks 1.08x apart, streaming at
    # 0.34x of the listed table; with 200 / 1,500 / 4,500 the same, at twice the run time).
    monkeypatch.setattr(store, "chunk_size", 100)
    small, large = _big_table(tmp_path / "s.csv", 600), _big_table(tmp_path / "l.csv", 1800)
    streamed_small = _peak(lambda: import_batch(store, read_events([small]), dry_run=True,
                                                written_by="test"))
    streamed_large = _peak(lambda: import_batch(store, read_events([large]), dry_run=True,
                                                written_by="test"))
    listed_large = _peak(lambda: list(read_events([large]).events))
    # three times the rows, about the same peak: memory does not grow with the table
    assert streamed_large < 1.3 * streamed_small, (streamed_small, streamed_large)
    assert streamed_large < 0.5 * listed_large, (streamed_large, listed_large)


def test_cli_events_exit_codes(tmp_path, capsys):
    store = str(tmp_path / "s.gpkg")
    assert main(["--store", store, "import", "events", str(UCDP)]) == 0
    assert "events 3 added" in capsys.readouterr().out
    bad = _with_bad_row(tmp_path, longitude="east")
    assert main(["--store", store, "import", "events", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err and "longitude" in err and "Traceback" not in err
