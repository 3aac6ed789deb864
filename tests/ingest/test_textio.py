"""The one text reader (geo.textio): BOM, bad bytes named by offset/line/row, NUL refused,
and every input path (importers, tables, ingest, geoparse, uploads) going through it."""

from __future__ import annotations

import io
import json
import logging
from argparse import Namespace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.cli import main
from dashboard.commands.geoparse import _run as geoparse_run
from dashboard.review import read_upload
from geo.errors import EncodingError, FrontlineError, InputError
from geo.ingest import read_deepstate, read_events
from geo.textio import decode_text, iter_lines, read_text

DATA = Path(__file__).parents[1] / "data"
ACLED = DATA / "events" / "acled_sample.csv"
DEEPSTATE = DATA / "deepstate" / "1678486248.geojson"
BOM = b"\xef\xbb\xbf"


def test_bom_is_dropped_everywhere(tmp_path):
    assert decode_text(BOM + "Бахмут".encode(), "x") == "Бахмут"
    path = tmp_path / "a.txt"
    path.write_bytes(BOM + b"one\r\ntwo")
    assert read_text(path) == "one\r\ntwo"
    assert list(iter_lines(io.BytesIO(BOM + b"a,b\r\n1,2\n"), "t")) == ["a,b\r\n", "1,2\n"]
    table = tmp_path / "bom.csv"
    table.write_bytes(BOM + ACLED.read_bytes())
    assert len(list(read_events([table]).events)) == len(list(read_events([ACLED]).events))


def test_bad_byte_named_by_source_offset_and_line():
    with pytest.raises(EncodingError) as info:
        decode_text(b"ab\ncd\xffe", "notes.txt")
    error = info.value
    assert (error.source, error.offset, error.line) == ("notes.txt", 5, 2)
    assert "byte 0xff at offset 5 (line 2)" in str(error) and "notes.txt" in str(error)
    assert isinstance(error, InputError)


def test_bad_byte_in_table_row_two_is_row_two_not_the_header(tmp_path):
    lines = ACLED.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b",", "ö".encode("latin-1") + b",", 1)  # data row 2
    path = tmp_path / "latin.csv"
    path.write_bytes(b"\n".join(lines))
    batch = read_events([path])  # the header reads fine: the bad byte is not reached yet
    with pytest.raises(EncodingError) as info:
        list(batch.events)
    error = info.value
    assert error.item == 2 and error.line == 3 and error.source == str(path)
    assert error.offset == len(lines[0]) + len(lines[1]) + 2 + lines[2].index(b"\xf6")
    assert "not UTF-8" in str(error) and "item 2" in str(error)


def test_bad_byte_in_the_header_is_item_zero(tmp_path):
    path = tmp_path / "head.csv"
    path.write_bytes(b"event_id_cnty,event_d\xe4te\n" + ACLED.read_bytes().split(b"\n", 1)[1])
    with pytest.raises(EncodingError) as info:
        read_events([path])
    assert info.value.item == 0 and info.value.line == 1 and "header" in str(info.value)


def test_nul_bytes_refused(tmp_path):
    with pytest.raises(EncodingError, match=r"NUL byte at offset 5 \(line 2\)"):
        decode_text(b"ok\r\nx\x00y", "n.txt")
    with pytest.raises(EncodingError, match="NUL"):
        decode_text(b"a\x00", "n.txt", on_error="replace")  # no policy lets NUL through
    table = tmp_path / "nul.csv"
    lines = ACLED.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b",", b",\x00", 1)
    table.write_bytes(b"\n".join(lines))
    with pytest.raises(EncodingError, match="NUL") as info:
        list(read_events([table]).events)
    assert info.value.item == 1
    with pytest.raises(FrontlineError, match="NUL"):
        read_upload("n.txt", b"Bakhmut\x00")


def test_utf16_is_refused_with_a_reason():
    with pytest.raises(EncodingError, match="UTF-16 byte-order mark"):
        decode_text("Бахмут".encode("utf-16"), "u.txt")
    with pytest.raises(FrontlineError, match="not UTF-8"):
        read_upload("b.txt", b"\xff\xfe\x00bad")


def test_lenient_policies_are_logged(caplog):
    with caplog.at_level(logging.WARNING, logger="geo.textio"):
        assert decode_text("Café".encode("cp1252"), "w.txt", on_error="cp1252") == "Café"
        assert decode_text(b"a\xffb", "r.txt", on_error="replace") == "a\ufffdb"
    assert "w.txt" in caplog.text and "offset 3" in caplog.text and "r.txt" in caplog.text
    with pytest.raises(ValueError):
        decode_text(b"", "x", on_error="ignore")


def test_importer_file_errors_keep_the_file_name(tmp_path):
    path = tmp_path / DEEPSTATE.name  # the snapshot date comes from the name
    path.write_bytes(DEEPSTATE.read_bytes().replace(b"Occupied", "Occupé".encode("latin-1")))
    with pytest.raises(EncodingError, match="not UTF-8") as info:
        read_deepstate([path])
    assert info.value.source == str(path) and info.value.offset > 0


def test_ingest_refuses_a_binary_file_and_names_it(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Shelling hit Kherson.", encoding="utf-8")
    (folder / "bin.txt").write_bytes(b"PK\x03\x04\x00\x00junk")
    code = main(["--store", str(tmp_path / "s.gpkg"), "ingest", str(folder), "--date",
                 "2023-03-13", "--dry-run"])
    captured = capsys.readouterr()
    assert code == 1 and "bin.txt" in captured.err and "NUL byte" in captured.err
    assert "good.txt" in captured.out


def test_geoparse_line_with_nul_gets_an_error_and_the_stream_goes_on():
    out = io.StringIO()
    args = Namespace(no_alternatives=True, overrides=False, store=None)
    lines = [b'{"id": 1, "text": "Kyiv\x00"}', b'{"id": 2, "text": "Odesa"}']
    assert geoparse_run(args, stdin=io.BytesIO(b"\n".join(lines)), stdout=out) == 0
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert "NUL" in first["error"] and first["error"].startswith("line 1")
    assert [p["name"] for p in second["places"]] == ["Odesa"]


def _reference_lines(data: bytes) -> list[str]:
    """What ``open(..., newline="")`` gives (the csv module's contract)."""
    return list(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline=""))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "é", "ж", "😀", ",", '"', "\r", "\n", "\r\n", " "]),
                max_size=60), st.integers(min_value=1, max_value=7), st.booleans())
def test_iter_lines_splits_like_newline_empty_at_any_chunk_size(parts, chunk, bom):
    data = (BOM if bom else b"") + "".join(parts).encode()
    got = list(iter_lines(io.BytesIO(data), "h", chunk_bytes=chunk))
    assert got == _reference_lines(data)


def test_iter_lines_offsets_across_chunks():
    data = b"abc\r\n" * 5 + b"x\xc3(" + b"\n"
    with pytest.raises(EncodingError) as info:
        list(iter_lines(io.BytesIO(data), "c", chunk_bytes=3))
    assert (info.value.offset, info.value.line) == (26, 6)
