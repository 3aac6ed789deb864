"""Hostile event tables: VIINA probabilities range-checked, an unterminated quote refused,
NUL bytes never stored; each error names the file, the row and the field."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from geo.errors import InputError
from geo.ingest import import_batch, read_events
from geo.store import GeoPackageStore

DATA = Path(__file__).parents[1] / "data" / "events"
VIINA, ACLED = DATA / "viina_sample.csv", DATA / "acled_sample.csv"


@pytest.fixture
def store(tmp_path):
    with GeoPackageStore(tmp_path / "s.gpkg", create=True) as s:
        yield s


def _viina(tmp_path: Path, column: str, value: str) -> Path:
    """The VIINA sample with one cell of data row 1 changed."""
    with open(VIINA, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert column in rows[0]
    rows[0][column] = value
    path = tmp_path / "viina_bad.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("value", ["nan", "NaN", "5.0", "-inf", "inf", "-0.1", "1.5"])
def test_viina_probability_out_of_range_is_refused(tmp_path, store, value):
    path = _viina(tmp_path, "t_artillery_pred", value)
    with pytest.raises(InputError) as info:
        import_batch(store, read_events([path]), written_by="test")
    assert (info.value.item, info.value.field) == (1, "t_artillery_pred")
    assert "viina_bad.csv" in str(info.value) and "0 to 1" in str(info.value)
    assert store.events_between(date(2000, 1, 1), date(2100, 1, 1)) == []


@pytest.mark.parametrize("value", ["nan", "inf", "5", "-1", "2.0"])
def test_viina_binary_label_out_of_range_is_refused(tmp_path, value):
    path = _viina(tmp_path, "t_artillery_b", value)
    with pytest.raises(InputError) as info:
        list(read_events([path]).events)
    assert (info.value.item, info.value.field) == (1, "t_artillery_b")


def test_viina_skip_policy_leaves_the_bad_row_out_with_a_note(tmp_path, store):
    path = _viina(tmp_path, "t_artillery_pred", "nan")
    batch = read_events([path], on_invalid="skip")
    assert import_batch(store, batch, written_by="test").events_added == 3
    (note,) = batch.notes
    assert note.item == 1 and "t_artillery_pred" in note.reason and "'nan'" in note.reason


def test_viina_probabilities_in_range_are_kept(tmp_path, store):
    for value, expected in (("0", 0.0), ("1", 1.0), ("0.5", 0.5)):
        path = _viina(tmp_path, "t_artillery_pred", value)
        (first, *_) = read_events([path]).events
        assert first.kind.value == "shelling_strike" and first.confidence == expected


def test_unterminated_quote_at_the_end_is_refused(tmp_path, store):
    data = ACLED.read_bytes().rstrip(b"\r\n")
    path = tmp_path / "open_quote.csv"
    # The last field of the last row opens a quote that never closes.
    head, _, last = data.rpartition(b",")
    path.write_bytes(head + b',"' + last + b"\n")
    rows = data.count(b"\n")  # data rows (the header is row 0)
    with pytest.raises(InputError) as info:
        import_batch(store, read_events([path]), written_by="test")
    assert info.value.item == rows and info.value.field == "row"
    assert "open_quote.csv" in str(info.value) and "quote" in str(info.value)
    assert store.events_between(date(2000, 1, 1), date(2100, 1, 1)) == []


def test_nul_byte_in_a_row_is_refused_not_stored(tmp_path, store):
    path = _viina(tmp_path, "text", "two people\x00 wounded")
    with pytest.raises(InputError, match="NUL") as info:
        import_batch(store, read_events([path]), written_by="test")
    assert info.value.item == 1 and "viina_bad.csv" in str(info.value)
    assert store.events_between(date(2000, 1, 1), date(2100, 1, 1)) == []
