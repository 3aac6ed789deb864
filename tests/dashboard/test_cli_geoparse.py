"""``frontline geoparse`` and ``frontline ingest``: exit codes, output, streaming, bad input."""

from __future__ import annotations

import io
import json
import sys
from argparse import Namespace

import pytest

from dashboard.cli import main
from dashboard.commands.geoparse import _run as geoparse_run
from geo.store import GeoPackageStore

KEYS = {"name", "start", "end", "lat", "lon", "cc", "geonameid", "feature", "confidence",
        "metonymic", "alternatives"}
SEED = "seeds/articles/000_a2c4a613db4863c9.txt"


def run_geoparse(lines: list[bytes], *extra: str) -> list[dict]:
    out = io.StringIO()
    args = Namespace(no_alternatives="--no-alternatives" in extra, overrides=False, store=None)
    assert geoparse_run(args, stdin=io.BytesIO(b"\n".join(lines)), stdout=out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_geoparse_output_format():
    text = "Washington said Russian forces shelled Kharkiv and Robotyne."
    (record,) = run_geoparse([json.dumps({"id": "a1", "text": text}).encode()])
    assert record["id"] == "a1"
    places = record["places"]
    assert [p["name"] for p in places] == ["Washington", "Kharkiv", "Robotyne"]
    for place in places:
        assert set(place) == KEYS
        assert text[place["start"]:place["end"]] == place["name"]
    assert places[0]["metonymic"] is True and places[0]["geonameid"] == 4140963
    assert places[1]["cc"] == "UA" and places[1]["feature"] == "P"
    assert places[2]["geonameid"] == "theatre:ua-robotyne"
    assert places[1]["alternatives"][0]["name"] == "Kharkiv"


def test_geoparse_bad_lines_get_an_error_and_the_stream_goes_on():
    records = run_geoparse([b"not json", b"[1, 2]", b'{"id": 3}', b"", b'{"id": 4, "text": ""}',
                            b'{"id": 5, "text": "Kyiv \xff\xfe Odesa"}'], "--no-alternatives")
    assert [r["id"] for r in records] == [None, None, 3, 4, 5]
    assert all("error" in r for r in records[:3]) and "error" not in records[3]
    assert [p["name"] for p in records[4]["places"]] == ["Kyiv", "Odesa"]
    assert records[4]["places"][0]["alternatives"] == []


def test_geoparse_streams_line_by_line(piped_main):
    proc = piped_main(["geoparse"])
    proc.stdin.write(json.dumps({"id": 1, "text": "Shelling hit Bakhmut."}) + "\n")
    proc.stdin.flush()
    first = json.loads(proc.readline())  # answered before stdin is closed
    assert first["places"][0]["name"] == "Bakhmut"
    proc.stdin.write(json.dumps({"id": 2, "text": "Nothing here."}) + "\n")
    proc.stdin.close()
    assert json.loads(proc.readline()) == {"id": 2, "places": []}
    assert proc.wait(30) == 0


def test_ingest_dry_run_then_idempotent_store(tmp_path, capsys):
    path = tmp_path / "f.gpkg"
    assert main(["--store", str(path), "ingest", SEED, "--date", "2023-03-13", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "10 events (dry run)" in out and "2023-03-20 diplomatic" in out
    assert not path.exists()
    assert main(["--store", str(path), "ingest", SEED, "--date", "2023-03-13",
                 "--source", "News Agencies"]) == 0
    assert "events 10 added" in capsys.readouterr().out
    assert main(["--store", str(path), "ingest", SEED, "--date", "2023-03-13",
                 "--source", "News Agencies"]) == 0
    assert "article unchanged; events 0 added, 10 unchanged" in capsys.readouterr().out
    with GeoPackageStore(path) as store:
        assert len(store.articles()) == 1
        events = store.events_between(store.date_range()[0], store.date_range()[1])
        assert {e.place.name for e in events} >= {"Bakhmut", "The Hague", "Washington",
                                                  "Beijing", "Moscow"}


def test_ingest_folder_of_html_markdown_and_jsonl(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text("<html><title>Strike</title><body><p>Missiles hit "
                                   "<b>Lviv</b> on Monday.</p><script>Kyiv()</script>"
                                   "</body></html>", encoding="utf-8")
    (folder / "b.md").write_text("# Report\n\n**Shelling** hit [Kherson](http://x) today.\n",
                                 encoding="utf-8")
    (folder / "c.jsonl").write_text(json.dumps({"text": "Russian forces attacked Avdiivka.",
                                                "published": "2024-01-10",
                                                "source": "wire"}) + "\n", encoding="utf-8")
    (folder / "d.txt").write_bytes("Drones struck Odesa. Caf\xe9".encode("cp1252"))
    path = tmp_path / "s.gpkg"
    assert main(["--store", str(path), "ingest", str(folder), "--date", "2024-01-08"]) == 0
    out = capsys.readouterr().out
    assert out.count("article added") == 4
    with GeoPackageStore(path) as store:
        names = {e.place.name for e in store.events_between(
            *store.date_range())}
    assert {"Lviv", "Kherson", "Avdiyivka", "Odesa"} <= names and "Kyiv" not in names


def test_ingest_errors_name_the_input(tmp_path, capsys):
    bare = tmp_path / "nodate.txt"
    bare.write_text("Shelling hit Kherson.", encoding="utf-8")
    assert main(["--store", str(tmp_path / "x.gpkg"), "ingest", str(bare)]) == 1
    err = capsys.readouterr().err
    assert "nodate.txt" in err and "--date" in err
    assert main(["--store", str(tmp_path / "x.gpkg"), "ingest", str(tmp_path / "absent")]) == 1
    assert "absent" in capsys.readouterr().err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{oops\n', encoding="utf-8")
    assert main(["--store", str(tmp_path / "x.gpkg"), "ingest", str(bad), "--date",
                 "2024-01-01"]) == 1
    assert "bad.jsonl" in capsys.readouterr().err


def test_ingest_from_stdin(tmp_path, monkeypatch, capsys):
    data = b"Shelling hit Kherson yesterday."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["--store", str(tmp_path / "s.gpkg"), "ingest", "-", "--date", "2023-03-13",
                 "--dry-run"]) == 0
    assert "2023-03-12 shelling_strike  Kherson" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["geoparse", "ingest"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0 and command in capsys.readouterr().out
