"""``frontline export``: exit codes, output, determinism, permalinks. Browser formats run in a
subprocess (one Playwright per thread: the session's browser fixture may be alive here)."""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
from PIL import Image

from dashboard.cli import main
from tests.common import ROOT, require_chromium


def test_help_lists_formats_and_options(capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for word in ("png", "pdf", "html", "geojson", "gpkg", "kml", "csv", "gif", "mp4",
                 "bundle", "--bbox", "--window", "--layers", "--size", "--from", "--step",
                 "--opsec-precision", "--holdback-days", "--out", "--link"):
        assert word in out, word


def test_geojson_twice_is_byte_identical(seeded_store_path, tmp_path, capsys):
    outs = []
    for name in ("a.geojson", "b.geojson"):
        out = tmp_path / name
        code = main(["--store", str(seeded_store_path), "export", "geojson", "--date",
                     "2023-03-13", "--window", "14", "--bbox", "37.5,48.3,38.5,48.9",
                     "--out", str(out)])
        assert code == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert "GeoJSON" in capsys.readouterr().out
    data = json.loads(outs[0])
    assert data["metadata"]["view"]["bbox"] == [37.5, 48.3, 38.5, 48.9]


def test_link_reopens_the_app_view_and_options_override(seeded_store_path, tmp_path):
    out = tmp_path / "e.csv"
    link = "http://localhost:8501/?day=2023-03-13&window=14&kinds=judicial,diplomatic"
    assert main(["--store", str(seeded_store_path), "export", "csv", "--link", link,
                 "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    kinds = {line.split(",")[5] for line in lines[1:]}
    assert kinds and kinds <= {"judicial", "diplomatic"}
    assert main(["--store", str(seeded_store_path), "export", "csv", "--link", link,
                 "--kinds", "statement", "--out", str(out)]) == 0
    assert {line.split(",")[5] for line in out.read_text().splitlines()[1:]} == {"statement"}


def test_opsec_options_reach_the_file(seeded_store_path, tmp_path):
    out = tmp_path / "o.geojson"
    assert main(["--store", str(seeded_store_path), "export", "geojson", "--date",
                 "2023-03-13", "--window", "14", "--opsec-precision", "0.5",
                 "--holdback-days", "3", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    events = [f for f in data["features"] if f["properties"]["feature"] == "event"]
    assert events
    for feature in events:
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon / 0.5) % 1 == pytest.approx(0.5) and (lat / 0.5) % 1 == pytest.approx(0.5)
        assert feature["properties"]["date"] <= "2023-03-10"
    assert data["metadata"]["view"]["opsec"]["holdback_days"] == 3


@pytest.mark.parametrize("argv, code, message", [
    (["--bbox", "1,2,3"], 2, "W,S,E,N"),
    (["--size", "huge"], 2, "unknown size"),
    (["--date", "2023-13-01"], 2, "YYYY-MM-DD"),
    (["--kinds", "nonsense"], 1, "--kinds"),
    (["--opsec-kinds", "shelling_strike"], 1, "--opsec-precision"),
    (["--opsec-precision", "0"], 2, "--opsec-precision: must be a number from 1e-05 to 10"),
    (["--from", "2023-05-01", "--to", "2023-04-01"], 1, "before it starts"),
])
def test_bad_options_exit_with_a_clear_message(seeded_store_path, tmp_path, capsys, argv, code,
                                               message):
    fmt = "html" if "--from" in argv else "geojson"
    with pytest.raises(SystemExit) if code == 2 else nullcontext() as info:
        result = main(["--store", str(seeded_store_path), "export", fmt, "--date",
                       "2023-03-13", *argv, "--out", str(tmp_path / "x")])
    got = info.value.code if code == 2 else result
    assert got == code
    assert message in capsys.readouterr().err


def test_missing_store_exits_1(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "none.gpkg"), "export", "csv", "--date",
                 "2023-03-13"]) == 1
    assert "none.gpkg" in capsys.readouterr().err


@pytest.mark.browser
def test_png_a4_and_gif_from_the_command_line(seeded_store_path, tmp_path, output_dir):
    require_chromium()
    png = tmp_path / "a4.png"
    gif = tmp_path / "t.gif"
    for argv in (["png", "--date", "2023-05-21", "--size", "a4", "--out", str(png)],
                 ["gif", "--from", "2023-05-01", "--to", "2023-05-21", "--step", "week",
                  "--out", str(gif)]):
        proc = subprocess.run([sys.executable, "-m", "dashboard", "--store",
                               str(seeded_store_path), "export", *argv],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "bytes" in proc.stdout
    assert Image.open(png).size == (1754, 1240)
    assert Image.open(gif).n_frames == 4  # 05-01, 05-08, 05-15 and the last day, 05-21
    Path(output_dir / "export_cli_a4.png").write_bytes(png.read_bytes())


@pytest.mark.parametrize("fmt, argv, message", [
    ("geojson", ["--window", "99999999"], "--window: must be a whole number from 1 to 366"),
    ("geojson", ["--window", "0"], "--window"),
    ("geojson", ["--window", "seven"], "--window: 'seven' is not a whole number"),
    ("geojson", ["--date", "0001-01-01"], "outside the years 1900-2100"),
    ("html", ["--from", "0001-01-01", "--to", "2023-03-01"], "--from"),
    ("geojson", ["--min-confidence", "nan"], "--min-confidence: must be a number from 0 to 1"),
    ("geojson", ["--min-confidence", "inf"], "--min-confidence"),
    ("geojson", ["--min-confidence", "-1"], "--min-confidence"),
    ("geojson", ["--min-confidence", "2"], "--min-confidence"),
    ("html", ["--step", "99999999999", "--from", "2023-01-01", "--to", "2023-03-01"],
     "--step"),
    ("html", ["--step", "9999999", "--from", "2023-01-01", "--to", "2023-03-01"], "--step"),
    ("geojson", ["--holdback-days", "99999999999"], "--holdback-days: must be a whole number"),
    ("geojson", ["--holdback-days", "-3"], "--holdback-days"),
    ("geojson", ["--opsec-precision", "1e-310"], "--opsec-precision"),
    ("geojson", ["--opsec-precision", "nan"], "--opsec-precision"),
    ("gif", ["--frame-ms", "-1", "--from", "2023-03-01", "--to", "2023-03-03"], "--frame-ms"),
    ("gif", ["--frame-ms", "99999999999", "--from", "2023-03-01", "--to", "2023-03-03"],
     "--frame-ms"),
])
def test_extreme_numbers_are_usage_errors_not_tracebacks(seeded_store_path, tmp_path, capsys,
                                                         fmt, argv, message):
    with pytest.raises(SystemExit) as info:
        main(["--store", str(seeded_store_path), "export", fmt, "--date", "2023-03-13", *argv,
              "--out", str(tmp_path / "x")])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "x").exists()


def test_extreme_but_valid_values_export(seeded_store_path, tmp_path, capsys):
    # The widest window on the first allowed day, the longest step and hold-back: no overflow.
    out = tmp_path / "x.geojson"
    assert main(["--store", str(seeded_store_path), "export", "geojson", "--date",
                 "1900-01-01", "--window", "366", "--holdback-days", "73413",
                 "--min-confidence", "1", "--opsec-precision", "0.00001", "--out",
                 str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["metadata"]["view"]["window_start"] == "1899-01-01"
    assert main(["--store", str(seeded_store_path), "export", "html", "--date", "2023-03-13",
                 "--from", "1900-01-01", "--to", "2100-12-31", "--step", "73413", "--out",
                 str(tmp_path / "x.html")]) == 0
    capsys.readouterr()


def test_core_checks_back_the_cli():
    """Callers other than the CLI (the app, scripts) get ExportError, not an overflow."""
    from datetime import date

    from geo.errors import ExportError
    from layers.export import ExportRequest, Opsec
    from layers.export.request import date_steps

    with pytest.raises(ExportError, match="window"):
        ExportRequest(day=date(2023, 3, 13), window_days=99_999_999)
    with pytest.raises(ExportError, match="hold"):
        Opsec(holdback_days=99_999_999_999)
    with pytest.raises(ExportError, match="precision"):
        Opsec(precision_deg=1e-310)
    assert date_steps(date(1900, 1, 1), date(2100, 12, 31), 99_999_999_999) == [
        date(1900, 1, 1), date(2100, 12, 31)]
